"""Buttons that fit a phone.

A phone shows about 30 characters on a button that fills its row, and a half or a third of that
when two or three share the row; Telegram cuts a longer label wherever it runs out of room. So:

- `short` cuts a label at a word, with «…» (`named` keeps a tail such as « · 0 из 2» whole);
- `Rows` puts as many buttons in a row as their labels allow (up to three), so a long name gets a
  row of its own and short labels («✏️ Стаж») share one;
- `Pager` shows a page of buttons and, only when there is more than one page, «◀️ 1/2 ▶️».

Every list of buttons goes through `short` (`bot.dialogs.widgets.choices` cuts each label).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from aiogram.types import CallbackQuery, InlineKeyboardButton
from aiogram_dialog import ShowMode
from aiogram_dialog.api.internal import ButtonVariant, RawKeyboard
from aiogram_dialog.api.protocols import DialogManager, DialogProtocol
from aiogram_dialog.widgets.common import WhenCondition
from aiogram_dialog.widgets.kbd import Group, Keyboard, ScrollingGroup
from aiogram_dialog.widgets.text import Text

from bot.i18n import Translator

ROW = 30
"""Characters of a label that a phone shows on a button alone in its row."""
MOST_IN_ROW = 3
PAGE = 8
"""Rows of buttons on one page of a list."""
ELLIPSIS = "…"
_TRIM = " ,.;:·—–-(«„\"'"


def width(text: str) -> int:
    """The characters a label takes on screen: marks that join others (the emoji variation
    selector, a stress mark, a zero-width joiner) take none."""
    return sum(1 for char in text if unicodedata.category(char) not in ("Mn", "Me", "Cf"))


def fits(in_row: int) -> int:
    """How long a label may be when `in_row` buttons share a row."""
    return ROW // max(1, in_row)


def short(text: str, limit: int = ROW) -> str:
    """`text` on one line, whole if it fits `limit`, else cut after the last word that fits
    (a hyphen parts words too), with «…»; a word longer than half the room is cut where the
    room ends."""
    text = " ".join(text.split())
    if width(text) <= limit:
        return text
    room = max(1, limit - 1)
    taken, used = [], 0
    for char in text:
        used += width(char)
        if used > room:
            break
        taken.append(char)
    cut = "".join(taken)
    after = text[len(cut)] if len(cut) < len(text) else " "
    if after not in " -":  # the last word does not end here: the words before it, or a part
        space = max(cut.rfind(" "), cut.rfind("-"))
        if space > 0 and width(cut[:space]) >= room // 2:
            cut = cut[:space]
    return cut.rstrip(_TRIM) + ELLIPSIS


def named(name: str, tail: str = "", limit: int = ROW) -> str:
    """A person's name on a button, with a tail that stays whole (« · 0 из 2»): whole if it
    fits, else the surname and initials («Кузьмина М. С.»), else cut at a word."""
    room = max(limit - width(tail), limit // 2)
    name = " ".join(name.split())
    words = name.split(" ")
    if width(name) > room and len(words) > 1:
        initials = " ".join(f"{word[0]}." for word in words[1:] if word[0].isalpha())
        name = f"{words[0]} {initials}" if initials else name
    return short(name, room) + tail


class Short(Text):
    """A text widget cut to `limit` characters at a word (see `short`)."""

    def __init__(self, text: Text, limit: int = ROW, when: WhenCondition = None) -> None:
        super().__init__(when=when)
        self.text = text
        self.limit = limit

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        return short(await self.text.render_text(data, manager), self.limit)


def _labelled(button: ButtonVariant, limit: int) -> ButtonVariant:
    text = short(button.text, limit)
    return button if text == button.text else button.model_copy(update={"text": text})


class Rows(Group):
    """Buttons in rows by the length of their labels: a button joins the row while every label
    in it still fits (`fits`) and there are fewer than `most`; a label too long even for a row
    of its own is cut at a word."""

    def __init__(
        self,
        *buttons: Keyboard,
        id: str | None = None,
        most: int = MOST_IN_ROW,
        when: WhenCondition = None,
    ) -> None:
        super().__init__(*buttons, id=id, width=most, when=when)

    def _wrap_kbd(self, kbd: Iterable[ButtonVariant]) -> RawKeyboard:
        most = self.width or MOST_IN_ROW
        rows: RawKeyboard = []
        row: list[ButtonVariant] = []
        for button in kbd:
            joined = [*row, button]
            if row and (
                len(joined) > most or any(width(b.text) > fits(len(joined)) for b in joined)
            ):
                rows.append(row)
                row = [button]
            else:
                row = joined
        if row:
            rows.append(row)
        return [[_labelled(b, fits(len(r))) for b in r] for r in rows]


class Pager(ScrollingGroup):
    """A list of buttons `height` rows at a time. Below it, only when there is more than one
    page, «◀️ 1/2 ▶️»: the arrows go round (from the last page to the first), and the middle
    button, which only says where one is, draws nothing again."""

    def __init__(
        self,
        *buttons: Keyboard,
        id: str,
        width: int = 1,
        height: int = PAGE,
        when: WhenCondition = None,
    ) -> None:
        super().__init__(
            *buttons, id=id, width=width, height=height, when=when, hide_on_single_page=True
        )

    async def _render_pager(self, pages: int, manager: DialogManager) -> RawKeyboard:
        if pages <= 1:
            return []
        i18n: Translator = manager.middleware_data["i18n"]
        current = min(pages - 1, await self.get_page(manager))
        if current != await self.get_page(manager):
            self.set_widget_data(manager, current)  # the list got shorter: its last page

        def button(text: str, page: int) -> InlineKeyboardButton:
            return InlineKeyboardButton(text=text, callback_data=self._item_callback_data(page))

        return [
            [
                button(i18n.plain("pager-prev"), (current - 1) % pages),
                button(i18n.plain("pager-page", page=current + 1, pages=pages), current),
                button(i18n.plain("pager-next"), (current + 1) % pages),
            ]
        ]

    async def _process_item_callback(
        self, callback: CallbackQuery, data: str, dialog: DialogProtocol, manager: DialogManager
    ) -> bool:
        page = int(data) if data.isascii() and data.isdigit() and len(data) < 6 else None
        if page is None or page == await self.get_page(manager):
            manager.show_mode = ShowMode.NO_UPDATE  # the page on screen: nothing to draw
            return True
        await self.set_page(callback, page, manager)
        return True
