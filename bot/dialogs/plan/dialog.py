"""/plan: a pair's individual plan — the share done with its bar, the tasks a page at a time,
one task with what may be done with it, and a new task (its words, then its deadline from the
calendar, typed, or none)."""

from __future__ import annotations

from aiogram_dialog import Dialog
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.dialogs.layout import Pager
from bot.dialogs.meetings.calendar import SchoolCalendar
from bot.dialogs.plan import handlers
from bot.dialogs.plan.getters import (
    PAGER,
    PER_PAGE,
    due_getter,
    task_getter,
    title_getter,
    view_getter,
)
from bot.dialogs.plan.states import PlanSG
from bot.dialogs.widgets import Tr, choices, not_understood, screen


def build_plan_dialog() -> Dialog:
    to_plan = SwitchTo(
        Tr("btn-back", html=False), id="back", state=PlanSG.view, on_click=handlers.on_back
    )
    return Dialog(
        screen(
            Format("{text}"),
            Column(choices("pk", "plans", handlers.on_pick)),
            Pager(choices("t", "tasks", handlers.on_task), id=PAGER, height=PER_PAGE),
            Column(choices("add", "add", handlers.on_add)),
            Button(
                Tr("btn-plan-all", html=False), id="all", on_click=handlers.on_all, when="others"
            ),
            Cancel(Tr("btn-close", html=False), id="close"),
            not_understood(),
            getter=view_getter,
            state=PlanSG.view,
        ),
        screen(
            Format("{text}"),
            Column(choices("do", "actions", handlers.on_action)),
            to_plan,
            not_understood(),
            getter=task_getter,
            state=PlanSG.task,
        ),
        screen(
            Format("{text}"),
            to_plan,
            MessageInput(handlers.on_title),
            getter=title_getter,
            state=PlanSG.title,
        ),
        screen(
            Format("{text}"),
            SchoolCalendar("day", handlers.on_day),
            Button(Tr("btn-plan-no-due", html=False), id="no_due", on_click=handlers.on_no_due),
            SwitchTo(Tr("btn-back", html=False), id="back", state=PlanSG.title),
            MessageInput(handlers.on_due_typed),
            getter=due_getter,
            state=PlanSG.due,
        ),
        on_start=handlers.on_start,
    )
