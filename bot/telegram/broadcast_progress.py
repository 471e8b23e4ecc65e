"""The progress messages of broadcasts: edited as the outbox sends, until each is finished.

A small loop beside the outbox sender (started with the bot in `bot/app.py`). Every second or
so, or when woken, it reads the broadcasts still sending or stopped and settling
(`broadcasts.watched`, which counts each one's outbox rows), finishes those whose count is
final (nothing pending; a stopped one: nothing in flight any more), the final count going to the
curator through the outbox, and edits a progress message only when its text changes and
`EDIT_GAP` has passed since its last attempt (a last attempt in the future, the wall clock
stepped back, is stale). The edit is claimed first with one conditional UPDATE of the time of
the last attempt (`broadcasts.claim_edit`), so two processes never both make it; the text is
noted as shown only once Telegram accepted it (`broadcasts.note_shown`), so none repeats the
text shown (Telegram refuses an edit that changes nothing) and an edit cut short (a kill, a 429,
a 5xx) is made again later. A finished broadcast's message is edited a last time, without its
«Остановить» button. A message that cannot be edited any more (deleted) is left alone; a
curator removed meanwhile gets no edits. What the loop knows is in the database, so after a
restart (a kill too) it goes on with the broadcasts still sending.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import utcnow
from bot.domain.broadcasts import EDIT_GAP, Status, Tally, may_edit, progress
from bot.i18n import Translations, Translator
from bot.services import broadcasts
from bot.services.broadcasts import Watch
from bot.telegram.retry import without_retries

logger = logging.getLogger(__name__)

NOT_MODIFIED = "message is not modified"


def stop_keyboard(i18n: Translator, broadcast_id: int) -> InlineKeyboardMarkup:
    """The «⏹ Остановить» button under a progress message."""
    button = InlineKeyboardButton(
        text=i18n.plain("btn-broadcast-stop"), callback_data=broadcasts.stop_data(broadcast_id)
    )
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


def progress_text(i18n: Translator, status: Status, tally: Tally, total: int) -> str:
    key, args = progress(status, tally, total)
    return i18n(key, **args)


@dataclass
class BroadcastProgress:
    sessions: async_sessionmaker[AsyncSession]
    bot: Bot
    translations: Translations
    outbox_wake: Callable[[], None] | None = None
    interval: float = 1.0
    gap: timedelta = EDIT_GAP
    now: Callable[[], datetime] = utcnow
    clock: Callable[[], float] = time.monotonic
    _paused_until: float = field(default=0.0, init=False)
    _wake: asyncio.Event = field(default_factory=asyncio.Event, init=False)

    def wake(self) -> None:
        """A broadcast started or stopped: look now rather than at the next tick."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Look after the broadcasts until `stop` is set."""
        while not stop.is_set():
            self._wake.clear()
            try:
                await self.step()
            except Exception:  # the loop must outlive a bad moment (the database, say)
                logger.exception("Could not update the broadcasts' progress; trying again")
            waits = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
            try:
                await asyncio.wait(
                    waits, timeout=self.interval, return_when=asyncio.FIRST_COMPLETED
                )
            finally:
                for waiting in waits:
                    waiting.cancel()

    async def step(self) -> int:
        """One look: finish what is final, edit what changed; returns the edits made."""
        watches = await broadcasts.watched(self.sessions, self.now())
        final = [w.id for w in watches if w.finished_at is None and _final(w)]
        done = [i for i in final if await broadcasts.finish(self.sessions, i, self.now())]
        if done:
            if self.outbox_wake is not None:
                self.outbox_wake()  # the final counts
            watches = await broadcasts.watched(self.sessions, self.now())
        edits = 0
        for watch in watches:
            if watch.curator:  # a curator removed meanwhile is shown nothing more
                edits += await self._show(watch)
        return edits

    async def _show(self, watch: Watch) -> bool:
        if watch.message_id is None or self.clock() < self._paused_until:
            return False
        i18n = self.translations.get(self.translations.choose(watch.locale, watch.language_code))
        text = progress_text(i18n, watch.status, watch.tally, watch.total)
        if watch.finished_at is not None and text == watch.shown:
            await broadcasts.note_shown(self.sessions, watch, text)  # it shows the end already
            return False
        now = self.now()
        if not may_edit(text, watch.shown, watch.shown_at, now, self.gap):
            return False
        claimed = await broadcasts.claim_edit(self.sessions, watch, now)
        if claimed is None:
            return False  # another process edits it, or it changed meanwhile
        markup = stop_keyboard(i18n, watch.id) if watch.status is Status.SENDING else None
        try:
            with without_retries():  # a 429 here must not hold the loop for long
                await self.bot.edit_message_text(
                    text=text,
                    chat_id=watch.chat_id,
                    message_id=watch.message_id,
                    reply_markup=markup,
                )
        except TelegramRetryAfter as error:
            self._paused_until = self.clock() + max(error.retry_after, 1)
            logger.warning("Progress of broadcast %s: flood control, later", watch.id)
            return False
        except (TelegramServerError, TelegramNetworkError) as error:
            logger.warning("Progress of broadcast %s not shown (%s): later", watch.id, error)
            return False
        except TelegramAPIError as error:  # deleted, or the curator blocked the bot
            if isinstance(error, TelegramBadRequest) and NOT_MODIFIED in error.message:
                # An earlier attempt went through after all: it shows the text.
                await broadcasts.note_shown(self.sessions, watch, text, claimed)
                return False
            logger.warning(
                "Progress message of broadcast %s cannot be edited (%s): left alone",
                watch.id,
                error.message,
            )
            await broadcasts.forget_message(self.sessions, watch.id, watch.message_id)
            return False
        await broadcasts.note_shown(self.sessions, watch, text, claimed)
        return True


def _final(watch: Watch) -> bool:
    """Whether the broadcast's count can be made final: nothing pending of one sending, nothing
    in flight of one stopped."""
    if watch.status is Status.SENDING:
        return watch.tally.pending == 0
    return watch.status is Status.CANCELLED and watch.settled
