"""A 403 from Telegram means the person blocked the bot (or left Telegram): mark them."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType

if TYPE_CHECKING:
    from aiogram import Bot

logger = logging.getLogger(__name__)

OnBlocked = Callable[[int], Awaitable[None]]


class BlockedUsersMiddleware(BaseRequestMiddleware):
    def __init__(self, on_blocked: OnBlocked) -> None:
        self._on_blocked = on_blocked

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        try:
            return await make_request(bot, method)
        except TelegramForbiddenError as error:
            chat_id = getattr(method, "chat_id", None)
            if isinstance(chat_id, int) and chat_id > 0:
                logger.info("User %s cannot be reached: %s", chat_id, error.message)
                try:
                    await self._on_blocked(chat_id)
                except Exception:
                    logger.exception("Could not mark user %s as blocked", chat_id)
            raise
