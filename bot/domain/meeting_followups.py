"""After a meeting: «Встреча состоялась?» to the mentor and a 1–5 rating to each invitee who
said «Приду», each reminded once the next day if unanswered. When each is due, and how late it
may still go. Plain rules over aware datetimes (local times are taken in `zone`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.reminders import daytime

NOTE_LIMIT = 300
"""The mentor's note after «Да» / «Нет» (the column's length)."""
RATINGS = range(1, 6)
LATE_LIMIT = timedelta(days=3)
"""A question that fell due while the bot was down still goes this long after; later it is
skipped (and logged): nobody remembers a meeting of a week ago well enough to rate it."""
PAUSE_LIMIT = timedelta(days=14)
"""A question that waited for a paused pair goes when the pair is resumed, up to this long
after it fell due."""


class Step(StrEnum):
    """One question (or its reminder) to one person, decided once."""

    HELD = "held"  # «Встреча состоялась?» to the mentor
    HELD_AGAIN = "held_again"
    RATE = "rate"  # «Оцените встречу» to an invitee who said «Приду»
    RATE_AGAIN = "rate_again"

    @property
    def first(self) -> Step:
        """The question this step is (or reminds of)."""
        return Step.HELD if self in (Step.HELD, Step.HELD_AGAIN) else Step.RATE

    @property
    def again(self) -> Step:
        return Step.HELD_AGAIN if self.first is Step.HELD else Step.RATE_AGAIN

    @property
    def is_reminder(self) -> bool:
        return self is not self.first

    @property
    def to_mentor(self) -> bool:
        return self.first is Step.HELD


def again_at(asked_at: datetime, zone: ZoneInfo) -> datetime:
    """When a question asked (queued) at `asked_at` is reminded of: the next day, at the time it
    reached the person (a question queued at night waited for the morning), in the daytime."""
    reached = daytime(asked_at, zone).astimezone(zone)
    return daytime(reached + timedelta(days=1), zone).astimezone(UTC)


def too_late(due: datetime, now: datetime, *, waited: bool) -> bool:
    """Whether a question due at `due` is no use any more `now`; `waited`: it waited for a
    paused pair to be resumed (not for the bot to come back)."""
    return now - due > (PAUSE_LIMIT if waited else LATE_LIMIT)


def mean(ratings: list[int]) -> float | None:
    """The mean of some ratings, to one decimal place; None for none."""
    return round(sum(ratings) / len(ratings), 1) if ratings else None
