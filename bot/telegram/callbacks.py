"""Every callback query is answered exactly once.

A request middleware notes each `answerCallbackQuery` and drops a second answer to the same
query; `ensure_answered` answers a query that a handler left unanswered.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InlineKeyboardMarkup, Message

if TYPE_CHECKING:
    from aiogram import Bot

logger = logging.getLogger(__name__)

EXPIRED_QUERY = "query is too old"
_REMEMBERED = 2048


class CallbackAnswers(BaseRequestMiddleware):
    def __init__(self) -> None:
        self._answered: OrderedDict[str, None] = OrderedDict()

    def is_answered(self, query_id: str) -> bool:
        return query_id in self._answered

    def _remember(self, query_id: str) -> None:
        self._answered[query_id] = None
        while len(self._answered) > _REMEMBERED:
            self._answered.popitem(last=False)

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        query_id = method.callback_query_id if isinstance(method, AnswerCallbackQuery) else None
        if query_id is None:
            return await make_request(bot, method)
        if query_id in self._answered:
            logger.debug("Callback query %s is answered already", query_id)
            return True
        self._remember(query_id)
        try:
            return await make_request(bot, method)
        except TelegramBadRequest as error:
            if EXPIRED_QUERY in error.message:
                # Seen after a restart or a long wait: the person's spinner has gone already.
                logger.warning("Callback query %s expired before it was answered", query_id)
                return True
            raise

    async def ensure_answered(
        self, bot: Bot, query_id: str, text: str | None = None, *, alert: bool = False
    ) -> None:
        if query_id not in self._answered:
            await bot.answer_callback_query(query_id, text=text, show_alert=alert or None)


_ID = re.compile(r"[0-9]{1,15}")


def as_id(text: str) -> int | None:
    """An id from callback data (written by the client: anything may come), or None.

    `str.isdigit` would pass "²" (then `int` fails) and a thousand digits (then the database
    fails): only ASCII digits, as many as an id can have.
    """
    return int(text) if _ID.fullmatch(text) else None


class ShownKeyboards:
    """The keyboard last set on each message, by this process (the newest few thousand).

    A press carries its message as it was when pressed: a second tap, made before the first
    changed the keyboard, still shows the old one. Comparing with what was set instead keeps
    an edit that would change nothing (Telegram refuses it) from being made.
    """

    def __init__(self, size: int = _REMEMBERED) -> None:
        self._size = size
        self._set: OrderedDict[tuple[int, int], str] = OrderedDict()

    def changed(self, message: Message, markup: InlineKeyboardMarkup) -> bool:
        """Whether `markup` differs from the keyboard the message has; remembers it as set."""
        key = (message.chat.id, message.message_id)
        wanted = markup.model_dump_json(exclude_none=True)
        current = self._set.get(key)
        if current is None and message.reply_markup is not None:
            current = message.reply_markup.model_dump_json(exclude_none=True)
        self._set[key] = wanted
        self._set.move_to_end(key)
        while len(self._set) > self._size:
            self._set.popitem(last=False)
        return current != wanted

    def first_text(self, message: Message, text: str) -> bool:
        """Whether `text` is new for the message (a record that replaced it); remembers it.
        A message without a keyboard shows its record already (another process set it)."""
        key = (message.chat.id, message.message_id)
        current = self._set.get(key)
        self._set[key] = f"text:{text}"
        self._set.move_to_end(key)
        return current != f"text:{text}" and message.reply_markup is not None
