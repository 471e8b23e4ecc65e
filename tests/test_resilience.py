"""Errors, blocked people, 429 and 5xx, through the real Dispatcher and Bot session."""

from __future__ import annotations

import logging

import pytest
from aiogram.exceptions import TelegramForbiddenError
from aiogram.filters import Command
from aiogram.types import Message
from sqlalchemy import select

from bot.db.models import Person
from tests.harness import Harness

USER = 3003


async def blocked(harness: Harness, telegram_id: int) -> bool:
    async with harness.sessions() as session:
        person = await session.scalar(select(Person).where(Person.telegram_id == telegram_id))
    assert person is not None
    return person.is_blocked


async def test_failing_handler_is_logged_and_the_person_told_in_their_language(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    async def boom(message: Message) -> None:
        raise RuntimeError("kaboom")

    harness.dispatcher.message.register(boom, Command("boom"))
    harness.fake.add_user(USER, "Ann", "en")
    with caplog.at_level(logging.ERROR):
        reply = await harness.send(USER, "/boom")
    assert "Something went wrong" in reply.text_or_empty()
    assert "kaboom" in caplog.text
    assert any("Update 1000 failed" in r.getMessage() for r in caplog.records)


async def test_failing_callback_handler_still_answers_the_query(harness: Harness) -> None:
    harness.fake.add_user(USER, "Аня")
    menu = await harness.send(USER, "/menu")

    async def boom(*_: object) -> None:
        raise RuntimeError("kaboom")

    harness.dispatcher.callback_query.register(boom)
    await harness.press_data(USER, menu, menu.button("Помощь")["callback_data"])
    assert harness.fake.unanswered_queries() == []
    assert "Что-то пошло не так" in harness.fake.last_bot_message(USER).text_or_empty()


async def test_blocking_and_unblocking_the_bot(harness: Harness) -> None:
    harness.fake.add_user(USER, "Аня")
    await harness.send(USER, "/start")
    harness.fake.block(USER)
    await harness.deliver()
    assert await blocked(harness, USER)
    harness.fake.unblock(USER)
    await harness.deliver()
    assert not await blocked(harness, USER)


async def test_403_from_telegram_marks_the_person_blocked(harness: Harness) -> None:
    harness.fake.add_user(USER, "Аня")
    await harness.send(USER, "/start")
    harness.fake.users[USER].blocked_bot = True  # blocked, and the update is not here yet
    with pytest.raises(TelegramForbiddenError):
        await harness.bot.send_message(USER, "напоминание")
    assert await blocked(harness, USER)
    assert len(harness.fake.calls("sendMessage")) == 2  # a 403 is not retried
    # Writing again makes them reachable again.
    harness.fake.users[USER].blocked_bot = False
    await harness.send(USER, "/help")
    assert not await blocked(harness, USER)


async def test_429_is_waited_out_and_the_reply_arrives(harness: Harness) -> None:
    harness.fake.add_user(USER, "Аня")
    harness.fake.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    reply = await harness.send(USER, "/help")
    assert "Что умеет бот" in reply.text_or_empty()
    assert len(harness.fake.calls("sendMessage")) == 2


async def test_502_is_retried_and_the_reply_arrives(harness: Harness) -> None:
    harness.fake.add_user(USER, "Аня")
    harness.fake.fail("sendMessage", 502, "Bad Gateway", times=2)
    reply = await harness.send(USER, "/help")
    assert "Что умеет бот" in reply.text_or_empty()
    assert len(harness.fake.calls("sendMessage")) == 3


async def test_a_second_answer_to_a_callback_is_never_sent(harness: Harness) -> None:
    harness.fake.add_user(USER, "Аня")
    menu = await harness.send(USER, "/menu")
    harness.fake.press(USER, menu, menu.button("Помощь")["callback_data"])
    query_id = list(harness.fake.callback_queries)[-1]
    await harness.deliver()
    await harness.bot.answer_callback_query(query_id, text="again")
    assert (
        len(
            [
                c
                for c in harness.fake.calls("answerCallbackQuery")
                if c["callback_query_id"] == query_id
            ]
        )
        == 1
    )
