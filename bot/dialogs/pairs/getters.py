from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from aiogram_dialog import DialogManager

from bot.dialogs.common import i18n_of, sessions_of, settings_of, start_data, version_of
from bot.dialogs.events.getters import fit
from bot.dialogs.layout import ROW, named
from bot.i18n import Translator
from bot.services import agreements, pairs, people, proposals


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
    lines += [
        i18n(
            "pairs-line",
            id=row.id,
            mentor=row.mentor,
            mentee=row.mentee,
            status=i18n.plain(f"pairs-status-{row.status}"),
            order=order_text(i18n, row),
        )
        for row in rows
    ]
    if not rows:
        lines.append(i18n("pairs-empty"))
    if not query:
        lines += _late_lines(i18n, await agreements.late(sessions))
    return {
        "text": fit(lines),
        "pairs": [(str(row.id), f"{row.id}. " + named(row.mentee, limit=ROW - 5)) for row in rows],
        "example": example(dialog_manager),
    }


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
    found = await pairs.details(sessions_of(dialog_manager), pair_id)
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
            status=i18n.plain(f"pairs-status-{row.status}"),
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
