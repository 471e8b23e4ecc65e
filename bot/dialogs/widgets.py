"""A text widget that renders a Fluent message in the person's language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from typing import Any

from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import ShowMode, Window
from aiogram_dialog.api.internal import RawKeyboard
from aiogram_dialog.api.protocols import DialogManager, DialogProtocol
from aiogram_dialog.widgets.common import WhenCondition
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Keyboard, Select, SwitchTo
from aiogram_dialog.widgets.text import Format, Text

from bot.dialogs.layout import ROW, Short
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


SHOWN_ONCE = ("greet", "notice")
"""Dialog data a screen shows the first time it is drawn only (the greeting, a notice of what was
just done); drawn again below a hint, the screen comes without them."""


def not_understood(
    hint: str = "hint-buttons",
    first: Callable[[Message, DialogManager], Awaitable[bool]] | None = None,
) -> MessageInput:
    """For screens that expect buttons: any message (text, sticker, contact, photo, ...) gets
    a short hint of what the screen expects, and the screen comes again below it. `first` may
    take the message instead (True: taken)."""

    async def answer(message: Message, widget: MessageInput, manager: DialogManager) -> None:
        if first is not None and await first(message, manager):
            return
        i18n: Translator = manager.middleware_data["i18n"]
        await message.answer(i18n(hint))
        for key in SHOWN_ONCE:  # the greeting is not said again on every stray message
            if manager.dialog_data.get(key):
                manager.dialog_data[key] = None
        manager.show_mode = ShowMode.SEND

    return MessageInput(answer)


def action(key: str, widget_id: str, on_click: Any, when: WhenCondition = None) -> Button:
    """A button labelled by the translation `key` that runs `on_click`."""
    return Button(Tr(key, html=False), id=widget_id, on_click=on_click, when=when)


def choices(widget_id: str, items: str, on_click: Any, limit: int = ROW) -> Select[str]:
    """Buttons for `(id, label)` pairs that the window's getter puts under `items`, each label
    cut at a word to `limit` characters (see `bot.dialogs.layout`)."""
    return Select(
        Short(Format("{item[1]}"), limit),
        id=widget_id,
        item_id_getter=lambda item: item[0],
        items=items,
        on_click=on_click,
    )


class StaleButton(Keyboard):
    """The last keyboard of every screen: a press meant for another screen (a second tap on a
    button whose screen has moved on, an old message) gets a short alert, and the screen is not
    drawn again as it was (Telegram refuses an edit that changes nothing)."""

    async def _render_keyboard(self, data: dict[str, Any], manager: DialogManager) -> RawKeyboard:
        return []

    async def _process_other_callback(
        self, callback: CallbackQuery, dialog: DialogProtocol, manager: DialogManager
    ) -> bool:
        i18n: Translator = manager.middleware_data["i18n"]
        if callback.id:  # a reply-keyboard press is no query: nothing to answer
            await callback.answer(i18n.plain("fallback-button"), show_alert=True)
        manager.show_mode = ShowMode.NO_UPDATE
        return True


def screen(*widgets: Any, **options: Any) -> Window:
    """A `Window` that refuses presses meant for other screens (see `StaleButton`)."""
    return Window(*widgets, StaleButton(), **options)


def reading_window(key: str, state: State, back_to: State, getter: Any) -> Window:
    """A window with one text to read (such as the consent's full text) and a way back."""
    return screen(
        Tr(key),
        SwitchTo(Tr("btn-back", html=False), id="back", state=back_to),
        not_understood(),
        getter=getter,
        state=state,
    )
