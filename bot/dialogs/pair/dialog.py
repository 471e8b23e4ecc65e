"""/pair: my mentor or my mentees, how to reach them, and asking the curator to act."""

from __future__ import annotations

from aiogram_dialog import Dialog
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Cancel, Column, Start, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.dialogs.meetings.states import MeetingsSG
from bot.dialogs.pair import handlers
from bot.dialogs.pair.getters import view_getter
from bot.dialogs.pair.states import PairSG
from bot.dialogs.plan.states import PlanSG
from bot.dialogs.widgets import Tr, choices, not_understood, screen


def build_pair_dialog() -> Dialog:
    return Dialog(
        screen(
            Format("{text}"),
            Column(choices("g", "agreements", handlers.on_agreement)),
            Column(choices("a", "asks", handlers.on_ask)),
            Column(choices("x", "actions", handlers.on_action)),
            Start(
                Tr("btn-meetings", html=False),
                id="meetings",
                state=MeetingsSG.upcoming,
                when="working",
            ),
            Start(Tr("btn-plan", html=False), id="plan", state=PlanSG.view, when="has_plan"),
            Cancel(Tr("btn-close", html=False), id="close"),
            not_understood(),
            getter=view_getter,
            state=PairSG.view,
        ),
        screen(
            Tr("pair-ask-reason"),
            SwitchTo(Tr("btn-back", html=False), id="back", state=PairSG.view),
            MessageInput(handlers.on_reason),
            state=PairSG.reason,
        ),
    )
