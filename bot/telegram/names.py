"""Names read from Telegram when they are needed, so that they need not be stored."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import ClientDecodeError, TelegramAPIError

logger = logging.getLogger(__name__)


async def first_name(bot: Bot, telegram_id: int) -> str | None:
    """The person's first name as Telegram shows it now (a child's is not stored before
    consent)."""
    try:
        chat = await bot.get_chat(telegram_id)
    except (TelegramAPIError, ClientDecodeError) as error:
        logger.info("No name for chat %s: %s", telegram_id, error)
        return None
    return chat.first_name
