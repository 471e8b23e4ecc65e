"""Sends the outbox (`bot/services/outbox.py`) at Telegram's pace.

One sender per process claims due rows (the head of each chat's queue, oldest first), has them
rendered, and sends each in a task of its own, marking it sent once Telegram accepts it; no
database connection is held while a request or a wait is under way. Pace is kept on the
monotonic clock: one token bucket for all (`rate_per_s`, paused for `retry_after` by a 429)
and a gap per chat. Requests skip the bot's retry middleware; the sender decides:

- 429: wait, and send again; a 5xx or a network error: keep the row (still the head of its
  chat) and try again after a growing pause;
- blocked (403), chat not found, chat moved: every pending message of that chat is dropped;
- any other refusal (a bad message, 401, 404): that message is dropped, and an error logged.

Right before each request (the first, and each after a wait) the row is read again by its key:
one no longer pending and ours (a broadcast stopped, a withdrawal, any drop) is not sent. The
rows looked at in the same moment are read together, and the rows Telegram accepted in the same
moment are marked together (`_Together`), so that the look costs the pace nothing. Leases are
renewed while rows are held; one that may have run out is given back unsent. A kill loses
nothing and repeats only the requests under way (and the marks not yet written).
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import OutboxFile, utcnow
from bot.domain.reminders import daytime
from bot.services import outbox
from bot.services.notify import Outgoing
from bot.services.outbox import Claimed
from bot.services.updates import new_boot_id
from bot.telegram.delivery import deliver
from bot.telegram.pace import Bucket, ChatGaps
from bot.telegram.retry import without_retries

logger = logging.getLogger(__name__)

V = TypeVar("V")
R = TypeVar("R")
Render = Callable[[Sequence[Claimed]], Awaitable[list[Outgoing]]]
CHAT_GONE = ("chat not found", "peer_id_invalid", "user not found", "user is deactivated")
BROKEN_TRIES = 3  # a message that fails for a reason of our own is dropped after this many


@dataclass
class _Held:
    message: Outgoing
    deadline: float  # on the monotonic clock: our lease ends then, as far as we know
    task: asyncio.Task[None] | None = None
    requesting: bool = False


class _Together(Generic[V, R]):
    """Calls shared: those made while one is under way go together in the next one (`run`
    takes each row's value by its id and gives each row's result), so that a read or a write
    for every message costs little more than one per moment, however many messages go in it.
    Each caller's answer comes from a call that began after it asked."""

    def __init__(self, run: Callable[[dict[int, V]], Awaitable[dict[int, R]]]) -> None:
        self._run = run
        self._asked: dict[int, tuple[V, list[asyncio.Future[R]]]] = {}
        self._running: asyncio.Task[None] | None = None

    async def ask(self, row_id: int, value: V) -> R:
        answer: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._asked.setdefault(row_id, (value, []))[1].append(answer)
        if self._running is None or self._running.done():
            self._running = asyncio.create_task(self._work())
        return await answer

    async def _work(self) -> None:
        while self._asked:
            asked, self._asked = self._asked, {}
            try:
                results = await self._run({row_id: value for row_id, (value, _) in asked.items()})
            except Exception as error:
                for _, answers in asked.values():
                    for answer in answers:
                        if not answer.done():  # else its task was cancelled (a shutdown)
                            answer.set_exception(error)
                continue
            for row_id, (_, answers) in asked.items():
                for answer in answers:
                    if not answer.done():
                        answer.set_result(results[row_id])

    async def close(self) -> None:
        if self._running is not None:
            self._running.cancel()
            await asyncio.gather(self._running, return_exceptions=True)
        for _, answers in self._asked.values():
            for answer in answers:
                answer.cancel()
        self._asked = {}


@dataclass
class OutboxSender:
    """Drains the outbox through `bot`; `render` turns claimed rows into messages."""

    sessions: async_sessionmaker[AsyncSession]
    bot: Bot
    render: Render
    rate_per_s: float = 25.0
    chat_rate_per_s: float = 1.0
    zone: ZoneInfo | None = None  # quiet messages wait for the daytime there
    lease: float = 30.0
    poll_interval: float = 1.0
    retry_base: float = 0.5
    retry_max: float = 300.0
    stop_grace: float = 5.0
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep
    now: Callable[[], datetime] = utcnow
    boot: str = field(default_factory=new_boot_id)
    sent: int = 0

    def __post_init__(self) -> None:
        if self.rate_per_s <= 0 or self.chat_rate_per_s <= 0:
            raise ValueError("rates must be above zero")
        self._bucket = Bucket(self.rate_per_s, self.clock, self.sleep)
        self._gaps = ChatGaps(1.0 / self.chat_rate_per_s, self.clock)
        self._capacity = max(4, math.ceil(self.rate_per_s * 2))  # about two seconds of work
        self._held: dict[int, _Held] = {}
        self._uploads: dict[int, asyncio.Lock] = {}  # a file's first upload, by its outbox id
        self._wake = asyncio.Event()
        self._stopping = False
        self._checks: _Together[None, bool] = _Together(self._still_ours)
        self._marks: _Together[tuple[int, datetime], None] = _Together(self._mark_sent)

    def wake(self) -> None:
        """New rows were committed: look now rather than at the next poll."""
        self._wake.set()

    async def run(self, stop: asyncio.Event | None = None) -> int:
        """Send until `stop` is set (without one: until nothing is due, for tests), then let
        the requests under way finish briefly; returns how many messages were sent."""
        heartbeat = asyncio.create_task(self._heartbeat())
        before = self.sent
        try:
            while stop is None or not stop.is_set():
                idle = not await self._step() and not self._held
                if stop is None and idle and not await outbox.due_count(self.sessions, self.now()):
                    break
                await self._idle(stop)
        finally:
            await self._shut_down(heartbeat)
        return self.sent - before

    async def drain(self) -> int:
        return await self.run()

    async def _step(self) -> int:
        self._wake.clear()
        room = self._capacity - len(self._held)
        if room <= 0:
            return 0
        try:
            rows = await outbox.claim(
                self.sessions,
                self.boot,
                limit=room,
                lease=timedelta(seconds=self.lease),
                held=list(self._held),
                now=self.now(),
                morning=lambda now: now if self.zone is None else daytime(now, self.zone),
            )
            messages = await self.render(rows) if rows else []
        except Exception:  # the sender must outlive a bad moment (the database, say)
            logger.exception("Could not claim outbox messages; trying again")
            return 0
        deadline = self.clock() + self.lease
        for message in messages:
            held = _Held(message, deadline)
            self._held[message.id] = held
            held.task = asyncio.create_task(self._deliver(held))
        return len(messages)

    async def _idle(self, stop: asyncio.Event | None) -> None:
        waits = [asyncio.ensure_future(self._wake.wait())]
        if stop is not None:
            waits.append(asyncio.ensure_future(stop.wait()))
        try:
            await asyncio.wait(
                waits, timeout=self.poll_interval, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            for waiting in waits:
                waiting.cancel()

    async def _heartbeat(self) -> None:
        """Keep the lease on the rows we hold, so no other sender takes them."""
        while True:
            await asyncio.sleep(self.lease / 3)  # real time: the lease is in the database's
            started = self.clock()
            try:
                ours = await outbox.renew(
                    self.sessions,
                    self.boot,
                    list(self._held),
                    lease=timedelta(seconds=self.lease),
                    now=self.now(),
                )
            except Exception:
                logger.exception("Could not renew the outbox lease")
                continue
            for row_id in ours:
                if (held := self._held.get(row_id)) is not None:
                    held.deadline = started + self.lease

    async def _shut_down(self, heartbeat: asyncio.Task[None]) -> None:
        """Requests under way get `stop_grace` seconds; the rest is given back."""
        self._stopping = True
        heartbeat.cancel()
        tasks = [h.task for h in self._held.values() if h.task is not None]
        for held in self._held.values():
            if held.task is not None and not held.requesting:
                held.task.cancel()
        if tasks:
            _, late = await asyncio.wait(tasks, timeout=self.stop_grace)
            for task in late:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.gather(heartbeat, return_exceptions=True)
        await self._checks.close()
        await self._marks.close()
        try:
            if released := await outbox.release(self.sessions, self.boot):
                logger.info("Gave back %d outbox messages not yet sent", released)
        except Exception:
            logger.exception("Could not give back outbox claims; their lease will run out")
        self._stopping = False

    async def _deliver(self, held: _Held) -> None:
        try:
            await self._send(held)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("Outbox message %s: unexpected failure", held.message.id)
        finally:
            self._held.pop(held.message.id, None)
            self._wake.set()

    async def _send(self, held: _Held) -> None:
        message, failures = held.message, 0
        file = (
            None
            if message.file_id is None
            else await outbox.file_of(self.sessions, message.file_id)
        )
        problem = message.problem or ("file_gone" if message.file_id and file is None else None)
        if problem is not None:  # a bug of ours: never sent, never retried
            logger.error("Outbox message %s cannot be sent: %s", message.id, problem)
            await outbox.drop(self.sessions, problem, row_id=message.id, now=self.now())
            return
        again = False  # after a failure the row is rendered again before the next attempt
        while True:
            ready = await self._ready(held, again)
            if ready is None:
                return
            message, again = ready, False
            held.requesting = True
            try:
                with without_retries():
                    sent, file = await self._deliver_once(message, file)
            except TelegramRetryAfter as error:
                self._bucket.pause(float(max(error.retry_after, 1)))
                continue
            except TelegramAPIError as error:
                if not isinstance(error, TelegramServerError | TelegramNetworkError):
                    await self._refused(message, error)
                    return
                failures += 1  # Telegram or the way to it is down: the message waits for it
                error_text = str(error)
            except Exception as error:
                failures += 1
                if failures >= BROKEN_TRIES:
                    logger.exception("Outbox message %s cannot be sent: dropped", message.id)
                    await outbox.drop(self.sessions, repr(error), row_id=message.id, now=self.now())
                    return
                error_text = repr(error)
            else:
                self._gaps.sent(message.chat_id)
                await self._marks.ask(message.id, (sent.message_id, self.now()))
                self.sent += 1
                return
            finally:
                held.requesting = False
            delay = min(self.retry_base * 2 ** (failures - 1), self.retry_max)
            logger.warning(
                "Outbox message %s failed (%s); again in %.0f s", message.id, error_text, delay
            )
            await outbox.note_failure(self.sessions, message.id, error_text)
            await self.sleep(delay)
            again = True

    async def _deliver_once(
        self, message: Outgoing, file: OutboxFile | None
    ) -> tuple[Message, OutboxFile | None]:
        """Deliver `message`; a file not yet on Telegram's servers goes up once: messages that
        carry it wait for the first upload, then send it by its id."""
        if file is None or file.telegram_file_id is not None:
            return await deliver(self.bot, self.sessions, message, file), file
        async with self._uploads.setdefault(file.id, asyncio.Lock()):
            file = await outbox.file_of(self.sessions, file.id) or file  # uploaded meanwhile?
            return await deliver(self.bot, self.sessions, message, file), file

    async def _ready(self, held: _Held, again: bool) -> Outgoing | None:
        """Wait for the message's turn (its chat's gap, Telegram's pace, a 429's pause), then
        look at its row: the message to send now, or None if it is not to be sent (given back,
        dropped meanwhile, put off)."""
        while True:
            wait = self._gaps.wait(held.message.chat_id)
            if wait > 0:
                await self.sleep(wait)
            await self._bucket.take()
            if self._stopping or held.deadline - self.clock() < self.lease / 2:
                await outbox.release(self.sessions, self.boot, [held.message.id])
                return None
            message = await self._current(held, again)
            if message is None or self.clock() >= self._bucket.paused_until:
                return message
            again = False  # a 429 came while the row was read: it holds this one too

    async def _current(self, held: _Held, again: bool) -> Outgoing | None:
        """Right before a request: the row is still pending and ours (read by its key, with the
        other rows looked at in the same moment), so a stop, a withdrawal or any drop since it
        was claimed (or during a wait) keeps it from going; None if it is not. `again` (after a
        failure): it is read whole and rendered again (a person it names may have withdrawn, or
        changed their language), and a quiet message whose retries ran into the night is put
        off until the morning."""
        row_id = held.message.id
        if again:
            row = await outbox.reload(self.sessions, row_id, self.boot)
            ours = row is not None
        else:
            row, ours = None, await self._checks.ask(row_id, None)
        if not ours:
            logger.info("Outbox message %s was dropped or taken meanwhile: not sent", row_id)
            await outbox.let_go(self.sessions, row_id, self.boot)
            return None
        if row is None:
            return held.message
        now = self.now()
        morning = now if self.zone is None else daytime(now, self.zone)
        if row.quiet and morning > now:
            await outbox.put_off(self.sessions, row.id, self.boot, until=morning)
            return None
        [held.message] = await self.render([row])
        return held.message

    async def _still_ours(self, asked: dict[int, None]) -> dict[int, bool]:
        ours = await outbox.still_ours(self.sessions, self.boot, list(asked))
        return {row_id: row_id in ours for row_id in asked}

    async def _mark_sent(self, marks: dict[int, tuple[int, datetime]]) -> dict[int, None]:
        await outbox.mark_all_sent(self.sessions, marks)
        return dict.fromkeys(marks)

    async def _refused(self, message: Outgoing, error: TelegramAPIError) -> None:
        gone = "chat_not_found" if any(w in error.message.lower() for w in CHAT_GONE) else None
        if isinstance(error, TelegramForbiddenError):
            gone = "blocked"
        elif isinstance(error, TelegramMigrateToChat):
            gone = "chat_migrated"
        if gone is not None:
            logger.info(
                "Chat %s cannot be reached (%s): its messages dropped", message.chat_id, gone
            )
            await outbox.drop(self.sessions, gone, chat_id=message.chat_id, now=self.now())
            return
        logger.error("Telegram refused outbox message %s: %s", message.id, error.message)
        await outbox.drop(self.sessions, error.message, row_id=message.id, now=self.now())
