"""A monitoring campaign's results (curators; opened from /survey's campaign screen): the
response rate and the figures per question a page at a time, the open answers, the chart."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import Dialog
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.dialogs.survey_results import handlers
from bot.dialogs.survey_results.getters import answers_getter, summary_getter
from bot.dialogs.survey_results.states import SurveyResultsSG
from bot.dialogs.widgets import Tr, not_understood, screen


def _pager(widget_id: str, on_click: Any) -> Row:
    """«◀️ 2/5 ▶️» under a text of several pages: each button names the page it shows."""
    return Row(
        Select(
            Format("{item[1]}"),
            id=widget_id,
            item_id_getter=lambda item: item[0],
            items="pages",
            on_click=on_click,
        )
    )


def build_survey_results_dialog() -> Dialog:
    return Dialog(
        screen(
            Format("{text}"),
            _pager("sp", handlers.on_page),
            Button(
                Tr("btn-sr-answers", html=False),
                id="answers",
                on_click=handlers.on_answers,
                when="has_answers",
            ),
            Button(
                Tr("btn-sr-chart", html=False),
                id="chart",
                on_click=handlers.on_chart,
                when="has_chart",
            ),
            Cancel(Tr("btn-back", html=False), id="close"),
            not_understood(),
            getter=summary_getter,
            state=SurveyResultsSG.main,
        ),
        screen(
            Format("{text}"),
            _pager("ap", handlers.on_answers_page),
            SwitchTo(Tr("btn-back", html=False), id="back", state=SurveyResultsSG.main),
            not_understood(),
            getter=answers_getter,
            state=SurveyResultsSG.answers,
        ),
        on_start=handlers.on_start,
    )
