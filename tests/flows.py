"""People walking the usual paths, for tests that need them done."""

from __future__ import annotations

from tests.conftest import CURATOR_ID as CURATOR
from tests.fake_telegram import Message
from tests.harness import Harness


async def mentor_signs_up(harness: Harness, user_id: int, full_name: str) -> None:
    """An adult parent-mentor consents and submits the shortest questionnaire."""
    await harness.send(user_id, "/start")
    await harness.press(user_id, "Хочу быть наставником")
    await harness.press(user_id, "Родитель")
    await harness.press(user_id, "Даю согласие")
    await harness.send(user_id, full_name)
    await harness.send(user_id, "Инженер-конструктор в КБ")
    await harness.press(user_id, "Выбор профессии")
    await harness.press(user_id, "Готово")
    await harness.send(user_id, "Расскажу, как устроена инженерная работа")
    await harness.send(user_id, "2")
    await harness.press(user_id, "Очно")
    await harness.press(user_id, "Выходные")
    await harness.press(user_id, "Готово")
    await harness.press(user_id, "Пропустить")
    await harness.send(user_id, "+7 (916) 123-45-67")
    await harness.press(user_id, "Пропустить")
    await harness.press(user_id, "Отправить анкету")
    assert "Анкета сохранена" in harness.fake.last_bot_message(user_id).text_or_empty()


async def child_asks_for_parent_link(harness: Harness, user_id: int) -> str:
    await harness.send(user_id, "/start")
    await harness.press(user_id, "Мне нужен наставник")
    await harness.press(user_id, "Ученик")
    await harness.press(user_id, "Меньше 14")
    await harness.press(user_id, "Получить ссылку")
    return parent_link(harness, user_id)


def parent_link(harness: Harness, user_id: int) -> str:
    """The payload of the newest parent link the bot sent to the child."""
    for message in reversed(harness.fake.bot_messages(user_id)):
        if "?start=p_" in message.text_or_empty():
            return message.text_or_empty().split("?start=", 1)[1].split()[0]
    raise AssertionError("no parent link was sent")


async def mentee_fills_questionnaire(harness: Harness, user_id: int, full_name: str) -> None:
    """A student of 14–17 who has consented answers the intake questionnaire and submits it."""
    await harness.send(user_id, full_name)
    await harness.send(user_id, "9")
    await harness.press(user_id, "Проекты")
    await harness.press(user_id, "Готово")
    await harness.send(user_id, "Хочу сделать исследовательский проект")
    await harness.press(user_id, "4")
    await harness.press(user_id, "Как угодно")
    await harness.press(user_id, "Будни, вечером")
    await harness.press(user_id, "Готово")
    await harness.press_reply(user_id, "Пропустить")
    await harness.press(user_id, "Пропустить")
    await harness.press(user_id, "Отправить анкету")
    assert "Анкета сохранена" in harness.fake.last_bot_message(user_id).text_or_empty()


async def mentee_signs_up(harness: Harness, user_id: int, full_name: str) -> None:
    await harness.send(user_id, "/start")
    await harness.press(user_id, "Мне нужен наставник")
    await harness.press(user_id, "Ученик")
    await harness.press(user_id, "14–17")
    await harness.press(user_id, "Даю согласие")
    await mentee_fills_questionnaire(harness, user_id, full_name)


async def teacher_mentor_signs_up(harness: Harness, user_id: int, full_name: str) -> None:
    """A teacher-mentor with two places, methodology and olympiads, online, weekends."""
    await harness.send(user_id, "/start")
    await harness.press(user_id, "Хочу быть наставником")
    await harness.press(user_id, "Педагог")
    await harness.press(user_id, "Даю согласие")
    await harness.send(user_id, full_name)
    await harness.send(user_id, "Математика")
    await harness.send(user_id, "12")
    await harness.press(user_id, "Олимпиады")
    await harness.press(user_id, "Методика")
    await harness.press(user_id, "Готово")
    await harness.send(user_id, "Двадцать лет готовлю к олимпиадам")
    await harness.send(user_id, "2")
    await harness.press(user_id, "Онлайн")
    await harness.press(user_id, "Выходные")
    await harness.press(user_id, "Готово")
    await harness.press(user_id, "Пропустить")
    await harness.press_reply(user_id, "Пропустить")
    await harness.press(user_id, "Пропустить")
    await harness.press(user_id, "Отправить анкету")
    assert "Анкета сохранена" in harness.fake.last_bot_message(user_id).text_or_empty()


async def teacher_mentee_signs_up(harness: Harness, user_id: int, full_name: str) -> None:
    """A young teacher who needs help with methodology, online, at weekends."""
    await harness.send(user_id, "/start")
    await harness.press(user_id, "Мне нужен наставник")
    await harness.press(user_id, "Педагог")
    await harness.press(user_id, "Даю согласие")
    await harness.send(user_id, full_name)
    await harness.send(user_id, "Учитель математики")
    await harness.send(user_id, "1")
    await harness.press(user_id, "Да")
    await harness.press(user_id, "Методика")
    await harness.press(user_id, "Готово")
    await harness.send(user_id, "Хочу научиться вести уроки интереснее")
    await harness.press(user_id, "Онлайн")
    await harness.press(user_id, "Выходные")
    await harness.press(user_id, "Готово")
    await harness.press_reply(user_id, "Пропустить")
    await harness.press(user_id, "Пропустить")
    await harness.press(user_id, "Отправить анкету")
    assert "Анкета сохранена" in harness.fake.last_bot_message(user_id).text_or_empty()


async def approve_all(harness: Harness, message: Message | None = None) -> Message:
    """The curator approves the whole proposal on screen and confirms the summary."""
    summary = await harness.press(CURATOR, "Утвердить все", message)
    assert "Отправить соглашения" in summary.text_or_empty(), summary.text_or_empty()
    return await harness.press(CURATOR, "Отправить соглашения", summary)
