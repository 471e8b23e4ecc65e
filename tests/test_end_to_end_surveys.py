"""A monitoring campaign over weeks of a moved clock: `python -m bot` (through
tests/clock_bot.py) against the fake Bot API over HTTP.

A mentor with a group of two working pairs (seeded). The bot starts on Monday 30 November; the
roadmap's interim survey is created at start-up and opens on Tuesday 1 December at 10:00: each
of the three is invited. The teenager answers through Telegram (four scales, a skip, a typed
answer, the summary); on Friday at 10:00 the two others are reminded, and the teenager is not;
after Sunday 20 December the campaign closes, and the pupil's late tap is refused kindly, with
the due day."""

from __future__ import annotations

import signal
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.db.engine import create_engine, create_session_factory
from bot.db.models import Consent, Pair, Person
from bot.i18n import Translations, consent_version
from tests.fake_telegram import FakeTelegram
from tests.rows import scalar
from tests.test_end_to_end import polling, wait_for
from tests.test_end_to_end_meetings import START, Side, clock_bot

ENGINES_HERE = ["sqlite"]  # long polling is one process: SQLite's (conftest.pytest_generate_tests)
MENTOR, TEEN, PUPIL = 9501, 9502, 9503
OPENS = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)  # Tuesday 10:00 in Moscow
NUDGE = datetime(2026, 12, 4, 7, 0, tzinfo=UTC)  # Friday 10:00: three days on
CLOSES = datetime(2026, 12, 20, 21, 0, tzinfo=UTC)  # the end of Sunday 20 December
EARLY = timedelta(seconds=2)
INVITED = "Как у вас идут дела в программе"
NUDGED = "Напоминаем про опрос"


async def seed(database_url: str) -> None:
    """A mentor with a teenager and a pupil, in pairs that have worked for a month (in the
    migrated database)."""
    engine = create_engine(database_url)
    try:
        version = consent_version(Translations.load())
        since = START - timedelta(days=30)
        async with create_session_factory(engine).begin() as session:
            ids = {}
            for telegram_id, name, role, category in (
                (MENTOR, "Соколова Ирина", "mentor", "teacher"),
                (TEEN, "Петров Пётр", "mentee", "student"),
                (PUPIL, "Иванова Маша", "mentee", "student"),
            ):
                person = Person(
                    telegram_id=telegram_id,
                    first_name=name.split()[1],
                    full_name=name,
                    role=role,
                    category=category,
                    age_group="18plus" if role == "mentor" else "14to17",
                    first_seen_at=since,
                    last_seen_at=since,
                )
                session.add(person)
                await session.flush()
                ids[telegram_id] = person.id
                session.add(
                    Consent(
                        person_id=person.id,
                        status="given",
                        kind="self",
                        text_version=version,
                        at=since,
                    )
                )
            for mentee in (TEEN, PUPIL):
                session.add(
                    Pair(
                        mentor_id=ids[MENTOR],
                        mentee_id=ids[mentee],
                        form="teacher_student",
                        status="active",
                        months=9,
                        created_by=503,
                        created_at=since,
                        started_at=since,
                    )
                )
    finally:
        await engine.dispose()


def has(side: Side, part: str) -> Callable[[], bool]:
    return lambda: bool(side.messages(part))


async def campaign_status(database_url: str) -> str:
    status = await scalar(database_url, "SELECT status FROM campaigns WHERE kind = 'interim'")
    return str(status or "")


def status_is(database_url: str, expected: str) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return await campaign_status(database_url) == expected

    return check


@pytest.mark.timeout(120)
@pytest.mark.usefixtures("copied_template")
async def test_a_campaign_opens_is_answered_reminds_closes_and_refuses_a_late_tap(
    tmp_path: Path, fake: FakeTelegram, database_url: str
) -> None:
    for user, name in ((MENTOR, "Ирина"), (TEEN, "Петя"), (PUPIL, "Маша")):
        fake.add_user(user, name, "ru", has_chat=True)
    fake.clock = time.time  # a message's `at` in real seconds, to read on the bot's clock
    async with clock_bot(fake, tmp_path, database_url) as (bot, _):
        await seed(database_url)
        await bot.start()
        await wait_for(polling(fake, 0), bot, "polling")
        clock = bot.clock
        mentor, teen, pupil = Side(fake, bot, MENTOR), Side(fake, bot, TEEN), Side(fake, bot, PUPIL)
        assert await campaign_status(database_url) == "planned"

        # Tuesday 10:00: the interim survey opens; each of the three is invited at its moment
        # (through a 429 and a 502: the outbox waits and sends again).
        fake.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
        fake.fail("sendMessage", 502, "Bad Gateway")
        await bot.move_clock(OPENS - EARLY)
        for side in (mentor, teen, pupil):
            await wait_for(has(side, INVITED), bot, "the invitation")
            invitation = side.messages(INVITED)[0]
            assert clock.at(invitation.at) >= OPENS
            assert "Промежуточный опрос" in invitation.text_or_empty()
            assert "до вс, 20 декабря включительно" in invitation.text_or_empty()
        assert await campaign_status(database_url) == "open"
        assert [f.times for f in fake.faults] == [0, 0]

        # The teenager answers through Telegram.
        first = await teen.tap("Пройти опрос", "1 / 6", under=teen.messages(INVITED)[0])
        assert "Насколько вам комфортно общаться с наставником?" in first.text_or_empty()
        for value, after in (("8", "2 / 6"), ("9", "3 / 6"), ("7", "4 / 6"), ("6", "5 / 6")):
            await teen.tap(value, after, exact=True)
        await teen.tap("Пропустить", "6 / 6")
        summary = await teen.say("Больше встреч после уроков", "проверьте ответы")
        assert "Больше встреч после уроков" in summary.text_or_empty()
        await teen.tap("Отправить анкету", "Спасибо! Ваши ответы сохранены")

        # Friday 10:00: the two who have not answered are reminded; the teenager is not.
        await bot.move_clock(NUDGE - EARLY)
        for side in (mentor, pupil):
            await wait_for(has(side, NUDGED), bot, "the reminder")
            assert clock.at(side.messages(NUDGED)[0].at) >= NUDGE

        # After Sunday 20 December the campaign closes; the pupil's tap is refused kindly.
        await bot.move_clock(CLOSES + timedelta(seconds=1))
        await wait_for(status_is(database_url, "closed"), bot, "the close")
        refused = await pupil.tap_for_answer("Пройти опрос", pupil.messages(NUDGED)[0])
        assert "опрос уже закрыт" in refused and "вс, 20 декабря" in refused
        assert await bot.stop(signal.SIGTERM) == 0
        log = bot.output()

    assert not teen.messages(NUDGED)
    assert len(mentor.messages(INVITED)) == len(pupil.messages(INVITED)) == 1
    assert len(mentor.messages(NUDGED)) == len(pupil.messages(NUDGED)) == 1
    answers = await scalar(
        database_url, "SELECT count(*) FROM answers WHERE questionnaire_id LIKE 'survey_mentee@%'"
    )
    answered = await scalar(
        database_url, "SELECT count(*) FROM campaign_invites WHERE answered_at IS NOT NULL"
    )
    assert (answers, answered) == (6, 1)
    assert "Traceback" not in log
