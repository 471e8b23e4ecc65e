"""The mentor's optional note after answering «Встреча состоялась?»."""

from __future__ import annotations

from aiogram_dialog import Dialog
from aiogram_dialog.widgets.input import MessageInput

from bot.dialogs.meeting_outcome import handlers
from bot.dialogs.meeting_outcome.getters import done_getter, note_getter
from bot.dialogs.meeting_outcome.states import MeetingOutcomeSG
from bot.dialogs.widgets import Tr, action, not_understood, screen


def build_meeting_outcome_dialog() -> Dialog:
    return Dialog(
        screen(
            Tr("followup-note-ask"),
            action("btn-followup-no-note", "skip", handlers.on_skip),
            MessageInput(handlers.on_note),
            getter=note_getter,
            state=MeetingOutcomeSG.note,
        ),
        screen(
            Tr("followup-note-done"),
            action("btn-continue", "home", handlers.on_home),
            not_understood(),
            getter=done_getter,
            state=MeetingOutcomeSG.done,
        ),
    )
