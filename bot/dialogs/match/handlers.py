from __future__ import annotations

import time
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
    version_of,
)
from bot.dialogs.match import review
from bot.dialogs.match.getters import names_in, reason_text
from bot.dialogs.match.states import MatchSG
from bot.domain.matching import Mode
from bot.services import export, proposals
from bot.telegram.links import start_link_base

EXCEL_AGAIN_AFTER = 30.0  # seconds before the same proposal's workbook is sent again


async def _propose(manager: DialogManager, mode: Mode) -> None:
    """The proposal is kept as shown (ids and reasons): approving takes exactly these pairs,
    each checked again."""
    event = start_data(manager).get("event")
    offer = await proposals.propose(
        sessions_of(manager),
        version_of(manager),
        mode=mode,
        event_id=int(event) if isinstance(event, int) else None,
    )
    proposal = offer.proposal
    mentees = proposal.matched + len(proposal.unmatched)
    manager.dialog_data.clear()
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


async def on_mode(callback: CallbackQuery, widget: Any, manager: DialogManager, mode: str) -> None:
    """The button names the mode it switches to: a second tap finds it on already."""
    if mode not in tuple(Mode) or mode == manager.dialog_data.get("mode"):
        await refuse(manager, "match-mode-same")
        return
    await _propose(manager, Mode(mode))


async def _approve(
    manager: DialogManager, pairs: list[tuple[int, int]], left_out: list[int]
) -> None:
    result = await proposals.approve(
        sessions_of(manager),
        version_of(manager),
        [(mentor, mentee, review.reasons_of(manager, mentor, mentee)) for mentor, mentee in pairs],
        by=person_of(manager).telegram_id,
        link_base=await start_link_base(bot_of(manager)),
        left_out=left_out,
    )
    if not result.allowed:
        await refuse(manager, "curator-only")
        return
    manager.dialog_data.update(
        pairs=[],
        made=len(result.made),
        refused=[[mentor, mentee, why.value] for mentor, mentee, why in result.refused],
    )
    await manager.switch_to(MatchSG.done)


async def on_approve(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """Every pair of the proposal, accepted: what will be sent, and to whom, is asked first."""
    proposed = manager.dialog_data.get("pairs") or []
    if not proposed:
        await refuse(manager)
        return
    manager.dialog_data["decided"] = {review.key_of(p): review.ACCEPT for p in proposed}
    manager.dialog_data["all"] = True
    await manager.switch_to(MatchSG.confirm)


async def on_review(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    if not manager.dialog_data.get("pairs"):
        await refuse(manager)
        return
    manager.dialog_data.update(decided={}, all=False)
    await manager.switch_to(MatchSG.review)


async def _decided(manager: DialogManager, key: str, decision: str) -> bool:
    """Mark the pair `key` names; a pair decided before (a second tap) changes nothing."""
    if not review.decide(manager, key, decision):
        await refuse(manager, "match-decided")
        return False
    await manager.switch_to(
        MatchSG.review if review.current(manager) is not None else MatchSG.confirm
    )
    return True


async def on_accept(callback: CallbackQuery, widget: Any, manager: DialogManager, key: str) -> None:
    await _decided(manager, key, review.ACCEPT)


async def on_skip(callback: CallbackQuery, widget: Any, manager: DialogManager, key: str) -> None:
    await _decided(manager, key, review.SKIP)


async def on_never(callback: CallbackQuery, widget: Any, manager: DialogManager, key: str) -> None:
    pair = review.parse(key)
    at = review.current(manager)
    if pair is None or at is None or review.key_of(manager.dialog_data["pairs"][at]) != key:
        await refuse(manager, "match-decided")
        return
    if not await proposals.never(
        sessions_of(manager), pair[0], pair[1], by=person_of(manager).telegram_id
    ):
        await refuse(manager)
        return
    await _decided(manager, key, review.NEVER)


async def on_other(callback: CallbackQuery, widget: Any, manager: DialogManager, key: str) -> None:
    """Another mentor for the pair on screen: `<mentor>.<mentee>` names both."""
    chosen = review.parse(key)
    at = review.current(manager)
    if chosen is None or at is None:
        await refuse(manager, "match-decided")
        return
    pair = manager.dialog_data["pairs"][at]
    if int(pair["mentee"]) != chosen[1]:
        await refuse(manager, "match-decided")
        return
    await _decided(manager, review.key_of(pair), f"other:{chosen[0]}")


async def on_send(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """After the summary (of the review, or of «approve all»): the accepted pairs are made and
    their agreements sent; the proposal's mentees left without a pair are told they stay in
    the search."""
    pairs = review.chosen(manager)
    if not pairs or review.current(manager) is not None:
        await refuse(manager)
        return
    paired = {mentee for _, mentee in pairs}
    left_out = [m for m in review.proposal_mentees(manager) if m not in paired]
    await _approve(manager, pairs, left_out)


async def on_excel(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """The proposal as a workbook: every pair with its reasons, every mentee left out and why."""
    i18n = i18n_of(manager)
    data = manager.dialog_data
    names = await names_in(manager)
    rows: list[list[Any]] = [
        [
            number,
            names.get(int(pair["mentor"]), ""),
            names.get(int(pair["mentee"]), ""),
            "; ".join(reason_text(i18n, kind, details) for kind, details in pair["reasons"]),
        ]
        for number, pair in enumerate(data.get("pairs", []), start=1)
    ]
    rows += [
        ["", "", names.get(int(u["mentee"]), ""), i18n.plain(f"unmatched-{u['reason']}")]
        for u in data.get("unmatched", [])
    ]
    sent = manager.dialog_data.get("excel_at")
    if sent is not None and time.time() - float(sent) < EXCEL_AGAIN_AFTER:
        await refuse(manager, "match-excel-sent")  # a second tap: one workbook is enough
        return
    manager.dialog_data["excel_at"] = time.time()
    headers = [i18n.plain(f"match-col-{column}") for column in ("n", "mentor", "mentee", "why")]
    content = await export.table(i18n.plain("match-sheet"), headers, rows)
    await bot_of(manager).send_document(
        callback.from_user.id,
        BufferedInputFile(content, filename="proposal.xlsx"),
        caption=i18n("match-excel-caption"),
    )
    manager.show_mode = ShowMode.SEND  # the proposal again below the file, its buttons at hand
