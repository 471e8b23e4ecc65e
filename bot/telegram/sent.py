"""A reply is sent once, though its update is handled twice.

A worker killed after Telegram accepted a reply and before the update's dialog state and
handled mark were stored leaves an update another worker handles again (`bot.services.updates`):
that handling would send the reply a second time (a question asked twice, a greeting whose
first copy's buttons then act on the second's dialog). So each message an update's handling
sends is noted on the update as soon as Telegram accepts it: its ids and a digest of what it
said, keyed with the bot's token (no text, so a withdrawal leaves no trace of it here, and
nobody can tell a name from the digest). The handling done again takes a send that says what a
noted message said, in order and in the same chat, as that message, and sends nothing. One that
says something else in its place (others changed things meanwhile: the link was answered, the
meeting closed) is what the person must see: the noted message is edited into it, or, when it
cannot be, it is sent. What it sends beyond those is sent, and noted, as usual.
"""

from __future__ import annotations

import hashlib
import hmac
import json
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
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import EditMessageText, SendDocument, SendMessage, SendPhoto, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InlineKeyboardMarkup, InputFile, Message

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
    passed: int = 0  # how many of `before` are behind this handling

    def same(self, chat_id: int | str, digest: str) -> dict[str, Any] | None:
        """The message an earlier handling sent saying what this send says, if any (the next
        such in order: those it passes over are not taken again)."""
        for at in range(self.passed, len(self.before)):
            shown = self.before[at]
            if _chat_of(shown) == chat_id and shown.get("digest") == digest:
                self.passed = at + 1
                return shown
        return None

    def in_place(self, chat_id: int | str) -> dict[str, Any] | None:
        """The message an earlier handling sent where this send comes, if in the same chat."""
        if self.passed < len(self.before) and _chat_of(self.before[self.passed]) == chat_id:
            self.passed += 1
            return self.before[self.passed - 1]
        return None


def _chat_of(shown: dict[str, Any]) -> Any:
    return shown.get("chat", {}).get("id")


def digest(bot: Bot, method: TelegramMethod[Any]) -> str:
    """What a send says (its text, buttons and files), keyed with the bot's token."""
    said = method.model_dump(mode="python", exclude_none=True, exclude={"chat_id"})

    def plain(value: Any) -> Any:
        if isinstance(value, InputFile):
            return f"file:{value.filename}"
        return repr(value)

    content = json.dumps([type(method).__name__, said], sort_keys=True, default=plain)
    return hmac.new(bot.token.encode(), content.encode(), hashlib.sha256).hexdigest()[:16]


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


@contextmanager
def apart() -> Iterator[None]:
    """While something that is no update from Telegram is handled (aiogram-dialog's own
    updates, started from another update's handling): its sends are not that update's."""
    token = _current.set(None)
    try:
        yield
    finally:
        _current.reset(token)


def trace(message: Message, said: str) -> dict[str, Any]:
    """What is kept of a message sent: enough to stand for it again, and `said`, the digest of
    what it says."""
    kept: dict[str, Any] = {
        "message_id": message.message_id,
        "date": int(message.date.timestamp()),
        "chat": {"id": message.chat.id, "type": message.chat.type},
        "digest": said,
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
        said = digest(bot, method)
        same = replies.same(chat_id, said)
        if same is not None:
            replies.sent.append(same)
            logger.info(
                "Update %s: message %s was sent before it was handled again; not sent twice",
                replies.update_id,
                same["message_id"],
            )
            return Message.model_validate(same, context={"bot": bot})
        in_place = replies.in_place(chat_id)
        result: Any = None
        if in_place is not None and isinstance(method, SendMessage):
            result = await _edited(bot, in_place, method)
        if result is None:
            result = await make_request(bot, method)
        if isinstance(result, Message):
            replies.sent.append(trace(result, said))
            try:
                await replies.note(replies.sent)
            except Exception as error:  # the reply went; only a redo would send it again
                logger.warning("Could not note a reply to update %s (%s)", replies.update_id, error)
        return result


async def _edited(bot: Bot, shown: dict[str, Any], method: SendMessage) -> Message | None:
    """The message an earlier handling sent, edited into what this handling says in its place;
    None if it cannot be (a picture, a reply keyboard, a message deleted): then it is sent."""
    markup = method.reply_markup
    if (
        "photo" in shown
        or "document" in shown
        or not isinstance(markup, InlineKeyboardMarkup | None)
    ):
        return None
    edit = EditMessageText(
        chat_id=method.chat_id,
        message_id=shown["message_id"],
        text=method.text,
        parse_mode=method.parse_mode,
        entities=method.entities,
        link_preview_options=method.link_preview_options,
        reply_markup=markup,
    )
    try:
        edited = await bot(edit)
    except TelegramBadRequest as error:
        if "message is not modified" in error.message:
            return Message.model_validate(shown, context={"bot": bot})  # it says that already
        logger.info("Message %s could not be edited (%s): sent anew", shown["message_id"], error)
        return None
    logger.info(
        "Message %s said something else before it was handled again: edited", shown["message_id"]
    )
    return edited if isinstance(edited, Message) else None
