"""Choosing whom to work with after a networking event."""

from __future__ import annotations

from aiogram_dialog import Dialog
from aiogram_dialog.widgets.kbd import Cancel, Group, Row
from aiogram_dialog.widgets.text import Format

from bot.dialogs.choices import handlers
from bot.dialogs.choices.getters import board_getter
from bot.dialogs.choices.states import ChoicesSG
from bot.dialogs.widgets import Tr, action, choices, not_understood, screen


def build_choices_dialog() -> Dialog:
    return Dialog(
        screen(
            Format("{text}"),
            Group(choices("c", "cards", handlers.on_toggle), width=4),
            Row(
                action("btn-choices-prev", "prev", handlers.on_page),
                action("btn-choices-next", "next", handlers.on_page),
                when="paged",
            ),
            action("btn-choices-save", "save", handlers.on_save, when="can_save"),
            Cancel(Tr("btn-choices-done", html=False), id="done"),
            not_understood(),
            getter=board_getter,
            state=ChoicesSG.board,
        ),
        on_start=handlers.on_start,
    )
