"""One scheduler among several processes: the one that holds the leader lease runs it.

Each webhook worker tries to take the lease (`bot/services/leases.py`) every `RENEW_EVERY`; the
holder renews it, and starts the scheduler (every job planned from the database) when it first
takes it. A leader that cannot renew in time (the database is away, the process froze) stops
running jobs before its lease can have run out, so two processes never both believe they lead
for long; and the jobs themselves are idempotent (each checks the state, each message has its
dedup key), so even then nothing goes twice. A leader killed with SIGKILL is replaced within
`TTL` + `RENEW_EVERY` (under a minute).

A use case in a worker that does not lead plans a job by raising the `REPLAN` signal: the
leader sees it at its next renewal and plans every job again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.scheduling.base import Job
from bot.services import leases

logger = logging.getLogger(__name__)
T = TypeVar("T")

TTL = timedelta(seconds=30)
RENEW_EVERY = 10.0
Tick = Callable[[], Awaitable[None]]


class LocalScheduler(Protocol):
    """What the leader runs (`ApScheduler`)."""

    @property
    def running(self) -> bool: ...

    async def start(self) -> None: ...

    def shutdown(self) -> None: ...

    async def replan(self) -> int: ...

    def plan(self, job: Job) -> None: ...

    def cancel(self, job_id: str) -> None: ...


class Leadership:
    """Takes and keeps the leader lease; runs `scheduler` and `on_tick` while it leads."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        boot: str,
        scheduler: LocalScheduler,
        *,
        on_tick: Tick | None = None,
        ttl: timedelta = TTL,
        renew_every: float = RENEW_EVERY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions = sessions
        self._boot = boot
        self._scheduler = scheduler
        self._on_tick = on_tick
        self._ttl = ttl
        self._renew_every = renew_every
        self._clock = clock
        self._until = 0.0  # on the monotonic clock: we lead until then at most
        self._replanned: datetime | None = None
        self._wake = asyncio.Event()
        self._starting: asyncio.Task[None] | None = None

    @property
    def leading(self) -> bool:
        return self._clock() < self._until

    def wake(self) -> None:
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        try:
            while not stop.is_set():
                await self._step()
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        _first(stop.wait(), self._wake.wait()), timeout=self._renew_every
                    )
        finally:
            await self._step_down(give_up=True)

    async def _step(self) -> None:
        started = self._clock()
        try:
            # A database that stops answering (not one that refuses) must not keep a leader
            # believing it leads: the renewal gets until the next one, then counts as failed.
            ours = await _within(
                self._renew_every,
                leases.take(self._sessions, leases.LEADER, self._boot, self._ttl),
            )
        except Exception as error:
            logger.warning("Could not renew the scheduler's lease (%s)", error)
            if not self.leading:
                await self._step_down()
            return
        if not ours:
            await self._step_down()
            return
        # A margin: our belief ends before the lease the database holds.
        self._until = started + self._ttl.total_seconds() - self._renew_every
        starting = self._starting is not None and not self._starting.done()
        try:
            if not self._scheduler.running and not starting:
                logger.info("This process leads: the scheduler starts here")
                self._replanned = await leases.signal_raised(self._sessions, leases.REPLAN)
                # Planning every job may take a while: the lease is renewed meanwhile.
                self._starting = asyncio.create_task(self._scheduler.start())
            elif not starting:
                await self._replan_if_asked()
        except Exception as error:  # the database went away since: the next renewal tells
            logger.warning("The leader could not look for work (%s)", error)
        if self._on_tick is not None:
            try:
                await self._on_tick()
            except Exception:
                logger.exception("The leader's periodic work failed")

    async def _replan_if_asked(self) -> None:
        raised = await leases.signal_raised(self._sessions, leases.REPLAN)
        if raised is not None and (self._replanned is None or raised > self._replanned):
            self._replanned = raised
            count = await self._scheduler.replan()
            logger.info("Planned %d jobs again, as another worker asked", count)

    async def _step_down(self, *, give_up: bool = False) -> None:
        if self._starting is not None and not self._starting.done():
            self._starting.cancel()
            await asyncio.gather(self._starting, return_exceptions=True)
        if self._scheduler.running:
            logger.warning("This process no longer leads: its scheduler stops")
            self._scheduler.shutdown()
        self._until = 0.0
        if give_up:
            with contextlib.suppress(Exception):
                await _within(
                    self._renew_every, leases.give_up(self._sessions, leases.LEADER, self._boot)
                )


async def _within(seconds: float, work: Awaitable[T]) -> T:
    """`work`'s result, or TimeoutError after `seconds`; the work is cancelled then, not
    waited for (a database that does not answer does not answer a cancellation either)."""
    task = asyncio.ensure_future(work)
    await asyncio.wait({task}, timeout=seconds)
    if not task.done():
        task.cancel()
        raise TimeoutError("no answer from the database in time")
    return task.result()


async def _first(*waits: Awaitable[object]) -> None:
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()


class SharedScheduler:
    """`Scheduler` for use cases in a worker: the leader plans at once; any other worker asks
    the leader to plan again (a job's cancellation needs nothing: a job checks the state)."""

    def __init__(
        self,
        leadership: Leadership,
        scheduler: LocalScheduler,
        sessions: async_sessionmaker[AsyncSession],
        boot: str,
    ) -> None:
        self._leadership = leadership
        self._scheduler = scheduler
        self._sessions = sessions
        self._boot = boot
        self._asking: asyncio.Task[None] | None = None

    def plan(self, job: Job) -> None:
        if self._leadership.leading and self._scheduler.running:
            self._scheduler.plan(job)
        elif self._asking is None or self._asking.done():
            self._asking = asyncio.create_task(self._ask())

    def cancel(self, job_id: str) -> None:
        if self._leadership.leading and self._scheduler.running:
            self._scheduler.cancel(job_id)

    async def _ask(self) -> None:
        await asyncio.sleep(0.5)  # the use case's transaction commits first
        try:
            await leases.raise_signal(self._sessions, leases.REPLAN, self._boot)
        except Exception:
            logger.exception("Could not ask the leader to plan again (the hourly rebuild will)")
