"""One request middleware for every Bot API call: wait out 429s, retry 5xx and network errors."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import TelegramType

if TYPE_CHECKING:
    from aiogram import Bot

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[Any]]


@dataclass(frozen=True)
class RetryPolicy:
    """How long one request may keep trying."""

    max_flood_wait: float = 90.0
    """Seconds of 429 waits in total before giving up on one request."""
    transient_attempts: int = 5
    """Attempts on a 5xx or a network error before giving up."""
    backoff_base: float = 0.5
    backoff_max: float = 8.0

    def backoff(self, failures: int) -> float:
        return float(min(self.backoff_base * 2 ** (failures - 1), self.backoff_max))


_RETRIES = ContextVar("telegram_retries", default=True)


@contextmanager
def without_retries() -> Iterator[None]:
    """Requests made inside go out once: the caller handles 429s and failures itself."""
    token = _RETRIES.set(False)
    try:
        yield
    finally:
        _RETRIES.reset(token)


class RetryMiddleware(BaseRequestMiddleware):
    """Sends a request again after 429 (waiting `retry_after`) or after a transient failure.

    `getUpdates` is left to the polling loop, which has a backoff of its own.
    """

    def __init__(self, policy: RetryPolicy | None = None, sleep: Sleep = asyncio.sleep) -> None:
        self.policy = policy or RetryPolicy()
        self._sleep = sleep

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        if method.__api_method__ == GetUpdates.__api_method__ or not _RETRIES.get():
            return await make_request(bot, method)
        name = method.__api_method__
        flood_waited = 0.0
        failures = 0
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                delay = float(max(error.retry_after, 0))
                if flood_waited + delay > self.policy.max_flood_wait:
                    logger.error(
                        "Giving up %s after %.0f s of flood control (asked to wait %s s more)",
                        name,
                        flood_waited,
                        error.retry_after,
                    )
                    raise
                logger.warning("Flood control on %s: waiting %s s", name, error.retry_after)
                flood_waited += delay
                await self._sleep(delay)
            except (TelegramServerError, TelegramNetworkError) as error:
                failures += 1
                if failures >= self.policy.transient_attempts:
                    logger.error("Giving up %s after %d attempts: %s", name, failures, error)
                    raise
                delay = self.policy.backoff(failures)
                logger.warning(
                    "%s failed (%s); attempt %d again in %.1f s", name, error, failures + 1, delay
                )
                await self._sleep(delay)
