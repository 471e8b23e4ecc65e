"""A reply is sent once, though its update is handled twice.

A worker killed after Telegram accepted a reply and before the update's dialog state and
handled mark were stored leaves an update another worker handles again (`bot.services.updates`):
that handling would send the reply a second time (a question asked twice, a greeting whose
first copy's buttons then act on the second's dialog). So each message an update's handling
sends is noted on the update as soon as Telegram accepts it (its ids only: no text, so a
withdrawal leaves no trace of it here); the handling done again takes its sends, in order and
for the same chat, as the messages noted, without sending them. What it sends beyond those is
sent, and noted, as usual.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import SendDocument, SendMessage, SendPhoto, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import Message

logger = logging.getLogger(__name__)

SENDS = (SendMessage, SendPhoto, SendDocument)

Note = Callable[[list[dict[str, Any]]], Awaitable[None]]
"""Stores what the update has sent so far (`updates.note_replies`)."""


@dataclass
class _Replies:
    update_id: int
    before: list[dict[str, Any]]  # what an earlier handling of the update sent, in order
    note: Note
    sent: list[dict[str, Any]] = field(default_factory=list)

    def earlier(self, chat_id: int | str) -> dict[str, Any] | None:
        """The message an earlier handling sent as this send, if it was one."""
        at = len(self.sent)
        if at < len(self.before) and self.before[at].get("chat", {}).get("id") == chat_id:
            return self.before[at]
        self.before = self.sent[:]  # the handling went another way: the rest is sent
        return None


_current: ContextVar[_Replies | None] = ContextVar("replies", default=None)


@contextmanager
def noted(update_id: int, before: list[dict[str, Any]] | None, note: Note) -> Iterator[None]:
    """While update `update_id` is handled: `before` is what its earlier handling sent, and
    `note` stores what it sends."""
    token = _current.set(_Replies(update_id, list(before or []), note))
    try:
        yield
    finally:
        _current.reset(token)


def trace(message: Message) -> dict[str, Any]:
    """What is kept of a message sent: enough to stand for it again, and nothing it says."""
    kept: dict[str, Any] = {
        "message_id": message.message_id,
        "date": int(message.date.timestamp()),
        "chat": {"id": message.chat.id, "type": message.chat.type},
    }
    if message.photo:
        kept["photo"] = [
            {
                "file_id": p.file_id,
                "file_unique_id": p.file_unique_id,
                "width": p.width,
                "height": p.height,
            }
            for p in message.photo
        ]
    if message.document:
        kept["document"] = {
            "file_id": message.document.file_id,
            "file_unique_id": message.document.file_unique_id,
        }
    return kept


class SentOnce(BaseRequestMiddleware):
    """The Bot's request middleware that notes each message sent, and does not send again
    what an update's earlier handling sent."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        replies = _current.get()
        chat_id = method.chat_id if isinstance(method, SENDS) else None
        if replies is None or chat_id is None:
            return await make_request(bot, method)
        earlier = replies.earlier(chat_id)
        if earlier is not None:
            replies.sent.append(earlier)
            logger.info(
                "Update %s: message %s was sent before it was handled again; not sent twice",
                replies.update_id,
                earlier["message_id"],
            )
            return Message.model_validate(earlier, context={"bot": bot})
        result: Any = await make_request(bot, method)
        if isinstance(result, Message):
            replies.sent.append(trace(result))
            try:
                await replies.note(replies.sent)
            except Exception as error:  # the reply went; only a redo would send it again
                logger.warning("Could not note a reply to update %s (%s)", replies.update_id, error)
        return result
