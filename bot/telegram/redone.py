"""A screen shown again by an update handled again is the message the person already pressed.

A worker killed after it sent a screen and before it stored the dialog leaves the screen on the
person's phone; their press on it reaches another worker, which first handles the update the
killed one left (`UpdateTasks`, with the press as what follows). That update starts the same
dialogs with the same ids (`bot.dialogs.ids`), and would send the screen a second time: the
press then moves the dialog on in the first copy, and the second is left with buttons that no
longer work. While it is handled again, a screen whose buttons are those of the pressed message
(the same dialog) is not sent: the pressed message is taken for it, edited if it differs.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import EditMessageText, SendMessage, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InlineKeyboardMarkup, Message, Update

logger = logging.getLogger(__name__)

INTENT_SEPARATOR = "\x1d"  # aiogram-dialog's callback data: "<dialog id>\x1d<widget data>"
_TAGS = re.compile(r"<[^>]+>")


@dataclass
class _Pressed:
    message: Message | None


_pressed: ContextVar[_Pressed | None] = ContextVar("pressed_while_redone", default=None)


@contextmanager
def before(following: Update) -> Iterator[None]:
    """While an update left unfinished is handled again before `following`: if that is a press
    on a message, a screen of the same dialog is that message."""
    query = following.callback_query
    message = query.message if query is not None else None
    pressed = _Pressed(message if isinstance(message, Message) else None)
    token = _pressed.set(pressed)
    try:
        yield
    finally:
        _pressed.reset(token)


def _dialogs(markup: Any) -> set[str]:
    if not isinstance(markup, InlineKeyboardMarkup):
        return set()
    return {
        button.callback_data.split(INTENT_SEPARATOR, 1)[0]
        for row in markup.inline_keyboard
        for button in row
        if button.callback_data and INTENT_SEPARATOR in button.callback_data
    }


def _plain(text: str) -> str:
    return html.unescape(_TAGS.sub("", text))


def _same(markup: InlineKeyboardMarkup, shown: Message) -> bool:
    if shown.reply_markup is None:
        return False
    return markup.model_dump(exclude_none=True) == shown.reply_markup.model_dump(exclude_none=True)


class ShownBefore(BaseRequestMiddleware):
    """The Bot's request middleware that takes the pressed message for the screen sent again."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        pressed = _pressed.get()
        shown = pressed.message if pressed is not None else None
        if (
            shown is None
            or not isinstance(method, SendMessage)
            or method.chat_id != shown.chat.id
            or not _dialogs(method.reply_markup) & _dialogs(shown.reply_markup)
        ):
            return await make_request(bot, method)
        assert pressed is not None and isinstance(method.reply_markup, InlineKeyboardMarkup)
        pressed.message = None  # once: what follows is sent as usual
        logger.info("Message %s shown again is not sent twice", shown.message_id)
        if _plain(method.text) == (shown.text or "") and _same(method.reply_markup, shown):
            return shown
        edit = EditMessageText(
            chat_id=method.chat_id,
            message_id=shown.message_id,
            text=method.text,
            parse_mode=method.parse_mode,
            entities=method.entities,
            link_preview_options=method.link_preview_options,
            reply_markup=method.reply_markup,
        )
        try:
            edited = await bot(edit)
        except TelegramBadRequest as error:
            if "message is not modified" not in error.message:
                raise
            return shown
        return edited if isinstance(edited, Message) else shown
