"""Meetings over HTTP with the clock moved: `python -m bot` (through tests/clock_bot.py, which
moves the process's clock) against the fake Bot API, which refuses some calls with 429 and 502.

A mentor and a teenager in a working pair (seeded in the database). Through Telegram only: the
mentor sets a meeting with the calendar and a time button, the teenager says «Приду»; the clock
moves, and the reminder 24 hours before comes at its moment, to both; the mentor moves the
meeting (the old time's reminder never comes, the new time's do) and cancels a second one (none
of its reminders come); the bot is killed while the mentor's reminder an hour before is being
sent (the teenager's has gone), and after the restart it comes once, and the teenager's is not
repeated; in the evening «Встреча состоялась?» is answered
«Да», the teenager rates the meeting, and a task the mentor adds to the plan is marked done by
the teenager."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.db.engine import create_engine, create_session_factory
from bot.db.models import Consent, Pair, Person
from bot.i18n import Translations, consent_version
from tests.clock_bot import applied_path, write_atomically
from tests.fake_telegram import FakeTelegram, FakeTelegramServer, Message
from tests.rows import rows, scalar
from tests.test_end_to_end import BotProcess, bot_env, polling, wait_for

ENGINES_HERE = ["sqlite"]  # long polling is one process: SQLite's (conftest.pytest_generate_tests)
MENTOR, TEEN = 9701, 9702
# Monday 30 November 2026, 12:00 in Moscow (TIMEZONE=Europe/Moscow, UTC+3).
START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
FIRST = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)  # Thursday 15:00: the first meeting
SECOND = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)  # Thursday 17:00: cancelled
MOVED = datetime(2026, 12, 4, 13, 0, tzinfo=UTC)  # Friday 16:00: the first meeting, moved
ASKED = datetime(2026, 12, 4, 16, 0, tzinfo=UTC)  # Friday 19:00: «Встреча состоялась?»
DAY, HOUR = timedelta(hours=24), timedelta(hours=1)
IN_24 = "⏰ Через 24 часа"
IN_1 = "⏰ Через час"
EARLY = timedelta(seconds=3)  # the clock is moved this long before a moment, to see it come


class BotClock:
    """The test's view of the bot's clock: `START` at `origin` (real time), ticking, moved
    forward by `shift` seconds through the control file that tests/clock_bot.py follows."""

    def __init__(self, control: Path) -> None:
        self.control = control
        self.origin = time.time()
        self.shift = 0.0

    def env(self) -> dict[str, str]:
        return {
            "CLOCK_START": START.isoformat(),
            "CLOCK_ORIGIN": repr(self.origin),
            "CLOCK_FILE": str(self.control),
        }

    def at(self, real: float) -> datetime:
        """What the bot's clock read at the real moment `real` (Unix seconds)."""
        return START + timedelta(seconds=real - self.origin + self.shift)

    def now(self) -> datetime:
        return self.at(time.time())

    def move_to(self, moment: datetime) -> None:
        self.shift += (moment - self.now()).total_seconds()
        write_atomically(self.control, repr(self.shift))

    def applied(self) -> bool:
        try:
            return float(applied_path(self.control).read_text(encoding="utf-8")) == self.shift
        except (FileNotFoundError, ValueError):
            return False

    async def until(self, moment: datetime) -> None:
        await asyncio.sleep(max((moment - self.now()).total_seconds(), 0))


class ClockBot(BotProcess):
    """`python -m tests.clock_bot`: the bot on the moved clock."""

    def __init__(self, env: dict[str, str], log: Path, cwd: Path, clock: BotClock) -> None:
        super().__init__({**env, **clock.env()}, log, cwd)
        self.clock = clock

    async def start(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            applied_path(self.clock.control).unlink()
        with self.log.open("a") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tests.clock_bot",
                env=self.env,
                cwd=self.cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        # Polling starts after the scheduler, which starts to follow the clock's file.
        await wait_for(self.clock.applied, self, "the bot on the moved clock", timeout=90)

    async def move_clock(self, moment: datetime) -> None:
        self.clock.move_to(moment)
        await wait_for(self.clock.applied, self, f"the clock moved to {moment}")


@asynccontextmanager
async def clock_bot(
    fake: FakeTelegram, tmp_path: Path, database_url: str
) -> AsyncIterator[tuple[ClockBot, str]]:
    async with FakeTelegramServer(fake) as server:
        env = bot_env(fake, server.url, database_url)
        env.update(TIMEZONE="Europe/Moscow", MEETING_REMINDERS="24h,1h")
        bot = ClockBot(env, tmp_path / "bot.log", tmp_path, BotClock(tmp_path / "clock"))
        try:
            yield bot, database_url
        finally:
            if bot.process is not None and bot.process.returncode is None:
                bot.process.kill()
                await bot.process.wait()
            fake.end_long_polls()


async def seed(database_url: str) -> None:
    """A mentor and a teenager (with consent) in a pair that has worked for a week (in the
    migrated database)."""
    engine = create_engine(database_url)
    try:
        version = consent_version(Translations.load())
        since = START - timedelta(days=7)
        async with create_session_factory(engine).begin() as session:
            ids = {}
            for telegram_id, name, role, category, age in (
                (MENTOR, "Соколова Ирина", "mentor", "teacher", "18plus"),
                (TEEN, "Петров Пётр", "mentee", "student", "14to17"),
            ):
                person = Person(
                    telegram_id=telegram_id,
                    first_name=name.split()[1],
                    full_name=name,
                    role=role,
                    category=category,
                    age_group=age,
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
            session.add(
                Pair(
                    mentor_id=ids[MENTOR],
                    mentee_id=ids[TEEN],
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


async def unsent(database_url: str) -> int:
    """Messages in the outbox not recorded as sent."""
    query = "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND dropped_at IS NULL"
    return int(await scalar(database_url, query))


@dataclass
class Side:
    """One person at their phone: types, taps, and waits for what the bot shows."""

    fake: FakeTelegram
    bot: ClockBot
    user: int

    @staticmethod
    def screen(message: Message) -> str:
        labels = " | ".join(str(button["text"]) for button in message.buttons())
        return f"{message.text_or_empty()}\n[{labels}] (edited {message.edits} times)"

    def messages(self, part: str = "") -> list[Message]:
        return [m for m in self.fake.bot_messages(self.user) if part in m.text_or_empty()]

    async def _shown(self, expect: str, since: int, edited: Message | None, edits: int) -> Message:
        def found() -> Message | None:
            for message in reversed(self.fake.bot_messages(self.user)[since:]):
                if expect in message.text_or_empty():
                    return message
            if edited is not None and edited.edits > edits and expect in edited.text_or_empty():
                return edited
            return None

        try:
            await wait_for(lambda: found() is not None, self.bot, f"{expect!r} for {self.user}")
        except pytest.fail.Exception as failed:
            screens = "\n---\n".join(self.screen(m) for m in self.fake.bot_messages(self.user)[-3:])
            answers = [q.answer for q in self.fake.callback_queries.values()][-3:]
            pytest.fail(
                f"{failed}\nThe last messages:\n{screens}\nThe last answers: {answers}\n"
                f"Refused: {self.fake.refusals[-5:]}\nCalls: {self.fake.requests[-6:]}"
            )
        shown = found()
        assert shown is not None
        return shown

    async def say(self, text: str, expect: str) -> Message:
        sent = self.fake.bot_messages(self.user)
        last = sent[-1] if sent else None
        edits = last.edits if last else 0
        self.fake.user_message(self.user, text)
        return await self._shown(expect, len(sent), last, edits)

    def _press(self, label: str, exact: bool, under: Message | None) -> tuple[Message, str]:
        """Press the button on `under` (or the newest message that has it); the query's id."""
        candidates = [under] if under else reversed(self.fake.bot_messages(self.user))
        for message in candidates:
            for button in message.buttons():
                text = str(button["text"])
                if text == label if exact else label in text:
                    update = self.fake.press(self.user, message, button["callback_data"])
                    return message, str(update["callback_query"]["id"])
        raise AssertionError(f"no button {label!r} for {self.user}")

    async def tap(
        self, label: str, expect: str, *, exact: bool = False, under: Message | None = None
    ) -> Message:
        since = len(self.fake.bot_messages(self.user))
        edits = (under or self._with_button(label, exact)).edits
        pressed, _ = self._press(label, exact, under)
        return await self._shown(expect, since, pressed, edits)

    async def tap_for_answer(self, label: str, under: Message) -> str:
        """Press a button that answers with a toast or an alert; its text."""
        _, query = self._press(label, False, under)
        state = self.fake.callback_queries[query]
        await wait_for(lambda: state.answered, self.bot, f"the answer to {label!r}")
        assert state.answer is not None
        return str(state.answer["text"] or "")

    def _with_button(self, label: str, exact: bool) -> Message:
        for message in reversed(self.fake.bot_messages(self.user)):
            for button in message.buttons():
                text = str(button["text"])
                if text == label if exact else label in text:
                    return message
        raise AssertionError(f"no button {label!r} for {self.user}")


def reminders(side: Side, part: str) -> list[Message]:
    return [m for m in side.messages("⏰") if part in m.text_or_empty()]


async def arrives(side: Side, part: str, count: int, what: str) -> Message:
    """Wait for the `count`-th message with `part` to `side`; the newest of them."""
    await wait_for(lambda: len(side.messages(part)) >= count, side.bot, what)
    return side.messages(part)[-1]


async def set_meeting(
    mentor: Side, kind: str, *, day: str, slot: str, where: str, place: str, agenda: str = ""
) -> Message:
    """/meetings → «Назначить встречу» → the type → a day of the calendar → a time button →
    in person or online → the place or link → the agenda → «Создать»."""
    await mentor.say("/meetings", "Ближайшие встречи")
    await mentor.tap("Назначить встречу", "Какая это встреча?")
    await mentor.tap(kind, "В какой день?")
    await mentor.tap(day, "Во сколько", exact=True)
    await mentor.tap(slot, "Где пройдёт встреча?", exact=True)
    await mentor.tap(where, "Напишите, где" if where == "Очно" else "Пришлите ссылку")
    await mentor.say(place, "О чём поговорите?")
    summary = (
        await mentor.tap("Без повестки", "Проверьте встречу")
        if not agenda
        else await mentor.say(agenda, "Проверьте встречу")
    )
    assert place in summary.text_or_empty()
    return await mentor.tap("Создать", "Встреча назначена")


@pytest.mark.timeout(240)
@pytest.mark.usefixtures("copied_template")
async def test_meetings_with_the_clock_moved_reminders_a_move_a_cancel_a_kill_and_after(
    tmp_path: Path, fake: FakeTelegram, database_url: str
) -> None:
    fake.add_user(MENTOR, "Ирина", "ru", has_chat=True)
    fake.add_user(TEEN, "Петя", "ru", has_chat=True)
    fake.clock = time.time  # a message's `at` in real seconds, to read on the bot's clock
    # Telegram's bad moments: some sends and edits refused with 502, some sends with 429.
    fake.fail_randomly("sendMessage", 0.08, 502, "Bad Gateway")
    fake.fail_randomly("editMessageText", 0.05, 502, "Bad Gateway")
    async with clock_bot(fake, tmp_path, database_url) as (bot, _):
        await seed(database_url)
        await bot.start()
        await wait_for(polling(fake, 0), bot, "polling")
        clock = bot.clock
        mentor, teen = Side(fake, bot, MENTOR), Side(fake, bot, TEEN)

        # Monday: the first meeting, Thursday 15:00, with the calendar and a time button.
        created = await set_meeting(
            mentor, "Знакомство", day="3", slot="15:00", where="Очно", place="Кабинет 214"
        )
        assert "Петров Пётр — ответа пока нет" in created.text_or_empty()
        invitation = await arrives(teen, "приглашает вас на встречу", 1, "the invitation")
        assert "чт, 3 декабря, 15:00" in invitation.text_or_empty()
        assert "Кабинет 214" in invitation.text_or_empty()
        assert await teen.tap_for_answer("Приду", invitation) == "Отлично, ждём вас!"

        # A second meeting, online, the same day at 17:00: it will be cancelled.
        await set_meeting(
            mentor,
            "Рабочая",
            day="3",
            slot="17:00",
            where="Онлайн",
            place="https://telemost.yandex.ru/j/123",
            agenda="Проект по робототехнике",
        )
        second = await arrives(teen, "приглашает вас на встречу", 2, "the 2nd invitation")
        assert "чт, 3 декабря, 17:00" in second.text_or_empty()

        # Wednesday 15:00, a day before: the reminder comes at its moment, to both, through a
        # 429 and a 502 (the outbox waits and sends again).
        fake.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
        fake.fail("sendMessage", 502, "Bad Gateway")
        await bot.move_clock(FIRST - DAY - EARLY)
        for side in (mentor, teen):
            reminder = await arrives(side, IN_24, 1, "the reminder a day before")
            text = reminder.text_or_empty()
            assert "Знакомство" in text and "чт, 3 декабря, 15:00" in text, text
            assert "Кабинет 214" in text
            assert clock.at(reminder.at) >= FIRST - DAY  # not early
            assert clock.at(reminder.at) < FIRST - DAY + timedelta(seconds=30)
        assert "Соколова Ирина" in reminders(teen, "")[0].text_or_empty()

        assert [f.times for f in fake.faults] == [0, 0]

        # The mentor moves it to Friday 16:00 from its screen (Telegram asks to wait a second
        # once on the way); the teenager says «Приду» again.
        fake.fail("editMessageText", 429, "Too Many Requests: retry after 1", retry_after=1)
        await mentor.say("/meetings", "Знакомство")
        await mentor.tap("03.12 15:00", "Ответы")
        await mentor.tap("Перенести", "В какой день?")
        await mentor.tap("4", "Во сколько, пт, 4 декабря?", exact=True)
        move = await mentor.tap("16:00", "Станет: пт, 4 декабря, 16:00", exact=True)
        assert "Было: чт, 3 декабря, 15:00" in move.text_or_empty()
        await mentor.tap("Перенести", "Встреча перенесена", under=move)
        moved = await arrives(teen, "перенесена", 1, "the move told")
        assert "пт, 4 декабря, 16:00" in moved.text_or_empty()
        assert await teen.tap_for_answer("Приду", moved) == "Отлично, ждём вас!"

        # ... and cancels the second one.
        await mentor.say("/meetings", "Рабочая")
        await mentor.tap("03.12 17:00", "Ответы")
        await mentor.tap("Отменить", "Отменить встречу?")
        await mentor.tap("Да, отменить", "Встреча отменена")
        await arrives(teen, "отменена", 1, "the cancel told")

        # Thursday 14:00, an hour before the old time (and after the cancelled meeting's day
        # before): nothing comes.
        assert SECOND - DAY < FIRST - HOUR
        await bot.move_clock(FIRST - HOUR + timedelta(seconds=30))
        await asyncio.sleep(2)
        assert len(reminders(mentor, "")) == len(reminders(teen, "")) == 1

        # Thursday 16:00, a day before the new time (an hour before the cancelled meeting).
        assert MOVED - DAY == SECOND - HOUR
        await bot.move_clock(MOVED - DAY - EARLY)
        for side in (mentor, teen):
            reminder = await arrives(side, IN_24, 2, "the reminder a day before the new time")
            assert "пт, 4 декабря, 16:00" in reminder.text_or_empty()
            assert clock.at(reminder.at) >= MOVED - DAY
        await asyncio.sleep(1)  # the cancelled meeting's reminder was due at the same moment

        # Friday 15:00, an hour before: the bot is killed while the mentor's reminder is being
        # sent (Telegram got the request and never answered), and restarted a minute later.
        fake.hold("sendMessage", MENTOR)
        await bot.move_clock(MOVED - HOUR - EARLY)
        await clock.until(MOVED - HOUR - timedelta(seconds=0.3))
        early = bool(fake.held) or bool(reminders(teen, IN_1))
        assert clock.now() >= MOVED - HOUR or not early  # nothing before the moment
        await wait_for(lambda: bool(fake.held), bot, "the mentor's reminder under way")
        assert IN_1 in str(fake.held[0][1].get("text"))

        # The teenager's went out meanwhile, and is recorded as sent: only the mentor's is left.
        # (A message Telegram took just before a kill, not yet recorded, would go again: no
        # request to Telegram can be made once only.)
        async def only_the_mentors_left() -> bool:
            return await unsent(database_url) == 1

        await wait_for(only_the_mentors_left, bot, "the teenager's reminder recorded")
        assert await bot.stop(signal.SIGKILL) == -signal.SIGKILL
        fake.release(abandon=True)
        fake.end_long_polls()
        # The claim of the killed process runs out on the bot's clock (30 s): a minute later.
        clock.move_to(MOVED - HOUR + timedelta(minutes=1))
        polls = len(fake.calls("getUpdates"))
        await bot.start()
        await wait_for(polling(fake, polls), bot, "polling after the kill")
        for side in (mentor, teen):
            reminder = await arrives(side, IN_1, 1, "the reminder an hour before")
            assert clock.at(reminder.at) >= MOVED - HOUR
            assert "пт, 4 декабря, 16:00" in reminder.text_or_empty()
            assert "Кабинет 214" in reminder.text_or_empty()

        # Friday 19:00: «Встреча состоялась?» to the mentor, answered «Да»; the teenager rates.
        await bot.move_clock(ASKED - EARLY)
        question = await arrives(mentor, "Она состоялась?", 1, "«Встреча состоялась?»")
        assert clock.at(question.at) >= ASKED
        assert "Знакомство" in question.text_or_empty()
        await mentor.tap("Да", "Хотите добавить заметку", under=question)
        await mentor.tap("Без заметки", "без заметки")
        rate = await arrives(teen, "Оцените её от 1 до 5", 1, "the rating question")
        await teen.tap("5", "Ваша оценка", under=rate)

        # The plan: the mentor adds a task, the teenager marks it done, the mentor is told.
        await mentor.say("/plan", "План наставляемого: Петров Пётр")
        await mentor.tap("Добавить задачу", "до 300 знаков")
        await mentor.say("Подготовить презентацию проекта", "Срок для задачи")
        await mentor.tap("10", "Задача добавлена в план", exact=True)
        await arrives(teen, "Новая задача в вашем плане", 1, "the task told")
        await teen.say("/plan", "Мой план")
        await teen.tap("Подготовить презентацию", "📌 Подготовить презентацию проекта")
        shown = await teen.tap("Выполнено", "выполнено 1 из 1 (100 %)")
        assert "▓▓▓▓▓▓▓▓▓▓" in shown.text_or_empty()
        told = await arrives(mentor, "выполнена", 1, "the mentor told")
        assert "«Подготовить презентацию проекта»" in told.text_or_empty()

        assert await bot.stop(signal.SIGTERM) == 0
        log = bot.output()

    # Every reminder once, none of the old time, none of the cancelled meeting.
    for side in (mentor, teen):
        assert len(reminders(side, IN_24)) == 2, [m.text_or_empty() for m in side.messages()]
        assert len(reminders(side, IN_1)) == 1
        assert len(reminders(side, "чт, 3 декабря, 15:00")) == 1  # the day before, only
        assert not reminders(side, "17:00")
    sent = await rows(
        database_url,
        "SELECT m.starts_at, r.version, r.offset_minutes, r.outcome FROM meeting_reminders r "
        "JOIN meetings m ON m.id = r.meeting_id ORDER BY r.version, r.offset_minutes DESC",
    )
    statuses = await rows(database_url, "SELECT status FROM meetings ORDER BY id")
    ratings = await rows(
        database_url, "SELECT rating FROM meeting_invites WHERE rating IS NOT NULL"
    )
    task = await rows(database_url, "SELECT status FROM plan_tasks")
    assert [(version, offset, outcome) for _, version, offset, outcome in sent] == [
        (1, 1440, "sent"),
        (1, 1440, "sent"),
        (2, 1440, "sent"),
        (2, 1440, "sent"),
        (2, 60, "sent"),
        (2, 60, "sent"),
    ]
    assert statuses == [("held",), ("cancelled",)]
    assert ratings == [(5,)] and task == [("done",)]
    # Telegram refused some calls, and the bot went on.
    assert "failed (Telegram server says - Bad Gateway); again in" in log
    assert "Flood control on editMessageText: waiting 1 s" in log
    assert "Traceback" not in log
