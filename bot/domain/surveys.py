"""Monitoring surveys: the school year, the roadmap's dates, when a campaign opens, nudges and
closes. Plain rules over dates and aware datetimes; local times are taken in the school's zone.

The roadmap (дорожная карта) monitors the programme twice a year: the interim survey opens on
1 December and is due by 20 December, the final one opens on 1 May and is due by 20 May (of the
school year's second calendar year). A campaign opens at 10:00 on its first day; answers are
taken until the end of its due day. Those who have not answered are reminded every three days
after their invitation (in the daytime), while a reminder still comes before the due day ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.reminders import daytime
from bot.domain.survey_stats import share

SCHOOL_YEAR_STARTS = 9
"""A school year runs from September to August; it is named by its first calendar year."""
OPENS_AT = time(10)
NUDGE_EVERY = timedelta(days=3)
PAIR_FINAL_DAYS = 14
"""A pair that completes answers its final survey within this many days."""
ADHOC_DAYS = 14
"""A survey a curator starts now is due this many days later unless she picks another day."""
LONGEST_DAYS = 92
"""A curator may set a due date at most this far after the opening day."""


class Kind(StrEnum):
    INTERIM = "interim"
    FINAL = "final"
    PAIR_FINAL = "pair_final"
    ADHOC = "adhoc"


class Status(StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Audience(StrEnum):
    ACTIVE_PAIRS = "active_pairs"  # the members of working pairs (a group's mentor once)
    EVERYONE = "everyone"
    MENTORS = "mentors"
    MENTEES = "mentees"


ROLES = ("mentor", "mentee")
QUESTIONNAIRES = {"mentor": "survey_mentor", "mentee": "survey_mentee"}


@dataclass(frozen=True)
class Dates:
    kind: Kind
    opens_on: date
    due_on: date


def school_year(day: date) -> int:
    """The school year `day` falls in, by its first calendar year (2026 for 2026/27)."""
    return day.year if day.month >= SCHOOL_YEAR_STARTS else day.year - 1


def roadmap(year: int) -> tuple[Dates, Dates]:
    """The roadmap's two campaigns of the school year `year`."""
    return (
        Dates(Kind.INTERIM, date(year, 12, 1), date(year, 12, 20)),
        Dates(Kind.FINAL, date(year + 1, 5, 1), date(year + 1, 5, 20)),
    )


def still_ahead(today: date) -> list[Dates]:
    """The roadmap's campaigns of this school year whose due day has not passed."""
    return [dates for dates in roadmap(school_year(today)) if dates.due_on >= today]


def opens_at(opens_on: date, zone: ZoneInfo) -> datetime:
    """When a campaign opens: 10:00 on its first day."""
    return datetime.combine(opens_on, OPENS_AT, tzinfo=zone)


def closes_at(due_on: date, zone: ZoneInfo) -> datetime:
    """When answers stop being taken: the end of the due day (midnight after it)."""
    return datetime.combine(due_on + timedelta(days=1), time(0), tzinfo=zone)


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def past_due(due_on: date, now: datetime, zone: ZoneInfo) -> bool:
    """The due day is over in the school's zone: an answer now is late."""
    return local_day(now, zone) > due_on


def arrival_day(now: datetime, zone: ZoneInfo) -> date:
    """The day a message queued at `now` reaches people: quiet messages go in the daytime, so
    one queued in the evening arrives the next morning."""
    return local_day(daytime(now, zone), zone)


def next_nudge(
    invited_at: datetime,
    nudged_at: datetime | None,
    due_on: date,
    zone: ZoneInfo,
    now: datetime | None = None,
) -> datetime | None:
    """When someone who has not answered is reminded next: three days after the invitation or
    the last reminder, in the daytime (one that fell due before `now`, while the bot was down,
    goes at `now`'s daytime); None when it would arrive after the due day."""
    at = daytime((nudged_at or invited_at) + NUDGE_EVERY, zone)
    if now is not None and at < now:
        at = daytime(now, zone)
    return at if at < closes_at(due_on, zone) else None


class DateProblem(StrEnum):
    """Why a curator's dates are not taken."""

    DUE_PASSED = "due_passed"  # the due day is before today
    OPENS_PASSED = "opens_passed"  # a planned campaign cannot open on a day gone by
    DUE_BEFORE_OPENS = "due_before_opens"
    TOO_LONG = "too_long"
    TOO_LATE = "too_late"  # invitations sent now would arrive after the due day ends


def check_dates(
    opens_on: date, due_on: date, today: date, *, opens_changes: bool
) -> DateProblem | None:
    """Dates a curator sets: the due day not before today nor before the opening day, a
    planned campaign's new opening day (`opens_changes`) not before today, and at most
    `LONGEST_DAYS` apart."""
    if opens_changes and opens_on < today:
        return DateProblem.OPENS_PASSED
    if due_on < today:
        return DateProblem.DUE_PASSED
    if due_on < opens_on:
        return DateProblem.DUE_BEFORE_OPENS
    if (due_on - opens_on).days > LONGEST_DAYS:
        return DateProblem.TOO_LONG
    return None


def opening_problem(due_on: date, now: datetime, zone: ZoneInfo) -> DateProblem | None:
    """Whether a campaign due by `due_on` may open at `now`: its invitations arrive (in the
    daytime) before the due day ends, and it is open at most `LONGEST_DAYS` from today."""
    if due_on < arrival_day(now, zone):
        return DateProblem.TOO_LATE
    if (due_on - local_day(now, zone)).days > LONGEST_DAYS:
        return DateProblem.TOO_LONG
    return None


def percent(part: int, whole: int) -> int:
    """The share of invites answered in whole per cent, counted as the results count it
    (`survey_stats.share`: 100 % only when everyone answered, 0 % only when no one did, half up
    otherwise); 0 of nobody is 0 %."""
    return share(part, whole) or 0
