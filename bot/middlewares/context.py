"""The outer middleware every update passes: skip repeats, open a session, know the person."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator
from functools import partial
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.enums import ChatType
from aiogram.types import Chat, TelegramObject, Update, User
from aiogram_dialog.api.entities import DialogUpdate

from bot.dialogs import ids
from bot.i18n import Translations
from bot.services import people, updates
from bot.storage import SQLStorage
from bot.telegram import sent
from bot.telegram.commands import set_curator_commands

logger = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UpdateContextMiddleware(BaseMiddleware):
    """Puts `person`, `locale`, `i18n` and `is_curator` into the handler's data.

    One short transaction claims the update and notes the contact; no database connection is
    held while the handler runs: use cases open their own transactions, and no Telegram call
    waits inside one.
    """

    def __init__(
        self,
        session_factory: people.Sessions,
        translations: Translations,
        storage: SQLStorage | None = None,
        boot: str | None = None,
    ) -> None:
        self._sessions = session_factory
        self._translations = translations
        self._storage = storage
        self.boot = boot or updates.new_boot_id()

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
            if data.get("received"):
                # Ignored is handled: left unfinished, it would hold back the sender's next.
                await updates.finish(self._sessions, bot.id, event.update_id, self.boot)
            return UNHANDLED
        contact = (
            people.Contact(
                user.id, user.language_code, user.first_name or None, user.last_name, user.username
            )
            if user is not None and not user.is_bot
            else None
        )
        update_id = event.update_id if from_telegram else None
        # The poller took the update when it was received; one fed in directly is taken here.
        taken = None if data.get("received") else update_id
        # Taken over from a process that never finished it: redone once its chat is held.
        redone = update_id if data.get("redone") and update_id is not None else None
        try:
            arrival = await people.arrive(
                self._sessions, bot.id, taken, contact, self.boot, redone=redone
            )
        except Exception:
            # The error handlers tell the person to try again: the update is over, not left
            # unfinished for a live worker that would never redo it.
            if update_id is not None and data.get("received"):
                with contextlib.suppress(Exception):
                    await updates.finish(self._sessions, bot.id, update_id, self.boot)
            raise
        if arrival is None:
            logger.info("Update %s was taken before; skipped", event.update_id)
            return UNHANDLED
        person = arrival.person
        locale = self._translations.default_locale
        if person is not None and user is not None:
            locale = self._translations.choose(person.locale, user.language_code)
        if arrival.is_new and arrival.is_curator and user is not None:
            await set_curator_commands(bot, self._translations, user.id)
        data.update(
            person=person,
            locale=locale,
            i18n=self._translations.get(locale),
            is_curator=arrival.is_curator,
        )
        handled = None if update_id is None else updates.marker(bot.id, update_id, self.boot)
        made_ids = self._as_before(bot.id, update_id, arrival.replies)
        try:
            if self._storage is None:
                try:
                    with made_ids:
                        return await handler(event, data)
                finally:
                    if update_id is not None:
                        await updates.finish(self._sessions, bot.id, update_id, self.boot)
            # The dialog state, written once, and the update marked handled with it.
            with made_ids:
                async with self._storage.batch(also=handled):
                    return await handler(event, data)
        finally:
            wake = data.get("outbox_wake")
            if wake is not None:
                wake()  # whatever the update queued for others goes out now

    @contextlib.contextmanager
    def _as_before(
        self, bot_id: int, update_id: int | None, replies: list[dict[str, Any]] | None
    ) -> Iterator[None]:
        """Handled again (its worker was killed), an update starts dialogs with the same ids,
        and what it sent before is not sent twice."""
        if update_id is None:
            with sent.apart():
                yield
            return
        note = partial(updates.note_replies, self._sessions, bot_id, update_id, self.boot)
        with ids.for_update(bot_id, update_id), sent.noted(update_id, replies, note):
            yield
