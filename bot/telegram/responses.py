"""Keep aiogram's parsed-response classes alive.

For each call aiogram looks up `Response[T]`; pydantic caches such classes only weakly, so each
garbage collection drops them and the next calls build them again (milliseconds each: measured
as most of the time of a questionnaire answer). Holding each one once it is built keeps the
cache warm.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType

if TYPE_CHECKING:
    from aiogram import Bot


class PinResponseTypes(BaseRequestMiddleware):
    def __init__(self) -> None:
        self._pinned: dict[type[Any], Any] = {}

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        kind = type(method)
        if kind not in self._pinned:
            self._pinned[kind] = Response[method.__returning__]  # type: ignore[name-defined]
        return await make_request(bot, method)
