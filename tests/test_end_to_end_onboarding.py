"""Onboarding over HTTP with `python -m bot`: a mentor, a teen, a child with a parent, a crash."""

from __future__ import annotations

import json
import signal
from pathlib import Path

from bot.db.models import Base
from tests.fake_telegram import FakeTelegram
from tests.rows import rows, sqlite_file
from tests.test_end_to_end import BotProcess, polling, running, wait_for

ENGINES_HERE = ["sqlite"]  # long polling is one process: SQLite's (conftest.pytest_generate_tests)
MENTOR, TEEN, CHILD, PARENT = 701, 702, 703, 704
MENTOR_NAME = "Воронцова Галина Сергеевна"


class Person:
    """One person at their Telegram: types, taps, and waits for the bot's answer."""

    def __init__(self, fake: FakeTelegram, bot: BotProcess, user_id: int) -> None:
        self.fake, self.bot, self.user_id = fake, bot, user_id

    def _screen(self) -> str:
        """The last message the person sees, with the labels of its buttons."""
        messages = self.fake.bot_messages(self.user_id)
        if not messages:
            return ""
        labels = " ".join(button["text"] for button in messages[-1].buttons())
        return f"{messages[-1].text_or_empty()}\n{labels}"

    async def say(self, text: str, expect: str) -> None:
        self.fake.user_message(self.user_id, text)
        await wait_for(lambda: expect in self._screen(), self.bot, f"{expect!r} after {text!r}")

    async def tap(self, label: str, expect: str) -> None:
        for message in reversed(self.fake.bot_messages(self.user_id)):
            if any(label in button["text"] for button in message.buttons()):
                button = message.button(label)
                if "callback_data" in button:
                    self.fake.press(self.user_id, message, button["callback_data"])
                else:
                    self.fake.user_message(self.user_id, button["text"])
                break
        else:
            raise AssertionError(f"no button {label!r} for {self.user_id}: {self._screen()}")
        # The answer is the pressed message edited, or a new one (notices from the outbox may
        # come in between).
        await wait_for(
            lambda: expect in self._screen() or expect in message.text_or_empty(),
            self.bot,
            f"{expect!r} after {label!r}",
        )


async def answers(database_url: str, telegram_id: int) -> dict[str, object]:
    found = await rows(
        database_url,
        "SELECT a.question_id, CAST(a.value AS TEXT) FROM answers a"
        " JOIN people p ON p.id = a.person_id WHERE p.telegram_id = :person",
        person=telegram_id,
    )
    return {q: json.loads(v) if isinstance(v, str) else v for q, v in found}


async def everything(database_url: str) -> str:
    """Every row of every table, as text."""
    tables = [await rows(database_url, f'SELECT * FROM "{name}"') for name in Base.metadata.tables]
    return repr(tables)


async def test_three_people_sign_up_through_a_crash_and_one_withdraws(
    tmp_path: Path, fake: FakeTelegram, database_url: str
) -> None:
    for user_id, name in ((MENTOR, "Галина"), (TEEN, "Денис"), (CHILD, "Петя"), (PARENT, "Анна")):
        fake.add_user(user_id, name, "ru")
    async with running(fake, tmp_path, database_url) as (bot, _):
        await bot.start()
        await wait_for(polling(fake, 0), bot, "polling")
        mentor, teen = Person(fake, bot, MENTOR), Person(fake, bot, TEEN)
        child, parent = Person(fake, bot, CHILD), Person(fake, bot, PARENT)

        await mentor.say("/start", "Кем вы хотите быть")
        await mentor.tap("Хочу быть наставником", "Кто вы?")
        await mentor.tap("Родитель", "Согласие на обработку")
        await mentor.tap("Даю согласие", "1 / 10")
        await mentor.say(MENTOR_NAME, "2 / 10")

        await teen.say("/start", "Кем вы хотите быть")
        await teen.tap("Мне нужен наставник", "Кто вы?")
        await teen.tap("Ученик", "Сколько вам лет?")
        await teen.tap("14–17", "Согласие на обработку")
        await teen.tap("Даю согласие", "1 / 10")
        await teen.say("Денис Морозов", "2 / 10")
        await teen.say("10", "3 / 10")

        await child.say("/start", "Кем вы хотите быть")
        await child.tap("Мне нужен наставник", "Кто вы?")
        await child.tap("Ученик", "Сколько вам лет?")
        await child.tap("Меньше 14", "Нужно согласие родителя")
        await child.tap("Получить ссылку", "Как только родитель подтвердит")
        [link_message] = [m for m in fake.bot_messages(CHILD) if "?start=p_" in m.text_or_empty()]
        link = link_message.text_or_empty().split("?start=", 1)[1].split()[0]

        # The bot dies half-way through everyone's questionnaire.
        assert await bot.stop(signal.SIGKILL) == -signal.SIGKILL
        polls = len(fake.calls("getUpdates"))
        await bot.start()
        await wait_for(polling(fake, polls), bot, "polling after the crash")

        await parent.say(f"/start {link}", "Петя")
        await parent.tap("Даю согласие", "фамилию, имя и отчество")
        await parent.say("Морозова Анна Павловна", "Согласие получено")
        await wait_for(lambda: "Родитель дал согласие" in child._screen(), bot, "the news")
        await child.tap("Продолжить", "Анкета наставляемого")
        await child.say("Петя Морозов", "2 / 10")

        await teen.tap("Проекты", "✅ 🔬 Проекты")
        # The question on subjects follows only from other topics: its number, 4, is passed over.
        await teen.tap("Готово", "5 / 10")
        await teen.say("Хочу сделать проект по робототехнике", "6 / 10")
        await teen.tap("5", "7 / 10")
        await teen.tap("Онлайн", "8 / 10")
        await teen.tap("Выходные", "✅ Выходные")
        await teen.tap("Готово", "9 / 10")
        await teen.tap("Пропустить", "10 / 10")
        await teen.tap("Пропустить", "проверьте ответы")
        await teen.tap("Отправить анкету", "Анкета сохранена")

        await mentor.say("Инженер на заводе", "3 / 10")
        await mentor.tap("Выбор профессии", "✅ 🧭 Выбор профессии")
        await mentor.tap("Готово", "4 / 10")
        await mentor.say("Покажу, как работает завод", "5 / 10")
        await mentor.say("1", "6 / 10")
        await mentor.tap("Очно", "7 / 10")
        await mentor.tap("Будни, вечером", "✅ Будни, вечером")
        await mentor.tap("Готово", "8 / 10")
        await mentor.tap("Пропустить", "9 / 10")
        await mentor.tap("Пропустить", "10 / 10")
        await mentor.tap("Пропустить", "проверьте ответы")
        await mentor.tap("Отправить анкету", "Анкета сохранена")

        assert await answers(database_url, TEEN) == {
            "full_name": "Денис Морозов",
            "grade": 10,
            "request_topics": ["projects"],
            "request": "Хочу сделать проект по робототехнике",
            "need_level": 5,
            "format": "online",
            "time_slots": ["weekend"],
            "phone": None,
            "about": None,
        }
        assert (await answers(database_url, MENTOR))["full_name"] == MENTOR_NAME
        assert await answers(database_url, CHILD) == {"full_name": "Петя Морозов"}
        kinds = dict(
            await rows(
                database_url,
                "SELECT p.telegram_id, c.kind FROM consents c JOIN people p ON p.id = c.person_id",
            )
        )
        assert kinds == {MENTOR: "self", TEEN: "self", CHILD: "parent"}

        await mentor.say("/privacy", "Ваши данные")
        await mentor.tap("Отозвать согласие", "Отозвать согласие?")
        await mentor.tap("Да, отозвать", "данные удалены")
        await wait_for(lambda: fake.unanswered_queries() == [], bot, "every callback answered")
        assert await bot.stop(signal.SIGTERM) == 0

    # Nowhere in the database; nor, on SQLite, anywhere in its files (freed pages included).
    stored = await everything(database_url)
    assert "Денис Морозов" in stored  # (a name that is kept is seen)
    assert MENTOR_NAME not in stored and "Галина" not in stored
    file = sqlite_file(database_url)
    for path in (file, Path(f"{file}-wal")) if file else ():
        if path.exists():
            content = path.read_bytes()
            assert MENTOR_NAME.encode() not in content
            assert "Галина".encode() not in content
