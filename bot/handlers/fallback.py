"""What nothing else handled: a short helpful answer, never silence."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.i18n import Translator
from bot.services import notify

_COMMAND_SHOWN = 32


async def on_unknown_message(message: Message, i18n: Translator) -> None:
    text = message.text or ""
    if text.startswith("/") and len(text) > 1:
        command = text.split(maxsplit=1)[0][:_COMMAND_SHOWN]
        await message.answer(i18n("fallback-command", command=command))
    else:
        # A short hint and a way on; never the greeting again (that is /start's).
        keyboard = notify.keyboard(notify.CONTINUE_BUTTON, i18n)
        await message.answer(
            i18n("fallback-text"), reply_markup=InlineKeyboardMarkup.model_validate(keyboard)
        )


async def on_unknown_callback(query: CallbackQuery, i18n: Translator) -> None:
    await query.answer(i18n.plain("fallback-button"), show_alert=True)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_unknown_message, F.chat.type == "private")
    router.callback_query.register(on_unknown_callback)
    return router
