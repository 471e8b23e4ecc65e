"""A parent opens the child's link, reads the consent, gives their name and agrees."""

from __future__ import annotations

from aiogram_dialog import Dialog
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import SwitchTo
from aiogram_dialog.widgets.text import Format, Multi

from bot.dialogs.parent import handlers
from bot.dialogs.parent.getters import getter
from bot.dialogs.parent.states import ParentSG
from bot.dialogs.widgets import Tr, action, not_understood, reading_window, screen


def build_parent_dialog() -> Dialog:
    return Dialog(
        screen(
            Tr("parent-intro"),
            SwitchTo(Tr("consent-read", html=False), id="text", state=ParentSG.consent_text),
            SwitchTo(Tr("parent-agree", html=False), id="agree", state=ParentSG.name),
            action("parent-decline", "decline", handlers.on_decline),
            not_understood(),
            getter=getter,
            state=ParentSG.intro,
        ),
        reading_window("consent-text", ParentSG.consent_text, ParentSG.intro, getter),
        screen(
            Multi(Tr("parent-name"), Format("{error}"), sep="\n\n"),
            SwitchTo(Tr("btn-back", html=False), id="back", state=ParentSG.intro),
            MessageInput(handlers.on_name),
            getter=getter,
            state=ParentSG.name,
        ),
    )
