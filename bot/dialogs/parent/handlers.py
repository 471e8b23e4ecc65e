from __future__ import annotations

from datetime import datetime

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button

from bot.dialogs.common import (
    bot_of,
    i18n_of,
    person_of,
    sessions_of,
    settings_of,
    start_data,
    version_of,
)
from bot.questionnaires import engine
from bot.questionnaires.engine import Invalid
from bot.questionnaires.model import QType, Question, TextFormat
from bot.services import consent
from bot.services.consent import LinkProblem

PARENT_NAME = Question(
    "parent_name", QType.TEXT, "parent-name", min=5, max=200, format=TextFormat.NAME
)


async def _answer(manager: DialogManager, *, agreed: bool, parent_name: str | None) -> None:
    """One use case; the child is told through the outbox. The parent reads the outcome."""
    problem = await consent.parent_answers(
        sessions_of(manager),
        str(start_data(manager).get("link")),
        person_of(manager).telegram_id,
        version_of(manager),
        agreed=agreed,
        parent_name=parent_name,
    )
    if problem is None:
        key = "parent-thanks" if agreed else "parent-declined"
    else:
        key = f"parent-link-{LinkProblem(problem).value}"
    await manager.done()
    await bot_of(manager).send_message(person_of(manager).telegram_id, i18n_of(manager)(key))


async def on_name(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    today = datetime.now(settings_of(manager).tz).date()
    checked = (
        engine.check_typed(PARENT_NAME, message.text, today)
        if message.text
        else Invalid("qerr-not-text")
    )
    if isinstance(checked, Invalid):
        manager.dialog_data["error"] = "parent-name-invalid"
        manager.show_mode = ShowMode.SEND
        return
    manager.dialog_data.pop("error", None)
    await _answer(manager, agreed=True, parent_name=str(checked.value))


async def on_decline(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _answer(manager, agreed=False, parent_name=None)
