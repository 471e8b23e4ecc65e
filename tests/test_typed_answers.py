"""Forgiving input through the real Dispatcher: «23 года», «9б», a date in words, and an
event that starts «10 декабря в 15:00»."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import select

from bot.db.models import Answer, Event, Person
from bot.domain.typed_input import Prefer, resolve_day
from tests.conftest import CURATOR_ID
from tests.harness import Harness

TEEN, TEACHER = 9601, 9602
# A Friday morning in Moscow; every date typed below is read from it.
FRIDAY = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)


def text(harness: Harness, user: int) -> str:
    return harness.fake.last_bot_message(user).text_or_empty()


def labels(harness: Harness, user: int) -> list[str]:
    return [b["text"] for b in harness.fake.last_bot_message(user).buttons()]


async def stored(harness: Harness, telegram_id: int) -> dict[str, object]:
    async with harness.sessions() as session:
        person = await session.scalar(select(Person).where(Person.telegram_id == telegram_id))
        assert person is not None
        rows = await session.execute(
            select(Answer.question_id, Answer.value).where(Answer.person_id == person.id)
        )
        return {question_id: value for question_id, value in rows}


async def test_a_student_types_the_class_with_its_letter(harness: Harness) -> None:
    harness.fake.add_user(TEEN, "Саша")
    harness.fake.add_user(CURATOR_ID, "Ольга")
    await harness.send(TEEN, "/start")
    await harness.press(TEEN, "Мне нужен наставник")
    await harness.press(TEEN, "Ученик")
    await harness.press(TEEN, "14–17")
    await harness.press(TEEN, "Даю согласие")
    await harness.send(TEEN, "Петров Саша")
    assert "В каком вы классе?" in text(harness, TEEN)
    assert [str(n) for n in range(1, 12)] == [
        label for label in labels(harness, TEEN) if label.isdigit()
    ]  # few choices: a button each, and typing still works
    assert "Нужно число от 1 до 11" in (await harness.send(TEEN, "9ь")).text_or_empty()

    await harness.send(TEEN, "9б")
    assert (await stored(harness, TEEN))["grade"] == 9
    assert (await stored(harness, TEEN))["grade_letter"] == "Б"
    back = await harness.press(TEEN, "Назад")
    assert "9 «Б»" in back.text_or_empty()  # «Сейчас: 9 «Б»»

    await harness.press(TEEN, "10")  # a button: the class without a letter
    answers = await stored(harness, TEEN)
    assert (answers["grade"], answers["grade_letter"]) == (10, None)
    await harness.press(TEEN, "Назад")
    await harness.send(TEEN, "9 «б»")
    assert (await stored(harness, TEEN))["grade_letter"] == "Б"

    await harness.press(TEEN, "Проекты")
    await harness.press(TEEN, "Готово")
    await harness.send(TEEN, "Хочу сделать исследовательский проект")
    await harness.press(TEEN, "4")
    await harness.press(TEEN, "Как угодно")
    await harness.press(TEEN, "Будни, вечером")
    await harness.press(TEEN, "Готово")
    await harness.press_reply(TEEN, "Пропустить")
    summary = await harness.press(TEEN, "Пропустить")
    assert "9 «Б»" in summary.text_or_empty()
    await harness.press(TEEN, "Отправить анкету")
    answers = await stored(harness, TEEN)
    assert (answers["grade"], answers["grade_letter"]) == (9, "Б")

    found = await harness.send(CURATOR_ID, "/participants Петров")
    assert "9 «Б» класс" in found.text_or_empty()


def shown_example(screen: str) -> tuple[str, str]:
    """The two examples of a date question's hint: in figures and in words."""
    found = re.search(r"(\d\d\.\d\d\.\d{4}) или «([^»]+)»", screen)
    assert found is not None, screen
    return found.group(1), found.group(2)


async def test_a_teacher_types_years_with_a_word_and_a_date_in_words(harness: Harness) -> None:
    harness.fake.add_user(TEACHER, "Марина")
    await harness.send(TEACHER, "/start")
    await harness.press(TEACHER, "Хочу быть наставником")
    await harness.press(TEACHER, "Педагог")
    await harness.press(TEACHER, "Даю согласие")
    await harness.send(TEACHER, "Кузьмина Марина Сергеевна")
    await harness.send(TEACHER, "Математика")
    assert "Сколько лет" in text(harness, TEACHER)
    assert not [label for label in labels(harness, TEACHER) if label.isdigit()]  # 0–60: typed
    refused = await harness.send(TEACHER, "лет 5-7")
    assert "Нужно число от 0 до 60" in refused.text_or_empty()
    await harness.send(TEACHER, "23 года")
    assert (await stored(harness, TEACHER))["experience_years"] == 23
    await harness.press(TEACHER, "Олимпиады")
    await harness.press(TEACHER, "Готово")
    await harness.send(TEACHER, "Двадцать лет готовлю к олимпиадам")
    assert [str(n) for n in range(1, 6)] == [
        label for label in labels(harness, TEACHER) if label.isdigit()
    ]  # places 1–5: buttons
    await harness.press(TEACHER, "2")
    assert (await stored(harness, TEACHER))["capacity"] == 2
    await harness.press(TEACHER, "Онлайн")
    await harness.press(TEACHER, "Выходные")
    await harness.press(TEACHER, "Готово")

    screen = text(harness, TEACHER)
    assert "С какого числа" in screen
    today = datetime.now(harness.settings.tz).date()
    figures, words = shown_example(screen)
    example = datetime.strptime(figures, "%d.%m.%Y").date()  # noqa: DTZ007 (a calendar day)
    assert example > today  # the example is one the question takes
    assert resolve_day(example.day, example.month, today, Prefer.FUTURE) == example
    refused = await harness.send(TEACHER, "01.09.2020")
    assert "Нужна дата не раньше" in refused.text_or_empty()
    assert "2100" not in refused.text_or_empty() and "1900" not in refused.text_or_empty()
    await harness.send(TEACHER, "1 сентября")
    expected = resolve_day(1, 9, today, Prefer.FUTURE)
    assert expected is not None
    assert (await stored(harness, TEACHER))["available_from"] == expected.isoformat()

    # The example in words is taken as it is shown.
    await harness.press_reply(TEACHER, "Назад")  # from the phone question, back to the date
    assert "С какого числа" in text(harness, TEACHER)
    await harness.send(TEACHER, words)
    assert (await stored(harness, TEACHER))["available_from"] == example.isoformat()


async def new_event(harness: Harness, when: str) -> str:
    """The curator starts a new event and types its title and `when`; the bot's reply."""
    harness.fake.add_user(CURATOR_ID, "Ольга")
    await harness.send(CURATOR_ID, "/event")
    await harness.press(CURATOR_ID, "Новая встреча")
    asked = await harness.send(CURATOR_ID, "Нетворкинг 7 классы")
    assert "27 ноября в 15:00" in asked.text_or_empty()  # a week ahead, always valid
    await harness.send(CURATOR_ID, when)
    return harness.fake.bot_messages(CURATOR_ID)[-1].text_or_empty()


@pytest.mark.parametrize(
    ("typed", "starts"),
    [
        ("10 декабря в 15:00", datetime(2026, 12, 10, 12, 0, tzinfo=UTC)),
        ("10.12 15:00", datetime(2026, 12, 10, 12, 0, tzinfo=UTC)),
        ("10.12.2026 15.00", datetime(2026, 12, 10, 12, 0, tzinfo=UTC)),
        ("завтра в 15", datetime(2026, 11, 21, 12, 0, tzinfo=UTC)),
        ("в пятницу в 16:30", datetime(2026, 11, 27, 13, 30, tzinfo=UTC)),
        ("в 18:00", datetime(2026, 11, 20, 15, 0, tzinfo=UTC)),  # a time alone: today
    ],
)
async def test_an_event_starts_when_the_curator_says(
    harness: Harness, typed: str, starts: datetime
) -> None:
    with time_machine.travel(FRIDAY, tick=True):
        reply = await new_event(harness, typed)
        assert "Где она пройдёт" in reply
        card = await harness.send(CURATOR_ID, "Актовый зал")
    assert "Нетворкинг 7 классы" in card.text_or_empty()
    async with harness.sessions() as session:
        [event] = (await session.scalars(select(Event))).all()
    assert event.starts_at == starts


def refusal(harness: Harness) -> str:
    """What the bot said before asking again (the question comes again below it)."""
    return harness.fake.bot_messages(CURATOR_ID)[-2].text_or_empty()


async def test_an_event_in_the_past_or_without_a_time_is_asked_again(harness: Harness) -> None:
    with time_machine.travel(FRIDAY, tick=True):
        await new_event(harness, "вчера в 15:00")
        assert "Это время уже прошло" in refusal(harness)
        assert "27 ноября в 15:00" in refusal(harness)  # an example that is ahead
        await harness.send(CURATOR_ID, "в 8:00")  # today, but it is 9 o'clock already
        assert "уже прошло" in refusal(harness)
        await harness.send(CURATOR_ID, "10 декабря")
        assert "Во сколько" in refusal(harness)
        await harness.send(CURATOR_ID, "потом")
        assert "Не понял дату" in refusal(harness)
        await harness.send(CURATOR_ID, "10 декабря в 15:00")
        assert "Где она пройдёт" in text(harness, CURATOR_ID)
    async with harness.sessions() as session:
        assert (await session.scalars(select(Event))).all() == []  # not before the place
