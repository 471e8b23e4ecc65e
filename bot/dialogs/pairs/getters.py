from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from aiogram_dialog import DialogManager
from babel.numbers import format_decimal

from bot.dialogs.common import (
    i18n_of,
    person_of,
    sessions_of,
    settings_of,
    start_data,
    version_of,
)
from bot.dialogs.events.getters import fit
from bot.dialogs.layout import ROW, named
from bot.i18n import Translator
from bot.services import agreements, pair_figures, pairs, people, proposals
from bot.services.pair_figures import Figures


def order_text(i18n: Translator, row: pairs.Row) -> str:
    if not row.order_number or row.order_date is None:
        return ""
    return i18n.plain(
        "pairs-order-line", number=row.order_number, date=i18n.short_day(row.order_date)
    )


def example(manager: DialogManager) -> str:
    """Today, as the curator would write it on an order («03.12.2026», «3 Dec 2026»)."""
    return i18n_of(manager).short_day(datetime.now(settings_of(manager).tz).date())


def _late_lines(i18n: Translator, late: list[agreements.Late]) -> list[str]:
    if not late:
        return []
    lines = ["", i18n("pairs-late-title", count=len(late))]
    lines += [
        i18n(
            "pairs-late-line",
            id=row.pair_id,
            mentor=row.mentor,
            mentee=row.mentee,
            who=", ".join(i18n.plain(f"pairs-waits-{who}") for who in row.waiting_for),
        )
        for row in late
    ]
    return lines


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    sessions = sessions_of(dialog_manager)
    query = str(start_data(dialog_manager).get("query") or "")
    rows = await pairs.listing(sessions, query=query)
    lines = [i18n("pairs-title", count=len(rows))]
    found = await pair_figures.figures(sessions, [r.id for r in rows if r.status == "active"])
    if found:
        lines.append(i18n("pairs-figures-legend"))
    zone = settings_of(dialog_manager).tz
    for row in rows:
        lines.append(
            i18n(
                "pairs-line",
                id=row.id,
                mentor=row.mentor,
                mentee=row.mentee,
                status=i18n.plain(f"pairs-status-{status_of(row)}"),
                order=order_text(i18n, row),
            )
        )
        if row.id in found:
            lines.append(figures_line(i18n, found[row.id], zone))
    if not rows:
        lines.append(i18n("pairs-empty"))
    if not query:
        lines += _late_lines(i18n, await agreements.late(sessions))
    return {
        "text": fit(lines),
        "pairs": [(str(row.id), f"{row.id}. " + named(row.mentee, limit=ROW - 5)) for row in rows],
        "example": example(dialog_manager),
    }


def status_of(row: pairs.Row) -> str:
    """The pair's status as the curator reads it: a working pair may be on a pause."""
    return "paused" if row.paused else row.status


def _rating(i18n: Translator, figures: Figures) -> str:
    if figures.rating is None:
        return i18n.plain("pairs-figure-none")
    return format_decimal(figures.rating, "0.0", locale=i18n.locale)


def _share(i18n: Translator, figures: Figures) -> str:
    share = figures.share
    return (
        i18n.plain("pairs-figure-none") if share is None else i18n.plain("pairs-share", share=share)
    )


def figures_line(i18n: Translator, figures: Figures, zone: tzinfo) -> str:
    """A working pair's figures in the list, in one short line (the legend is above)."""
    last = figures.last_held
    return i18n(
        "pairs-line-figures",
        held=figures.held,
        planned=figures.planned,
        plan=_share(i18n, figures),
        rating=_rating(i18n, figures),
        last=i18n.short_day(last.astimezone(zone).date())
        if last
        else i18n.plain("pairs-figure-none"),
    )


def figures_text(i18n: Translator, figures: Figures, zone: tzinfo) -> list[str]:
    """A pair's figures on its card: meetings, the last one, the plan, the ratings."""
    today = datetime.now(zone).date()
    lines = [i18n("pairs-card-meetings", held=figures.held, planned=figures.planned)]
    if figures.last_held is not None:
        day = i18n.day(figures.last_held.astimezone(zone).date(), today=today)
        lines.append(i18n("pairs-card-last-held", date=day))
    else:
        lines.append(i18n("pairs-card-no-meetings"))
    if figures.tasks:
        lines.append(
            i18n(
                "pairs-card-plan",
                done=figures.done,
                total=figures.tasks,
                share=_share(i18n, figures),
            )
        )
    else:
        lines.append(i18n("pairs-card-plan-empty"))
    if figures.rating is not None:
        lines.append(
            i18n("pairs-card-rating", rating=_rating(i18n, figures), count=figures.ratings)
        )
    else:
        lines.append(i18n("pairs-card-rating-none"))
    return lines


def sides_text(i18n: Translator, found: pairs.Details, zone: tzinfo) -> str:
    """«Наставник ✅ 03.12 · Родитель наставляемого ⏳»: whose answer is in, whose is missing."""
    shown = []
    for side in found.sides:
        who = i18n.plain(
            f"pairs-side-{side.side}-{'parent' if side.signer == 'parent' else 'self'}"
        )
        if side.accepted is None or side.at is None:
            shown.append(i18n.plain("pairs-side-waiting", who=who))
            continue
        mark = "paper" if side.signer == "paper" else ("yes" if side.accepted else "no")
        day = i18n.day_month(side.at.astimezone(zone).date())
        shown.append(i18n.plain(f"pairs-side-{mark}", who=who, date=day))
    return " · ".join(shown)


async def pair_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    pair_id = int(dialog_manager.dialog_data.get("pair", 0))
    viewer = person_of(dialog_manager).telegram_id  # the curator's view is in the audit log
    found = await pairs.details(sessions_of(dialog_manager), pair_id, viewer=viewer)
    if found is None:
        return {"text": i18n("pairs-not-live"), "paper": [], "end": []}
    row, zone = found.row, settings_of(dialog_manager).tz
    waiting, live = row.status == pairs.Status.WAITING, row.status in pairs.LIVE
    lines = [
        i18n(
            "pair-card",
            id=row.id,
            mentor=row.mentor,
            mentee=row.mentee,
            form=i18n.plain(f"form-{row.form}"),
            months=row.months,
            status=i18n.plain(f"pairs-status-{status_of(row)}"),
            order=order_text(i18n, row),
        ),
        i18n("pairs-agreement-sides", sides=sides_text(i18n, found, zone)),
    ]
    if found.started_at and found.ends_at:
        lines.append(
            i18n(
                "pairs-dates",
                start=i18n.short_day(found.started_at.astimezone(zone).date()),
                end=i18n.short_day(found.ends_at.astimezone(zone).date()),
            )
        )
        lines += figures_text(i18n, found.figures, zone)
    return {
        "text": "\n".join(lines),
        # The buttons name the pair they act on.
        "paper": [(str(row.id), i18n.plain("btn-pair-paper"))] if waiting else [],
        "end": [(str(row.id), i18n.plain("btn-pair-end"))] if live else [],
    }


async def end_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    """What ending the pair does, and to whom, before it is done."""
    i18n = i18n_of(dialog_manager)
    pair_id = int(dialog_manager.dialog_data.get("pair", 0))
    found = await pairs.details(sessions_of(dialog_manager), pair_id)
    if found is None or found.row.status not in pairs.LIVE:
        return {"text": i18n("pairs-not-live"), "confirm": []}
    row = found.row
    return {
        "text": i18n(
            "pairs-end-confirm",
            id=row.id,
            mentor=row.mentor,
            mentee=row.mentee,
            reason=str(dialog_manager.dialog_data.get("reason", "")),
        ),
        "confirm": [(str(row.id), i18n.plain("btn-pairs-end-confirm"))],
    }


async def mentors_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    found = await proposals.free_mentors(sessions_of(dialog_manager), version_of(dialog_manager))
    return {
        "people": [(str(i), named(name, f" · {places}")) for i, name, places in found],
        "nobody": not found,
    }


async def mentees_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    sessions = sessions_of(dialog_manager)
    mentor = int(dialog_manager.dialog_data.get("mentor", 0))
    found = await proposals.mentees_for(sessions, version_of(dialog_manager), mentor)
    names = await people.names(sessions, [mentor])
    return {
        "people": [(f"{mentor}.{i}", named(name)) for i, name in found],
        "nobody": not found,
        "mentor": names.get(mentor, "—"),
    }


async def quiet_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    """«Без встреч 30 дней»: which pairs, their last meeting, whose mentor was nudged today."""
    i18n, zone = i18n_of(dialog_manager), settings_of(dialog_manager).tz
    found = await pair_figures.quiet(sessions_of(dialog_manager), zone=zone)
    lines = [i18n("pairs-quiet-title", count=len(found)), i18n("pairs-quiet-about")]
    for row in found:
        last = (
            i18n.plain(
                "pairs-quiet-last", date=i18n.short_day(row.last_held.astimezone(zone).date())
            )
            if row.last_held
            else i18n.plain("pairs-quiet-never")
        )
        lines.append(
            i18n(
                "pairs-quiet-line",
                id=row.pair_id,
                mentor=row.mentor,
                mentee=row.mentee,
                last=last,
                nudged=i18n.plain("pairs-quiet-nudged") if row.nudged else "",
            )
        )
    if not found:
        lines.append(i18n("pairs-quiet-none"))
    return {
        "text": fit(lines),
        "pairs": [
            (str(q.pair_id), f"{q.pair_id}. " + named(q.mentee, limit=ROW - 5)) for q in found
        ],
        "can_nudge": pair_figures.to_nudge(found) > 0,
    }


async def nudge_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    """«Напомнить 3 наставникам?»; the button names the day it nudges for."""
    i18n, zone = i18n_of(dialog_manager), settings_of(dialog_manager).tz
    found = await pair_figures.quiet(sessions_of(dialog_manager), zone=zone)
    mentors = pair_figures.to_nudge(found)
    if not mentors:
        return {"text": i18n("pairs-nudge-none"), "confirm": []}
    today = datetime.now(zone).date().isoformat()
    return {
        "text": i18n("pairs-nudge-confirm", mentors=mentors),
        "confirm": [(today, i18n.plain("btn-pairs-nudge-confirm"))],
    }
