from __future__ import annotations

from typing import Any

from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram_dialog import Data, DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button

from bot.dialogs.common import (
    bot_of,
    i18n_of,
    person_of,
    refuse,
    sessions_of,
    start_data,
    translations_of,
    version_of,
)
from bot.dialogs.match.getters import reason_text
from bot.dialogs.match.states import MatchSG
from bot.domain.matching import Mode
from bot.services import export, proposals
from bot.telegram.links import start_link_base


async def _propose(manager: DialogManager, mode: Mode) -> None:
    """The proposal is kept as shown: approving takes exactly these pairs (checked again)."""
    event = start_data(manager).get("event")
    offer = await proposals.propose(
        sessions_of(manager),
        version_of(manager),
        mode=mode,
        event_id=int(event) if isinstance(event, int) else None,
    )
    proposal = offer.proposal
    mentees = proposal.matched + len(proposal.unmatched)
    manager.dialog_data.update(
        mode=mode.value,
        pairs=[
            {
                "mentor": p.mentor_id,
                "mentee": p.mentee_id,
                "reasons": [[r.kind.value, list(r.details)] for r in p.reasons],
            }
            for p in proposal.pairs
        ],
        unmatched=[{"mentee": u.mentee_id, "reason": u.reason.value} for u in proposal.unmatched],
        names={str(k): v for k, v in offer.names.items()},
        load={str(k): v for k, v in proposal.load.items()},
        figures={
            "pairs": proposal.matched,
            "mentees": mentees,
            "matched_share": round(proposal.matched_share * 100),
            "preferred_share": round(proposal.preferred_share * 100),
            "mutual": proposal.mutual,
        },
    )


async def on_start(data: Data, manager: DialogManager) -> None:
    await _propose(manager, Mode.MOST_MATCHED)


async def on_mode(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    other = (
        Mode.BEST_FIT if manager.dialog_data.get("mode") == Mode.MOST_MATCHED else Mode.MOST_MATCHED
    )
    before = (manager.dialog_data.get("pairs"), manager.dialog_data.get("unmatched"))
    await _propose(manager, other)
    if (manager.dialog_data.get("pairs"), manager.dialog_data.get("unmatched")) == before:
        manager.dialog_data["mode"] = other.value  # the same pairs: the title still changes


async def on_approve(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    proposed = manager.dialog_data.get("pairs") or []
    if not proposed:
        await refuse(manager)
        return
    result = await proposals.approve(
        sessions_of(manager),
        translations_of(manager),
        version_of(manager),
        [(int(p["mentor"]), int(p["mentee"]), [k for k, _ in p["reasons"]]) for p in proposed],
        by=person_of(manager).telegram_id,
        link_base=await start_link_base(bot_of(manager)),
        left_out=[int(u["mentee"]) for u in manager.dialog_data.get("unmatched", [])],
    )
    i18n = i18n_of(manager)
    names = manager.dialog_data.get("names", {})
    lines = [i18n("match-approved", made=len(result.made))]
    lines += [
        i18n(
            "match-refused",
            mentor=names.get(str(mentor), "?"),
            mentee=names.get(str(mentee), "?"),
            why=i18n.plain(f"refusal-{why.value}"),
        )
        for mentor, mentee, why in result.refused
    ]
    manager.dialog_data.update(pairs=[], result="\n".join(lines))
    await manager.switch_to(MatchSG.done)


async def _approve_one(
    manager: DialogManager, mentor_id: int, mentee_id: int, reasons: list[str]
) -> None:
    result = await proposals.approve(
        sessions_of(manager),
        translations_of(manager),
        version_of(manager),
        [(mentor_id, mentee_id, reasons)],
        by=person_of(manager).telegram_id,
        link_base=await start_link_base(bot_of(manager)),
    )
    log = list(manager.dialog_data.get("log", []))
    log.append([mentor_id, mentee_id, result.refused[0][2].value if result.refused else ""])
    manager.dialog_data["log"] = log


async def _next(manager: DialogManager) -> None:
    at = int(manager.dialog_data.get("at", 0)) + 1
    manager.dialog_data["at"] = at
    if at < len(manager.dialog_data.get("pairs", [])):
        await manager.switch_to(MatchSG.review)
        return
    i18n = i18n_of(manager)
    names = manager.dialog_data.get("names", {})
    log = manager.dialog_data.get("log", [])
    made = sum(1 for _, _, why in log if not why)
    lines = [i18n("match-approved", made=made)]
    lines += [
        i18n(
            "match-refused",
            mentor=names.get(str(mentor), "?"),
            mentee=names.get(str(mentee), "?"),
            why=i18n.plain(f"refusal-{why}"),
        )
        for mentor, mentee, why in log
        if why
    ]
    manager.dialog_data.update(pairs=[], result="\n".join(lines))
    await manager.switch_to(MatchSG.done)


async def on_review(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    if not manager.dialog_data.get("pairs"):
        await refuse(manager)
        return
    manager.dialog_data.update(at=0, log=[])
    await manager.switch_to(MatchSG.review)


def _current(manager: DialogManager) -> dict[str, Any] | None:
    pairs = manager.dialog_data.get("pairs", [])
    at = int(manager.dialog_data.get("at", 0))
    return pairs[at] if at < len(pairs) else None


async def on_accept(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    pair = _current(manager)
    if pair is None:
        await refuse(manager)
        return
    kinds = [k for k, _ in pair["reasons"]]
    await _approve_one(manager, int(pair["mentor"]), int(pair["mentee"]), kinds)
    await _next(manager)


async def on_skip(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    if _current(manager) is None:
        await refuse(manager)
        return
    await _next(manager)


async def on_never(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    pair = _current(manager)
    if pair is None:
        await refuse(manager)
        return
    await proposals.never(
        sessions_of(manager),
        int(pair["mentor"]),
        int(pair["mentee"]),
        by=person_of(manager).telegram_id,
    )
    await _next(manager)


async def on_other(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    pair = _current(manager)
    if pair is None or not item_id.isdigit():
        await refuse(manager)
        return
    await _approve_one(manager, int(item_id), int(pair["mentee"]), ["by_hand"])
    await _next(manager)


async def on_excel(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """The proposal as a workbook: every pair with its reasons, every mentee left out and why."""
    i18n = i18n_of(manager)
    data = manager.dialog_data
    names: dict[str, str] = data.get("names", {})
    rows: list[list[Any]] = [
        [
            number,
            names.get(str(pair["mentor"]), ""),
            names.get(str(pair["mentee"]), ""),
            "; ".join(reason_text(i18n, kind, details) for kind, details in pair["reasons"]),
        ]
        for number, pair in enumerate(data.get("pairs", []), start=1)
    ]
    rows += [
        ["", "", names.get(str(u["mentee"]), ""), i18n.plain(f"unmatched-{u['reason']}")]
        for u in data.get("unmatched", [])
    ]
    headers = [i18n.plain(f"match-col-{column}") for column in ("n", "mentor", "mentee", "why")]
    content = await export.table(i18n.plain("match-sheet"), headers, rows)
    await bot_of(manager).send_document(
        callback.from_user.id,
        BufferedInputFile(content, filename="proposal.xlsx"),
        caption=i18n("match-excel-caption"),
    )
    manager.show_mode = ShowMode.SEND  # the proposal again below the file, its buttons at hand
