"""Meetings through their use cases (bot/services/meetings.py), with the harness's database,
the outbox sender and the fake Telegram, and the clock moved: invitations, moves, cancels,
answers and reminders — each decided once, also when called twice or at once."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select, update

from bot.db.models import (
    Consent,
    Meeting,
    MeetingInvite,
    MeetingReminder,
    OutboxMessage,
    Pair,
    Person,
    utcnow,
)
from bot.domain.meetings import Kind
from bot.i18n import consent_version
from bot.scheduling import tasks
from bot.services import meeting_reminders, meetings, pairs, privacy
from bot.services.meeting_reminders import Sent
from bot.services.meetings import Outcome, Planner
from bot.services.reminders import Context
from tests.fake_scheduler import FakeScheduler
from tests.harness import Harness

MOSCOW = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
MENTOR, TEEN, CHILD, PARENT, OTHER_MENTOR = 9801, 9802, 9803, 9804, 9805
# Monday 30 November 2026, 12:00 in Moscow; the meeting on Thursday at 15:00.
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
START = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
INVITED = "приглашает вас на встречу"
REMINDED = "⏰"


@dataclass(frozen=True)
class World:
    mentor: int
    teen: int
    child: int
    parent: int
    other_mentor: int
    teen_pair: int
    child_pair: int


async def world(harness: Harness) -> World:
    """A mentor with two working pairs: a teenager, and a child under 14 whose parent is in
    the bot; and a mentor of nobody."""
    for user, name in (
        (MENTOR, "Ирина"),
        (TEEN, "Петя"),
        (CHILD, "Маша"),
        (PARENT, "Ольга"),
        (OTHER_MENTOR, "Кирилл"),
    ):
        harness.fake.add_user(user, name, has_chat=True)
    now = utcnow()
    people = {
        MENTOR: ("Соколова Ирина", "mentor", "teacher", "18plus"),
        TEEN: ("Петров Пётр", "mentee", "student", "14to17"),
        CHILD: ("Иванова Маша", "mentee", "student", "under14"),
        PARENT: ("Иванова Ольга", None, None, None),
        OTHER_MENTOR: ("Кириллов Кирилл", "mentor", "teacher", "18plus"),
    }
    ids: dict[int, int] = {}
    async with harness.sessions.begin() as session:
        for telegram_id, (name, role, category, age) in people.items():
            person = Person(
                telegram_id=telegram_id,
                first_name=name.split()[1],
                full_name=name,
                role=role,
                category=category,
                age_group=age,
                first_seen_at=now,
                last_seen_at=now,
            )
            session.add(person)
            await session.flush()
            ids[telegram_id] = person.id
        version = consent_version(harness.translations)
        session.add(
            Consent(
                person_id=ids[CHILD],
                status="given",
                kind="parent",
                text_version=version,
                at=now,
                parent_telegram_id=PARENT,
            )
        )
        session.add(
            Consent(person_id=ids[TEEN], status="given", kind="self", text_version=version, at=now)
        )
        made = []
        for mentee in (TEEN, CHILD):
            pair = Pair(
                mentor_id=ids[MENTOR],
                mentee_id=ids[mentee],
                form="teacher_student",
                status="active",
                months=9,
                created_by=777,
                created_at=now,
                started_at=now,
            )
            session.add(pair)
            await session.flush()
            made.append(pair.id)
    return World(
        ids[MENTOR], ids[TEEN], ids[CHILD], ids[PARENT], ids[OTHER_MENTOR], made[0], made[1]
    )


def context(harness: Harness, scheduler: FakeScheduler, zone: ZoneInfo = MOSCOW) -> Context:
    return Context(
        harness.sessions,
        harness.translations,
        scheduler,
        zone,
        consent_version(harness.translations),
    )


def planner(scheduler: FakeScheduler) -> Planner:
    return Planner(scheduler, (timedelta(hours=24), timedelta(hours=1)))


def said(harness: Harness, user: int, part: str) -> list[str]:
    return [m.text_or_empty() for m in harness.fake.bot_messages(user) if part in m.text_or_empty()]


async def create_for_teen(
    harness: Harness, w: World, scheduler: FakeScheduler | None = None, **extra: object
) -> int:
    result = await meetings.create(
        harness.sessions,
        by=w.mentor,
        pair_id=w.teen_pair,
        starts_at=START,
        place="Кабинет 12",
        zone=MOSCOW,
        planner=planner(scheduler) if scheduler else None,
        **extra,  # type: ignore[arg-type]
    )
    assert result.outcome is Outcome.DONE, result
    assert result.meeting_id is not None
    return result.meeting_id


async def meeting_jobs(scheduler: FakeScheduler) -> dict[str, datetime]:
    return {j.id: j.at for j in scheduler.jobs.values() if j.task == meetings.REMINDER_TASK}


# ---- creating ------------------------------------------------------------------------------


async def test_a_group_meeting_invites_every_mentee_and_a_young_childs_parent(
    harness: Harness,
) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        result = await meetings.create(
            harness.sessions,
            by=w.mentor,
            pair_id=None,
            starts_at=START,
            link="https://meet.example.org/abc",
            agenda="Планы на четверть",
            zone=MOSCOW,
        )
        await harness.sender.drain()
    assert result.outcome is Outcome.DONE and result.meeting_id is not None
    for user in (TEEN, CHILD):
        [invitation] = [m for m in harness.fake.bot_messages(user) if INVITED in m.text_or_empty()]
        text = invitation.text_or_empty()
        assert "Ирина приглашает вас на встречу." in text
        assert "чт, 3 декабря, 15:00" in text  # in the school's zone
        assert "Онлайн: https://meet.example.org/abc" in text and "Планы на четверть" in text
        yes, no = (invitation.button(label)["callback_data"] for label in ("Приду", "Не смогу"))
        assert (yes, no) == (f"mt:{result.meeting_id}:1:y", f"mt:{result.meeting_id}:1:n")
        assert len(yes.encode()) <= 64
        assert meetings.parse_callback(yes) == meetings.Rsvp(result.meeting_id, 1, True)
        assert meetings.parse_callback(f"mt:{result.meeting_id}:y") is None
        assert meetings.parse_callback("mt:²:1:y") is None
    [told] = said(harness, PARENT, "Вашего ребёнка (Иванова Маша) пригласили на встречу")
    assert "чт, 3 декабря, 15:00" in told
    assert not harness.fake.bot_messages(MENTOR)
    async with harness.sessions() as session:
        meeting = await session.get(Meeting, result.meeting_id)
        invited = set(await session.scalars(select(MeetingInvite.person_id)))
    assert meeting is not None and meeting.pair_id is None and meeting.kind == Kind.INTRO
    assert invited == {w.teen, w.child}


async def test_the_first_meeting_of_a_pair_is_the_introduction(harness: Harness) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        first = await create_for_teen(harness, w)
        second = await create_for_teen(harness, w)
        planned = await create_for_teen(harness, w, kind=Kind.PLANNING)
    async with harness.sessions() as session:
        kinds = [(await session.get(Meeting, i)).kind for i in (first, second, planned)]  # type: ignore[union-attr]
    assert kinds == ["intro", "work", "planning"]


async def test_the_same_message_handled_twice_sets_one_meeting(harness: Harness) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        first = await create_for_teen(harness, w, source="9801:55")
        again = await meetings.create(
            harness.sessions,
            by=w.mentor,
            pair_id=w.teen_pair,
            starts_at=START,
            place="Кабинет 12",
            zone=MOSCOW,
            source="9801:55",
        )
        await harness.sender.drain()
    assert again.outcome is Outcome.ALREADY and again.meeting_id == first
    assert len(said(harness, TEEN, INVITED)) == 1
    async with harness.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Meeting)) == 1


async def test_only_the_pairs_mentor_sets_moves_or_cancels(harness: Harness) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        for by in (w.other_mentor, w.teen, w.parent):  # forged: not this pair's mentor
            forged = await meetings.create(
                harness.sessions,
                by=by,
                pair_id=w.teen_pair,
                starts_at=START,
                place="Кабинет 12",
                zone=MOSCOW,
            )
            assert forged.outcome is Outcome.NOT_ALLOWED, by
        meeting_id = await create_for_teen(harness, w)
        for by in (w.other_mentor, w.teen):
            moved = await meetings.move(
                harness.sessions,
                meeting_id,
                by=by,
                version=1,
                starts_at=START + timedelta(days=1),
                zone=MOSCOW,
            )
            assert moved.outcome is Outcome.NOT_ALLOWED
            cancelled = await meetings.cancel(harness.sessions, meeting_id, by=by, zone=MOSCOW)
            assert cancelled.outcome is Outcome.NOT_ALLOWED
        gone = await meetings.cancel(harness.sessions, 4040, by=w.mentor, zone=MOSCOW)
        assert gone.outcome is Outcome.GONE
        group = await meetings.create(
            harness.sessions,
            by=w.other_mentor,
            pair_id=None,
            starts_at=START,
            place="Кабинет 12",
            zone=MOSCOW,
        )
        assert group.outcome is Outcome.NO_PAIRS
    async with harness.sessions() as session:
        [meeting] = (await session.scalars(select(Meeting))).all()
    assert meeting.starts_at == START and meeting.status == "planned" and meeting.version == 1


async def test_no_meeting_for_an_ended_pair_a_past_time_or_bad_details(harness: Harness) -> None:
    w = await world(harness)

    async def attempt(**changes: object) -> Outcome:
        values: dict[str, object] = {"starts_at": START, "place": "Кабинет 12", "link": None}
        values.update(changes)
        result = await meetings.create(
            harness.sessions,
            by=w.mentor,
            pair_id=w.teen_pair,
            zone=MOSCOW,
            **values,  # type: ignore[arg-type]
        )
        return result.outcome

    with time_machine.travel(NOW, tick=False):
        assert await attempt(starts_at=NOW - timedelta(minutes=1)) is Outcome.IN_THE_PAST
        assert await attempt(place="а" * 5000) is Outcome.PLACE_TOO_LONG
        assert await attempt(place=None, link="zoom") is Outcome.BAD_LINK
        assert await attempt(place=None) is Outcome.NO_PLACE
        await pairs.set_paused(harness.sessions, w.teen_pair, w.teen, paused=True)
        assert await attempt() is Outcome.PAUSED
        await pairs.end(harness.sessions, w.teen_pair, by=777, reason="переезд")
        assert await attempt() is Outcome.PAIR_ENDED
    async with harness.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Meeting)) == 0


# ---- moving and cancelling -----------------------------------------------------------------


async def test_a_move_moves_the_reminders_and_asks_again(harness: Harness) -> None:
    w = await world(harness)
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    later = START + timedelta(days=2)
    with time_machine.travel(NOW, tick=False) as clock:
        meeting_id = await create_for_teen(harness, w, scheduler)
        assert await meeting_jobs(scheduler) == {
            f"meeting:{meeting_id}:1440": START - timedelta(hours=24),
            f"meeting:{meeting_id}:60": START - timedelta(hours=1),
        }
        said_yes = await meetings.answer(
            harness.sessions, meeting_id, w.teen, yes=True, zone=MOSCOW
        )
        assert said_yes.outcome is Outcome.DONE
        moved = await meetings.move(
            harness.sessions,
            meeting_id,
            by=w.mentor,
            version=1,
            starts_at=later,
            zone=MOSCOW,
            planner=planner(scheduler),
        )
        assert moved.outcome is Outcome.DONE
        assert await meeting_jobs(scheduler) == {
            f"meeting:{meeting_id}:1440": later - timedelta(hours=24),
            f"meeting:{meeting_id}:60": later - timedelta(hours=1),
        }
        await harness.sender.drain()
        [told] = said(harness, TEEN, "Встреча «Знакомство» перенесена")
        assert "Было: чт, 3 декабря, 15:00" in told and "Стало: сб, 5 декабря, 15:00" in told
        # The teenager's parent is not in the bot: nobody else is told.
        assert said(harness, PARENT, "Встреча вашего ребёнка") == []
        async with harness.sessions() as session:
            invite = await session.get(MeetingInvite, (meeting_id, w.teen))
        assert invite is not None and invite.answer is None  # asked again

        # The old moments pass with nothing sent; the hourly rebuild plans the same.
        clock.move_to(START - timedelta(minutes=30))
        await tasks.replan(ctx)
        await scheduler.run_due(ctx, utcnow())
        await harness.sender.drain()
        assert said(harness, TEEN, REMINDED) == []
        clock.move_to(later - timedelta(hours=24))
        await scheduler.run_due(ctx, utcnow())
        await harness.sender.drain()
        [reminder] = said(harness, TEEN, REMINDED)
        assert "Через 24 часа — встреча «Знакомство» (Соколова Ирина)." in reminder
        assert "сб, 5 декабря, 15:00" in reminder and "Кабинет 12" in reminder
        assert len(said(harness, MENTOR, "Через 24 часа")) == 1
        clock.move_to(later - timedelta(hours=1))
        await scheduler.run_due(ctx, utcnow())
        await harness.sender.drain()
        assert len(said(harness, TEEN, "Через час")) == 1
        # A restart after both: nothing is sent again.
        await tasks.replan(ctx)
        assert await meeting_jobs(scheduler) == {}
        await scheduler.run_due(ctx, utcnow())
        await harness.sender.drain()
    assert len(said(harness, TEEN, REMINDED)) == 2
    assert len(said(harness, MENTOR, REMINDED)) == 2


async def test_two_moves_at_once_one_wins(harness: Harness) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        meeting_id = await create_for_teen(harness, w)
        first, second = await asyncio.gather(
            *(
                meetings.move(
                    harness.sessions,
                    meeting_id,
                    by=w.mentor,
                    version=1,
                    starts_at=START + timedelta(days=days),
                    zone=MOSCOW,
                )
                for days in (1, 2)
            )
        )
        await harness.sender.drain()
    assert sorted((first.outcome, second.outcome)) == sorted((Outcome.DONE, Outcome.STALE))
    winner = 1 if first.outcome is Outcome.DONE else 2
    async with harness.sessions() as session:
        meeting = await session.get(Meeting, meeting_id)
    assert meeting is not None and meeting.version == 2
    assert meeting.starts_at == START + timedelta(days=winner)
    assert len(said(harness, TEEN, "перенесена")) == 1


async def test_a_cancel_cancels_the_reminders(harness: Harness) -> None:
    w = await world(harness)
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(NOW, tick=False) as clock:
        result = await meetings.create(
            harness.sessions,
            by=w.mentor,
            pair_id=w.child_pair,
            starts_at=START,
            place="Кабинет 12",
            zone=MOSCOW,
            planner=planner(scheduler),
        )
        assert result.meeting_id is not None
        left_behind = dict(scheduler.jobs)  # as another process's scheduler would keep them
        cancelled = await meetings.cancel(
            harness.sessions,
            result.meeting_id,
            by=w.mentor,
            zone=MOSCOW,
            planner=planner(scheduler),
        )
        assert cancelled.outcome is Outcome.DONE
        assert await meeting_jobs(scheduler) == {}
        again = await meetings.cancel(harness.sessions, result.meeting_id, by=w.mentor, zone=MOSCOW)
        assert again.outcome is Outcome.ALREADY
        await harness.sender.drain()
        assert len(said(harness, CHILD, "«Знакомство» (чт, 3 декабря, 15:00) отменена")) == 1
        assert len(said(harness, PARENT, "Встреча вашего ребёнка (Иванова Маша) «Знакомство»")) == 1
        scheduler.jobs.update(left_behind)
        clock.move_to(START - timedelta(minutes=5))
        await tasks.replan(ctx)
        await scheduler.run_due(ctx, utcnow())
        await harness.sender.drain()
        moved = await meetings.move(
            harness.sessions,
            result.meeting_id,
            by=w.mentor,
            version=1,
            starts_at=START + timedelta(days=1),
            zone=MOSCOW,
        )
        assert moved.outcome is Outcome.NOT_PLANNED
    for user in (MENTOR, CHILD, PARENT):
        assert said(harness, user, REMINDED) == []


# ---- answers -------------------------------------------------------------------------------


async def test_answers_before_the_start_and_none_after(harness: Harness) -> None:
    w = await world(harness)
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(NOW, tick=False) as clock:
        meeting_id = await create_for_teen(harness, w, scheduler)

        async def answer(person: int, yes: bool, reason: str | None = None) -> Outcome:
            result = await meetings.answer(
                harness.sessions, meeting_id, person, yes=yes, reason=reason, zone=MOSCOW
            )
            return result.outcome

        assert await answer(w.teen, True) is Outcome.DONE
        assert await answer(w.teen, True) is Outcome.ALREADY  # a double tap
        assert await answer(w.child, True) is Outcome.NOT_INVITED  # forged: another pair's
        assert await answer(w.teen, False, "а" * 301) is Outcome.REASON_TOO_LONG
        assert await answer(w.teen, False, "Олимпиада в этот день") is Outcome.DONE
        await harness.sender.drain()
        seen = await meetings.invitees(harness.sessions, meeting_id, by=w.mentor)
        assert seen is not None
        assert [(i.person_id, i.answer, i.reason) for i in seen] == [
            (w.teen, "no", "Олимпиада в этот день")
        ]
        assert await meetings.invitees(harness.sessions, meeting_id, by=w.teen) is None
        [told] = said(harness, MENTOR, "не сможет прийти")
        assert "Петров Пётр не сможет прийти на встречу «Знакомство» чт, 3 декабря, 15:00." in told
        assert "Причина: Олимпиада в этот день" in told
        # Who said no gets no reminder; the mentor does.
        clock.move_to(START - timedelta(hours=24))
        await tasks.replan(ctx)
        await scheduler.run_due(ctx, utcnow())
        await harness.sender.drain()
        assert said(harness, TEEN, REMINDED) == []
        assert len(said(harness, MENTOR, REMINDED)) == 1
        clock.move_to(START + timedelta(minutes=1))
        assert await answer(w.teen, True) is Outcome.STARTED
    async with harness.sessions() as session:
        invite = await session.get(MeetingInvite, (meeting_id, w.teen))
        skipped = await session.scalar(
            select(MeetingReminder.outcome).where(MeetingReminder.person_id == w.teen)
        )
    assert invite is not None and invite.answer == "no" and skipped == "declined"


# ---- reminders -----------------------------------------------------------------------------


async def test_a_paused_pair_gets_no_reminders(harness: Harness) -> None:
    w = await world(harness)
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(NOW, tick=False) as clock:
        await create_for_teen(harness, w, scheduler)
        await pairs.set_paused(harness.sessions, w.teen_pair, w.teen, paused=True)
        clock.move_to(START - timedelta(hours=24))
        await scheduler.run_due(ctx, utcnow())
        await pairs.set_paused(harness.sessions, w.teen_pair, w.teen, paused=False)
        clock.move_to(START - timedelta(hours=1))
        await scheduler.run_due(ctx, utcnow())
        await harness.sender.drain()
    # The day before, paused: none; an hour before, working again: the hour's one.
    assert [t.split("\n")[0] for t in said(harness, TEEN, REMINDED)] == [
        "⏰ Через час — встреча «Знакомство» (Соколова Ирина)."
    ]
    assert len(said(harness, MENTOR, REMINDED)) == 1


async def test_withdrawn_or_blocked_people_get_no_reminders(harness: Harness) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False) as clock:
        group = await meetings.create(
            harness.sessions,
            by=w.mentor,
            pair_id=None,
            starts_at=START,
            place="Актовый зал",
            zone=MOSCOW,
        )
        assert group.meeting_id is not None
        async with harness.sessions.begin() as session:
            await session.execute(update(Person).where(Person.id == w.teen).values(role=None))
            await session.execute(
                update(Person).where(Person.id == w.child).values(is_blocked=True)
            )
        clock.move_to(START - timedelta(hours=1))
        sent = {
            person: await meeting_reminders.send_reminder(
                harness.sessions, group.meeting_id, person, 60, zone=MOSCOW
            )
            for person in (w.mentor, w.teen, w.child, w.parent)
        }
        await harness.sender.drain()
    assert sent == {
        w.mentor: Sent.SENT,
        w.teen: Sent.UNREACHABLE,
        w.child: Sent.UNREACHABLE,
        w.parent: Sent.NOT_DUE,  # not invited: the parent is told, not reminded
    }
    [reminder] = said(harness, MENTOR, REMINDED)
    assert "Через час — встреча «Знакомство» с группой." in reminder


async def test_a_reminder_is_sent_once_however_often_and_by_whomever_it_is_run(
    harness: Harness,
) -> None:
    w = await world(harness)
    with time_machine.travel(START - timedelta(hours=1), tick=False):
        meeting_id = await create_for_teen(harness, w, now=NOW)
        due = await meeting_reminders.due_reminders(harness.sessions, (timedelta(hours=1),))
        assert {(d.person_id, d.offset) for d in due} == {(w.mentor, 60), (w.teen, 60)}
        early = await meeting_reminders.send_reminder(
            harness.sessions, meeting_id, w.teen, 1440 * 4, zone=MOSCOW
        )
        assert early is Sent.NOT_DUE  # four days before: that was before it was set
        results = await asyncio.gather(  # two processes by mistake
            *(
                meeting_reminders.send_reminder(
                    harness.sessions, meeting_id, w.teen, 60, zone=MOSCOW
                )
                for _ in range(3)
            )
        )
        assert sorted(results) == sorted([Sent.SENT, Sent.ALREADY, Sent.ALREADY])
        assert await meeting_reminders.due_reminders(
            harness.sessions, (timedelta(hours=1),), meeting_id=meeting_id
        ) == [meeting_reminders.Due(meeting_id, w.mentor, 60, START - timedelta(hours=1))]
        await harness.sender.drain()
    assert len(said(harness, TEEN, REMINDED)) == 1
    async with harness.sessions() as session:
        queued = await session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == "reminder")
        )
    assert queued == 1


async def test_reminders_missed_while_the_bot_was_down(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False) as clock:
        meeting_id = await create_for_teen(harness, w)
        # Down from before the day's reminder until after it: at start-up it goes at once.
        clock.move_to(START - timedelta(hours=20))
        scheduler = FakeScheduler()
        ctx = context(harness, scheduler)
        await tasks.replan(ctx)
        ran = await scheduler.run_due(ctx, utcnow())
        assert [j for j in ran if not j.startswith("survey-")] == [f"meeting:{meeting_id}:1440"]
        await harness.sender.drain()
        assert len(said(harness, TEEN, "Через 24 часа")) == 1
        # Down again over the hour's reminder and the start: skipped, and logged.
        clock.move_to(START + timedelta(minutes=10))
        scheduler = FakeScheduler()
        ctx = context(harness, scheduler)
        with caplog.at_level(logging.INFO, logger="bot.services.meeting_reminders"):
            await tasks.replan(ctx)
            assert await scheduler.run_due(ctx, utcnow()) == [f"meeting:{meeting_id}:60"]
        await harness.sender.drain()
        await tasks.replan(ctx)
        assert await meeting_jobs(scheduler) == {}  # decided: not planned again
    assert said(harness, TEEN, "Через час") == []
    assert said(harness, MENTOR, "Через час") == []
    skipped = [r for r in caplog.records if "skipped: late" in r.getMessage()]
    assert len(skipped) == 2  # the mentor's and the teenager's


async def test_reminders_across_a_daylight_saving_change_in_berlin(harness: Harness) -> None:
    w = await world(harness)
    # Berlin leaves summer time on Sunday 25 October 2026; the meeting is at 10:00 that day.
    start = datetime(2026, 10, 25, 10, 0, tzinfo=BERLIN)
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler, BERLIN)
    with time_machine.travel(datetime(2026, 10, 20, 10, 0, tzinfo=UTC), tick=False) as clock:
        result = await meetings.create(
            harness.sessions,
            by=w.mentor,
            pair_id=w.teen_pair,
            starts_at=start,
            place="Raum 12",
            zone=BERLIN,
        )
        assert result.meeting_id is not None
        await tasks.replan(ctx)
        jobs = await meeting_jobs(scheduler)
        day = jobs[f"meeting:{result.meeting_id}:1440"]
        hour = jobs[f"meeting:{result.meeting_id}:60"]
        assert day.astimezone(UTC) == datetime(2026, 10, 24, 9, 0, tzinfo=UTC)  # 11:00 CEST
        assert hour.astimezone(UTC) == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)  # 09:00 CET
        clock.move_to(day - timedelta(minutes=1))
        assert await scheduler.run_due(ctx, utcnow()) == []
        clock.move_to(day)
        await scheduler.run_due(ctx, utcnow())
        clock.move_to(hour)
        await scheduler.run_due(ctx, utcnow())
        await harness.sender.drain()
    day_text, hour_text = said(harness, TEEN, REMINDED)
    assert "Через 24 часа" in day_text and "Через час" in hour_text
    for text in (day_text, hour_text):
        assert "вс, 25 октября, 10:00" in text  # the meeting's time in Berlin, winter time


# ---- lists ---------------------------------------------------------------------------------


async def test_upcoming_and_past_meetings_paged(harness: Harness) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False) as clock:
        made = []
        for day in range(7):
            result = await meetings.create(
                harness.sessions,
                by=w.mentor,
                pair_id=w.teen_pair,
                starts_at=NOW + timedelta(days=day, hours=2),
                place="Кабинет 12",
                zone=MOSCOW,
            )
            assert result.outcome is Outcome.DONE and result.meeting_id is not None
            made.append(result.meeting_id)
        await meetings.answer(harness.sessions, made[0], w.teen, yes=True, zone=MOSCOW)
        first = await meetings.upcoming(harness.sessions, w.teen)
        second = await meetings.upcoming(harness.sessions, w.teen, page=1)
        assert (first.total, first.pages, len(first.items), len(second.items)) == (7, 2, 5, 2)
        assert [m.starts_at for m in first.items] == sorted(m.starts_at for m in first.items)
        assert first.items[0].my_answer == "yes" and first.items[0].kind == "intro"
        mine = await meetings.upcoming(harness.sessions, w.mentor)
        assert mine.items[0].mine and mine.items[0].coming == 1 and mine.items[0].invited == 1
        assert (await meetings.upcoming(harness.sessions, w.child)).total == 0
        clock.move_to(NOW + timedelta(days=3))
        gone = await meetings.past(harness.sessions, w.teen)
        assert gone.total == 3 and gone.items[0].starts_at > gone.items[-1].starts_at
        assert (await meetings.upcoming(harness.sessions, w.teen)).total == 4


async def test_quiet_hours_wait_unless_the_meeting_is_about_to_start(harness: Harness) -> None:
    w = await world(harness)
    late = datetime(2026, 12, 3, 23, 30, tzinfo=MOSCOW)  # a meeting at half past eleven at night
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(NOW, tick=False) as clock:
        await meetings.create(
            harness.sessions,
            by=w.mentor,
            pair_id=w.teen_pair,
            starts_at=late,
            link="https://meet.example.org/night",
            zone=MOSCOW,
            planner=planner(scheduler),
        )
        # The day before at 23:30: the reminder waits for the morning.
        clock.move_to(late - timedelta(hours=24))
        await scheduler.run_due(ctx, utcnow())
        await harness.sender.drain()
        assert said(harness, TEEN, REMINDED) == []
        clock.move_to(datetime(2026, 12, 3, 9, 0, tzinfo=MOSCOW))
        await harness.sender.drain()
        assert len(said(harness, TEEN, "Через 24 часа")) == 1
        # An hour before, at 22:30: it goes at once, night or not.
        clock.move_to(late - timedelta(hours=1))
        await scheduler.run_due(ctx, utcnow())
        await harness.sender.drain()
        assert len(said(harness, TEEN, "Через час")) == 1


async def test_a_withdrawal_takes_the_persons_answers_and_reasons(harness: Harness) -> None:
    w = await world(harness)
    with time_machine.travel(START - timedelta(hours=1), tick=False):
        meeting_id = await create_for_teen(harness, w, now=NOW, agenda="Разберём проект Саши")
        said_no = await meetings.answer(
            harness.sessions, meeting_id, w.teen, yes=False, reason="Болею", zone=MOSCOW
        )
        assert said_no.outcome is Outcome.DONE
        assert (
            await meeting_reminders.send_reminder(
                harness.sessions, meeting_id, w.teen, 60, zone=MOSCOW
            )
            is Sent.DECLINED
        )
        gone = await privacy.withdraw(
            harness.sessions, w.teen, consent_version(harness.translations)
        )
        assert gone is not None
    async with harness.sessions() as session:
        for model in (MeetingInvite, MeetingReminder):
            left = await session.scalar(
                select(func.count()).select_from(model).where(model.person_id == w.teen)
            )
            assert left == 0, model
        # The mentor's agenda may name the teenager: it goes, the meeting stays counted.
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None and meeting.agenda is None
