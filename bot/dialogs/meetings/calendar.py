"""aiogram-dialog's `Calendar` in the person's language, as real Telegram takes it.

The stock calendar names months and weekdays in the process's locale (English) and fills the
blanks of a month with buttons of empty callback data and a blank label, which Telegram refuses
(BUTTON_DATA_INVALID, BUTTON_TEXT_EMPTY). Here names come from Babel in the person's language,
days before `min_date` are not offered, and a blank is a «·» that answers nothing.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import CallbackQuery, InlineKeyboardButton
from aiogram_dialog import ShowMode
from aiogram_dialog.api.internal import RawKeyboard
from aiogram_dialog.api.protocols import DialogManager, DialogProtocol
from aiogram_dialog.widgets.kbd import Calendar
from aiogram_dialog.widgets.kbd.calendar_kbd import (
    CalendarConfig,
    CalendarDaysView,
    CalendarMonthView,
    CalendarScope,
    CalendarScopeView,
    CalendarUserConfig,
    CalendarYearsView,
    date_from_raw,
)
from aiogram_dialog.widgets.text import Text
from babel.dates import format_date, get_day_names

from bot.i18n import Translator

BLANK = "·"
NOOP = "_"
AHEAD_DAYS = 366
_FORMS = re.compile(r"(MONTH|YEAR)?[0-9]{1,12}")
"""What the calendar's own buttons carry besides its paging: a day (seconds since 1970), a month
or a year."""
MIN_WEEKS = 4


class _Babel(Text):
    """A date of the calendar as Babel writes it in the person's language (`pattern`), or the
    weekday's short name (`weekday`)."""

    def __init__(self, pattern: str = "", *, weekday: bool = False, frame: str = "{}") -> None:
        super().__init__()
        self.pattern = pattern
        self.weekday = weekday
        self.frame = frame

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        i18n: Translator = manager.middleware_data["i18n"]
        day: date = data["date"]
        if self.weekday:
            names = get_day_names("abbreviated", context="stand-alone", locale=i18n.locale)
            return self.frame.format(str(names[day.weekday()]))
        return self.frame.format(format_date(day, self.pattern, locale=i18n.locale))


class _Day(Text):
    def __init__(self, frame: str = "{}") -> None:
        super().__init__()
        self.frame = frame

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        day: date = data["date"]
        return self.frame.format(day.day)


class _Weeks(CalendarDaysView):
    """Whole weeks: the days of the month shown, with the days of the months beside it that
    share their weeks, and at least four weeks from the first day that may be picked (on the
    30th of a month the next weeks are there without turning the page). Weeks with no day to
    pick are left out."""

    async def _render_days(
        self, config: CalendarConfig, offset: date, data: dict[str, Any], manager: DialogManager
    ) -> list[list[InlineKeyboardButton]]:
        first = offset.replace(day=1)
        last = (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
        start = max(first, config.min_date)
        end = min(max(last, start + timedelta(days=MIN_WEEKS * 7 - 1)), config.max_date)
        start -= timedelta(days=(start.weekday() - config.firstweekday) % 7)
        today = datetime.now(config.timezone).date()
        keyboard = []
        while start <= end:
            row = []
            for day in (start + timedelta(days=n) for n in range(7)):
                if config.min_date <= day <= config.max_date:
                    row.append(await self._render_date_button(day, today, data, manager))
                else:
                    row.append(InlineKeyboardButton(text=BLANK, callback_data=""))
            keyboard.append(row)
            start += timedelta(days=7)
        return keyboard


class SchoolCalendar(Calendar):
    """A calendar from today (in the school's time zone) to a year ahead, weeks from Monday."""

    def __init__(self, widget_id: str, on_click: Any) -> None:
        super().__init__(id=widget_id, on_click=on_click)

    def _init_views(self) -> dict[CalendarScope, CalendarScopeView]:
        return {
            CalendarScope.DAYS: _Weeks(
                self._item_callback_data,
                date_text=_Day(),
                today_text=_Day("[{}]"),
                weekday_text=_Babel(weekday=True),
                header_text=_Babel("LLLL y", frame="🗓 {}"),
                next_month_text=_Babel("LLL", frame="{} ▶️"),
                prev_month_text=_Babel("LLL", frame="◀️ {}"),
            ),
            CalendarScope.MONTHS: CalendarMonthView(
                self._item_callback_data,
                month_text=_Babel("LLL"),
                this_month_text=_Babel("LLL", frame="[{}]"),
                header_text=_Babel("y", frame="🗓 {}"),
                next_year_text=_Babel("y", frame="{} ▶️"),
                prev_year_text=_Babel("y", frame="◀️ {}"),
            ),
            CalendarScope.YEARS: CalendarYearsView(
                self._item_callback_data,
                year_text=_Babel("y"),
                this_year_text=_Babel("y", frame="[{}]"),
                next_page_text=_Babel("y", frame="{} ▶️"),
                prev_page_text=_Babel("y", frame="◀️ {}"),
            ),
        }

    async def _get_user_config(
        self, data: dict[str, Any], manager: DialogManager
    ) -> CalendarUserConfig:
        zone: ZoneInfo = manager.middleware_data["settings"].tz
        today = datetime.now(zone).date()
        return CalendarUserConfig(
            firstweekday=0,
            timezone=zone,  # type: ignore[arg-type]  # a tzinfo is all it needs
            min_date=today,
            max_date=today + timedelta(days=AHEAD_DAYS),
        )

    async def _render_keyboard(self, data: dict[str, Any], manager: DialogManager) -> RawKeyboard:
        keyboard = await super()._render_keyboard(data, manager)
        noop = self._item_callback_data(NOOP)
        for row in keyboard:
            for index, button in enumerate(row):
                if not isinstance(button, InlineKeyboardButton):
                    continue
                if not button.callback_data or not button.text.strip():
                    row[index] = button.model_copy(
                        update={"text": button.text.strip() or BLANK, "callback_data": noop}
                    )
        return keyboard

    async def _process_item_callback(
        self,
        callback: CallbackQuery,
        data: str,
        dialog: DialogProtocol,
        manager: DialogManager,
    ) -> bool:
        if data == NOOP:  # a weekday's name or a blank: nothing to do, and nothing redrawn
            await callback.answer()
            manager.show_mode = ShowMode.NO_UPDATE
            return True
        if data not in self._handlers and not _FORMS.fullmatch(data):
            return await self._refuse(callback, manager, "fallback-button")
        if data.isdigit():  # a day: one before today or too far ahead is not offered
            config = self.config.merge(await self._get_user_config({}, manager))
            try:
                picked = date_from_raw(int(data))
            except (ValueError, OverflowError):
                return await self._refuse(callback, manager, "fallback-button")
            if not config.min_date <= picked <= config.max_date:
                i18n: Translator = manager.middleware_data["i18n"]
                await callback.answer(i18n.plain("meeting-date-not-offered"), show_alert=True)
                manager.show_mode = ShowMode.NO_UPDATE
                return True
        try:
            return await super()._process_item_callback(callback, data, dialog, manager)
        except (ValueError, OverflowError):  # a month or year no calendar has (forged)
            return await self._refuse(callback, manager, "fallback-button")

    async def _refuse(self, callback: CallbackQuery, manager: DialogManager, key: str) -> bool:
        i18n: Translator = manager.middleware_data["i18n"]
        await callback.answer(i18n.plain(key), show_alert=True)
        manager.show_mode = ShowMode.NO_UPDATE
        return True
