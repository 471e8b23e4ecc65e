"""Names read from Telegram when they are needed, so that they need not be stored."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import ClientDecodeError, TelegramAPIError

from bot.db.models import Person

logger = logging.getLogger(__name__)


async def child_name(bot: Bot, child: Person) -> str | None:
    """The child's first name as Telegram shows it now (names are not stored before consent)."""
    try:
        chat = await bot.get_chat(child.telegram_id)
    except (TelegramAPIError, ClientDecodeError) as error:
        logger.info("No name for person %s: %s", child.id, error)
        return None
    return chat.first_name
