from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from aiogram_dialog import DialogManager
from babel.dates import format_date

from bot.dialogs.common import bot_of, i18n_of, sessions_of, settings_of
from bot.services import choices, events
from bot.services.events import LINK_PREFIX
from bot.telegram.links import start_link_base
from bot.telegram.text import MESSAGE_LIMIT, utf16_length


def shown(moment: datetime | None, manager: DialogManager) -> str:
    """A moment as people say it, with its weekday: «чт, 10 декабря, 15:00»."""
    if moment is None:
        return ""
    zone = settings_of(manager).tz
    return i18n_of(manager).moment(moment, zone, today=datetime.now(zone).date())


async def link_of(manager: DialogManager, token: str) -> str:
    return f"{await start_link_base(bot_of(manager))}{LINK_PREFIX}{token}"


def example(manager: DialogManager) -> str:
    """A start as the curator would type it, always ahead: a week from today at 15:00
    («10 декабря в 15:00»; without a year, which is read as the nearest such day ahead)."""
    i18n = i18n_of(manager)
    day = datetime.now(settings_of(manager).tz).date() + timedelta(days=7)
    return i18n.plain(
        "event-date-example", day=format_date(day, "d MMMM", locale=i18n.locale), time="15:00"
    )


async def example_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"example": example(dialog_manager)}


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    found = await events.recent(sessions_of(dialog_manager))
    lines = [
        i18n(
            "events-line",
            title=event.title,
            date=shown(event.starts_at, dialog_manager),
            count=event.attendees,
            closed="yes" if event.closed else "no",
        )
        for event in found
    ]
    return {
        "text": "\n".join([i18n("events-title"), *(lines or [i18n("events-empty")])]),
        "events": [(str(e.id), f"{e.title[:40]} · {e.attendees}") for e in found],
    }


async def event_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    event = await events.get(sessions_of(dialog_manager), int(dialog_manager.dialog_data["event"]))
    if event is None:
        return {"text": i18n("event-unknown"), "open": False, "closed": False}
    parts = [
        i18n(
            "event-card",
            title=event.title,
            date=shown(event.starts_at, dialog_manager),
            place=event.place,
            count=event.attendees,
            mentors=event.mentors,
            mentees=event.mentees,
        )
    ]
    if event.closed:  # it takes no check-ins: its link is not shown any more
        parts.append(i18n("event-card-closed", until=shown(event.choices_until, dialog_manager)))
    else:
        parts.append(i18n("event-card-link", link=await link_of(dialog_manager, event.token)))
    return {
        "text": "\n\n".join(parts),
        "open": not event.closed,
        "closed": event.closed,
        "title": event.title,
        "until": shown(event.choices_until, dialog_manager),
    }


async def close_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    event = await events.get(sessions_of(dialog_manager), int(dialog_manager.dialog_data["event"]))
    zone = settings_of(dialog_manager).tz
    now = datetime.now(zone)
    return {
        "title": event.title if event else "",
        "until": i18n_of(dialog_manager).moment(now + events.CHOICES_FOR, zone, today=now.date()),
        "count": event.attendees if event else 0,
        "mentors": event.mentors if event else 0,
        "mentees": event.mentees if event else 0,
    }


async def choices_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    event_id = int(dialog_manager.dialog_data["event"])
    event = await events.get(sessions_of(dialog_manager), event_id)
    rows = await choices.overview(sessions_of(dialog_manager), event_id)
    lines = [i18n("event-choices-title", title=event.title if event else "")]
    for row in rows:
        chosen = ", ".join(
            (f"{c.rank}) " if c.rank else "")
            + c.name
            + (f" ({i18n.plain('event-choices-mutual')})" if c.mutual else "")
            for c in row.chosen
        )
        lines.append(
            i18n(
                "event-choices-line",
                name=row.name,
                role=i18n.plain(f"role-short-{row.role}"),
                chosen=chosen or i18n.plain("event-choices-none"),
            )
        )
    if not rows:
        lines.append(i18n("event-choices-empty"))
    return {"text": fit(lines)}


def fit(lines: list[str], limit: int = MESSAGE_LIMIT - 100) -> str:
    """As many lines as a message holds (counted as Telegram counts: an emoji such as 🗓 is two
    units); the rest becomes "…"."""
    kept: list[str] = []
    size = 0
    for line in lines:
        size += utf16_length(line) + 1
        if size > limit:
            kept.append("…")
            break
        kept.append(line)
    return "\n".join(kept)


async def attendees_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    event_id = int(dialog_manager.dialog_data["event"])
    found = await events.attendees(sessions_of(dialog_manager), event_id)
    lines = [i18n("event-attendees-title", count=len(found))]
    lines += [
        i18n(
            "event-attendee",
            number=number,
            name=name,
            role=i18n.plain(f"role-short-{role}"),
            category=i18n.plain(f"category-{role}-{category}"),
        )
        for number, (name, role, category) in enumerate(found, start=1)
    ]
    return {"text": fit(lines)}
