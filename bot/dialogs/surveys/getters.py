"""/survey's screens, read only: the campaigns with their response rates, one campaign, the
screens of new dates and of a survey started now."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from aiogram_dialog import DialogManager

from bot.dialogs.common import i18n_of, sessions_of, settings_of, version_of
from bot.dialogs.layout import short
from bot.domain import surveys as rules
from bot.domain.surveys import Audience, Kind, Status
from bot.i18n import Translator
from bot.services import surveys
from bot.services.surveys import CampaignView

SHOWN = 12
"""Campaigns listed on the first screen (this school year's and last year's, newest first)."""
TEXT_ROOM = 3600


def today_in(manager: DialogManager) -> date:
    return datetime.now(settings_of(manager).tz).date()


def _day(i18n: Translator, day: date, today: date) -> str:
    return i18n.day(day, today=today)


def title(i18n: Translator, view: CampaignView) -> str:
    return i18n.plain(f"sv-kind-{view.kind}")


def _dates(i18n: Translator, view: CampaignView, today: date) -> str:
    return i18n(
        "sv-dates",
        opens=_day(i18n, view.opens_on, today),
        due=_day(i18n, view.due_on, today),
    )


def _figures(i18n: Translator, view: CampaignView) -> list[str]:
    """«наставники: ответили 12 из 30 (40 %)», a line per role invited."""
    return [
        i18n(
            "sv-role-line",
            role=i18n.plain(f"sv-role-{role}"),
            answered=figures.answered,
            invited=figures.invited,
            percent=figures.percent,
        )
        for role in rules.ROLES
        if (figures := view.by_role.get(role)) is not None
    ]


def campaign_lines(i18n: Translator, view: CampaignView, today: date) -> list[str]:
    lines = [
        i18n(
            "sv-line",
            title=title(i18n, view),
            status=i18n.plain(f"sv-status-{view.status}"),
        ),
        _dates(i18n, view, today),
    ]
    if view.status == Status.PLANNED:
        lines.append(i18n("sv-line-planned"))
    elif not view.by_role:
        lines.append(i18n("sv-line-nobody"))
    else:
        lines += _figures(i18n, view)
    return lines


def _button(i18n: Translator, view: CampaignView) -> tuple[str, str]:
    icon = i18n.plain(f"sv-icon-{view.status}")
    label = (
        f"{icon} {i18n.plain(f'sv-kind-short-{view.kind}')} · "
        f"{i18n.day_month(view.opens_on)}–{i18n.day_month(view.due_on)}"
    )
    return str(view.id), short(label)


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    today = today_in(dialog_manager)
    views = await surveys.overview(sessions_of(dialog_manager), zone=settings_of(dialog_manager).tz)
    parts = [i18n("sv-list-title")]
    notice = dialog_manager.dialog_data.get("notice")
    if isinstance(notice, str) and notice:
        parts.insert(0, notice)
    shown: list[CampaignView] = []
    used = sum(len(p) for p in parts)
    for view in views[:SHOWN]:
        block = "\n".join(campaign_lines(i18n, view, today))
        if used + len(block) > TEXT_ROOM:
            break
        parts.append(block)
        shown.append(view)
        used += len(block) + 2
    if not views:
        parts.append(i18n("sv-list-empty"))
    elif len(shown) < len(views):
        parts.append(i18n("sv-list-more", n=len(views) - len(shown)))
    parts.append(i18n("sv-list-hint"))
    return {
        "text": "\n\n".join(parts),
        "items": [_button(i18n, view) for view in shown],
    }


async def campaign_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    today = today_in(dialog_manager)
    data = dialog_manager.dialog_data
    view = await surveys.one(sessions_of(dialog_manager), int(data.get("campaign") or 0))
    if view is None:
        return {"text": i18n("sv-done-gone"), "has_results": False}
    year = f"{view.year}/{(view.year + 1) % 100:02d}"
    lines = [i18n("sv-card-title", title=title(i18n, view), year=year)]
    lines.append(i18n("sv-card-status", status=i18n.plain(f"sv-status-{view.status}")))
    if view.kind == Kind.PAIR_FINAL:
        lines.append(i18n("sv-card-pair-final", due=_day(i18n, view.due_on, today)))
    else:
        lines.append(
            i18n(
                "sv-card-dates",
                opens=_day(i18n, view.opens_on, today),
                due=_day(i18n, view.due_on, today),
            )
        )
        lines.append(i18n("sv-card-audience", audience=i18n.plain(f"sv-audience-{view.audience}")))
    if view.status == Status.PLANNED:
        lines += ["", i18n("sv-card-planned", opens=_day(i18n, view.opens_on, today))]
    elif not view.by_role:
        lines += ["", i18n("sv-line-nobody")]
    else:
        total = view.total
        lines += ["", *_figures(i18n, view)]
        lines.append(
            i18n(
                "sv-card-total",
                answered=total.answered,
                invited=total.invited,
                percent=total.percent,
            )
        )
    notice = data.get("notice")
    if isinstance(notice, str) and notice:
        lines += ["", notice]
    confirming = bool(data.get("confirm_close")) and view.status == Status.OPEN
    if confirming:
        lines += ["", i18n("sv-close-ask")]
    movable = view.kind != Kind.PAIR_FINAL
    return {
        "text": "\n".join(lines),
        "has_results": view.status != Status.PLANNED,
        "may_change": movable and view.status in (Status.PLANNED, Status.OPEN) and not confirming,
        "may_open": view.status == Status.PLANNED,
        "may_close": movable and view.status == Status.OPEN and not confirming,
        "confirming": confirming,
    }


async def opens_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return await _date_screen(dialog_manager, "sv-ask-opens")


async def due_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return await _date_screen(dialog_manager, "sv-ask-due")


async def _date_screen(manager: DialogManager, key: str) -> dict[str, Any]:
    i18n = i18n_of(manager)
    today = today_in(manager)
    view = await surveys.one(sessions_of(manager), int(manager.dialog_data.get("campaign") or 0))
    if view is None:
        return {"text": i18n("sv-done-gone")}
    opens = manager.dialog_data.get("opens")
    opens_on = date.fromisoformat(opens) if isinstance(opens, str) else view.opens_on
    text = i18n(
        key,
        title=title(i18n, view),
        opens=_day(i18n, opens_on, today),
        due=_day(i18n, view.due_on, today),
    )
    problem = manager.dialog_data.get("problem")
    if isinstance(problem, str) and problem:
        text += "\n\n⚠️ " + problem
    return {"text": text}


def default_due(manager: DialogManager) -> date:
    return today_in(manager) + timedelta(days=rules.ADHOC_DAYS)


async def audience_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    return {
        "items": [
            (audience.value, i18n.plain(f"btn-sv-audience-{audience.value}"))
            for audience in Audience
        ]
    }


async def new_due_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    today = today_in(dialog_manager)
    due = default_due(dialog_manager)
    text = i18n("sv-new-due", due=_day(i18n, due, today))
    problem = dialog_manager.dialog_data.get("problem")
    if isinstance(problem, str) and problem:
        text += "\n\n⚠️ " + problem
    return {
        "text": text,
        "default_label": i18n.plain("btn-sv-due-default", due=i18n.day_month(due)),
    }


async def new_confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    today = today_in(dialog_manager)
    data = dialog_manager.dialog_data
    audience = Audience(str(data.get("audience") or Audience.ACTIVE_PAIRS.value))
    due = date.fromisoformat(str(data.get("due") or default_due(dialog_manager).isoformat()))
    count = await surveys.audience_size(
        sessions_of(dialog_manager), audience, version_of(dialog_manager)
    )
    return {
        "text": i18n(
            "sv-new-confirm",
            audience=i18n.plain(f"sv-audience-{audience.value}"),
            n=count,
            due=_day(i18n, due, today),
        ),
        "anybody": count > 0,
    }
