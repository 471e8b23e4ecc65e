"""/survey (curators): monitoring campaigns with their response rates; one campaign with its
results, new dates, «Открыть сейчас» and «Закрыть»; a survey started now for an audience."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import Dialog
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Row, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.dialogs.meetings.calendar import SchoolCalendar
from bot.dialogs.surveys import getters, handlers
from bot.dialogs.surveys.states import SurveysSG
from bot.dialogs.widgets import Tr, action, choices, not_understood, screen


def _back_to_campaign() -> Button:
    return action("btn-back", "back", handlers.on_dates_back)


def _date_screen(state: Any, calendar: str, getter: Any, on_day: Any, on_typed: Any) -> Any:
    return screen(
        Format("{text}"),
        SchoolCalendar(calendar, on_day),
        _back_to_campaign(),
        MessageInput(on_typed),
        getter=getter,
        state=state,
    )


def build_surveys_dialog() -> Dialog:
    return Dialog(
        screen(
            Format("{text}"),
            Column(choices("c", "items", handlers.on_open)),
            action("btn-sv-new", "new", handlers.on_new),
            Cancel(Tr("btn-close", html=False), id="close"),
            not_understood(),
            getter=getters.list_getter,
            state=SurveysSG.list,
        ),
        screen(
            Format("{text}"),
            action("btn-sv-results", "results", handlers.on_results, when="has_results"),
            action("btn-sv-dates", "dates", handlers.on_change, when="may_change"),
            action("btn-sv-open-now", "open_now", handlers.on_open_now, when="may_open"),
            action("btn-sv-close", "close_ask", handlers.on_close_ask, when="may_close"),
            Row(
                action("btn-sv-close-yes", "close_yes", handlers.on_close),
                action("btn-sv-close-no", "close_no", handlers.on_close_keep),
                when="confirming",
            ),
            action("btn-sv-list", "list", handlers.on_list),
            not_understood(),
            getter=getters.campaign_getter,
            state=SurveysSG.campaign,
        ),
        _date_screen(
            SurveysSG.opens,
            "od",
            getters.opens_getter,
            handlers.on_opens_day,
            handlers.on_typed_opens,
        ),
        _date_screen(
            SurveysSG.due, "dd", getters.due_getter, handlers.on_due_day, handlers.on_typed_due
        ),
        screen(
            Tr("sv-new-audience"),
            Column(choices("a", "items", handlers.on_audience)),
            SwitchTo(Tr("btn-meeting-flow-cancel", html=False), id="cancel", state=SurveysSG.list),
            not_understood(),
            getter=getters.audience_getter,
            state=SurveysSG.new_audience,
        ),
        screen(
            Format("{text}"),
            Button(Format("{default_label}"), id="default", on_click=handlers.on_new_due_default),
            SchoolCalendar("nd", handlers.on_new_due_day),
            SwitchTo(Tr("btn-back", html=False), id="back", state=SurveysSG.new_audience),
            MessageInput(handlers.on_typed_new_due),
            getter=getters.new_due_getter,
            state=SurveysSG.new_due,
        ),
        screen(
            Format("{text}"),
            action("btn-sv-start", "start", handlers.on_start_new, when="anybody"),
            SwitchTo(Tr("btn-back", html=False), id="back", state=SurveysSG.new_due),
            SwitchTo(Tr("btn-meeting-flow-cancel", html=False), id="cancel", state=SurveysSG.list),
            not_understood(),
            getter=getters.new_confirm_getter,
            state=SurveysSG.new_confirm,
        ),
    )
