"""When reminders are due: plain rules over times, correct across daylight-saving changes.

All moments are aware datetimes; local times (quiet hours) are taken in the school's zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

QUESTIONNAIRE_NUDGES = (timedelta(hours=24), timedelta(hours=72))
"""A questionnaire left unfinished: a reminder this long after the person's last step."""
LATE_LIMIT = timedelta(days=2)
"""A reminder that fell due this long ago (the bot was down) is no longer worth sending."""
DAY_STARTS, DAY_ENDS = time(9), time(21)
"""Reminders are not sent at night: one that falls due then waits for the morning."""


def daytime(moment: datetime, zone: ZoneInfo) -> datetime:
    """`moment`, or the next 09:00 in `zone` if it falls outside 09:00–21:00 there."""
    local = moment.astimezone(zone)
    if DAY_STARTS <= local.time() < DAY_ENDS:
        return moment
    day = local.date() if local.time() < DAY_STARTS else local.date() + timedelta(days=1)
    # Built from the wall-clock time in the zone, so a daylight-saving change is respected.
    return datetime.combine(day, DAY_STARTS, tzinfo=zone)


@dataclass(frozen=True)
class Nudge:
    """What to do now about an unfinished questionnaire."""

    send: int | None  # which reminder to send now (0 or 1), if any
    skipped: tuple[int, ...]  # reminders that fell due but are no longer worth sending
    next_at: datetime | None  # when to look again


def questionnaire_nudge(touched_at: datetime, sent: int, now: datetime, zone: ZoneInfo) -> Nudge:
    """Reminders go 24 and 72 hours after the last step (in the daytime), each at most once.

    Of several that fell due while the bot was down only the latest is sent, and not even that
    one if it is more than `LATE_LIMIT` late.
    """
    due = [daytime(touched_at + delay, zone) for delay in QUESTIONNAIRE_NUDGES]
    pending = [n for n in range(sent, len(due)) if due[n] <= now]
    upcoming = [at for at in due[sent:] if at > now]
    next_at = upcoming[0] if upcoming else None
    if not pending:
        return Nudge(None, (), next_at)
    latest = pending[-1]
    if now - due[latest] > LATE_LIMIT:
        return Nudge(None, tuple(pending), next_at)
    return Nudge(latest, tuple(pending[:-1]), next_at)


def link_reminder_at(expires_at: datetime, zone: ZoneInfo) -> datetime:
    """The day before the link expires, in the daytime (never after the link expires)."""
    return _day_before(expires_at, zone)


def choices_reminder_at(choices_until: datetime, zone: ZoneInfo) -> datetime:
    """The day before the choices after an event close, in the daytime."""
    return _day_before(choices_until, zone)


def _day_before(deadline: datetime, zone: ZoneInfo) -> datetime:
    at = daytime(deadline - timedelta(days=1), zone)
    return min(at, deadline - timedelta(hours=1))


def months_later(moment: datetime, months: int) -> datetime:
    """The same wall-clock time `months` calendar months later (the 31st becomes the month's
    last day)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    return moment.replace(year=year, month=month, day=min(moment.day, days))
