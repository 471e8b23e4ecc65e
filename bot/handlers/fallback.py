"""What nothing else handled: a short helpful answer, never silence."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.handlers import participants
from bot.handlers.participants import SEARCHABLE
from bot.i18n import Translations, Translator
from bot.services import notify
from bot.services.people import Sessions

_COMMAND_SHOWN = 32


async def on_unknown_message(
    message: Message,
    i18n: Translator,
    is_curator: bool,
    session_factory: Sessions,
    translations: Translations,
) -> None:
    text = message.text or ""
    if text.startswith("/") and len(text) > 1:
        command = text.split(maxsplit=1)[0][:_COMMAND_SHOWN]
        await message.answer(i18n("fallback-command", command=command))
    elif is_curator and SEARCHABLE.fullmatch(" ".join(text.split())):
        # A curator types a name outside any screen: she is looking for someone.
        await participants.send_search(
            message,
            " ".join(text.split())[:100],
            session_factory=session_factory,
            i18n=i18n,
            translations=translations,
        )
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
