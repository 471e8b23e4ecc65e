"""The main menu and the help screen."""

from __future__ import annotations

from typing import Any

from aiogram.types import User
from aiogram_dialog import Data, Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Row, Start, SwitchTo
from aiogram_dialog.widgets.text import Multi

from bot.config import Settings
from bot.dialogs.states import LanguageSG, MenuSG
from bot.dialogs.widgets import Tr, not_understood


async def menu_getter(
    dialog_manager: DialogManager,
    event_from_user: User,
    settings: Settings,
    is_curator: bool,
    **_: Any,
) -> dict[str, Any]:
    start_data = dialog_manager.start_data if isinstance(dialog_manager.start_data, dict) else {}
    dialog_data = dialog_manager.dialog_data
    greet = bool(start_data.get("greet")) and not dialog_data.get("greeted")
    dialog_data["greeted"] = True
    return {
        "org": settings.org_name,
        "name": event_from_user.first_name,
        "greet": greet,
        "language_changed": bool(dialog_data.pop("language_changed", False)),
        "is_curator": is_curator,
    }


async def on_result(start_data: Data, result: Any, manager: DialogManager) -> None:
    if isinstance(result, dict) and result.get("language_changed"):
        manager.dialog_data["language_changed"] = True


def build_menu_dialog() -> Dialog:
    return Dialog(
        Window(
            Multi(
                Tr("menu-greeting", when="greet"),
                Tr("menu-language-changed", when="language_changed"),
                Tr("menu-title"),
                Tr("menu-prompt"),
                sep="\n\n",
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
