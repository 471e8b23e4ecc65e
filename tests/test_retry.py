"""The request middleware: waits out 429, retries 5xx and network errors, then gives up."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, SendMessage, TelegramMethod

from bot.telegram.retry import RetryMiddleware, RetryPolicy

METHOD = SendMessage(chat_id=1, text="hi")


class Script:
    """make_request that fails as told, then succeeds."""

    def __init__(self, *failures: Exception) -> None:
        self.failures = list(failures)
        self.calls = 0

    async def __call__(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return "sent"


def flood(seconds: int) -> TelegramRetryAfter:
    return TelegramRetryAfter(METHOD, f"Too Many Requests: retry after {seconds}", seconds)


@pytest.fixture
def slept() -> list[float]:
    return []


@pytest.fixture
def middleware(slept: list[float]) -> RetryMiddleware:
    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    return RetryMiddleware(RetryPolicy(max_flood_wait=60), sleep=sleep)


BOT = Bot("42:TEST")


async def test_waits_retry_after_and_sends_again(
    middleware: RetryMiddleware, slept: list[float]
) -> None:
    script = Script(flood(3), flood(5))
    assert await middleware(script, BOT, METHOD) == "sent"
    assert slept == [3, 5]
    assert script.calls == 3


async def test_gives_up_when_flood_control_lasts_too_long(
    middleware: RetryMiddleware, slept: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    script = Script(*(flood(25) for _ in range(5)))
    with caplog.at_level(logging.ERROR), pytest.raises(TelegramRetryAfter):
        await middleware(script, BOT, METHOD)
    assert sum(slept) <= 60
    assert "Giving up sendMessage" in caplog.text


async def test_server_and_network_errors_back_off_then_succeed(
    middleware: RetryMiddleware, slept: list[float]
) -> None:
    script = Script(
        TelegramServerError(METHOD, "Bad Gateway"),
        TelegramNetworkError(METHOD, "Connection reset"),
    )
    assert await middleware(script, BOT, METHOD) == "sent"
    assert slept == [0.5, 1.0]


async def test_server_errors_give_up_after_bounded_attempts(
    middleware: RetryMiddleware, slept: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    script = Script(*(TelegramServerError(METHOD, "Bad Gateway") for _ in range(10)))
    with caplog.at_level(logging.ERROR), pytest.raises(TelegramServerError):
        await middleware(script, BOT, METHOD)
    assert script.calls == 5
    assert slept == [0.5, 1.0, 2.0, 4.0]
    assert "Giving up sendMessage after 5 attempts" in caplog.text


async def test_get_updates_is_left_to_polling(middleware: RetryMiddleware) -> None:
    script = Script(TelegramServerError(GetUpdates(), "Bad Gateway"))
    with pytest.raises(TelegramServerError):
        await middleware(script, BOT, GetUpdates())
    assert script.calls == 1
