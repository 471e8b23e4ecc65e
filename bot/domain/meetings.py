"""Meetings of a pair or of a mentor's group: when their reminders are due, when the mentor is
asked whether a meeting took place, and what a meeting's details may be. Plain rules over
aware datetimes, correct across daylight-saving changes (local times are taken in `zone`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.reminders import daytime


class Kind(StrEnum):
    """знакомство, пробная, планирование, рабочая, итоговая."""

    INTRO = "intro"
    TRIAL = "trial"
    PLANNING = "planning"
    WORK = "work"
    FINAL = "final"


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    CANCELLED = "cancelled"
    HELD = "held"
    NOT_HELD = "not_held"


DEFAULT_REMINDERS = (timedelta(hours=24), timedelta(hours=1))
"""`MEETING_REMINDERS`' default: a day and an hour before a meeting."""
HELD_QUESTION_AFTER = timedelta(hours=1)
HELD_QUESTION_NOT_BEFORE = time(19)
"""«Встреча состоялась?»: an hour after the start, but not before 19:00 that day."""
ABOUT_TO_START = timedelta(hours=1)
"""A reminder waits for the morning (quiet hours) only if the morning comes at least this
long before the meeting; otherwise the meeting is about to start and it goes at once."""

PLACE_LIMIT = 200
LINK_LIMIT = 500
AGENDA_LIMIT = 1000
REASON_LIMIT = 300

_OFFSET_RE = re.compile(r"^(\d{1,4})\s*([hm])$")
_LINK_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$|^https?://[^\s/$.?#][^\s]*/\S*$")


def parse_offsets(value: str) -> tuple[timedelta, ...]:
    """`"24h,1h"` or `"90m"`: the offsets before a meeting, longest first, without repeats.

    Raises ValueError for anything else (an empty list included)."""
    offsets = set()
    for part in value.split(","):
        match = _OFFSET_RE.match(part.strip().lower())
        if not match:
            raise ValueError(f"{part.strip()!r} is not a number of hours or minutes like 24h, 30m")
        amount = int(match.group(1))
        offset = timedelta(hours=amount) if match.group(2) == "h" else timedelta(minutes=amount)
        if not timedelta(minutes=1) <= offset <= timedelta(days=14):
            raise ValueError(f"{part.strip()!r} is not between 1m and 336h")
        offsets.add(offset)
    if not offsets:
        raise ValueError("no offsets given")
    return tuple(sorted(offsets, reverse=True))


def offset_minutes(offset: timedelta) -> int:
    return int(offset.total_seconds() // 60)


@dataclass(frozen=True)
class Moment:
    """A reminder of a meeting: `offset` before it, due `at`."""

    offset: timedelta
    at: datetime


def reminder_moments(
    starts_at: datetime, changed_at: datetime, offsets: Iterable[timedelta]
) -> list[Moment]:
    """The reminders of a meeting that starts at `starts_at` and was set (or last moved) at
    `changed_at`, earliest first: one per offset, except those whose moment came before the
    meeting was set (a meeting set for in two hours gets no «in 24 hours»).

    Offsets are exact durations: «an hour before» is an hour before, across a change of
    daylight-saving time too."""
    start = starts_at.astimezone(UTC)  # exact: aware arithmetic in one zone is wall-clock
    moments = [Moment(o, start - o) for o in offsets if start - o > changed_at]
    return sorted(moments, key=lambda m: m.at)


class Late(StrEnum):
    SEND = "send"  # due (perhaps late: the bot was down), the meeting still ahead: send now
    WAIT = "wait"  # not due yet
    SKIP = "skip"  # the meeting has started: a reminder of it is no use any more


def reminder_now(moment: datetime, starts_at: datetime, now: datetime) -> Late:
    """What to do now with a reminder due at `moment` of a meeting that starts at `starts_at`."""
    if now >= starts_at:
        return Late.SKIP
    return Late.SEND if now >= moment else Late.WAIT


def quiet(now: datetime, starts_at: datetime, zone: ZoneInfo) -> bool:
    """Whether a reminder sent `now` may wait for the morning: only if the morning (09:00 in
    `zone`) is at least `ABOUT_TO_START` before the meeting."""
    return daytime(now, zone) <= starts_at.astimezone(UTC) - ABOUT_TO_START


def held_question_at(starts_at: datetime, zone: ZoneInfo) -> datetime:
    """When the mentor is asked «Встреча состоялась?»: an hour after the start, or 19:00 that
    day in `zone`, whichever is later."""
    local_day = starts_at.astimezone(zone).date()
    evening = datetime.combine(local_day, HELD_QUESTION_NOT_BEFORE, tzinfo=zone)
    return max(starts_at.astimezone(UTC) + HELD_QUESTION_AFTER, evening)


def default_kind(meetings_before: int) -> Kind:
    """The first meeting of a pair is the introduction; later ones are working meetings."""
    return Kind.INTRO if meetings_before == 0 else Kind.WORK


class Problem(StrEnum):
    """What is wrong with a meeting's details."""

    IN_THE_PAST = "in_the_past"
    NO_PLACE = "no_place"  # neither a place nor a link (or both)
    PLACE_TOO_LONG = "place_too_long"
    BAD_LINK = "bad_link"
    AGENDA_TOO_LONG = "agenda_too_long"


def is_link(value: str) -> bool:
    return len(value) <= LINK_LIMIT and bool(_LINK_RE.match(value))


def check_details(
    starts_at: datetime, place: str | None, link: str | None, agenda: str | None, now: datetime
) -> Problem | None:
    """The first problem of a meeting's details, or None: a start ahead, a place or a link
    (one of them), each within its limits."""
    if starts_at <= now:
        return Problem.IN_THE_PAST
    if bool(place) == bool(link):
        return Problem.NO_PLACE
    if place is not None and len(place) > PLACE_LIMIT:
        return Problem.PLACE_TOO_LONG
    if link and not is_link(link):
        return Problem.BAD_LINK
    if agenda is not None and len(agenda) > AGENDA_LIMIT:
        return Problem.AGENDA_TOO_LONG
    return None


def describe_offsets(offsets: Sequence[timedelta]) -> str:
    """`(24 h, 1 h)` as the setting spells it: `24h,1h`."""
    parts = []
    for offset in offsets:
        minutes = offset_minutes(offset)
        parts.append(f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m")
    return ",".join(parts)
