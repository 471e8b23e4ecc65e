"""/match: the proposal of pairs with its figures and reasons; approve all, or go through them
one at a time and send the agreements at the end; or try the other mode."""

from __future__ import annotations

from aiogram_dialog import Dialog
from aiogram_dialog.widgets.kbd import Cancel, Row, ScrollingGroup, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.dialogs.match import handlers
from bot.dialogs.match.getters import (
    confirm_getter,
    done_getter,
    other_getter,
    proposal_getter,
    review_getter,
)
from bot.dialogs.match.states import MatchSG
from bot.dialogs.widgets import Tr, action, choices, not_understood, screen


def build_match_dialog() -> Dialog:
    discard = Cancel(Tr("btn-match-discard", html=False), id="discard")
    return Dialog(
        screen(
            Format("{text}"),
            action("btn-match-approve", "approve", handlers.on_approve, when="can_approve"),
            action("btn-match-review", "review", handlers.on_review, when="can_approve"),
            action("btn-match-excel", "excel", handlers.on_excel, when="can_approve"),
            choices("mode", "modes", handlers.on_mode),
            discard,
            not_understood(),
            getter=proposal_getter,
            state=MatchSG.proposal,
        ),
        screen(
            Format("{text}"),
            Row(
                choices("acc", "accept", handlers.on_accept),
                choices("skp", "skip", handlers.on_skip),
            ),
            SwitchTo(Tr("btn-match-other", html=False), id="other", state=MatchSG.other),
            choices("nvr", "never", handlers.on_never),
            discard,
            not_understood(),
            getter=review_getter,
            state=MatchSG.review,
        ),
        screen(
            Tr("match-pick-other"),
            Tr("pairs-nobody", when="nobody"),
            ScrollingGroup(
                choices("o", "people", handlers.on_other),
                id="os",
                width=1,
                height=8,
                hide_on_single_page=True,
            ),
            SwitchTo(Tr("btn-back", html=False), id="back", state=MatchSG.review),
            not_understood(),
            getter=other_getter,
            state=MatchSG.other,
        ),
        screen(
            Format("{text}"),
            action("btn-match-send", "send", handlers.on_send, when="can_send"),
            SwitchTo(Tr("btn-match-back", html=False), id="back", state=MatchSG.proposal),
            discard,
            not_understood(),
            getter=confirm_getter,
            state=MatchSG.confirm,
        ),
        screen(
            Format("{text}"),
            Cancel(Tr("btn-close", html=False), id="close"),
            not_understood(),
            getter=done_getter,
            state=MatchSG.done,
        ),
        on_start=handlers.on_start,
    )
