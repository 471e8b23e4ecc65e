"""The outer middleware every update passes: skip repeats, open a session, know the person."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.enums import ChatType
from aiogram.types import Chat, TelegramObject, Update, User
from aiogram_dialog.api.entities import DialogUpdate
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import Translations
from bot.services import people, updates
from bot.storage import SQLStorage
from bot.telegram.commands import set_curator_commands

logger = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UpdateContextMiddleware(BaseMiddleware):
    """Puts `session`, `person`, `locale`, `i18n` and `is_curator` into the handler's data.

    The first transaction (update claimed, contact recorded) is committed before the handler
    runs. Handlers commit their own writes before they talk to Telegram, so that no write lock
    is held during a network call; whatever is left is committed when the handler returns.
    """

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        translations: Translations,
        storage: SQLStorage | None = None,
    ) -> None:
        self._sessions = session_factory
        self._translations = translations
        self._storage = storage

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        bot: Bot = data["bot"]
        user: User | None = data.get("event_from_user")
        chat: Chat | None = data.get("event_chat")
        # aiogram-dialog's own (background) updates are ours: not claimed, not filtered.
        from_telegram = not isinstance(event, DialogUpdate)
        if from_telegram and chat is not None and chat.type != ChatType.PRIVATE:
            # The programme lives in private chats; groups the bot is added to get no answers.
            logger.debug("Update %s from a %s chat ignored", event.update_id, chat.type)
            return UNHANDLED
        async with self._sessions() as session:
            if from_telegram and not await updates.claim_update(session, bot.id, event.update_id):
                logger.info("Update %s was taken before; skipped", event.update_id)
                return UNHANDLED
            locale = self._translations.default_locale
            person = None
            is_curator = False
            is_new = False
            if user is not None and not user.is_bot:
                visit = await people.record_contact(
                    session,
                    people.Contact(
                        user.id,
                        user.language_code,
                        user.first_name or None,
                        user.last_name,
                        user.username,
                    ),
                )
                person, is_new, is_curator = visit.person, visit.is_new, visit.is_curator
                locale = self._translations.choose(person.locale, user.language_code)
            await session.commit()
            if is_new and is_curator and user is not None:
                await set_curator_commands(bot, self._translations, user.id)
            data.update(
                session=session,
                person=person,
                locale=locale,
                i18n=self._translations.get(locale),
                is_curator=is_curator,
            )
            if self._storage is None:
                result = await handler(event, data)
            else:
                async with self._storage.batch():  # the dialog state, written once
                    result = await handler(event, data)
            await session.commit()
            return result
