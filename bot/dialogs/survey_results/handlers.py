from __future__ import annotations

import asyncio
import hashlib
import time
from typing import Any

from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram_dialog import Data, DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button

from bot.charts import draw
from bot.charts.surveys import means
from bot.dialogs.common import bot_of, i18n_of, person_of, refuse, sessions_of, start_data
from bot.dialogs.survey_results.getters import (
    ANSWERS_PAGE,
    MAIN_PAGE,
    Shown,
    answer_pages,
    campaign_id_of,
    chart_of,
    page_of,
    results_of,
    summary_pages,
    title_of,
)
from bot.dialogs.survey_results.states import SurveyResultsSG
from bot.services import survey_results
from bot.services.survey_results import Refused, View
from bot.telegram.callbacks import as_id

REFUSALS = {Refused.NOT_CURATOR: "curator-only", Refused.NO_CAMPAIGN: "sr-no-campaign"}
CHART_AGAIN_AFTER = 600.0
"""Seconds in which the same chart is not sent twice (a double tap, a second press), as /stats's
charts."""


async def on_start(data: Data, manager: DialogManager) -> None:
    """Opened from a campaign's «📊 Результаты» with {"campaign": id} (start data is input: the
    getter says so when there is no such campaign). The view is written to the audit log."""
    campaign = start_data(manager).get("campaign")
    if not isinstance(campaign, int) or isinstance(campaign, bool):
        return
    manager.dialog_data["campaign"] = campaign
    await survey_results.record_view(
        sessions_of(manager), campaign, by=person_of(manager).telegram_id, view=View.SUMMARY
    )


async def _turn(manager: DialogManager, key: str, item_id: str, shown: Shown) -> None:
    """To the page the button names; the page on screen (or one that is gone) draws nothing."""
    page = as_id(item_id)
    if page is None or page >= len(shown.pages) or page == page_of(manager, key, len(shown.pages)):
        manager.show_mode = ShowMode.NO_UPDATE
        return
    manager.dialog_data[key] = page


async def on_page(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    await _turn(manager, MAIN_PAGE, item_id, await summary_pages(manager))


async def on_answers_page(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    await _turn(manager, ANSWERS_PAGE, item_id, await answer_pages(manager))


async def on_answers(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """The open answers: a view of people's words, written to the audit log."""
    campaign = campaign_id_of(manager)
    refused = (
        await survey_results.record_view(
            sessions_of(manager), campaign, by=callback.from_user.id, view=View.ANSWERS
        )
        if campaign is not None
        else Refused.NO_CAMPAIGN
    )
    if refused is not None:
        await refuse(manager, REFUSALS[refused])
        return
    manager.dialog_data[ANSWERS_PAGE] = 0
    await manager.switch_to(SurveyResultsSG.answers)


async def on_chart(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """The chart as a photo; the results come again below it, their buttons at hand. The same
    chart again soon after is not sent (it is just above): a short alert says so, and the
    screen stays as it is."""
    i18n = i18n_of(manager)
    found = await results_of(manager)
    if isinstance(found, Refused):
        await refuse(manager, REFUSALS[found])
        return
    chart = chart_of(i18n, found)
    if chart is None:
        await refuse(manager, "sr-chart-nothing")
        return
    seen = hashlib.sha256(repr((found.campaign, chart)).encode()).hexdigest()[:16]
    sent = manager.dialog_data.get("chart")
    if (
        isinstance(sent, list)
        and sent[0] == seen
        and time.time() - float(sent[1]) < CHART_AGAIN_AFTER
    ):
        await refuse(manager, "sr-chart-sent")
        return
    refused = await survey_results.record_view(
        sessions_of(manager), found.campaign.id, by=callback.from_user.id, view=View.CHART
    )
    if refused is not None:
        await refuse(manager, REFUSALS[refused])
        return
    manager.dialog_data["chart"] = [seen, time.time()]
    await callback.answer()
    panels, note = chart
    title = title_of(i18n, found.campaign)
    picture = await asyncio.to_thread(draw, means, panels, title=title, note=note)
    await bot_of(manager).send_photo(
        manager.middleware_data["event_chat"].id,
        BufferedInputFile(picture, filename=f"survey-{found.campaign.id}.png"),
        caption=i18n("sr-chart-caption", title=title),
    )
    manager.show_mode = ShowMode.SEND
