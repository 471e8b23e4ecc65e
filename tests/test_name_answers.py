"""Name questions through the real Dispatcher: a date or a phone is not taken as a name."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Answer, Consent, Person
from tests.flows import child_asks_for_parent_link
from tests.harness import Harness

MENTOR, CHILD, PARENT = 7001, 7002, 7003
NAME_ERROR = "Напишите имя буквами"


def text(harness: Harness, user: int) -> str:
    return harness.fake.last_bot_message(user).text_or_empty()


async def stored_answers(harness: Harness, telegram_id: int) -> dict[str, object]:
    async with harness.sessions() as session:
        person = await session.scalar(select(Person).where(Person.telegram_id == telegram_id))
        assert person is not None
        rows = await session.execute(
            select(Answer.question_id, Answer.value).where(Answer.person_id == person.id)
        )
        return {question_id: value for question_id, value in rows}


async def test_a_date_or_a_phone_is_not_a_mentors_full_name(harness: Harness) -> None:
    harness.fake.add_user(MENTOR, "Ольга", "ru")
    await harness.send(MENTOR, "/start")
    await harness.press(MENTOR, "Хочу быть наставником")
    await harness.press(MENTOR, "Родитель")
    await harness.press(MENTOR, "Даю согласие")
    assert "Как вас зовут?" in text(harness, MENTOR)

    for wrong in ("15.12.2026", "+79161234567", "ivan@mail.ru"):
        await harness.send(MENTOR, wrong)
        screen = text(harness, MENTOR)
        assert NAME_ERROR in screen, wrong
        assert "Как вас зовут?" in screen and "1 / " in screen  # still the same question
    assert "full_name" not in await stored_answers(harness, MENTOR)

    await harness.send(MENTOR, "  Д'Арк-Иванова   Ольга ")
    assert "Где и кем вы работаете?" in text(harness, MENTOR)
    assert (await stored_answers(harness, MENTOR))["full_name"] == "Д'Арк-Иванова Ольга"


async def test_a_date_is_not_a_parents_name(harness: Harness) -> None:
    harness.fake.add_user(CHILD, "Петя", "ru")
    harness.fake.add_user(PARENT, "Мария", "ru")
    link = await child_asks_for_parent_link(harness, CHILD)
    await harness.send(PARENT, f"/start {link}")
    await harness.press(PARENT, "Даю согласие")
    assert "хотя бы 5 букв" in (await harness.send(PARENT, "15.12.2026")).text_or_empty()
    async with harness.sessions() as session:
        assert (await session.scalars(select(Consent))).all() == []
    await harness.send(PARENT, "Петрова Мария Ивановна")
    assert "Согласие получено" in text(harness, PARENT)
