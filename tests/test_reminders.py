"""Reminders to finish the questionnaire and for a parent's link, with the clock moved."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from bot.db.models import ParentLink, QuestionnaireRun
from bot.domain import reminders as rules
from bot.i18n import consent_version
from bot.scheduling import runner, tasks
from bot.scheduling.base import Job
from bot.scheduling.runner import ApScheduler
from bot.services.reminders import Context
from tests.fake_scheduler import FakeScheduler
from tests.flows import child_asks_for_parent_link
from tests.harness import Harness

MOSCOW = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
USER, CHILD, PARENT = 9301, 9302, 9303
# A Monday, 11:00 in Moscow.
START = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def context(harness: Harness, scheduler: FakeScheduler) -> Context:
    return Context(
        harness.sessions,
        harness.translations,
        scheduler,
        MOSCOW,
        consent_version(harness.translations),
    )


def texts(harness: Harness, user: int) -> list[str]:
    return [m.text_or_empty() for m in harness.fake.bot_messages(user)]


async def leave_after_one_answer(harness: Harness) -> None:
    harness.fake.add_user(USER, "Ира")
    await harness.send(USER, "/start")
    await harness.press(USER, "Хочу быть наставником")
    await harness.press(USER, "Педагог")
    await harness.press(USER, "Даю согласие")
    await harness.send(USER, "Соколова Ирина")
    assert "2 / 11" in texts(harness, USER)[-1]


# ---- the rules -----------------------------------------------------------------------------


def test_reminders_wait_for_the_daytime_across_a_daylight_saving_change() -> None:
    # Berlin leaves summer time on 25 October 2026 at 03:00.
    late = datetime(2026, 10, 24, 20, 30, tzinfo=UTC)  # 22:30 summer time
    assert rules.daytime(late, BERLIN) == datetime(2026, 10, 25, 9, 0, tzinfo=BERLIN)
    assert rules.daytime(late, BERLIN).astimezone(UTC).hour == 8  # winter time: UTC+1
    noon = datetime(2026, 10, 25, 11, 0, tzinfo=UTC)
    assert rules.daytime(noon, BERLIN) == noon
    early = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # 01:30, before summer time begins
    assert rules.daytime(early, BERLIN).astimezone(UTC) == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)


def test_which_questionnaire_reminder_is_due() -> None:
    touched = START
    first, last = START + timedelta(hours=24), START + timedelta(hours=72)
    assert rules.questionnaire_nudge(touched, 0, START, MOSCOW) == rules.Nudge(None, (), first)
    assert rules.questionnaire_nudge(touched, 0, first, MOSCOW) == rules.Nudge(0, (), last)
    assert rules.questionnaire_nudge(touched, 1, first, MOSCOW) == rules.Nudge(None, (), last)
    assert rules.questionnaire_nudge(touched, 1, last, MOSCOW) == rules.Nudge(1, (), None)
    assert rules.questionnaire_nudge(touched, 2, last, MOSCOW) == rules.Nudge(None, (), None)
    # The bot was down over both: only the later one goes.
    assert rules.questionnaire_nudge(touched, 0, last, MOSCOW) == rules.Nudge(1, (0,), None)
    # Far too late for either.
    far = last + timedelta(days=5)
    assert rules.questionnaire_nudge(touched, 0, far, MOSCOW) == rules.Nudge(None, (0, 1), None)


# ---- through the bot, with the clock moved -------------------------------------------------


async def test_an_unfinished_questionnaire_is_reminded_after_24_and_72_hours(
    harness: Harness,
) -> None:
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(START, tick=False) as clock:
        await leave_after_one_answer(harness)
        await tasks.replan(ctx)
        [job] = scheduler.jobs.values()
        assert job.at == START + timedelta(hours=24)

        clock.shift(timedelta(hours=23))
        assert await scheduler.run_due(ctx, datetime.now(UTC)) == []
        clock.shift(timedelta(hours=1))
        assert await scheduler.run_due(ctx, datetime.now(UTC)) == [job.id]
        await harness.sender.drain()
        reminder = harness.fake.last_bot_message(USER)
        assert "Вы начали заполнять «Анкета наставника»" in reminder.text_or_empty()
        # The button goes on where the person stopped.
        screen = await harness.press(USER, "Продолжить")
        assert "2 / 11" in screen.text_or_empty()

        clock.shift(timedelta(hours=48))  # 72 hours after the last step
        await scheduler.run_due(ctx, datetime.now(UTC))
        await harness.sender.drain()
        assert "всё ещё ждёт вас" in harness.fake.last_bot_message(USER).text_or_empty()
        clock.shift(timedelta(days=10))
        await tasks.replan(ctx)
        assert await scheduler.run_due(ctx, datetime.now(UTC)) == []
        await harness.sender.drain()
    reminders = [t for t in texts(harness, USER) if "Анкета наставника»" in t]
    assert len(reminders) == 2


async def test_an_answer_moves_the_reminder_and_a_submitted_one_gets_none(
    harness: Harness,
) -> None:
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(START, tick=False) as clock:
        await leave_after_one_answer(harness)
        await tasks.replan(ctx)
        clock.shift(timedelta(hours=6))
        await harness.send(USER, "Учитель математики")  # back, and one more answer
        clock.shift(timedelta(hours=18))
        await scheduler.run_due(ctx, datetime.now(UTC))  # 24 h after the first step only
        await harness.sender.drain()
        assert not any("не закончили" in t for t in texts(harness, USER))
        [job] = scheduler.jobs.values()
        assert job.at == START + timedelta(hours=30)
        async with harness.sessions() as session:
            run = await session.scalar(select(QuestionnaireRun))
            assert run is not None
            run.submitted_at = datetime.now(UTC)
            await session.commit()
        clock.shift(timedelta(hours=30))
        await scheduler.run_due(ctx, datetime.now(UTC))
        await harness.sender.drain()
    assert not any("не закончили" in t for t in texts(harness, USER))


async def test_a_reminder_missed_while_the_bot_was_down_is_sent_at_start_up(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    with time_machine.travel(START, tick=False) as clock:
        await leave_after_one_answer(harness)
        clock.shift(timedelta(hours=30))  # the bot was down through the first reminder
        restarted = FakeScheduler()  # a new process: nothing in memory
        ctx = context(harness, restarted)
        assert await tasks.replan(ctx) == 1
        await restarted.run_due(ctx, datetime.now(UTC))
        await harness.sender.drain()
        assert "не закончили" in harness.fake.last_bot_message(USER).text_or_empty()

        clock.shift(timedelta(days=4))  # down again, through the second one and long after
        again = FakeScheduler()
        ctx = context(harness, again)
        await tasks.replan(ctx)
        with caplog.at_level(logging.INFO):
            await again.run_due(ctx, datetime.now(UTC))
        await harness.sender.drain()
    assert not any("всё ещё ждёт" in t for t in texts(harness, USER))
    assert "fell due while the bot was down; skipped" in caplog.text
    async with harness.sessions() as session:
        run = await session.scalar(select(QuestionnaireRun))
        assert run is not None and run.nudges_sent == 2


async def test_a_child_is_reminded_the_day_before_the_parents_link_expires(
    harness: Harness,
) -> None:
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    harness.fake.add_user(CHILD, "Петя")
    with time_machine.travel(START, tick=False) as clock:
        await child_asks_for_parent_link(harness, CHILD)
        await tasks.replan(ctx)
        [job] = scheduler.jobs.values()
        assert job.at == START + timedelta(days=6)
        clock.shift(timedelta(days=6))
        await scheduler.run_due(ctx, datetime.now(UTC))
        await tasks.replan(ctx)  # planned again (a restart): nothing more to send
        await scheduler.run_due(ctx, datetime.now(UTC))
        await harness.sender.drain()
    reminders = [t for t in texts(harness, CHILD) if "перестанет работать завтра" in t]
    assert len(reminders) == 1
    async with harness.sessions() as session:
        link = await session.scalar(select(ParentLink))
        assert link is not None and link.reminded_at is not None


async def test_no_link_reminder_once_the_parent_has_answered(harness: Harness) -> None:
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    harness.fake.add_user(CHILD, "Петя")
    harness.fake.add_user(PARENT, "Мария")
    with time_machine.travel(START, tick=False) as clock:
        link = await child_asks_for_parent_link(harness, CHILD)
        await tasks.replan(ctx)
        await harness.send(PARENT, f"/start {link}")
        await harness.press(PARENT, "Даю согласие")
        await harness.send(PARENT, "Петрова Мария Ивановна")
        clock.shift(timedelta(days=6))
        await scheduler.run_due(ctx, datetime.now(UTC))
        await harness.sender.drain()
    assert not any("перестанет работать" in t for t in texts(harness, CHILD))


async def test_apscheduler_runs_planned_and_overdue_jobs(harness: Harness) -> None:
    woken: list[bool] = []
    scheduler = ApScheduler(MOSCOW, after_job=lambda: woken.append(True))
    ran: list[dict[str, object]] = []

    async def probe(ctx: Context, **args: object) -> None:
        ran.append(args)

    tasks.TASKS["probe"] = probe
    try:
        scheduler.bind(
            Context(
                harness.sessions,
                harness.translations,
                scheduler,
                MOSCOW,
                consent_version(harness.translations),
            )
        )
        await scheduler.start()
        now = datetime.now(UTC)
        scheduler.plan(Job("late", "probe", now - timedelta(hours=5), {"n": 1}))
        scheduler.plan(Job("soon", "probe", now + timedelta(seconds=0.2), {"n": 2}))
        scheduler.plan(Job("later", "probe", now + timedelta(hours=1), {"n": 3}))
        scheduler.cancel("later")
        for _ in range(50):
            if len(ran) == 2:
                break
            await asyncio.sleep(0.05)
        assert sorted(args["n"] for args in ran) == [1, 2]  # type: ignore[type-var]
        assert woken == [True, True]
        assert [job_id for job_id, _ in scheduler.planned()] == ["replan"]
    finally:
        scheduler.shutdown()
        del tasks.TASKS["probe"]


async def test_a_job_due_after_the_clock_jumps_runs_without_waiting_for_the_old_time(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wall clock jumps an hour ahead (a machine wakes from sleep): the job due then runs
    within the scheduler's next look, not an hour of monotonic time later."""
    monkeypatch.setattr(runner, "LOOK_EVERY_S", 0.1)
    scheduler = ApScheduler(MOSCOW)
    ran: list[object] = []

    async def probe(ctx: Context, **args: object) -> None:
        ran.append(args["n"])

    tasks.TASKS["probe"] = probe
    try:
        scheduler.bind(
            Context(
                harness.sessions,
                harness.translations,
                scheduler,
                MOSCOW,
                consent_version(harness.translations),
            )
        )
        with time_machine.travel(datetime.now(UTC), tick=True) as clock:
            await scheduler.start()
            scheduler.plan(Job("later", "probe", datetime.now(UTC) + timedelta(hours=1), {"n": 1}))
            await asyncio.sleep(0.3)
            assert ran == []
            clock.shift(timedelta(hours=1, seconds=1))
            for _ in range(40):
                if ran:
                    break
                await asyncio.sleep(0.05)
        assert ran == [1]
    finally:
        scheduler.shutdown()
        del tasks.TASKS["probe"]
