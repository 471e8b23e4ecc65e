"""The end of a pair's term (bot/services/term.py): two weeks before the agreement runs out the
mentor is asked, once and in the daytime, to set the final meeting, unless one is planned or
held; a pause holds the question back; an ended pair gets none; a restart plans it again. The
question's button opens the new-meeting screen for that pair, checked on every press."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.setup import collect_dialogs
from aiogram_dialog.widgets.text import Format
from sqlalchemy import func, select

from bot.db.models import Consent, Meeting, OutboxMessage, Pair, PairNotice, Person, utcnow
from bot.dialogs.meetings.states import NewMeetingSG
from bot.i18n import consent_version
from bot.scheduling import tasks
from bot.services import pairs, term
from bot.services.reminders import Context
from bot.services.term import Asked, May
from bot.services.term_buttons import parse_callback
from tests.fake_scheduler import FakeScheduler
from tests.fake_telegram import Message
from tests.harness import Harness

MOSCOW = ZoneInfo("Europe/Moscow")
MENTOR, MENTEE, MENTEE_2, STRANGER = 9901, 9902, 9903, 9904
# Tuesday 1 September 2026, 10:00 in Moscow: the pairs start; three months later they end
# (1 December, 10:00), and the question is due two weeks before (17 November, 10:00).
STARTED = datetime(2026, 9, 1, 7, 0, tzinfo=UTC)
ENDS = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
DUE = datetime(2026, 11, 17, 7, 0, tzinfo=UTC)
QUESTION = "заканчивается срок соглашения"
BUTTON = "Назначить итоговую встречу"


@dataclass(frozen=True)
class World:
    mentor: int
    mentee: int
    mentee_2: int
    pair: int
    pair_2: int


async def world(harness: Harness, *, started: datetime = STARTED) -> World:
    """A mentor with two working three-month pairs (the group)."""
    for user, name in ((MENTOR, "Ирина"), (MENTEE, "Петя"), (MENTEE_2, "Маша")):
        harness.fake.add_user(user, name, has_chat=True)
    harness.fake.add_user(STRANGER, "Кирилл", has_chat=True)
    now = utcnow()
    people = {
        MENTOR: ("Соколова Ирина", "mentor", "teacher", "18plus"),
        MENTEE: ("Петров Пётр", "mentee", "student", "14to17"),
        MENTEE_2: ("Иванова Мария", "mentee", "student", "14to17"),
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
                    person_id=person.id, status="given", kind="self", text_version=version, at=now
                )
            )
        made = []
        for mentee in (MENTEE, MENTEE_2):
            pair = Pair(
                mentor_id=ids[MENTOR],
                mentee_id=ids[mentee],
                form="teacher_student",
                status="active",
                months=3,
                created_by=777,
                created_at=started,
                started_at=started,
            )
            session.add(pair)
            await session.flush()
            made.append(pair.id)
    return World(ids[MENTOR], ids[MENTEE], ids[MENTEE_2], made[0], made[1])


def context(harness: Harness, scheduler: FakeScheduler) -> Context:
    return Context(
        harness.sessions,
        harness.translations,
        scheduler,
        MOSCOW,
        consent_version(harness.translations),
    )


def questions(harness: Harness, user: int) -> list[Message]:
    return [m for m in harness.fake.bot_messages(user) if QUESTION in m.text_or_empty()]


def term_jobs(scheduler: FakeScheduler) -> dict[str, datetime]:
    return {j.id: j.at for j in scheduler.jobs.values() if j.task == term.TASK}


async def run(harness: Harness, scheduler: FakeScheduler, ctx: Context) -> list[str]:
    ran = await scheduler.run_due(ctx, datetime.now(UTC))
    await harness.sender.drain()
    return ran


def new_meeting_screen(harness: Harness) -> bool:
    """The new-meeting screen is another engineer's (bot/dialogs/meetings): until it is
    registered, a stand-in for its first state that shows the data it was started with (True:
    the stand-in is used)."""
    if any(d.states_group() is NewMeetingSG for d in collect_dialogs(harness.dispatcher)):
        return False

    async def shown(dialog_manager: DialogManager, **_: object) -> dict[str, object]:
        data = dialog_manager.start_data
        assert isinstance(data, dict)
        return {"shown": ", ".join(f"{k}={v}" for k, v in sorted(data.items()))}

    harness.dispatcher.include_router(
        Dialog(Window(Format("Новая встреча: {shown}"), state=NewMeetingSG.pair, getter=shown))
    )
    return True


# ---- the rules -----------------------------------------------------------------------------


def test_the_question_is_due_two_weeks_before_the_end_in_the_daytime() -> None:
    pair = Pair(started_at=STARTED, months=3)
    assert term.question_at(pair, MOSCOW) == DUE
    late = Pair(started_at=datetime(2026, 9, 1, 20, 30, tzinfo=UTC), months=3)  # 23:30 there
    assert term.question_at(late, MOSCOW) == datetime(2026, 11, 18, 9, 0, tzinfo=MOSCOW)
    assert term.question_at(Pair(started_at=None, months=3), MOSCOW) is None


# ---- through the scheduler, the outbox and the Dispatcher ----------------------------------


async def test_the_mentor_is_asked_two_weeks_before_the_end_once_and_a_restart_plans_it(
    harness: Harness,
) -> None:
    stand_in = new_meeting_screen(harness)
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(STARTED + timedelta(days=1), tick=False) as clock:
        w = await world(harness)
        await tasks.replan(ctx)
        assert term_jobs(scheduler) == {f"term:{w.pair}": DUE, f"term:{w.pair_2}": DUE}

        clock.move_to(DUE - timedelta(minutes=1))
        assert await run(harness, scheduler, ctx) == []
        assert questions(harness, MENTOR) == []

        clock.move_to(DUE)
        assert sorted(await run(harness, scheduler, ctx)) == [f"term:{w.pair}", f"term:{w.pair_2}"]
        asked = questions(harness, MENTOR)
        assert len(asked) == 2  # one per pair of the group
        first = asked[0].text_or_empty()
        assert "Через 14 дней заканчивается срок соглашения о наставничестве." in first
        assert "Петров Пётр" in first or "Иванова Мария" in first
        assert harness.fake.bot_messages(MENTEE) == []  # the mentor is asked, not the mentee

        # A restart: nothing is planned again, and a job run twice asks nothing twice.
        restarted = FakeScheduler()
        ctx = context(harness, restarted)
        await tasks.replan(ctx)
        assert term_jobs(restarted) == {}
        assert await term.ask_final(harness.sessions, w.pair, zone=MOSCOW) == (Asked.ALREADY, None)
        await harness.sender.drain()
        assert len(questions(harness, MENTOR)) == 2
        async with harness.sessions() as session:
            notices = (await session.scalars(select(PairNotice.key))).all()
        assert len(notices) == 2 and all(key.startswith("final:20") for key in notices)

        # The button opens the new-meeting screen for that pair, with the final type chosen.
        mine = next(m for m in asked if "Петров Пётр" in m.text_or_empty())
        screen = await harness.press(MENTOR, BUTTON, mine)
        assert screen.message_id != mine.message_id
        if stand_in:  # it shows the data it was started with
            assert screen.text_or_empty() == f"Новая встреча: kind=final, pair_id={w.pair}"
        else:  # the pair and the type are chosen already: the screen asks the day
            assert screen.text_or_empty().startswith("В какой день?")
        assert harness.last_answer().get("show_alert") is not True


async def test_a_restart_after_the_moment_asks_at_once_and_at_night_waits_for_the_morning(
    harness: Harness,
) -> None:
    with time_machine.travel(STARTED + timedelta(days=1), tick=False) as clock:
        await world(harness)
        clock.move_to(datetime(2026, 11, 17, 20, 0, tzinfo=UTC))  # down at 10:00; now 23:00
        scheduler = FakeScheduler()
        ctx = context(harness, scheduler)
        await tasks.replan(ctx)
        assert len(await run(harness, scheduler, ctx)) == 2
        assert questions(harness, MENTOR) == []  # quiet hours: queued for the morning
        async with harness.sessions() as session:
            held = await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.key == "term-final-question", OutboxMessage.sent_at.is_(None))
            )
        assert held == 2
        clock.move_to(datetime(2026, 11, 18, 6, 5, tzinfo=UTC))  # 09:05 in Moscow
        await harness.sender.drain()
        assert len(questions(harness, MENTOR)) == 2
        assert "Через 13 дней" in questions(harness, MENTOR)[0].text_or_empty()


async def test_a_paused_pairs_question_waits_for_the_resume_and_an_ended_pair_gets_none(
    harness: Harness,
) -> None:
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(STARTED + timedelta(days=1), tick=False) as clock:
        w = await world(harness)
        await tasks.replan(ctx)
        clock.move_to(DUE - timedelta(days=3))
        assert await pairs.set_paused(harness.sessions, w.pair, w.mentee, paused=True) == (
            pairs.Done.DONE
        )
        assert await pairs.end(harness.sessions, w.pair_2, by=777, reason="переезд") == (
            pairs.Done.DONE
        )
        await harness.sender.drain()

        clock.move_to(DUE)
        await run(harness, scheduler, ctx)  # both jobs run: one paused, one ended
        assert questions(harness, MENTOR) == []
        await tasks.replan(ctx)  # the hourly rebuild: neither is planned
        assert term_jobs(scheduler) == {}
        assert await term.ask_final(harness.sessions, w.pair, zone=MOSCOW) == (Asked.PAUSED, None)
        assert await term.ask_final(harness.sessions, w.pair_2, zone=MOSCOW) == (
            Asked.NOT_ACTIVE,
            None,
        )

        # The button of a paused pair says so (and opens nothing).
        clock.move_to(DUE + timedelta(days=4))
        assert await pairs.set_paused(harness.sessions, w.pair, w.mentee, paused=False) == (
            pairs.Done.DONE
        )
        await tasks.replan(ctx)  # the next hourly rebuild after the resume
        assert term_jobs(scheduler) == {f"term:{w.pair}": DUE}  # overdue: runs at once
        await run(harness, scheduler, ctx)
        [asked] = questions(harness, MENTOR)
        assert "Через 10 дней" in asked.text_or_empty()
        assert "Петров Пётр" in asked.text_or_empty()

        assert await pairs.set_paused(harness.sessions, w.pair, w.mentee, paused=True) == (
            pairs.Done.DONE
        )
        await harness.press(MENTOR, BUTTON, asked)
        assert harness.last_answer() == {
            "text": "Пара на паузе. Снимите паузу в разделе «Моя пара» (/pair), "
            "чтобы назначить встречу.",
            "show_alert": True,
        }
        assert await pairs.end(harness.sessions, w.pair, by=777, reason="переезд") == (
            pairs.Done.DONE
        )
        await harness.press(MENTOR, BUTTON, asked)
        assert harness.last_answer() == {
            "text": "Эта пара больше не работает.",
            "show_alert": True,
        }
    assert len(questions(harness, MENTOR)) == 1


async def test_a_resume_after_the_end_asks_nothing(harness: Harness) -> None:
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(STARTED + timedelta(days=1), tick=False) as clock:
        w = await world(harness)
        await pairs.set_paused(harness.sessions, w.pair, w.mentee, paused=True)
        clock.move_to(ENDS - timedelta(minutes=5))
        await pairs.set_paused(harness.sessions, w.pair, w.mentee, paused=False)
        clock.move_to(ENDS + timedelta(minutes=1))
        assert await term.ask_final(harness.sessions, w.pair, zone=MOSCOW) == (Asked.OVER, None)
        await tasks.replan(ctx)
        assert f"term:{w.pair}" not in term_jobs(scheduler)
        await run(harness, scheduler, ctx)  # the completion runs; no question
    assert questions(harness, MENTOR) == []
    async with harness.sessions() as session:
        pair = await session.get(Pair, w.pair)
    assert pair is not None and pair.status == "completed"


async def test_a_final_meeting_planned_or_held_means_no_question(harness: Harness) -> None:
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(STARTED + timedelta(days=1), tick=False) as clock:
        w = await world(harness)
        now = utcnow()
        async with harness.sessions.begin() as session:
            # The group's final meeting counts for every pair of the group.
            session.add(
                Meeting(
                    pair_id=None,
                    mentor_id=w.mentor,
                    kind="final",
                    starts_at=ENDS - timedelta(days=3),
                    place="Кабинет 12",
                    status="planned",
                    created_by=MENTOR,
                    created_at=now,
                    changed_at=now,
                    version=1,
                )
            )
        await tasks.replan(ctx)
        assert term_jobs(scheduler) == {}
        clock.move_to(DUE)
        for pair_id in (w.pair, w.pair_2):
            outcome = await term.ask_final(harness.sessions, pair_id, zone=MOSCOW)
            assert outcome == (Asked.HAS_FINAL, None)
        assert await term.may_set_meeting(
            harness.sessions, w.pair, w.mentor, "final", zone=MOSCOW
        ) == (May.HAS_FINAL)
        # A work meeting does not count; the mentee or a stranger may not open the screen.
        assert (
            await term.may_set_meeting(harness.sessions, w.pair, w.mentor, "new", zone=MOSCOW)
            == May.YES
        )
        assert await term.may_set_meeting(
            harness.sessions, w.pair, w.mentee, "final", zone=MOSCOW
        ) == (May.NOT_YOURS)
    assert questions(harness, MENTOR) == []


async def test_a_forged_term_button_changes_nothing(harness: Harness) -> None:
    with time_machine.travel(DUE, tick=False):
        w = await world(harness)
        await harness.send(STRANGER, "/start")
        # Data of a button that was never on the stranger's message.
        harness.fake.press(
            STRANGER, harness.fake.last_bot_message(STRANGER), f"term:{w.pair}:final"
        )
        await harness.deliver()
        assert harness.last_answer()["show_alert"] is True
    assert questions(harness, MENTOR) == []
    assert parse_callback(f"term:{w.pair}:final") == (w.pair, "final")
    assert parse_callback(f"term:{w.pair}:new") == (w.pair, "new")
    for forged in (
        "term:x:final",
        "term:1:drop",
        "term:1",
        "term:-1:new",
        "term:1:new:2",
        "mt:1:y",
    ):
        assert parse_callback(forged) is None
