"""The main menu, the help screen and the choice of language."""

from __future__ import annotations

from aiogram_dialog import Dialog, LaunchMode
from aiogram_dialog.widgets.kbd import Cancel, Row, Start, SwitchTo
from aiogram_dialog.widgets.text import Format, Multi

from bot.dialogs.menu import handlers
from bot.dialogs.menu.getters import menu_getter
from bot.dialogs.menu.states import LanguageSG, MenuSG
from bot.dialogs.privacy.states import PrivacySG
from bot.dialogs.widgets import Tr, action, not_understood, screen


def build_menu_dialog() -> Dialog:
    return Dialog(
        screen(
            Multi(
                Tr("menu-greeting", when="greet"),
                Format("{notice}", when="notice"),
                Tr("menu-title"),
                Tr("menu-prompt"),
                sep="\n\n",
            ),
            action("btn-join", "join", handlers.on_join, when="newcomer"),
            action("btn-choices", "choices", handlers.on_choices, when="choosing"),
            Row(
                action("btn-profile", "profile", handlers.on_profile, when="participant"),
                Start(Tr("btn-privacy", html=False), id="privacy", state=PrivacySG.main),
            ),
            Row(
                SwitchTo(
                    Tr("btn-help", html=False),
                    id="help",
                    state=MenuSG.help,
                    on_click=handlers.on_leave_main,
                ),
                Start(Tr("btn-language", html=False), id="lang", state=LanguageSG.choose),
            ),
            not_understood(),
            getter=menu_getter,
            state=MenuSG.main,
        ),
        screen(
            Multi(Tr("help-text"), Tr("help-curator", when="is_curator"), sep="\n\n"),
            SwitchTo(Tr("btn-back", html=False), id="back", state=MenuSG.main),
            not_understood(),
            getter=menu_getter,
            state=MenuSG.help,
        ),
        on_start=handlers.on_start,
        on_process_result=handlers.on_result,
        launch_mode=LaunchMode.ROOT,
    )


def build_language_dialog() -> Dialog:
    return Dialog(
        screen(
            Tr("language-prompt"),
            Row(
                action("language-name-ru", "ru", handlers.on_language),
                action("language-name-en", "en", handlers.on_language),
            ),
            Cancel(Tr("btn-back", html=False), id="back"),
            not_understood(),
            state=LanguageSG.choose,
        ),
    )
