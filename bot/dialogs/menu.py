"""The main menu and the help screen."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, User
from aiogram_dialog import Data, Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Row, Start, SwitchTo
from aiogram_dialog.widgets.text import Format, Multi

from bot.dialogs.common import i18n_of, person_of, settings_of, start_data
from bot.dialogs.home import go_home, start_questionnaire
from bot.dialogs.states import LanguageSG, MenuSG, PrivacySG
from bot.dialogs.widgets import Tr, not_understood

# Notices the menu may show on top; start data is only a key into this set.
NOTICES = frozenset({"menu-language-changed", "qn-submitted", "profile-saved"})


async def menu_getter(
    dialog_manager: DialogManager, event_from_user: User, is_curator: bool, **_: Any
) -> dict[str, Any]:
    data = start_data(dialog_manager)
    dialog_data = dialog_manager.dialog_data
    greet = bool(data.get("greet")) and not dialog_data.get("greeted")
    dialog_data["greeted"] = True
    notice = dialog_data.pop("notice", None) or (
        data.get("notice") if not dialog_data.get("notice_shown") else None
    )
    dialog_data["notice_shown"] = True
    return {
        "org": settings_of(dialog_manager).org_name,
        "name": event_from_user.first_name,
        "greet": greet,
        "notice": i18n_of(dialog_manager)(notice) if notice in NOTICES else "",
        "is_curator": is_curator,
        "participant": person_of(dialog_manager).role is not None,
        "newcomer": person_of(dialog_manager).role is None,
    }


async def on_result(start_data: Data, result: Any, manager: DialogManager) -> None:
    if isinstance(result, dict) and result.get("language_changed"):
        manager.dialog_data["notice"] = "menu-language-changed"


async def on_profile(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await start_questionnaire(manager)


async def on_join(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await go_home(manager)


def build_menu_dialog() -> Dialog:
    return Dialog(
        Window(
            Multi(
                Tr("menu-greeting", when="greet"),
                Format("{notice}", when="notice"),
                Tr("menu-title"),
                Tr("menu-prompt"),
                sep="\n\n",
            ),
            Button(Tr("btn-join", html=False), id="join", on_click=on_join, when="newcomer"),
            Row(
                Button(
                    Tr("btn-profile", html=False),
                    id="profile",
                    on_click=on_profile,
                    when="participant",
                ),
                Start(Tr("btn-privacy", html=False), id="privacy", state=PrivacySG.main),
            ),
            Row(
                SwitchTo(Tr("btn-help", html=False), id="help", state=MenuSG.help),
                Start(Tr("btn-language", html=False), id="lang", state=LanguageSG.choose),
            ),
            not_understood(),
            getter=menu_getter,
            state=MenuSG.main,
        ),
        Window(
            Multi(Tr("help-text"), Tr("help-curator", when="is_curator"), sep="\n\n"),
            SwitchTo(Tr("btn-back", html=False), id="back", state=MenuSG.main),
            not_understood(),
            getter=menu_getter,
            state=MenuSG.help,
        ),
        on_process_result=on_result,
    )
