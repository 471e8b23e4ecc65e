"""A button press counts only if that button is on the message it came from.

Callback data is written by the client: a forged press can carry anything (random bytes, a
button the screen hides, a curator's button). Telegram itself attaches the message the press
came from, with its keyboard as the bot last set it, so a press whose data is not among that
keyboard's buttons was never offered to this person: it gets a short alert and nothing runs.
The handlers' and services' own checks (who may do what, now) stay: a button that was offered
may still have stopped making sense.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.i18n import Translator
from bot.middlewares.context import Handler

logger = logging.getLogger(__name__)


def offered(query: CallbackQuery) -> bool:
    """Whether the query's data is one of the buttons of the message it came from."""
    message = query.message
    if not isinstance(message, Message):
        return True  # an inaccessible (old or deleted) message: nothing to compare with
    markup = message.reply_markup
    if markup is None:
        return False
    return any(
        button.callback_data == query.data for row in markup.inline_keyboard for button in row
    )


class OfferedButtonsMiddleware(BaseMiddleware):
    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, CallbackQuery)
        if offered(event):
            return await handler(event, data)
        logger.info("Callback %r from %s was not offered to them", event.data, event.from_user.id)
        i18n: Translator = data["i18n"]
        await event.answer(i18n.plain("fallback-button"), show_alert=True)
        return UNHANDLED
