"""/survey: each press and typed date becomes one use case of `bot.services.surveys`, which
checks on every call that the presser is still a curator and that the campaign is still in the
state the action expects."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput

from bot.dialogs.common import i18n_of, person_of, refuse, sessions_of, settings_of, version_of
from bot.dialogs.survey_results.states import SurveyResultsSG
from bot.dialogs.surveys.getters import default_due, today_in
from bot.dialogs.surveys.states import SurveysSG
from bot.domain.surveys import LONGEST_DAYS, Audience, DateProblem, Status, arrival_day
from bot.domain.typed_input import parse_date
from bot.scheduling.base import Scheduler
from bot.services import surveys
from bot.services.surveys import Done, Result
from bot.telegram.callbacks import as_id


def _scheduler(manager: DialogManager) -> Scheduler | None:
    """The running scheduler, to plan a campaign's jobs at once (without it, in tests, the
    hourly rebuild plans them)."""
    found = manager.middleware_data.get("scheduler")
    if found is None:
        planner = manager.middleware_data.get("meeting_planner")
        found = getattr(planner, "scheduler", None)
    return found if found is not None and hasattr(found, "plan") else None


def _wake(manager: DialogManager) -> None:
    wake = manager.middleware_data.get("outbox_wake")
    if wake is not None:
        wake()


def _campaign(manager: DialogManager) -> int:
    return int(manager.dialog_data.get("campaign") or 0)


def _by(manager: DialogManager) -> int:
    return person_of(manager).telegram_id


def _clear(manager: DialogManager) -> None:
    manager.dialog_data.update(notice=None, problem=None, confirm_close=False)


async def _failed(manager: DialogManager, result: Result) -> bool:
    """A result that changed nothing: said in an alert (True)."""
    if result.outcome in (Done.DONE, Done.ALREADY):
        return False
    key = "curator-only" if result.outcome is Done.NOT_ALLOWED else result.outcome.key
    await refuse(manager, key)
    return True


# ---- the list and one campaign -------------------------------------------------------------


async def on_open(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    campaign_id = as_id(item_id)
    if campaign_id is None:
        await refuse(manager, "fallback-button")
        return
    _clear(manager)
    manager.dialog_data["campaign"] = campaign_id
    await manager.switch_to(SurveysSG.campaign)


async def on_list(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    _clear(manager)
    await manager.switch_to(SurveysSG.list)


async def on_results(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    _clear(manager)
    await manager.start(SurveyResultsSG.main, data={"campaign": _campaign(manager)})


async def on_change(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    """New dates: a planned campaign's first day, then its due day; an open one's due day."""
    view = await surveys.one(sessions_of(manager), _campaign(manager))
    if view is None or view.status not in (Status.PLANNED, Status.OPEN):
        await refuse(manager, Done.NOT_NOW.key)
        return
    _clear(manager)
    manager.dialog_data.update(opens=None, changing=view.status)
    await manager.switch_to(SurveysSG.opens if view.status == Status.PLANNED else SurveysSG.due)


async def on_open_now(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    result = await surveys.open_now(
        sessions_of(manager),
        _campaign(manager),
        by=_by(manager),
        zone=settings_of(manager).tz,
        scheduler=_scheduler(manager),
        version=version_of(manager),
    )
    if result.outcome is Done.BAD_DATES and result.problem is not None:
        # Its invitations would come too late, or it would stay open too long: dates first.
        await refuse(manager, f"sv-open-now-{result.problem.value}")
        return
    if await _failed(manager, result):
        return
    _wake(manager)
    _clear(manager)
    manager.dialog_data["notice"] = i18n_of(manager)("sv-opened-now", n=result.invited)


async def on_close_ask(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    _clear(manager)
    manager.dialog_data["confirm_close"] = True


async def on_close_keep(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    _clear(manager)


async def on_close(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    result = await surveys.close(
        sessions_of(manager),
        _campaign(manager),
        by=_by(manager),
        zone=settings_of(manager).tz,
        scheduler=_scheduler(manager),
        version=version_of(manager),
    )
    _clear(manager)
    if await _failed(manager, result):
        manager.show_mode = ShowMode.EDIT  # the question goes: the campaign as it is now
        return
    manager.dialog_data["notice"] = i18n_of(manager)("sv-closed-done")


# ---- new dates -----------------------------------------------------------------------------


def _problem(manager: DialogManager, problem: DateProblem, opens: date | None) -> str:
    i18n = i18n_of(manager)
    shown = i18n.day(opens, today=today_in(manager)) if opens else ""
    return i18n(f"sv-date-{problem.value}", opens=shown)


async def _take_opens(manager: DialogManager, day: date) -> str | None:
    if day < today_in(manager):
        return _problem(manager, DateProblem.OPENS_PASSED, None)
    manager.dialog_data.update(opens=day.isoformat(), problem=None)
    await manager.switch_to(SurveysSG.due)
    return None


async def _take_due(manager: DialogManager, day: date) -> str | None:
    opens = manager.dialog_data.get("opens")
    opens_on = date.fromisoformat(opens) if isinstance(opens, str) else None
    result = await surveys.change_dates(
        sessions_of(manager),
        _campaign(manager),
        by=_by(manager),
        opens_on=opens_on,
        due_on=day,
        zone=settings_of(manager).tz,
        scheduler=_scheduler(manager),
        version=version_of(manager),
    )
    if result.outcome is Done.BAD_DATES and result.problem is not None:
        view = await surveys.one(sessions_of(manager), _campaign(manager))
        shown = opens_on or (view.opens_on if view else None)
        return _problem(manager, result.problem, shown)
    if result.outcome is not Done.DONE:  # opened or closed meanwhile: the campaign as it is
        key = "curator-only" if result.outcome is Done.NOT_ALLOWED else result.outcome.key
        _clear(manager)
        manager.dialog_data["notice"] = i18n_of(manager)(key)
        await manager.switch_to(SurveysSG.campaign)
        return None
    _clear(manager)
    manager.dialog_data["notice"] = i18n_of(manager)("sv-dates-changed")
    await manager.switch_to(SurveysSG.campaign)
    return None


async def on_opens_day(
    callback: CallbackQuery, widget: Any, manager: DialogManager, day: date
) -> None:
    problem = await _take_opens(manager, day)
    if problem is not None:
        manager.dialog_data["problem"] = problem


async def on_due_day(
    callback: CallbackQuery, widget: Any, manager: DialogManager, day: date
) -> None:
    problem = await _take_due(manager, day)
    if problem is not None:
        manager.dialog_data["problem"] = problem


def _typed_day(manager: DialogManager, message: Message) -> date | None:
    return parse_date(message.text or "", today=today_in(manager))


async def _say(manager: DialogManager, message: Message, text: str) -> None:
    """A typed date that cannot be taken: why, and the same screen again below it."""
    await message.answer(text)
    manager.dialog_data["problem"] = None
    manager.show_mode = ShowMode.SEND


async def _typed(
    manager: DialogManager,
    message: Message,
    take: Callable[[DialogManager, date], Awaitable[str | None]],
) -> None:
    """A typed day for the date on screen: taken, or why not and the same screen below."""
    day = _typed_day(manager, message)
    problem = i18n_of(manager)("sv-bad-date") if day is None else await take(manager, day)
    if problem is not None:
        await _say(manager, message, problem)
    else:
        manager.show_mode = ShowMode.SEND


async def on_typed_opens(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    await _typed(manager, message, _take_opens)


async def on_typed_due(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    await _typed(manager, message, _take_due)


async def on_dates_back(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    _clear(manager)
    await manager.switch_to(SurveysSG.campaign)


# ---- a survey now --------------------------------------------------------------------------


async def on_new(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    """«➕ Опрос сейчас»: a token makes its «Запустить» count once."""
    _clear(manager)
    manager.dialog_data.update(token=secrets.token_hex(8), audience=None, due=None)
    await manager.switch_to(SurveysSG.new_audience)


async def on_audience(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    if item_id not in {a.value for a in Audience}:
        await refuse(manager, "fallback-button")
        return
    manager.dialog_data.update(audience=item_id, problem=None)
    await manager.switch_to(SurveysSG.new_due)


def _take_new_due(manager: DialogManager, day: date) -> str | None:
    today = today_in(manager)
    if day < today:
        return _problem(manager, DateProblem.DUE_PASSED, None)
    if (day - today).days > LONGEST_DAYS:
        return _problem(manager, DateProblem.TOO_LONG, None)
    if day < arrival_day(datetime.now(UTC), settings_of(manager).tz):  # today, in the evening
        return _problem(manager, DateProblem.TOO_LATE, None)
    manager.dialog_data.update(due=day.isoformat(), problem=None)
    return None


async def on_new_due_default(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    _take_new_due(manager, default_due(manager))
    await manager.switch_to(SurveysSG.new_confirm)


async def on_new_due_day(
    callback: CallbackQuery, widget: Any, manager: DialogManager, day: date
) -> None:
    problem = _take_new_due(manager, day)
    if problem is not None:
        manager.dialog_data["problem"] = problem
        return
    await manager.switch_to(SurveysSG.new_confirm)


async def on_typed_new_due(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    day = _typed_day(manager, message)
    if day is None:
        await _say(manager, message, i18n_of(manager)("sv-bad-date"))
        return
    problem = _take_new_due(manager, day)
    if problem is not None:
        await _say(manager, message, problem)
        return
    manager.show_mode = ShowMode.SEND
    await manager.switch_to(SurveysSG.new_confirm)


async def on_start_new(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    data = manager.dialog_data
    due = data.get("due")
    result = await surveys.start_adhoc(
        sessions_of(manager),
        by=_by(manager),
        audience=Audience(str(data.get("audience") or Audience.ACTIVE_PAIRS.value)),
        due_on=date.fromisoformat(due) if isinstance(due, str) else default_due(manager),
        token=str(data.get("token") or secrets.token_hex(8)),
        zone=settings_of(manager).tz,
        scheduler=_scheduler(manager),
        version=version_of(manager),
    )
    if result.outcome is Done.BAD_DATES and result.problem is not None:
        await refuse(manager, f"sv-date-{result.problem.value}")  # the day it was set to
        return
    if await _failed(manager, result):
        return
    _wake(manager)
    _clear(manager)
    i18n = i18n_of(manager)
    notice = (
        i18n("sv-started", n=result.invited)
        if result.outcome is Done.DONE
        else i18n(Done.ALREADY.key)
    )
    if result.campaign_id is None:
        manager.dialog_data["notice"] = notice
        await manager.switch_to(SurveysSG.list)
        return
    manager.dialog_data.update(campaign=result.campaign_id, notice=notice)
    await manager.switch_to(SurveysSG.campaign)
