"""One rendered outbox message to Telegram: a text, or a photo or a document with its text."""

from __future__ import annotations

import contextlib

from aiogram import Bot
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import OutboxFile
from bot.domain.broadcasts import CAPTION_LIMIT, html_units
from bot.services import outbox
from bot.services.notify import Outgoing


async def deliver(
    bot: Bot,
    sessions: async_sessionmaker[AsyncSession],
    message: Outgoing,
    file: OutboxFile | None,
) -> Message:
    """Send `message` (the last message sent, for its id). A file goes up once: its Telegram
    id is remembered for the next messages that carry it. A text longer than a caption may be
    (measured as Telegram measures it: after its HTML is parsed) goes below the file, as a
    message of its own."""
    markup = InlineKeyboardMarkup.model_validate(message.markup) if message.markup else None
    if file is None:
        return await bot.send_message(message.chat_id, message.text, reply_markup=markup)
    document = file.telegram_file_id or BufferedInputFile(file.content, file.filename)
    apart = html_units(message.text) > CAPTION_LIMIT
    caption, file_markup = (None, None) if apart else (message.text or None, markup)
    if file.kind == "photo":
        sent = await bot.send_photo(
            message.chat_id, document, caption=caption, reply_markup=file_markup
        )
        uploaded = sent.photo[-1].file_id if sent.photo else None
    else:
        sent = await bot.send_document(
            message.chat_id, document, caption=caption, reply_markup=file_markup
        )
        uploaded = sent.document.file_id if sent.document else None
    if file.telegram_file_id is None and uploaded:
        with contextlib.suppress(Exception):  # next time it is uploaded again
            await outbox.remember_file(sessions, file.id, uploaded)
    if apart:
        return await bot.send_message(message.chat_id, message.text, reply_markup=markup)
    return sent
