"""Jobs that fall due together: the scheduler runs them one at a time, and meeting reminders
as one batch (`meeting_reminders.meeting_reminders`), with the same outcomes as each job alone."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from bot.db.models import MeetingReminder, OutboxMessage, utcnow
from bot.i18n import consent_version
from bot.scheduling import tasks
from bot.scheduling.base import Job
from bot.scheduling.runner import ApScheduler
from bot.services import meeting_reminders, meetings, pairs
from bot.services.meetings import Outcome
from bot.services.reminders import Context
from tests.fake_scheduler import FakeScheduler
from tests.harness import Harness
from tests.test_meetings_service import MOSCOW, NOW, START, context, world


@pytest.mark.parametrize("together", [True, False])
async def test_reminders_due_together_decided_as_each_job_alone(
    harness: Harness, together: bool
) -> None:
    w = await world(harness)
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(NOW, tick=False) as clock:
        made = [
            await meetings.create(
                harness.sessions,
                by=w.mentor,
                pair_id=pair_id,
                starts_at=START,
                place="Кабинет 12",
                zone=MOSCOW,
            )
            for pair_id in (w.teen_pair, w.child_pair, None, w.teen_pair)
        ]
        assert all(r.outcome is Outcome.DONE and r.meeting_id for r in made)
        teen, child, group, moved = (r.meeting_id or 0 for r in made)
        later = START + timedelta(hours=3)
        assert (
            await meetings.move(
                harness.sessions, moved, by=w.mentor, version=1, starts_at=later, zone=MOSCOW
            )
        ).outcome is Outcome.DONE
        await pairs.set_paused(harness.sessions, w.child_pair, w.child, paused=True)
        clock.move_to(START - timedelta(hours=1))
        jobs: list[dict[str, int]] = [
            {"meeting_id": m, "offset": 60} for m in (teen, child, group, moved, teen)
        ]
        for _ in range(2):  # the second time: all decided, nothing more
            if together:
                await meeting_reminders.meeting_reminders(ctx, jobs)
            else:
                for job in jobs:
                    await meeting_reminders.meeting_reminder(
                        ctx, meeting_id=job["meeting_id"], offset=job["offset"]
                    )
    async with harness.sessions() as session:
        decided = {
            (r.meeting_id, r.person_id, r.offset_minutes, r.outcome)
            for r in await session.scalars(select(MeetingReminder))
        }
        queued = await session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == "reminder")
        )
    assert decided == {
        (teen, w.mentor, 60, "sent"),
        (teen, w.teen, 60, "sent"),
        (child, w.mentor, 60, "paused"),
        (child, w.child, 60, "paused"),
        (group, w.mentor, 60, "sent"),  # one pair of the group still works
        (group, w.teen, 60, "sent"),
        (group, w.child, 60, "paused"),
    }
    assert queued == 4
    # The moved one is early: planned again for its new moment, and nothing sent yet.
    assert scheduler.jobs[f"meeting:{moved}:60"].at == later - timedelta(hours=1)


def bound(harness: Harness, scheduler: ApScheduler) -> None:
    scheduler.bind(
        Context(
            harness.sessions,
            harness.translations,
            scheduler,
            MOSCOW,
            consent_version(harness.translations),
        )
    )


async def test_jobs_due_together_run_one_at_a_time_and_batched_ones_together(
    harness: Harness,
) -> None:
    woken: list[bool] = []
    scheduler = ApScheduler(MOSCOW, after_job=lambda: woken.append(True))
    running: list[str] = []
    overlapped: list[bool] = []
    alone: list[int] = []
    batches: list[list[int]] = []

    async def work(name: str) -> None:
        overlapped.append(bool(running))
        running.append(name)
        await asyncio.sleep(0.05)
        running.remove(name)

    async def probe(ctx: Context, *, n: int) -> None:
        await work(f"probe {n}")
        if n == 13:
            raise RuntimeError("a bad job")
        alone.append(n)

    async def probe_batch(ctx: Context, jobs: list[dict[str, int]]) -> None:
        if any(job["n"] == 13 for job in jobs):
            raise RuntimeError("a bad job in the batch")
        await work("batch")
        batches.append(sorted(job["n"] for job in jobs))

    async def other(ctx: Context, **_: object) -> None:
        await work("other")

    tasks.TASKS.update(probe=probe, other=other)
    tasks.BATCHED["probe"] = probe_batch
    try:
        bound(harness, scheduler)
        await scheduler.start()
        at = datetime.now(UTC) + timedelta(seconds=0.3)
        for n in range(1, 7):
            scheduler.plan(Job(f"probe:{n}", "probe", at, {"n": n}))
        scheduler.plan(Job("other", "other", at, {}))
        for _ in range(100):
            if len(alone) + sum(map(len, batches)) == 6 and not running:
                break
            await asyncio.sleep(0.05)
        # Each job once, never two at a time; the probes that waited for their turn together
        # ran as one batch; the outbox woken after each run.
        assert sorted(alone + [n for batch in batches for n in batch]) == [1, 2, 3, 4, 5, 6]
        assert len(batches) == 1 and len(batches[0]) >= 2, (alone, batches)
        assert not any(overlapped)
        assert len(woken) == 1 + len(alone) + len(batches)

        # A batch that fails: each of its jobs alone, the bad one logged, the others done.
        alone.clear()
        batches.clear()
        at = utcnow() + timedelta(seconds=0.3)
        for n in (11, 12, 13, 14):
            scheduler.plan(Job(f"probe:{n}", "probe", at, {"n": n}))
        scheduler.plan(Job("other", "other", at, {}))
        for _ in range(100):
            if len(alone) == 3 and not running:
                break
            await asyncio.sleep(0.05)
        assert sorted(alone) == [11, 12, 14]
        assert batches == []
        assert not any(overlapped)
    finally:
        scheduler.shutdown()
        del tasks.TASKS["probe"], tasks.TASKS["other"], tasks.BATCHED["probe"]
