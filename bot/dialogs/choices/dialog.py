"""Choosing whom to work with after a networking event."""

from __future__ import annotations

from aiogram_dialog import Dialog
from aiogram_dialog.widgets.kbd import Cancel
from aiogram_dialog.widgets.text import Format

from bot.dialogs.choices import handlers
from bot.dialogs.choices.getters import PAGER, board_getter
from bot.dialogs.choices.states import ChoicesSG
from bot.dialogs.layout import PAGE, Pager
from bot.dialogs.widgets import Tr, action, choices, not_understood, screen


def build_choices_dialog() -> Dialog:
    return Dialog(
        screen(
            Format("{text}"),
            # A name a row; the pager's page is the page of cards in the text above.
            Pager(choices("c", "cards", handlers.on_toggle), id=PAGER, height=PAGE),
            action("btn-choices-save", "save", handlers.on_save, when="can_save"),
            Cancel(Tr("btn-choices-done", html=False), id="done"),
            not_understood(),
            getter=board_getter,
            state=ChoicesSG.board,
        ),
        on_start=handlers.on_start,
    )
