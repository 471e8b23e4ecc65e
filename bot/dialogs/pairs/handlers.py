from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Data, DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput

from bot.dialogs.common import (
    bot_of,
    i18n_of,
    person_of,
    refuse,
    sessions_of,
    settings_of,
    start_data,
    version_of,
)
from bot.dialogs.pairs.getters import example
from bot.dialogs.pairs.states import PairsSG
from bot.domain.typed_input import Prefer, parse_date
from bot.services import agreements, pair_figures, pairs, proposals
from bot.services.agreements import Answered
from bot.services.pair_figures import Nudge
from bot.telegram.callbacks import as_id
from bot.telegram.links import start_link_base

_ORDER = re.compile(r"^\s*(?:№\s*)?(\S{1,32})\s+(?:от|of|from|dated)\s+(.{1,40}?)\s*$", re.I)
"""«15-о от 3 декабря 2026»: the number, then the date as people write it."""


async def on_start(data: Data, manager: DialogManager) -> None:
    """Opened from a participant's request: that pair."""
    pair = start_data(manager).get("pair")
    if isinstance(pair, int):
        manager.dialog_data["pair"] = pair


def _day(text: str, manager: DialogManager) -> date | None:
    """The order's date as typed («03.12.2026», «3 декабря 2026», «вчера»): an order is dated
    today or before."""
    today = datetime.now(settings_of(manager).tz).date()
    return parse_date(text, today=today, prefer=Prefer.PAST)


async def on_pair(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    manager.dialog_data["pair"] = as_id(item_id) or 0
    await manager.switch_to(PairsSG.pair)


async def on_paper(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    """The paper agreement of the pair the button names (the service checks it all again)."""
    pair_id = as_id(item_id)
    if pair_id is None:
        await refuse(manager)
        return
    outcome = await agreements.record_paper(
        sessions_of(manager), pair_id, by=person_of(manager).telegram_id
    )
    if outcome in (Answered.CLOSED, Answered.ALREADY, Answered.NOT_YOURS):
        await refuse(
            manager, "pairs-not-live" if outcome is not Answered.ALREADY else "pairs-paper-already"
        )
        return
    await callback.answer(i18n_of(manager).plain("pairs-paper-done"))


async def on_end(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    pair_id = as_id(item_id)
    if pair_id is None:
        await refuse(manager)
        return
    manager.dialog_data["pair"] = pair_id
    await manager.switch_to(PairsSG.end)


async def on_reason(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    """The reason first; then what will happen, and to whom, is asked once."""
    reason = " ".join((message.text or "").split())
    if not 3 <= len(reason) <= 300 or reason.startswith("/"):
        await message.answer(i18n_of(manager)("pairs-bad-reason"))
        manager.show_mode = ShowMode.SEND
        return
    manager.dialog_data["reason"] = reason
    await manager.switch_to(PairsSG.end_confirm, show_mode=ShowMode.SEND)


async def on_end_confirmed(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    """«Да, завершить» names the pair; a second tap finds it ended."""
    pair_id = as_id(item_id)
    reason = manager.dialog_data.get("reason")
    if pair_id is None or pair_id != manager.dialog_data.get("pair") or not reason:
        await refuse(manager)
        return
    done = await pairs.end(
        sessions_of(manager), pair_id, by=person_of(manager).telegram_id, reason=str(reason)
    )
    if done is not pairs.Done.DONE:
        await refuse(manager, "pairs-not-live" if done is pairs.Done.ALREADY else "curator-only")
        return
    manager.dialog_data.pop("reason", None)
    await callback.answer()
    # It stays on screen (what happened matters), with the list below it.
    await bot_of(manager).send_message(callback.from_user.id, i18n_of(manager)("pairs-ended-done"))
    await manager.switch_to(PairsSG.list, show_mode=ShowMode.SEND)


async def on_order(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    i18n = i18n_of(manager)
    found = _ORDER.match(message.text or "")
    day = _day(found.group(2), manager) if found else None
    if found is None or day is None:
        await message.answer(i18n("pairs-bad-order", example=example(manager)))
        manager.show_mode = ShowMode.SEND
        return
    count = await pairs.record_order(
        sessions_of(manager), found.group(1), day, by=person_of(manager).telegram_id
    )
    if count is None:
        await message.answer(i18n("curator-only"))
    else:
        await message.answer(
            i18n(
                "pairs-order-done",
                number=found.group(1),
                date=day.strftime("%d.%m.%Y"),
                count=count,
            )
        )
    manager.show_mode = ShowMode.SEND
    await manager.switch_to(PairsSG.list)


async def on_mentor(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    found = {
        str(i)
        for i, _, _ in await proposals.free_mentors(sessions_of(manager), version_of(manager))
    }
    if item_id not in found:
        await refuse(manager, "pairs-nobody")
        return
    manager.dialog_data["mentor"] = int(item_id)
    await manager.switch_to(PairsSG.mentee)


async def on_mentee(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    """Pairing by hand (`<mentor>.<mentee>`): the same checks as an approved proposal (form,
    places, never-rules, never twice)."""
    mentor_text, _, mentee_text = item_id.partition(".")
    mentor, mentee = as_id(mentor_text), as_id(mentee_text)
    if mentor is None or mentee is None:
        await refuse(manager)
        return
    result = await proposals.approve(
        sessions_of(manager),
        version_of(manager),
        [(mentor, mentee, ["by_hand"])],
        by=person_of(manager).telegram_id,
        link_base=await start_link_base(bot_of(manager)),
    )
    i18n = i18n_of(manager)
    if result.refused:
        why = result.refused[0][2]
        await callback.answer(i18n.plain(f"refusal-{why.value}"), show_alert=True)
        manager.show_mode = ShowMode.NO_UPDATE
        return
    await callback.answer(i18n.plain("match-approved", made=len(result.made)))
    await manager.switch_to(PairsSG.list)


async def on_nudge(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    """«Да, напомнить» (it names the day it was offered on): the mentors of the pairs without
    meetings are nudged, each pair once a day; the curator is told how many."""
    zone = settings_of(manager).tz
    if item_id != datetime.now(zone).date().isoformat():
        await refuse(manager)  # offered on another day: the list may have changed
        return
    done = await pair_figures.nudge(
        sessions_of(manager), by=person_of(manager).telegram_id, zone=zone
    )
    if done.outcome is Nudge.NOT_ALLOWED:
        await refuse(manager, "curator-only")
        return
    if done.outcome is Nudge.NONE:
        await refuse(manager, "pairs-nudge-none")
        return
    await callback.answer()
    text = i18n_of(manager)("pairs-nudge-done", mentors=done.mentors)
    await bot_of(manager).send_message(callback.from_user.id, text)
    await manager.switch_to(PairsSG.quiet, show_mode=ShowMode.SEND)
