"""A text widget that renders a Fluent message in the person's language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from aiogram.fsm.state import State
from aiogram.types import Message
from aiogram_dialog import ShowMode, Window
from aiogram_dialog.api.protocols import DialogManager
from aiogram_dialog.widgets.common import WhenCondition
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Select, SwitchTo
from aiogram_dialog.widgets.text import Format, Text

from bot.i18n import Translator

_FLUENT_TYPES = (str, int, float, Decimal, date)


class Tr(Text):
    """`Tr("menu-title")` renders that key with the window data as arguments.

    Message texts are HTML, so string arguments are escaped; button labels are not parsed by
    Telegram, so pass `html=False` for them.
    """

    def __init__(self, key: str, *, html: bool = True, when: WhenCondition = None) -> None:
        super().__init__(when=when)
        self.key = key
        self.html = html

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        i18n: Translator = manager.middleware_data["i18n"]
        args = {
            name: value
            for name, value in data.items()
            if isinstance(value, _FLUENT_TYPES) and not isinstance(value, bool)
        }
        return i18n(self.key, **args) if self.html else i18n.plain(self.key, **args)


def not_understood(hint: str = "hint-buttons") -> MessageInput:
    """For screens that expect buttons: any message (text, sticker, contact, photo, ...) gets
    a short hint of what the screen expects, and the screen comes again below it."""

    async def answer(message: Message, widget: MessageInput, manager: DialogManager) -> None:
        i18n: Translator = manager.middleware_data["i18n"]
        await message.answer(i18n(hint))
        manager.show_mode = ShowMode.SEND

    return MessageInput(answer)


def action(key: str, widget_id: str, on_click: Any, when: WhenCondition = None) -> Button:
    """A button labelled by the translation `key` that runs `on_click`."""
    return Button(Tr(key, html=False), id=widget_id, on_click=on_click, when=when)


def choices(widget_id: str, items: str, on_click: Any) -> Select[str]:
    """Buttons for `(id, label)` pairs that the window's getter puts under `items`."""
    return Select(
        Format("{item[1]}"),
        id=widget_id,
        item_id_getter=lambda item: item[0],
        items=items,
        on_click=on_click,
    )


def reading_window(key: str, state: State, back_to: State, getter: Any) -> Window:
    """A window with one text to read (such as the consent's full text) and a way back."""
    return Window(
        Tr(key),
        SwitchTo(Tr("btn-back", html=False), id="back", state=back_to),
        not_understood(),
        getter=getter,
        state=state,
    )
