from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Data, DialogManager
from aiogram_dialog.widgets.kbd import Button

from bot.dialogs.choices.states import ChoicesSG
from bot.dialogs.common import (
    person_of,
    refuse,
    sessions_of,
    start_data,
    translations_of,
)
from bot.dialogs.navigation import go_home, open_questionnaire
from bot.services import choices, people


async def on_start(data: Data, manager: DialogManager) -> None:
    """The greeting and a notice show on the first screen only."""
    given = start_data(manager)
    manager.dialog_data.update(greet=bool(given.get("greet")), notice=given.get("notice"))


async def on_result(data: Data, result: Any, manager: DialogManager) -> None:
    manager.dialog_data.update(greet=False, notice=None)
    if isinstance(result, dict) and result.get("language_changed"):
        manager.dialog_data["notice"] = "menu-language-changed"


async def on_leave_main(callback: CallbackQuery, button: Any, manager: DialogManager) -> None:
    manager.dialog_data.update(greet=False, notice=None)


async def on_profile(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    profile = person_of(manager).profile
    if profile is None:
        await refuse(manager)
        return
    await open_questionnaire(manager, profile)


async def on_choices(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    event_id = await choices.open_for(sessions_of(manager), person_of(manager).id)
    if event_id is None:
        await refuse(manager, "choices-problem-over")
        return
    await manager.start(ChoicesSG.board, data={"event": event_id})


async def on_join(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await go_home(manager)


async def on_language(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    translations = translations_of(manager)
    locale = button.widget_id
    if locale not in translations.locales:
        await refuse(manager)
        return
    await people.set_locale(sessions_of(manager), person_of(manager).id, locale)
    manager.middleware_data["locale"] = locale
    manager.middleware_data["i18n"] = translations.get(locale)
    await manager.done(result={"language_changed": True})
