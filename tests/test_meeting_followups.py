"""After a meeting (bot/services/meeting_followups.py): «Встреча состоялась?» to the mentor and
a rating to those who said «Приду», through the real Dispatcher, the outbox and the fake
Telegram, with the clock moved — the moment it comes, one reminder the next day, a late
start-up, a job run twice or by two processes, forged and early taps, a move, a pause, a
withdrawal, and the figures the curator sees."""

from __future__ import annotations

import asyncio
import dataclasses
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
    MeetingFollowUp,
    MeetingInvite,
    OutboxMessage,
    Pair,
    Person,
    utcnow,
)
from bot.domain import meeting_followups as rules
from bot.domain.meetings import held_question_at
from bot.handlers import meeting_followups as handlers
from bot.i18n import consent_version
from bot.scheduling import tasks
from bot.services import meeting_followups, meetings, pair_figures, pairs, privacy
from bot.services.meeting_followups import Asked
from bot.services.meetings import Outcome
from bot.services.reminders import Context
from tests.fake_scheduler import FakeScheduler
from tests.fake_telegram import Message
from tests.harness import Harness

MOSCOW = ZoneInfo("Europe/Moscow")
MENTOR, TEEN, CHILD, PARENT, OTHER_MENTOR = 9901, 9902, 9903, 9904, 9905
# Monday 30 November 2026, 12:00 in Moscow; the meeting on Thursday 3 December at 15:00.
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
START = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
ASKED = datetime(2026, 12, 3, 19, 0, tzinfo=MOSCOW)  # not before 19:00 that day
HELD_Q = "Она состоялась?"
RATE_Q = "Оцените её от 1 до 5"
HELD_AGAIN = "Напоминаем: отметьте"
RATE_AGAIN = "Напоминаем: оцените"


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
    """A mentor with two working pairs (a teenager; a child under 14 whose parent is in the
    bot), and a mentor of nobody."""
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
    version = consent_version(harness.translations)
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
        for adult in (TEEN, MENTOR):
            session.add(
                Consent(
                    person_id=ids[adult], status="given", kind="self", text_version=version, at=now
                )
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


def context(harness: Harness, scheduler: FakeScheduler) -> Context:
    return Context(
        harness.sessions,
        harness.translations,
        scheduler,
        MOSCOW,
        consent_version(harness.translations),
    )


async def meeting(
    harness: Harness,
    w: World,
    *,
    pair_id: int | None = None,
    starts_at: datetime = START,
    coming: tuple[int, ...] = (),
    not_coming: tuple[int, ...] = (),
) -> int:
    """A meeting set on Monday (of the teenager's pair unless told), and the answers given."""
    result = await meetings.create(
        harness.sessions,
        by=w.mentor,
        pair_id=w.teen_pair if pair_id is None else pair_id,
        starts_at=starts_at,
        place="Кабинет 12",
        zone=MOSCOW,
        now=NOW,
    )
    assert result.outcome is Outcome.DONE and result.meeting_id is not None
    for person, yes in [(p, True) for p in coming] + [(p, False) for p in not_coming]:
        answered = await meetings.answer(
            harness.sessions, result.meeting_id, person, yes=yes, zone=MOSCOW, now=NOW
        )
        assert answered.outcome is Outcome.DONE
    return result.meeting_id


async def group_meeting(harness: Harness, w: World, starts_at: datetime = START) -> int:
    result = await meetings.create(
        harness.sessions,
        by=w.mentor,
        pair_id=None,
        starts_at=starts_at,
        place="Актовый зал",
        zone=MOSCOW,
        now=NOW,
    )
    assert result.meeting_id is not None
    return result.meeting_id


def said(harness: Harness, user: int, part: str) -> list[Message]:
    return [m for m in harness.fake.bot_messages(user) if part in m.text_or_empty()]


async def run(ctx: Context, scheduler: FakeScheduler, harness: Harness) -> list[str]:
    """The hourly rebuild and what is due now, then the outbox as the bot sends it."""
    await tasks.replan(ctx)
    ran = await scheduler.run_due(ctx, utcnow())
    await harness.sender.drain()
    return [job for job in ran if job.startswith("followup")]


async def followups(harness: Harness, meeting_id: int) -> dict[tuple[int, str], str]:
    async with harness.sessions() as session:
        rows = await session.scalars(
            select(MeetingFollowUp).where(MeetingFollowUp.meeting_id == meeting_id)
        )
        return {(r.person_id, r.step): r.outcome for r in rows}


async def the_meeting(harness: Harness, meeting_id: int) -> Meeting:
    async with harness.sessions() as session:
        found = await session.get(Meeting, meeting_id)
    assert found is not None
    return found


async def invite(harness: Harness, meeting_id: int, person_id: int) -> MeetingInvite:
    async with harness.sessions() as session:
        found = await session.get(MeetingInvite, (meeting_id, person_id))
    assert found is not None
    return found


def forged(harness: Harness, user: int, data: str) -> Message:
    """A message of the bot in the person's chat with a button carrying `data` (as a client
    that writes its own callback data would send it)."""
    own = harness.fake.last_bot_message(user)
    fake = dataclasses.replace(
        own, reply_markup={"inline_keyboard": [[{"text": "1", "callback_data": data}]]}
    )
    harness.fake.messages[user][own.message_id] = fake
    return fake


async def press_data(harness: Harness, user: int, data: str) -> str:
    await harness.press_data(user, forged(harness, user, data), data)
    return str(harness.last_answer()["text"])


# ---- the questions and the answers ---------------------------------------------------------


def test_the_question_is_due_an_hour_after_the_start_and_not_before_seven_in_the_evening() -> None:
    assert held_question_at(START, MOSCOW) == ASKED  # 15:00 → 19:00
    evening = datetime(2026, 12, 3, 18, 30, tzinfo=MOSCOW)
    assert held_question_at(evening, MOSCOW) == evening + timedelta(hours=1)
    # Asked at 19:00: reminded at 19:00 the next day; asked at night: a day after the morning.
    assert rules.again_at(ASKED, MOSCOW) == ASKED + timedelta(days=1)
    night = datetime(2026, 12, 3, 22, 30, tzinfo=MOSCOW)
    assert rules.again_at(night, MOSCOW) == datetime(2026, 12, 5, 9, 0, tzinfo=MOSCOW)


async def test_held_and_rating_come_at_their_moment_and_are_kept_once(harness: Harness) -> None:
    w = await world(harness)
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(NOW, tick=False) as clock:
        meeting_id = await meeting(harness, w, coming=(w.teen,))
        clock.move_to(ASKED - timedelta(minutes=1))
        assert await run(ctx, scheduler, harness) == []
        assert scheduler.jobs[f"followup:{meeting_id}"].at == ASKED
        assert said(harness, MENTOR, HELD_Q) == [] and said(harness, TEEN, RATE_Q) == []

        clock.move_to(ASKED)
        assert await run(ctx, scheduler, harness) == [f"followup:{meeting_id}"]
        [question] = said(harness, MENTOR, HELD_Q)
        assert question.text_or_empty() == (
            "📝 Встреча «Знакомство» (Петров Пётр) — чт, 3 декабря, 15:00.\nОна состоялась?"
        )
        data = [b["callback_data"] for b in question.buttons()]
        assert data == [f"mh:{meeting_id}:1:y", f"mh:{meeting_id}:1:n", f"mh:{meeting_id}:1:m"]
        assert [b["text"] for b in question.buttons()] == ["✅ Да", "❌ Нет", "🔁 Перенесли"]
        [rating] = said(harness, TEEN, RATE_Q)
        assert "Как прошла встреча «Знакомство» — чт, 3 декабря, 15:00?" in rating.text_or_empty()
        assert "Наставник: Соколова Ирина." in rating.text_or_empty()
        assert [b["callback_data"] for b in rating.buttons()] == [
            f"mr:{meeting_id}:{n}" for n in range(1, 6)
        ]
        assert all(len(d.encode()) <= 64 for d in data)
        assert said(harness, CHILD, RATE_Q) == [] and said(harness, PARENT, RATE_Q) == []

        # «Да»: the question becomes the record, and a note is offered.
        before = dataclasses.replace(question)
        prompt = await harness.press(MENTOR, "Да", question)
        assert harness.last_answer() == {
            "text": "Отмечено: встреча состоялась.",
            "show_alert": False,
        }
        assert (
            question.text_or_empty()
            == "📝 Встреча «Знакомство» — чт, 3 декабря, 15:00: ✅ состоялась."
        )
        assert question.buttons() == []
        assert "Хотите добавить заметку о встрече" in prompt.text_or_empty()
        assert [b["text"] for b in prompt.buttons()] == ["Без заметки"]
        too_long = await harness.send(MENTOR, "а" * 301)
        hint = harness.fake.bot_messages(MENTOR)[-2].text_or_empty()
        assert "Заметка получилась длинной: 301 символ, а можно не больше 300." in hint
        assert too_long.buttons()[0]["text"] == "Без заметки"  # the prompt again below
        done = await harness.send(MENTOR, "Обсудили план   на четверть")
        assert done.text_or_empty() == "✅ Заметка сохранена. Спасибо!"
        found = await the_meeting(harness, meeting_id)
        assert (found.status, found.outcome_at, found.outcome_note) == (
            "held",
            ASKED,
            "Обсудили план на четверть",
        )
        # A second tap of «Нет» (the message as it was before the first): the first counts.
        harness.fake.messages[MENTOR][question.message_id] = before
        await harness.press(MENTOR, "Нет", before)
        assert harness.last_answer() == {
            "text": "Вы уже отметили, что встреча состоялась. Засчитывается первый ответ.",
            "show_alert": True,
        }
        assert (await the_meeting(harness, meeting_id)).status == "held"

        # The teenager rates it; a second rating changes nothing.
        old = dataclasses.replace(rating)
        await harness.press(TEEN, "4", rating)
        assert harness.last_answer()["text"] == "Спасибо за оценку!"
        assert "Ваша оценка: ⭐⭐⭐⭐ (4 из 5)" in rating.text_or_empty()
        assert rating.buttons() == []
        harness.fake.messages[TEEN][rating.message_id] = old
        await harness.press(TEEN, "1", old)
        assert harness.last_answer()["text"] == (
            "Вы уже оценили эту встречу: 4 из 5. Засчитывается первая оценка."
        )
        answer = await invite(harness, meeting_id, w.teen)
        assert (answer.rating, answer.rated_at) == (4, ASKED)

        # The next day: answered, so no reminder.
        clock.move_to(ASKED + timedelta(days=1, hours=1))
        await run(ctx, scheduler, harness)
    assert said(harness, MENTOR, HELD_AGAIN) == [] and said(harness, TEEN, RATE_AGAIN) == []
    assert await followups(harness, meeting_id) == {
        (w.mentor, "held"): "sent",
        (w.teen, "rate"): "sent",
    }


async def test_a_mentor_may_skip_the_note_and_say_it_did_not_take_place(
    harness: Harness,
) -> None:
    w = await world(harness)
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(NOW, tick=False) as clock:
        meeting_id = await meeting(harness, w, coming=(w.teen,))
        clock.move_to(ASKED)
        await run(ctx, scheduler, harness)
        prompt = await harness.press(MENTOR, "Нет", said(harness, MENTOR, HELD_Q)[0])
        assert "почему встреча не состоялась" in prompt.text_or_empty()
        done = await harness.press(MENTOR, "Без заметки", prompt)
        assert done.text_or_empty() == "Хорошо, без заметки. Спасибо!"
        # The teenager cannot rate a meeting that did not take place.
        await harness.press(TEEN, "5", said(harness, TEEN, RATE_Q)[0])
        assert harness.last_answer()["text"] == (
            "Наставник отметил, что встреча не состоялась, — оценивать нечего."
        )
        # Nor is either reminded of it the next day.
        clock.move_to(ASKED + timedelta(days=1))
        await run(ctx, scheduler, harness)
    found = await the_meeting(harness, meeting_id)
    assert (found.status, found.outcome_note) == ("not_held", None)
    assert (await invite(harness, meeting_id, w.teen)).rating is None
    assert said(harness, MENTOR, HELD_AGAIN) == [] and said(harness, TEEN, RATE_AGAIN) == []


async def test_an_english_speaking_mentor_is_asked_in_english(harness: Harness) -> None:
    w = await world(harness)
    async with harness.sessions.begin() as session:
        await session.execute(update(Person).where(Person.id == w.mentor).values(locale="en"))
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(NOW, tick=False) as clock:
        await group_meeting(harness, w)
        clock.move_to(ASKED)
        await run(ctx, scheduler, harness)
    [question] = said(harness, MENTOR, "Did it take place?")
    assert question.text_or_empty().startswith("📝 The meeting “Introduction” with the group — ")
    assert [b["text"] for b in question.buttons()] == ["✅ Yes", "❌ No", "🔁 Moved"]


# ---- reminders, late start-ups, repeats ----------------------------------------------------


async def test_an_unanswered_question_is_reminded_once_the_next_day(harness: Harness) -> None:
    w = await world(harness)
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(NOW, tick=False) as clock:
        meeting_id = await meeting(harness, w, coming=(w.teen,))
        clock.move_to(ASKED)
        await run(ctx, scheduler, harness)
        assert scheduler.jobs[f"followup-again:{meeting_id}"].at == ASKED + timedelta(days=1)
        clock.move_to(ASKED + timedelta(days=1) - timedelta(minutes=1))
        assert await run(ctx, scheduler, harness) == []
        assert said(harness, MENTOR, HELD_AGAIN) == []
        clock.move_to(ASKED + timedelta(days=1))
        assert await run(ctx, scheduler, harness) == [f"followup-again:{meeting_id}"]
        # Run again, twice at once (two processes), and the next days: nothing more.
        await asyncio.gather(
            meeting_followups.meeting_followup_again(ctx, meeting_id=meeting_id),
            meeting_followups.meeting_followup_again(ctx, meeting_id=meeting_id),
        )
        for days in (2, 3):
            clock.move_to(ASKED + timedelta(days=days))
            await run(ctx, scheduler, harness)
        assert not [j for j in scheduler.jobs if j.startswith("followup")]
        # The reminder's buttons answer as the question's do.
        [reminder] = said(harness, MENTOR, HELD_AGAIN)
        assert "встреча «Знакомство» (Петров Пётр) — чт, 3 декабря, 15:00" in (
            reminder.text_or_empty()
        )
        await harness.press(MENTOR, "Да", reminder)
    assert len(said(harness, TEEN, RATE_AGAIN)) == 1
    assert len(said(harness, MENTOR, HELD_Q)) == 1 and len(said(harness, TEEN, RATE_Q)) == 1
    assert (await the_meeting(harness, meeting_id)).status == "held"
    assert await followups(harness, meeting_id) == {
        (w.mentor, "held"): "sent",
        (w.mentor, "held_again"): "sent",
        (w.teen, "rate"): "sent",
        (w.teen, "rate_again"): "sent",
    }


async def test_a_job_run_twice_or_by_two_processes_asks_once(harness: Harness) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False) as clock:
        meeting_id = await meeting(harness, w, coming=(w.teen,))
        clock.move_to(ASKED)
        first, second = (context(harness, FakeScheduler()) for _ in range(2))
        await asyncio.gather(
            meeting_followups.meeting_followup(first, meeting_id=meeting_id),
            meeting_followups.meeting_followup(second, meeting_id=meeting_id),
            meeting_followups.meeting_followup(first, meeting_id=meeting_id),
        )
        again = await meeting_followups.decide(
            harness.sessions, meeting_id, w.mentor, rules.Step.HELD, zone=MOSCOW
        )
        assert again is Asked.ALREADY
        await harness.sender.drain()
    assert len(said(harness, MENTOR, HELD_Q)) == 1
    assert len(said(harness, TEEN, RATE_Q)) == 1
    async with harness.sessions() as session:
        queued = await session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == "meeting")
        )
    assert queued == 3  # the invitation and the two questions


async def test_questions_missed_while_the_bot_was_down(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    w = await world(harness)
    earlier = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # Tuesday 15:00, asked at 19:00
    with time_machine.travel(NOW, tick=False) as clock:
        old = await meeting(harness, w, starts_at=earlier, coming=(w.teen,))
        recent = await meeting(harness, w, coming=(w.teen,))
        # Down from Monday until Saturday noon: Thursday's question goes, Tuesday's is too old.
        clock.move_to(datetime(2026, 12, 5, 12, 0, tzinfo=MOSCOW))
        scheduler = FakeScheduler()
        ctx = context(harness, scheduler)
        with caplog.at_level(logging.INFO, logger="bot.services.meeting_followups"):
            assert sorted(await run(ctx, scheduler, harness)) == [
                f"followup:{old}",
                f"followup:{recent}",
            ]
        # Its reminder: a day after it was asked.
        assert scheduler.jobs[f"followup-again:{recent}"].at == utcnow() + timedelta(days=1)
        await tasks.replan(ctx)
        assert {j for j in scheduler.jobs if j.startswith("followup")} == {
            f"followup-again:{recent}"
        }
    [question] = said(harness, MENTOR, HELD_Q)
    assert "чт, 3 декабря" in question.text_or_empty()
    assert len(said(harness, TEEN, RATE_Q)) == 1
    assert await followups(harness, old) == {(w.mentor, "held"): "late", (w.teen, "rate"): "late"}
    late = [r for r in caplog.records if r.getMessage().endswith(": late")]
    assert len(late) == 2


async def test_a_late_evening_meeting_is_asked_about_in_the_morning(harness: Harness) -> None:
    w = await world(harness)
    late = datetime(2026, 12, 3, 20, 30, tzinfo=MOSCOW)
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(NOW, tick=False) as clock:
        await meeting(harness, w, starts_at=late)
        clock.move_to(late + timedelta(hours=1))  # 21:30: queued, but not sent at night
        assert len(await run(ctx, scheduler, harness)) == 1
        assert said(harness, MENTOR, HELD_Q) == []
        clock.move_to(datetime(2026, 12, 4, 9, 0, tzinfo=MOSCOW))
        await harness.sender.drain()
        assert len(said(harness, MENTOR, HELD_Q)) == 1
        # The reminder a day after it reached her: Saturday morning.
        clock.move_to(datetime(2026, 12, 5, 9, 0, tzinfo=MOSCOW))
        await run(ctx, scheduler, harness)
    assert len(said(harness, MENTOR, HELD_AGAIN)) == 1


# ---- refusals ------------------------------------------------------------------------------


async def test_forged_early_and_cancelled_answers_are_refused(harness: Harness) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False) as clock:
        meeting_id = await meeting(harness, w, coming=(w.teen,))
        cancelled = await meeting(harness, w, coming=(w.teen,))
        group = await group_meeting(harness, w)
        await meetings.answer(harness.sessions, group, w.child, yes=False, zone=MOSCOW, now=NOW)
        await meetings.cancel(harness.sessions, cancelled, by=w.mentor, zone=MOSCOW, now=NOW)
        await harness.sender.drain()
        await harness.send(OTHER_MENTOR, "/help")
        await harness.send(MENTOR, "/help")
        # Before the meeting: too early, even for its mentor.
        assert await press_data(harness, MENTOR, f"mh:{meeting_id}:1:y") == (
            "Встреча ещё не началась — ответить можно будет после неё."
        )
        assert await press_data(harness, TEEN, f"mr:{meeting_id}:5") == (
            "Встреча ещё не началась — ответить можно будет после неё."
        )
        clock.move_to(ASKED)
        refused = {
            "another mentor": await press_data(harness, OTHER_MENTOR, f"mh:{meeting_id}:1:y"),
            "a mentee": await press_data(harness, TEEN, f"mh:{meeting_id}:1:n"),
            "a move by another": await press_data(harness, OTHER_MENTOR, f"mh:{meeting_id}:1:m"),
            "not invited": await press_data(harness, CHILD, f"mr:{meeting_id}:5"),
            "said no": await press_data(harness, CHILD, f"mr:{group}:5"),
            "the mentor rates": await press_data(harness, MENTOR, f"mr:{meeting_id}:5"),
            "cancelled": await press_data(harness, MENTOR, f"mh:{cancelled}:1:y"),
            "rated cancelled": await press_data(harness, TEEN, f"mr:{cancelled}:5"),
            "no such": await press_data(harness, MENTOR, "mh:4040:1:y"),
            "stale": await press_data(harness, MENTOR, f"mh:{meeting_id}:7:y"),
            "garbage": await press_data(harness, MENTOR, f"mh:{meeting_id}:1:x"),
            "six stars": await press_data(harness, TEEN, f"mr:{meeting_id}:6"),
        }
    only_mentor = "Ответить на этот вопрос может только наставник, который проводил встречу."
    not_invited = "Оценить встречу могут только те, кто собирался на неё прийти."
    assert refused == {
        "another mentor": only_mentor,
        "a mentee": only_mentor,
        "a move by another": only_mentor,
        "not invited": not_invited,
        "said no": not_invited,
        "the mentor rates": not_invited,
        "cancelled": "Эта встреча отменена.",
        "rated cancelled": "Эта встреча отменена.",
        "no such": "Такой встречи нет.",
        "stale": (
            "Встречу уже перенесли, и этот вопрос о прежнем времени. "
            "Мы спросим снова после новой встречи."
        ),
        "garbage": harness.translations.get("ru").plain("fallback-button"),
        "six stars": harness.translations.get("ru").plain("fallback-button"),
    }
    for found in [await the_meeting(harness, i) for i in (meeting_id, cancelled, group)]:
        assert found.outcome_at is None and found.status in ("planned", "cancelled")
    async with harness.sessions() as session:
        assert (
            await session.scalar(
                select(func.count())
                .select_from(MeetingInvite)
                .where(MeetingInvite.rating.is_not(None))
            )
            == 0
        )


async def test_moved_opens_the_move_and_the_question_comes_again_after_the_new_time(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[int] = []

    async def open_move(dialog_manager: object, meeting_id: int) -> None:
        opened.append(meeting_id)

    monkeypatch.setattr(handlers, "open_move", open_move)
    w = await world(harness)
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    later = START + timedelta(days=2)  # Saturday 15:00
    with time_machine.travel(NOW, tick=False) as clock:
        meeting_id = await meeting(harness, w, coming=(w.teen,))
        clock.move_to(ASKED)
        await run(ctx, scheduler, harness)
        question = said(harness, MENTOR, HELD_Q)[0]
        await harness.press(MENTOR, "Перенесли", question)
        assert opened == [meeting_id]
        found = await the_meeting(harness, meeting_id)
        assert (found.status, found.starts_at, found.version) == ("planned", START, 1)
        moved = await meetings.move(
            harness.sessions, meeting_id, by=w.mentor, version=1, starts_at=later, zone=MOSCOW
        )
        assert moved.outcome is Outcome.DONE
        # The old question's buttons speak of the old time now.
        await harness.press(MENTOR, "Да", question)
        assert "Встречу уже перенесли" in str(harness.last_answer()["text"])
        await meetings.answer(harness.sessions, meeting_id, w.teen, yes=True, zone=MOSCOW)
        # The day after the old time: no reminder of the old question.
        clock.move_to(ASKED + timedelta(days=1))
        await run(ctx, scheduler, harness)
        assert said(harness, MENTOR, HELD_AGAIN) == []
        # After the new time: asked again, about the new time.
        clock.move_to(ASKED + timedelta(days=2))
        assert await run(ctx, scheduler, harness) == [f"followup:{meeting_id}"]
    questions = said(harness, MENTOR, HELD_Q)
    assert len(questions) == 2 and "сб, 5 декабря, 15:00" in questions[1].text_or_empty()
    assert questions[1].button("Да")["callback_data"] == f"mh:{meeting_id}:2:y"
    assert len(said(harness, TEEN, RATE_Q)) == 2


async def test_the_move_screen_opens_for_the_meeting(harness: Harness) -> None:
    """«Перенесли» opens the dialog of the move, with the meeting's id."""
    w = await world(harness)
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(NOW, tick=False) as clock:
        meeting_id = await meeting(harness, w)
        clock.move_to(ASKED)
        await run(ctx, scheduler, harness)
        before = len(harness.fake.bot_messages(MENTOR))
        await harness.press(MENTOR, "Перенесли", said(harness, MENTOR, HELD_Q)[0])
    assert harness.last_answer()["show_alert"] is False
    assert len(harness.fake.bot_messages(MENTOR)) == before + 1  # the move's first screen
    assert (await the_meeting(harness, meeting_id)).status == "planned"


# ---- who is asked --------------------------------------------------------------------------


async def test_a_paused_pair_waits_an_ended_one_and_a_blocked_person_get_nothing(
    harness: Harness,
) -> None:
    w = await world(harness)
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(NOW, tick=False) as clock:
        teens = await meeting(harness, w, coming=(w.teen,))
        childs = await meeting(harness, w, pair_id=w.child_pair, coming=(w.child,))
        await pairs.set_paused(harness.sessions, w.teen_pair, w.teen, paused=True)
        await pairs.end(harness.sessions, w.child_pair, by=777, reason="переезд")
        clock.move_to(ASKED)
        await run(ctx, scheduler, harness)
        assert await followups(harness, teens) == {
            (w.mentor, "held"): "waiting",
            (w.teen, "rate"): "waiting",
        }
        assert await followups(harness, childs) == {
            (w.mentor, "held"): "ended",
            (w.child, "rate"): "ended",
        }
        # Five days of a pause (longer than a bot may be down), then resumed: asked.
        clock.move_to(ASKED + timedelta(days=5))
        await run(ctx, scheduler, harness)
        assert said(harness, MENTOR, HELD_Q) == []
        await pairs.set_paused(harness.sessions, w.teen_pair, w.teen, paused=False)
        clock.move_to(ASKED + timedelta(days=5, hours=1))
        await run(ctx, scheduler, harness)
        [question] = said(harness, MENTOR, HELD_Q)
        assert "Петров Пётр" in question.text_or_empty()
        assert len(said(harness, TEEN, RATE_Q)) == 1
        assert said(harness, CHILD, RATE_Q) == []

        # A group meeting: a mentee who blocked the bot is not asked; the mentor is.
        group = await group_meeting(harness, w, starts_at=START + timedelta(days=7))
        await meetings.answer(harness.sessions, group, w.teen, yes=True, zone=MOSCOW, now=NOW)
        harness.fake.block(TEEN)
        await harness.deliver()
        clock.move_to(ASKED + timedelta(days=7))
        await run(ctx, scheduler, harness)
    assert await followups(harness, group) == {
        (w.mentor, "held"): "sent",
        (w.teen, "rate"): "unreachable",
    }
    assert "с группой" in said(harness, MENTOR, HELD_Q)[-1].text_or_empty()


async def test_a_withdrawal_erases_the_followups_and_blanks_the_notes(harness: Harness) -> None:
    w = await world(harness)
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(NOW, tick=False) as clock:
        teens = await meeting(harness, w, coming=(w.teen,))
        group = await group_meeting(harness, w)
        await meetings.answer(harness.sessions, group, w.child, yes=True, zone=MOSCOW, now=NOW)
        clock.move_to(ASKED)
        await run(ctx, scheduler, harness)
        for meeting_id, note in ((teens, "Пётр рассказал о проекте"), (group, "Маша опоздала")):
            held = await meeting_followups.answer_held(
                harness.sessions, meeting_id, by=w.mentor, version=1, held=True
            )
            assert held.outcome is meeting_followups.Answer.DONE
            saved = await meeting_followups.save_note(
                harness.sessions, meeting_id, by=w.mentor, note=note
            )
            assert saved.outcome is meeting_followups.Answer.DONE
        gone = await privacy.withdraw(
            harness.sessions, w.teen, consent_version(harness.translations)
        )
        assert gone is not None
        again = await meeting_followups.decide(
            harness.sessions, teens, w.teen, rules.Step.RATE, zone=MOSCOW
        )
        assert again is Asked.NOT_DUE  # the answer «Приду» went too: not asked again
    async with harness.sessions() as session:
        left = await session.scalar(
            select(func.count())
            .select_from(MeetingFollowUp)
            .where(MeetingFollowUp.person_id == w.teen)
        )
        assert left == 0
        notes = list(await session.scalars(select(Meeting.outcome_note).order_by(Meeting.id)))
        statuses = list(await session.scalars(select(Meeting.status).order_by(Meeting.id)))
    assert notes == [None, None]  # either may name him (the group's: any mentee)
    assert statuses == ["held", "held"]  # the meetings stay counted
    assert await followups(harness, teens) == {(w.mentor, "held"): "sent"}


# ---- figures -------------------------------------------------------------------------------


async def test_figures_per_pair_for_the_curator(harness: Harness) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False) as clock:
        first = await meeting(harness, w, coming=(w.teen,))
        group = await group_meeting(harness, w)
        for person in (w.teen, w.child):
            await meetings.answer(harness.sessions, group, person, yes=True, zone=MOSCOW, now=NOW)
        not_held = await meeting(harness, w, coming=(w.teen,))
        cancelled = await meeting(harness, w)
        await meetings.cancel(harness.sessions, cancelled, by=w.mentor, zone=MOSCOW)
        ahead = await group_meeting(harness, w, starts_at=START + timedelta(days=7))
        assert ahead
        clock.move_to(ASKED)
        for meeting_id, held in ((first, True), (group, True), (not_held, False)):
            await meeting_followups.answer_held(
                harness.sessions, meeting_id, by=w.mentor, version=1, held=held
            )
        for meeting_id, person, stars in (
            (first, w.teen, 4),
            (group, w.teen, 5),
            (group, w.child, 2),
        ):
            rated = await meeting_followups.rate(harness.sessions, meeting_id, person, stars)
            assert rated.outcome is meeting_followups.Answer.DONE
        found = await pair_figures.figures(harness.sessions, [w.teen_pair, w.child_pair, 4040])
    seen = {pair: (f.held, f.planned, f.last_held, f.rating) for pair, f in found.items()}
    assert seen == {
        w.teen_pair: (2, 1, START, 4.5),
        w.child_pair: (1, 1, START, 2.0),
        4040: (0, 0, None, None),
    }
