"""No callback query is left without an answer, whatever its handler did."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, TelegramObject

from bot.middlewares.context import Handler
from bot.telegram.callbacks import CallbackAnswers

logger = logging.getLogger(__name__)


class AnswerCallbacksMiddleware(BaseMiddleware):
    """Answers the query after its handler if the handler did not.

    When the handler fails, the error handlers answer it (with a text where it helps).
    """

    def __init__(self, answers: CallbackAnswers) -> None:
        self._answers = answers

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, CallbackQuery)
        bot: Bot = data["bot"]
        result = await handler(event, data)
        if not event.id:
            return result  # aiogram-dialog's stand-in for a reply-keyboard button: no query
        try:
            await self._answers.ensure_answered(bot, event.id)
        except TelegramAPIError as error:
            logger.warning("Could not answer callback query %s: %s", event.id, error)
        return result
