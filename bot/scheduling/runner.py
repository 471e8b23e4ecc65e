"""APScheduler 3 behind the `Scheduler` interface: started and stopped with the bot.

Jobs live in memory only: the database is the source of truth, and `start` plans every job it
says should exist (`tasks.replan`), then again every hour, so jobs of rows added since are
planned well before they fall due. A job whose time passed while the bot was down runs at once
(`misfire_grace_time=None`); the task itself decides whether it still makes sense. Times are
aware datetimes: correct across daylight-saving changes in `TIMEZONE`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.db.models import utcnow
from bot.scheduling import tasks
from bot.scheduling.base import Job
from bot.services.reminders import Context

logger = logging.getLogger(__name__)

REPLAN_EVERY = timedelta(hours=1)
REPLAN_ID = "replan"


LOOK_EVERY_S = 30.0
"""The longest the scheduler sleeps before it looks at the clock again."""


class _WakingScheduler(AsyncIOScheduler):  # type: ignore[misc]  # APScheduler has no types
    """APScheduler sleeps until its next job on the event loop's monotonic timer; when the wall
    clock jumps (a suspended machine wakes, NTP corrects it, a test moves it), a job due at the
    new time would wait for the old one. So it looks again at least every `LOOK_EVERY_S`."""

    def _start_timer(self, wait_seconds: float | None) -> None:
        super()._start_timer(
            LOOK_EVERY_S if wait_seconds is None else min(wait_seconds, LOOK_EVERY_S)
        )


class ApScheduler:
    """`Scheduler` on APScheduler's `AsyncIOScheduler`; `after_job` runs after each job (the
    outbox is woken there, so that what a job queued goes out at once)."""

    def __init__(self, zone: ZoneInfo, after_job: Callable[[], None] | None = None) -> None:
        self._scheduler = _WakingScheduler(timezone=zone)
        self._after_job = after_job
        self._context: Context | None = None
        self._one_at_a_time = asyncio.Lock()
        self._waiting: dict[str, list[dict[str, Any]]] = {}  # jobs of `tasks.BATCHED` tasks

    def bind(self, context: Context) -> None:
        self._context = context

    def plan(self, job: Job) -> None:
        at = max(job.at, utcnow())  # a past time runs now
        self._scheduler.add_job(
            self._run,
            DateTrigger(run_date=at),
            id=job.id,
            args=(job.task, dict(job.args)),
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )

    def cancel(self, job_id: str) -> None:
        if self._scheduler.get_job(job_id) is not None:
            self._scheduler.remove_job(job_id)

    def planned(self) -> list[tuple[str, datetime]]:
        return [(job.id, job.next_run_time) for job in self._scheduler.get_jobs()]

    async def start(self) -> None:
        """Start, with every job rebuilt from the database."""
        self._scheduler.start()
        count = await self._replan()
        logger.info("Scheduler started with %d jobs from the database", count)
        self._scheduler.add_job(
            self._replan,
            IntervalTrigger(seconds=REPLAN_EVERY.total_seconds()),
            id=REPLAN_ID,
            replace_existing=True,
            coalesce=True,
        )

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    @property
    def running(self) -> bool:
        return bool(self._scheduler.running)

    async def replan(self) -> int:
        """Plan again every job the database says should exist (another process planned one)."""
        return await self._replan()

    async def _replan(self) -> int:
        assert self._context is not None, "bind() the context before start()"
        try:
            return await tasks.replan(self._context)
        except Exception:
            logger.exception("Could not plan the jobs from the database")
            return 0

    async def _run(self, task: str, args: dict[str, Any]) -> None:
        """Jobs run one at a time: the database has one writer, and jobs that fall due together
        (500 reminders of the same minute) wait here in order rather than for its lock, which
        gives up after a few seconds. Jobs of a task in `tasks.BATCHED` that come while one of
        its jobs waits here are taken along by it, as one batch."""
        assert self._context is not None
        if task not in tasks.BATCHED:
            async with self._one_at_a_time:
                await self._run_jobs(task, [args])
            return
        waiting = self._waiting.setdefault(task, [])
        waiting.append(args)
        if len(waiting) > 1:
            return  # the job that came first waits for its turn, and takes this one along
        async with self._one_at_a_time:
            await self._run_jobs(task, self._waiting.pop(task))

    async def _run_jobs(self, task: str, jobs: list[dict[str, Any]]) -> None:
        """The jobs as one batch; if that fails, each alone (what the batch did is done)."""
        assert self._context is not None
        try:
            if len(jobs) > 1:
                try:
                    await tasks.run_batch(self._context, task, jobs)
                    return
                except Exception:
                    logger.exception("%d jobs %s failed together: one at a time", len(jobs), task)
            for args in jobs:
                try:
                    await tasks.run_task(self._context, task, args)
                except Exception:
                    logger.exception("Job %s %s failed", task, args)
        finally:
            if self._after_job is not None:
                self._after_job()
