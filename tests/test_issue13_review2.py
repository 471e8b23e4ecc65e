"""Issue 13 review, second round: the individual plan, the end of a term, the curator's figures
and nudges, and the questions after a meeting, attacked as real people and a strict Telegram
would. Each test names what a person expects; its docstring says what goes wrong now."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import time_machine
from sqlalchemy import update

from bot.db.models import Consent, Meeting, MeetingInvite, Pair, Person, utcnow
from bot.i18n import consent_version
from bot.scheduling import tasks
from bot.services import meeting_followups, pair_figures, plan, term
from bot.services.meeting_followups import Answer
from bot.services.notify import LINES_ROOM, _fitting
from tests import test_meeting_followups as followups_world
from tests import test_pair_figures as figures_world
from tests import test_plan as plan_world
from tests import test_term as term_world
from tests.conftest import CURATOR_ID
from tests.fake_scheduler import FakeScheduler
from tests.fake_telegram.html import utf16_len
from tests.harness import Harness

SOMETHING_WRONG = "Что-то пошло не так"


# ---- the plan -----------------------------------------------------------------------------


async def test_the_weekly_digest_of_ten_long_overdue_tasks_reads_as_a_list(
    harness: Harness,
) -> None:
    """Ten overdue tasks with titles near the 300-character limit: the digest's lines are one
    Fluent placeable of about 3,200 characters, past fluent.runtime's MAX_PART_LENGTH (2,500).
    The translation fails and both the mentor and the mentee get a message that reads
    «{???}» (logged as "Too many characters in placeable")."""
    w = await plan_world.world(harness)
    with time_machine.travel(plan_world.NOW, tick=False) as clock:
        for n in range(10):
            title = f"{n} " + "Прочитать главу " * 18
            await plan_world.add(harness, w.mentor, w.teen_pair, title, date(2026, 12, 2))
        clock.move_to(plan_world.DIGEST)
        ctx = plan_world.context(harness, FakeScheduler())
        assert await plan.send_digests(harness.sessions, ctx.plan_digest, plan_world.MOSCOW) == 1
        await harness.sender.drain()
    for user in (plan_world.MENTOR, plan_world.TEEN):
        digest = harness.fake.bot_messages(user)[-1].text_or_empty()
        assert "{???}" not in digest
        assert digest.startswith("⏰ Просроченные задачи")
        assert "• «9 Прочитать главу" in digest


# ---- the curator's list --------------------------------------------------------------------


async def test_the_pairs_list_with_two_hundred_pairs_and_their_figures_fits_one_message(
    harness: Harness,
) -> None:
    """/pairs with 200 working pairs of people with short names: `fit` cuts the list at
    3,996 characters counted by `len`, but each figures line («🗓 … · 📋 … · 🕓 …») holds three
    characters that are two UTF-16 units each, as Telegram counts. The text passes 4,096 units,
    Telegram refuses it ("message is too long") and the curator gets «Что-то пошло не так»
    instead of the list."""
    harness.fake.add_user(CURATOR_ID, "Ольга", has_chat=True)
    now = utcnow()
    version = consent_version(harness.translations)
    async with harness.sessions.begin() as session:
        for n in range(200):
            people = []
            for role in ("mentor", "mentee"):
                person = Person(
                    telegram_id=30000 + 2 * n + (role == "mentee"),
                    first_name="Ан",
                    full_name="Ли Ан",
                    role=role,
                    category="teacher" if role == "mentor" else "student",
                    age_group="18plus" if role == "mentor" else "14to17",
                    first_seen_at=now,
                    last_seen_at=now,
                )
                session.add(person)
                await session.flush()
                session.add(
                    Consent(
                        person_id=person.id,
                        status="given",
                        kind="self",
                        text_version=version,
                        at=now,
                    )
                )
                people.append(person.id)
            session.add(
                Pair(
                    mentor_id=people[0],
                    mentee_id=people[1],
                    form="teacher_student",
                    status="active",
                    months=9,
                    created_by=CURATOR_ID,
                    created_at=now,
                    started_at=now,
                )
            )
    shown = await harness.send(CURATOR_ID, "/pairs")
    texts = [m.text_or_empty() for m in harness.fake.bot_messages(CURATOR_ID)]
    assert not any(SOMETHING_WRONG in text for text in texts)
    assert "Пары" in shown.text_or_empty() and "🗓" in shown.text_or_empty()
    assert utf16_len(shown.text_or_empty()) <= 4096


# ---- the end of a term ---------------------------------------------------------------------


async def test_an_extended_pair_is_asked_about_its_final_meeting_before_its_new_end(
    harness: Harness,
) -> None:
    """A three-month pair is asked two weeks before its end, then both sides extend it by three
    months. Two weeks before the new end nobody asks again: the `final` notice of the pair is
    once for ever, so `planned` lists no job and `ask_final` says ALREADY."""
    scheduler = FakeScheduler()
    ctx = term_world.context(harness, scheduler)
    with time_machine.travel(term_world.STARTED + timedelta(days=1), tick=False) as clock:
        w = await term_world.world(harness)
        await tasks.replan(ctx)
        clock.move_to(term_world.DUE)
        await term_world.run(harness, scheduler, ctx)
        assert len(term_world.questions(harness, term_world.MENTOR)) == 2
        # Extended by both sides (as `agreements.answer_extension` does): three months more.
        clock.move_to(term_world.DUE + timedelta(days=3))
        async with harness.sessions.begin() as session:
            await session.execute(update(Pair).where(Pair.id == w.pair).values(months=6))
        # Two weeks before the new end (1 March 2027, 10:00 in Moscow).
        clock.move_to(datetime(2027, 2, 15, 7, 0, tzinfo=UTC))
        await tasks.replan(ctx)
        await term_world.run(harness, scheduler, ctx)
        await term.ask_final(harness.sessions, w.pair, zone=term_world.MOSCOW)
        await harness.sender.drain()
    asked = term_world.questions(harness, term_world.MENTOR)
    assert len([m for m in asked if "Петров Пётр" in m.text_or_empty()]) == 2


async def test_a_group_final_meeting_months_before_a_longer_pairs_end_is_not_its_final_one(
    harness: Harness,
) -> None:
    """A group of a three-month pair and a nine-month pair: the mentor holds the group's
    итоговая встреча when the short pair ends. `has_final` counts any final group meeting since
    the pair started, so two weeks before the nine-month pair's end, six months later, its
    mentor is not asked to set its final meeting."""
    scheduler = FakeScheduler()
    ctx = term_world.context(harness, scheduler)
    with time_machine.travel(term_world.STARTED + timedelta(days=1), tick=False) as clock:
        w = await term_world.world(harness)
        async with harness.sessions.begin() as session:
            await session.execute(update(Pair).where(Pair.id == w.pair_2).values(months=9))
            session.add(
                Meeting(
                    pair_id=None,
                    mentor_id=w.mentor,
                    kind="final",
                    starts_at=term_world.ENDS - timedelta(days=3),
                    place="Кабинет 12",
                    status="held",
                    created_by=term_world.MENTOR,
                    created_at=utcnow(),
                    changed_at=utcnow(),
                    version=1,
                )
            )
        # Two weeks before the nine-month pair's end (1 June 2027, 10:00 in Moscow).
        clock.move_to(datetime(2027, 5, 18, 7, 0, tzinfo=UTC))
        await tasks.replan(ctx)
        await term_world.run(harness, scheduler, ctx)
        await term.ask_final(harness.sessions, w.pair_2, zone=term_world.MOSCOW)
        await harness.sender.drain()
    asked = term_world.questions(harness, term_world.MENTOR)
    assert [m for m in asked if "Иванова Мария" in m.text_or_empty()]


# ---- the curator's figures -----------------------------------------------------------------


async def test_a_group_meeting_the_mentee_said_they_would_not_come_to_is_not_the_pairs_meeting(
    harness: Harness,
) -> None:
    """The mentor of a group held a group meeting five days ago; one mentee had answered «Не
    смогу». Her pair has not met for two months, but `_met_since` (and the figures' `_links`)
    count any group meeting the mentee was invited to, whatever she answered: the pair drops
    out of «Без встреч 30 дней» and its card says a meeting was held five days ago."""
    with time_machine.travel(figures_world.NOW, tick=False):
        w = await figures_world.world(harness)
        mentee = w.ids[figures_world.M2]
        async with harness.sessions.begin() as session:
            group = Meeting(
                pair_id=None,
                mentor_id=w.ids[figures_world.MENTOR_A],
                kind="work",
                starts_at=figures_world.NOW - timedelta(days=5),
                place="Актовый зал",
                status="held",
                created_by=figures_world.MENTOR_A,
                created_at=figures_world.LONG_AGO,
                changed_at=figures_world.LONG_AGO,
                version=1,
            )
            session.add(group)
            await session.flush()
            session.add(MeetingInvite(meeting_id=group.id, person_id=mentee, answer="no"))
            session.add(
                MeetingInvite(meeting_id=group.id, person_id=w.ids[figures_world.M1], answer="yes")
            )
        quiet = await pair_figures.quiet(harness.sessions, zone=figures_world.MOSCOW)
        found = await pair_figures.figures(harness.sessions, [w.p2])
    assert w.p2 in [q.pair_id for q in quiet]
    assert found[w.p2].held == 1  # the group's meeting 40 days ago, which she came to


# ---- after a meeting -----------------------------------------------------------------------


async def test_a_rating_of_a_meeting_the_mentor_says_did_not_take_place_is_not_counted(
    harness: Harness,
) -> None:
    """The mentee rates the meeting «1» as soon as the question comes; then the mentor answers
    «Нет» (it did not take place). A rating after «Нет» is refused (NOT_HELD), but the one
    given before stays and `pair_figures` averages it into the pair's mean rating: the curator
    sees «⭐ 1,0» for a meeting that never happened."""
    w = await followups_world.world(harness)
    with time_machine.travel(followups_world.NOW, tick=False) as clock:
        meeting_id = await followups_world.meeting(harness, w, coming=(w.teen,))
        clock.move_to(followups_world.ASKED)
        rated = await meeting_followups.rate(harness.sessions, meeting_id, w.teen, 1)
        assert rated.outcome is Answer.DONE
        said = await meeting_followups.answer_held(
            harness.sessions, meeting_id, by=w.mentor, version=1, held=False
        )
        assert said.outcome is Answer.DONE
        found = await pair_figures.figures(harness.sessions, [w.teen_pair])
    assert found[w.teen_pair].rating is None
    assert found[w.teen_pair].ratings == 0


def test_a_list_inside_a_message_stays_within_what_fluent_takes() -> None:
    """Fluent refuses an argument over 2,500 characters (the message becomes «{???}»): a list
    that long is cut, with «…» for the rest."""
    text = _fitting([f"• {n} " + "слово " * 80 for n in range(10)])
    assert len(text) <= LINES_ROOM and text.endswith("\n…")
    assert _fitting(["• a", "• b"]) == "• a\n• b"
