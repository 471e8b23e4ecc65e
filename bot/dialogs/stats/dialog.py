"""/stats: the programme at a glance and the roadmap's KPIs; «📈 Диаграммы» sends them as two
pictures; «🏫 Численность школы» asks the school's numbers of students and teachers (typed), which
the coverage KPIs are counted against."""

from __future__ import annotations

from aiogram_dialog import Dialog
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel
from aiogram_dialog.widgets.text import Format

from bot.dialogs.stats import handlers
from bot.dialogs.stats.getters import main_getter, students_getter, teachers_getter
from bot.dialogs.stats.states import StatsSG
from bot.dialogs.widgets import Tr, action, not_understood, screen


def build_stats_dialog() -> Dialog:
    back = action("btn-back", "back", handlers.on_back)
    return Dialog(
        screen(
            Format("{text}"),
            action("btn-stats-charts", "charts", handlers.on_charts),
            action("btn-stats-school", "school", handlers.on_school),
            Cancel(Tr("btn-close", html=False), id="close"),
            not_understood(),
            getter=main_getter,
            state=StatsSG.main,
        ),
        screen(
            Tr("stats-ask-students"),
            Button(
                Tr("btn-stats-keep", html=False),
                id="keep_s",
                on_click=handlers.on_keep_students,
                when="kept",
            ),
            back,
            MessageInput(handlers.on_students),
            getter=students_getter,
            state=StatsSG.students,
        ),
        screen(
            Tr("stats-ask-teachers"),
            Button(
                Tr("btn-stats-keep", html=False),
                id="keep_t",
                on_click=handlers.on_keep_teachers,
                when="kept",
            ),
            back,
            MessageInput(handlers.on_teachers),
            getter=teachers_getter,
            state=StatsSG.teachers,
        ),
    )
