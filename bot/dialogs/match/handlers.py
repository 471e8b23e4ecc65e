from __future__ import annotations

from aiogram.types import CallbackQuery
from aiogram_dialog import Data, DialogManager
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
from bot.dialogs.match.states import MatchSG
from bot.domain.matching import Mode
from bot.services import proposals
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
