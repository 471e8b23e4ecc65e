from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram_dialog import DialogManager

from bot.dialogs.common import i18n_of, person_of, sessions_of, settings_of
from bot.dialogs.layout import PAGE, ROW, named, width
from bot.i18n import Translator, nest_quotes
from bot.services import choices
from bot.services.choices import Board, Card, Problem

PAGER = "cs"
RANKS = ("①", "②", "③")


def picked_of(manager: DialogManager) -> list[int]:
    return [int(i) for i in manager.dialog_data.get("picked", [])]


async def board_of(manager: DialogManager) -> Board | Problem:
    return await choices.board(
        sessions_of(manager), int(manager.dialog_data["event"]), person_of(manager).id
    )


def card_text(i18n: Translator, number: int, card: Card, role: str) -> str:
    topics = ", ".join(i18n.plain(f"opt-topics-{t}") for t in card.topics)
    return i18n(
        "choices-card",
        number=number,
        name=card.name,
        category=i18n.plain(f"category-{role}-{card.category}"),
        topics=f" · {topics}" if topics else "",
        format=f" · {i18n.plain(f'opt-format-{card.format}')}" if card.format else "",
        places=f" · {i18n.plain('choices-places', count=card.places)}" if card.places else "",
        about=f"\n«{nest_quotes(card.about, i18n.locale)}»" if card.about else "",
    )


def mark(board: Board, picked: list[int], person_id: int) -> str:
    if person_id not in picked:
        return "▫️"
    return RANKS[picked.index(person_id)] if board.limit == len(RANKS) else "✅"


def label(board: Board, picked: list[int], number: int, card: Card) -> str:
    """«① №2 Белова Анна»: the mark (a rank or a tick), the card's number, the name."""
    prefix = f"{mark(board, picked, card.person_id)} №{number} "
    return prefix + named(card.name, limit=ROW - width(prefix))


async def board_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    board = await board_of(dialog_manager)
    if isinstance(board, Problem):
        return {"text": i18n(f"choices-problem-{board.value}"), "cards": []}
    picked = picked_of(dialog_manager)
    zone = settings_of(dialog_manager).tz
    until = i18n.moment(board.until, zone, today=datetime.now(zone).date())
    other = "mentor" if board.role.value == "mentee" else "mentee"
    pages = max(1, -(-len(board.cards) // PAGE))
    pager = dialog_manager.find(PAGER)
    page = min(await pager.get_page(), pages - 1) if pager is not None else 0
    numbered = list(enumerate(board.cards, start=1))
    shown = numbered[page * PAGE : (page + 1) * PAGE]
    parts = [i18n(f"choices-header-{board.role.value}", title=board.title, until=until)]
    parts += [card_text(i18n, number, card, other) for number, card in shown]
    if not board.cards:
        parts.append(i18n("choices-nobody"))
    numbers = {card.person_id: n for n, card in enumerate(board.cards, start=1)}
    chosen = ", ".join(f"№{numbers[p]}" for p in picked if p in numbers)
    parts.append(i18n("choices-picked", picked=chosen) if chosen else i18n("choices-picked-none"))
    notice = dialog_manager.dialog_data.get("notice")
    if notice:
        parts.append(i18n(str(notice), until=until))
    return {
        "text": "\n\n".join(parts),
        "cards": [
            (str(card.person_id), label(board, picked, number, card)) for number, card in numbered
        ],
        "can_save": bool(board.cards),
    }
