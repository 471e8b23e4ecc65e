"""Sends the outbox (`bot/services/outbox.py`) at Telegram's pace.

One `OutboxSender` per process runs beside polling. It claims due rows (at most one per chat,
the head of that chat's queue), sends each with `bot.send_message`, and marks it sent in its
own short transaction right after Telegram accepts it. No database connection is held while a
request or a wait is under way.

Pace and 429: the sender uses the Bot from `create_bot` as it is (BlockedUsersMiddleware marks
a person who blocked the bot; RetryMiddleware waits out a 429 and retries a 5xx or a network
error a bounded number of times) and adds one innermost request middleware of its own, the
gate. The retry middleware alone is not enough: it waits `retry_after` inside the one call that
got the 429 while every other send goes on and meets 429s too, although Telegram's flood
control is per bot, and the retries all come back at the same moment. So every outbox request,
including each retry the retry middleware makes, passes the gate, which

- spaces requests evenly at `rate_per_s`, and lets no more than that start in any second
  (after a stall of the event loop, a garbage collection, spacing alone would let a burst go);
- lets at most `max_in_flight` requests be under way at once;
- pauses every outbox request for `retry_after` when one of them gets a 429. (Only the
  outbox's own: a reply's 429 may be that person's chat alone, and a person writing fast
  must not hold up a broadcast; a flood of the whole bot reaches the next outbox send too.)

When the retry middleware gives up (a long outage), the sender puts the row back with its own
longer backoff; a transient error never drops a message. A 403 drops every pending message of
that chat ("blocked"), "chat not found" likewise ("chat_not_found"); any other 400 is a bug in
the message (bad HTML, too long): that one message is dropped with Telegram's words as the
reason and an error is logged.

A kill at any moment loses nothing: rows are marked only after Telegram accepted them, and the
claims of a dead process are taken over (at once when it ran on this host, see
`_dead_here`; otherwise when its lease runs out). It repeats only the messages whose request
was under way when it died: at most `max_in_flight`; on average rate × Telegram's answer time,
so one at most against a nearby server, one or two against Telegram at 25/s.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import secrets
import socket
import time
from collections import deque
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InlineKeyboardMarkup
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import utcnow
from bot.services import outbox
from bot.services.outbox import BatchProgress, Claimed

if TYPE_CHECKING:
    from aiogram import Bot

logger = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[Any]]
OnProgress = Callable[[BatchProgress], Awaitable[None]]

CHAT_GONE = ("chat not found", "peer_id_invalid", "user not found")


def default_worker_id() -> str:
    """host:pid:random, unique per process; `_dead_here` reads the host and pid back."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _dead_here(worker: str, me: str) -> bool:
    """A worker of an earlier process on this host that is gone (so its claims are free)."""
    try:
        host, pid_text, _token = worker.rsplit(":", 2)
        pid = int(pid_text)
    except ValueError:
        return False
    my_host, my_pid, _ = me.rsplit(":", 2)
    if worker == me or host != my_host:
        return False
    return str(pid) == my_pid or not _process_alive(pid)


class _Stopped(Exception):
    """The sender is stopping: no new request starts."""


class _LeaseTooShort(Exception):
    """Our claim on the row may run out during the request (the heartbeat has failed)."""


@dataclass
class _Held:
    """A claimed row being worked on by its own task."""

    row: Claimed
    deadline: float  # clock() when our lease runs out, as far as we know
    task: asyncio.Task[None] | None = None
    requesting: bool = False  # a request is under way
    settling: bool = False  # Telegram answered; the row is being marked

    @property
    def interruptible(self) -> bool:
        return not (self.requesting or self.settling)


_SENDING: ContextVar[tuple[OutboxSender, _Held] | None] = ContextVar("outbox_sending", default=None)


@dataclass
class _Pace:
    """Requests spaced 1/rate apart, never more than `rate` in any second, none in a pause.

    The spacing keeps the flow even. After the event loop stalled (a garbage collection of
    0.2 s) the waiters whose turns passed would all go at once; they catch up at twice the pace
    instead, and never beyond `rate` in a second (a burst reaches Telegram spread out and is
    counted there later than here). A 429 stops everyone until its `retry_after` is over.
    """

    rate: float
    clock: Clock
    sleep: Sleep
    next_slot: float = 0.0
    paused_until: float = 0.0
    started: deque[float] = field(default_factory=deque)

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, self.clock() + seconds)
        self.next_slot = max(self.next_slot, self.paused_until)

    def _window_wait(self, now: float) -> float:
        while self.started and now - self.started[0] >= 1.0:
            self.started.popleft()
        if len(self.started) >= max(1, math.floor(self.rate)):
            return self.started[0] + 1.0 - now
        if self.started:  # catching up after a stall: at twice the pace, not all at once
            return max(0.0, self.started[-1] + 0.5 / self.rate - now)
        return 0.0

    async def acquire(self) -> None:
        while True:
            now = self.clock()
            if self.paused_until > now:
                await self.sleep(self.paused_until - now)
                continue
            slot = max(now, self.next_slot)
            self.next_slot = slot + 1.0 / self.rate
            if slot > now:
                await self.sleep(slot - now)
            # Keep the slot, waiting only for room in the window; a 429 meanwhile: queue again.
            while (now := self.clock()) >= self.paused_until:
                wait = self._window_wait(now)
                if wait <= 0:
                    self.started.append(now)
                    return
                await self.sleep(wait)


class _Gate(BaseRequestMiddleware):
    """The innermost request middleware of the sender's Bot (see the module's docstring)."""

    def __init__(self, sender: OutboxSender) -> None:
        self._sender = sender

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        sending = _SENDING.get()
        if sending is None or sending[0] is not self._sender:
            return await make_request(bot, method)  # not ours: a reply, a command, ...
        sender, held = sending
        async with sender._in_flight:
            await sender._pace.acquire()
            if sender._stopping:
                raise _Stopped
            if held.deadline - sender._clock() < sender._lease / 2:
                raise _LeaseTooShort
            held.requesting = True
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                sender._pace.pause(float(max(error.retry_after, 0)))
                raise
            finally:
                held.requesting = False


@dataclass
class _Progress:
    interval: float
    dirty: set[str] = field(default_factory=set)
    last: dict[str, float] = field(default_factory=dict)


class OutboxSender:
    """Drains the outbox through `bot` at `rate_per_s` overall and `chat_rate_per_s` per chat."""

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        bot: Bot,
        *,
        rate_per_s: float = 25.0,
        chat_rate_per_s: float = 1.0,
        worker_id: str | None = None,
        max_in_flight: int | None = None,
        lease: float = 60.0,
        poll_interval: float = 1.0,
        retry_base: float = 5.0,
        retry_max: float = 600.0,
        stop_grace: float = 5.0,
        on_progress: OnProgress | None = None,
        progress_interval: float = 1.0,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        if rate_per_s <= 0 or chat_rate_per_s <= 0:
            raise ValueError("rates must be above zero")
        self.worker_id = worker_id or default_worker_id()
        if len(self.worker_id.rsplit(":", 2)) != 3 or len(self.worker_id) > 100:
            raise ValueError(f"worker id must look like host:pid:token: {self.worker_id!r}")
        self._sessions = session_factory
        self._bot = bot
        self._chat_spacing = timedelta(seconds=1.0 / chat_rate_per_s)
        # Rows held at once: about two seconds of work, claimed half at a time.
        self._capacity = max(4, math.ceil(rate_per_s * 2))
        self._refill_at = max(1, self._capacity // 2)
        # Enough for Telegram's answer time (up to ~0.2 s) not to slow the pace.
        self._in_flight = asyncio.Semaphore(max_in_flight or max(2, math.ceil(rate_per_s / 5)))
        self._lease = lease
        self._idle_wait = min(poll_interval, 1.0 / chat_rate_per_s)
        self._retry_base, self._retry_max = retry_base, retry_max
        self._stop_grace = stop_grace
        self._on_progress = on_progress
        self._progress = _Progress(progress_interval)
        self._clock, self._sleep, self._now = clock, sleep, now
        self._pace = _Pace(rate_per_s, clock, sleep)
        self._held: dict[int, _Held] = {}
        self._changed = asyncio.Event()
        self._woken = True
        self._exhausted = False
        self._last_claim = -math.inf
        self._stopping = False
        self.sent = 0
        bot.session.middleware(_Gate(self))

    def wake(self) -> None:
        """New rows were committed: look now rather than at the next poll."""
        self._woken = True
        self._changed.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Send until `stop` is set; then finish the requests under way (briefly) and return."""
        await self._take_over_dead_here()
        heartbeat = asyncio.create_task(self._heartbeat())
        stop_watch = asyncio.create_task(stop.wait())
        stop_watch.add_done_callback(lambda _: self._changed.set())
        try:
            while not stop.is_set():
                self._changed.clear()
                try:
                    await self._step()
                except Exception:  # the sender must outlive a bad moment (the database, say)
                    logger.exception("Outbox sender step failed; going on")
                    self._exhausted = True
                await self._wait()
        finally:
            stop_watch.cancel()
            await self._shut_down(heartbeat)

    async def drain(self) -> int:
        """Send everything that is due, then return how many messages were sent (for tests)."""
        await self._take_over_dead_here()
        heartbeat = asyncio.create_task(self._heartbeat())
        sent_before = self.sent
        try:
            while True:
                self._changed.clear()
                await self._step()
                if (
                    not self._held
                    and self._exhausted
                    and await outbox.due_count(self._sessions, self._now()) == 0
                ):
                    break
                await self._wait()
        finally:
            await self._shut_down(heartbeat)
        return self.sent - sent_before

    # ---- the loop -------------------------------------------------------------------------

    async def _step(self) -> None:
        room = self._capacity - len(self._held)
        poll_due = self._clock() - self._last_claim >= self._idle_wait
        if room > 0 and (
            self._woken or (room >= self._refill_at and (not self._exhausted or poll_due))
        ):
            self._woken = False
            self._last_claim = self._clock()
            try:
                rows = await outbox.claim(
                    self._sessions,
                    self.worker_id,
                    limit=room,
                    lease=timedelta(seconds=self._lease),
                    chat_spacing=self._chat_spacing,
                    now=self._now(),
                )
            except Exception:
                logger.exception("Could not claim outbox messages; trying again")
                rows = []
                self._exhausted = True
            else:
                self._exhausted = len(rows) < room
            deadline = self._last_claim + self._lease
            for row in rows:
                held = _Held(row, deadline)
                self._held[row.id] = held
                held.task = asyncio.create_task(self._deliver(held))
        await self._report_progress(force=not self._held)

    async def _wait(self) -> None:
        if self._changed.is_set():
            return
        timeout = self._idle_wait
        if not self._exhausted:
            timeout = min(timeout, 0.05)  # rows are waiting: look again as soon as room is made
        try:
            async with asyncio.timeout(timeout):
                await self._changed.wait()
        except TimeoutError:
            pass

    async def _heartbeat(self) -> None:
        """Keep the lease on the rows we hold, so no other sender takes them."""
        while True:
            await asyncio.sleep(self._lease / 4)  # real time: the lease is in the database's
            ids = list(self._held)
            if not ids:
                continue
            started = self._clock()
            try:
                await outbox.renew(
                    self._sessions,
                    self.worker_id,
                    ids,
                    until=self._now() + timedelta(seconds=self._lease),
                )
            except Exception:
                logger.exception("Could not renew the outbox lease")
                continue
            for row_id in ids:
                held = self._held.get(row_id)
                if held is not None:
                    held.deadline = started + self._lease

    async def _take_over_dead_here(self) -> None:
        try:
            claimants = await outbox.live_claimants(self._sessions, self._now())
            dead = [w for w in claimants if _dead_here(w, self.worker_id)]
            if dead:
                count = await outbox.release_workers(self._sessions, dead)
                logger.warning("Took over %d outbox messages of %s (gone)", count, dead)
        except Exception:
            logger.exception("Could not look for outbox claims of a dead process")

    async def _shut_down(self, heartbeat: asyncio.Task[None]) -> None:
        """Let requests under way finish (for `stop_grace` at most), give back the rest."""
        self._stopping = True
        heartbeat.cancel()
        tasks = [h.task for h in self._held.values() if h.task is not None]
        for held in self._held.values():
            if held.task is not None and held.interruptible:
                held.task.cancel()
        if tasks:
            _, late = await asyncio.wait(tasks, timeout=self._stop_grace)
            for task in late:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.gather(heartbeat, return_exceptions=True)
        try:
            released = await outbox.release(self._sessions, self.worker_id)
        except Exception:
            logger.exception("Could not give back outbox claims; their lease will run out")
        else:
            if released:
                logger.info("Gave back %d outbox messages not yet sent", released)
        await self._report_progress(force=True)
        self._stopping = False
        self._woken = True
        self._exhausted = False

    # ---- one message ----------------------------------------------------------------------

    async def _deliver(self, held: _Held) -> None:
        try:
            await self._send(held)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("Outbox message %s: unexpected failure", held.row.id)
        finally:
            self._held.pop(held.row.id, None)
            self._changed.set()

    async def _send(self, held: _Held) -> None:
        row = held.row
        markup = None
        if row.reply_markup is not None:
            try:
                markup = InlineKeyboardMarkup.model_validate(row.reply_markup)
            except ValidationError as error:
                logger.error("Outbox message %s (%s) has a bad keyboard", row.id, row.kind)
                await self._drop(row, f"invalid reply_markup: {error}")
                return
        token = _SENDING.set((self, held))
        try:
            try:
                message = await self._bot.send_message(row.chat_id, row.text, reply_markup=markup)
            finally:
                _SENDING.reset(token)
                held.settling = True
        except Exception as error:  # sorted out below; a cancellation is not an Exception
            await self._failed(row, error)
        else:
            await self._mark_sent(row, message.message_id)

    async def _failed(self, row: Claimed, error: Exception) -> None:
        if isinstance(error, _Stopped | _LeaseTooShort):
            await outbox.release(self._sessions, self.worker_id, [row.id])
        elif isinstance(error, TelegramForbiddenError):
            logger.info("Chat %s cannot be reached (%s): its messages dropped", row.chat_id, error)
            await self._drop_chat(row.chat_id, "blocked")
        elif isinstance(error, TelegramBadRequest):
            if any(words in error.message.lower() for words in CHAT_GONE):
                logger.warning("Chat %s not found: its messages dropped", row.chat_id)
                await self._drop_chat(row.chat_id, "chat_not_found")
            else:
                logger.error(
                    "Telegram refused outbox message %s (%s): %s", row.id, row.kind, error.message
                )
                await self._drop(row, error.message)
        elif isinstance(error, TelegramRetryAfter):
            await self._retry(row, error.message, float(error.retry_after))
        elif isinstance(error, TelegramServerError | TelegramNetworkError):
            await self._retry(row, error.message)
        elif isinstance(error, TelegramAPIError):
            logger.error("Outbox message %s: %s", row.id, error.message)
            await self._retry(row, error.message)
        else:
            logger.error("Outbox message %s: sending failed", row.id, exc_info=error)
            await self._retry(row, repr(error))

    async def _mark_sent(self, row: Claimed, message_id: int) -> None:
        for attempt in range(1, 4):
            try:
                ours = await outbox.mark_sent(
                    self._sessions, row.id, self.worker_id, message_id, self._now()
                )
                break
            except Exception:
                logger.exception("Could not mark outbox message %s sent (try %d)", row.id, attempt)
                await self._sleep(0.2 * attempt)
        else:
            logger.error("Outbox message %s was sent but is not marked: it may go twice", row.id)
            return
        if not ours:
            logger.warning("Outbox message %s was sent after its claim ran out", row.id)
        self.sent += 1
        self._touch([row.batch])

    async def _retry(self, row: Claimed, error: str, delay: float | None = None) -> None:
        if delay is None:
            delay = min(self._retry_base * 2**row.attempts, self._retry_max)
        logger.warning(
            "Outbox message %s failed (%s); trying again in %.0f s", row.id, error, delay
        )
        at = self._now() + timedelta(seconds=delay)
        try:
            await outbox.reschedule(self._sessions, row.id, self.worker_id, at=at, error=error)
        except Exception:
            logger.exception("Could not reschedule outbox message %s", row.id)

    async def _drop(self, row: Claimed, reason: str) -> None:
        self._touch(await outbox.drop(self._sessions, row.id, reason, self._now()))

    async def _drop_chat(self, chat_id: int, reason: str) -> None:
        self._touch(await outbox.drop_chat(self._sessions, chat_id, reason, self._now()))

    # ---- progress -------------------------------------------------------------------------

    def _touch(self, batches: list[str | None]) -> None:
        if self._on_progress is not None:
            self._progress.dirty.update(b for b in batches if b is not None)

    async def _report_progress(self, *, force: bool) -> None:
        if self._on_progress is None or not self._progress.dirty:
            return
        now = self._clock()
        for batch in sorted(self._progress.dirty):
            if not force and now - self._progress.last.get(batch, -math.inf) < (
                self._progress.interval
            ):
                continue
            self._progress.dirty.discard(batch)
            self._progress.last[batch] = now
            try:
                progress = await outbox.batch_progress(self._sessions, batch)
                await self._on_progress(progress)
            except Exception:
                logger.exception("Progress report for batch %s failed", batch)
                continue
            if progress.done:
                self._progress.last.pop(batch, None)
