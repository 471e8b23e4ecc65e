from __future__ import annotations

import asyncio
import hashlib
import time
from typing import Any

from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput

from bot.charts import draw
from bot.charts.stats import kpi_chart, participants_chart
from bot.dialogs.common import bot_of, i18n_of, person_of, refuse, sessions_of
from bot.dialogs.stats.getters import (
    ROLES,
    kpi_bars,
    overview_of,
    participant_bars,
    today_of,
)
from bot.dialogs.stats.states import StatsSG
from bot.domain.kpis import FIGURE_LIMITS, SchoolFigure, read_figure
from bot.services import stats
from bot.services.stats import Saved, TooFew

CHARTS_AGAIN_AFTER = 600.0
"""Seconds in which the same charts are not sent twice (a double tap, a second press)."""


async def on_charts(callback: CallbackQuery, button: Any, manager: DialogManager) -> None:
    """Two pictures: participants by role and category; the KPIs against their targets. The
    same pictures again soon after are not sent (they are just above)."""
    found = await overview_of(manager)
    if found is None:
        await refuse(manager, "curator-only")
        return
    i18n = i18n_of(manager)
    people, kpis = participant_bars(i18n, found), kpi_bars(i18n, found)
    seen = hashlib.sha256(repr((people, kpis)).encode()).hexdigest()[:16]
    sent = manager.dialog_data.get("charts")
    if (
        isinstance(sent, list)
        and sent[0] == seen
        and time.time() - float(sent[1]) < CHARTS_AGAIN_AFTER
    ):
        await refuse(manager, "stats-charts-sent")
        return
    manager.dialog_data["charts"] = [seen, time.time()]
    manager.dialog_data["notice"] = None
    await callback.answer()
    legend = [i18n.plain(f"stats-chart-role-{role.value}") for role in ROLES]
    first = await asyncio.to_thread(
        draw,
        participants_chart,
        i18n.plain("stats-chart-participants"),
        people,
        legend,
        i18n.plain("stats-chart-empty"),
    )
    second = await asyncio.to_thread(
        draw, kpi_chart, i18n.plain("stats-chart-kpis"), kpis, i18n.plain("stats-chart-target")
    )
    bot, chat = bot_of(manager), callback.from_user.id
    day = i18n.short_day(today_of(manager))
    await bot.send_photo(
        chat,
        BufferedInputFile(first, filename="participants.png"),
        caption=i18n("stats-caption-participants", date=day),
    )
    await bot.send_photo(
        chat, BufferedInputFile(second, filename="kpis.png"), caption=i18n("stats-caption-kpis")
    )
    manager.show_mode = ShowMode.SEND  # the figures again below the pictures, buttons at hand


async def on_school(callback: CallbackQuery, button: Any, manager: DialogManager) -> None:
    manager.dialog_data["notice"] = None
    manager.dialog_data["changed"] = False
    await manager.switch_to(StatsSG.students)


async def _typed(message: Message, manager: DialogManager, figure: SchoolFigure) -> bool:
    """The number typed for `figure`, saved; False (and a hint) if it is not one, or fewer
    than the programme's participants of that group."""
    value = read_figure(message.text) if message.text else None
    saved = await stats.set_school_figure(
        sessions_of(manager), figure, value, by=person_of(manager).telegram_id
    )
    if saved is Saved.NOT_ALLOWED:
        await refuse(manager, "curator-only")
        await manager.done()
        return False
    what = "students" if figure is SchoolFigure.STUDENTS else "teachers"
    if isinstance(saved, TooFew):
        await message.answer(i18n_of(manager)(f"stats-few-{what}", count=saved.participants))
        manager.show_mode = ShowMode.SEND  # the question again below the answer
        return False
    if saved is Saved.BAD_VALUE:
        await message.answer(i18n_of(manager)(f"stats-bad-{what}", max=FIGURE_LIMITS[figure]))
        manager.show_mode = ShowMode.SEND  # the question again below the hint
        return False
    return True


async def on_students(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    if await _typed(message, manager, SchoolFigure.STUDENTS):
        manager.dialog_data["changed"] = True
        await manager.switch_to(StatsSG.teachers, show_mode=ShowMode.SEND)


async def on_teachers(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    if await _typed(message, manager, SchoolFigure.TEACHERS):
        manager.dialog_data["changed"] = True
        await _back(manager, ShowMode.SEND)


async def _back(manager: DialogManager, show_mode: ShowMode | None = None) -> None:
    """To the figures, saying the school's size is saved if it was changed."""
    changed = manager.dialog_data.pop("changed", False)
    manager.dialog_data["notice"] = "stats-notice-saved" if changed else None
    await manager.switch_to(StatsSG.main, show_mode=show_mode)


async def on_keep_students(callback: CallbackQuery, button: Any, manager: DialogManager) -> None:
    await manager.switch_to(StatsSG.teachers)


async def on_keep_teachers(callback: CallbackQuery, button: Any, manager: DialogManager) -> None:
    await _back(manager)


async def on_back(callback: CallbackQuery, button: Any, manager: DialogManager) -> None:
    await _back(manager)
