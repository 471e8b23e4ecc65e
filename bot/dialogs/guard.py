"""Curators' screens check, on every press and every message, that their user is still a
curator: one removed while a screen was open gets a short refusal and the screen closes."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram_dialog import Dialog, DialogManager

from bot.i18n import Translator
from bot.middlewares.context import Handler


async def _curators_only(handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
    if data.get("is_curator"):
        return await handler(event, data)
    i18n: Translator = data["i18n"]
    if isinstance(event, CallbackQuery):
        await event.answer(i18n.plain("curator-only"), show_alert=True)
    elif isinstance(event, Message):
        await event.answer(i18n("curator-only"))
    manager: DialogManager | None = data.get("dialog_manager")
    if manager is not None:
        await manager.reset_stack(remove_keyboard=False)
    return None


def curators_only(dialog: Dialog) -> Dialog:
    dialog.message.middleware(_curators_only)
    dialog.callback_query.middleware(_curators_only)
    return dialog
