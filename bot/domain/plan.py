"""A pair's individual plan: what a task may be, the share done and its bar, and when the weekly
digest of overdue tasks is due. Plain rules: no clock (the caller says what now is), local
times taken in `zone`, correct across daylight-saving changes.

    >>> bar(7, 9)
    '▓▓▓▓▓▓▓▓░░'
    >>> percent(7, 9)
    78
    >>> parse_digest("mon 18:00")
    Digest(weekday=0, at=datetime.time(18, 0))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.reminders import DAY_ENDS, DAY_STARTS

TITLE_LIMIT = 300
"""Characters of a task's title (the column's size)."""
TASKS_LIMIT = 100
"""Tasks of one pair's plan (proposals waiting included): a plan, not a diary."""
BAR_CELLS = 10
DONE_CELL, LEFT_CELL = "▓", "░"


class TaskStatus(StrEnum):
    PROPOSED = "proposed"  # a mentee's proposal, waiting for the mentor
    OPEN = "open"
    DONE = "done"
    DECLINED = "declined"  # a proposal the mentor declined: not part of the plan


class TitleProblem(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"


def clean_title(text: str | None) -> str:
    """A title as it is kept: on one line, without repeated spaces."""
    return " ".join((text or "").split())


def title_problem(title: str) -> TitleProblem | None:
    """Why `title` (cleaned) cannot be a task's title; None if it can. A command is no title."""
    if not title or title.startswith("/"):
        return TitleProblem.EMPTY
    if len(title) > TITLE_LIMIT:
        return TitleProblem.TOO_LONG
    return None


def due_in_the_past(due: date | None, today: date) -> bool:
    """A new task's deadline may be today or later, or none."""
    return due is not None and due < today


def overdue(status: str, due: date | None, today: date) -> bool:
    """An open task whose deadline day has passed."""
    return status == TaskStatus.OPEN and due is not None and due < today


def share(statuses: list[str]) -> tuple[int, int]:
    """(done, total) of a plan: its open and done tasks count, proposals and declined ones not."""
    done = sum(s == TaskStatus.DONE for s in statuses)
    return done, done + sum(s == TaskStatus.OPEN for s in statuses)


def percent(done: int, total: int) -> int:
    """The share done in whole percent, rounded half up; never 100 before everything is done,
    never 0 once something is."""
    if total <= 0:
        return 0
    value = (done * 200 + total) // (2 * total)
    if done < total:
        value = min(value, 99)
    if done > 0:
        value = max(value, 1)
    return value


def bar(done: int, total: int, cells: int = BAR_CELLS) -> str:
    """`cells` cells, ▓ for the share done and ░ for the rest: a cell at least once something
    is done, and one left empty until everything is."""
    if total <= 0:
        return LEFT_CELL * cells
    filled = (done * cells * 2 + total) // (2 * total)
    if done < total:
        filled = min(filled, cells - 1)
    if done > 0:
        filled = max(filled, 1)
    return DONE_CELL * filled + LEFT_CELL * (cells - filled)


# ---- the weekly digest ---------------------------------------------------------------------

_WEEKDAYS = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tuesday": 1,
    "wed": 2,
    "wednesday": 2,
    "thu": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}
_DIGEST_RE = re.compile(r"^([a-z]+)\s+(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class Digest:
    """When the weekly digest goes: a weekday (0 is Monday) and a time of day in the school's
    zone, in the daytime."""

    weekday: int
    at: time


DEFAULT_DIGEST = Digest(0, time(18))
"""`PLAN_DIGEST`'s default: Monday at 18:00."""


def parse_digest(value: str) -> Digest:
    """`"mon 18:00"`: a weekday (mon … sun, or its full name) and a time between 09:00 and
    20:59, when messages may go (quiet hours hold). Raises ValueError for anything else."""
    match = _DIGEST_RE.match(" ".join(value.strip().lower().split()))
    if not match or match.group(1) not in _WEEKDAYS:
        raise ValueError(f"{value.strip()!r} is not a weekday and a time like mon 18:00")
    hour, minute = int(match.group(2)), int(match.group(3))
    if hour > 23 or minute > 59:
        raise ValueError(f"{value.strip()!r} has no such time of day")
    at = time(hour, minute)
    if not DAY_STARTS <= at < DAY_ENDS:
        raise ValueError(f"{at:%H:%M} falls in the quiet hours, 21:00 to 09:00")
    return Digest(_WEEKDAYS[match.group(1)], at)


def _on(day: date, digest: Digest, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, digest.at, tzinfo=zone)


def last_digest(now: datetime, digest: Digest, zone: ZoneInfo) -> datetime:
    """The latest digest moment at or before `now`."""
    local = now.astimezone(zone)
    day = local.date() - timedelta(days=(local.weekday() - digest.weekday) % 7)
    moment = _on(day, digest, zone)
    return moment if moment <= now else _on(day - timedelta(days=7), digest, zone)


def next_digest(now: datetime, digest: Digest, zone: ZoneInfo) -> datetime:
    """The earliest digest moment after `now`."""
    return _on(
        last_digest(now, digest, zone).astimezone(zone).date() + timedelta(days=7), digest, zone
    )


def digest_day(moment: datetime, zone: ZoneInfo) -> date:
    """The school's day of a digest moment: tasks due before it are overdue in that digest."""
    return moment.astimezone(zone).date()


def digest_key(moment: datetime, zone: ZoneInfo) -> str:
    """The pair notice that makes a week's digest go at most once: `digest:2026-W49`."""
    year, week, _ = digest_day(moment, zone).isocalendar()
    return f"digest:{year}-W{week:02d}"


BRIEF = 150
"""Characters of a task's title in a list that names many (the weekly digest)."""


def brief(title: str, limit: int = BRIEF) -> str:
    """The title whole if it is short, else cut at a word, with «…»."""
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:—-") + "…"
