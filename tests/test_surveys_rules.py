"""The rules of monitoring surveys (bot/domain/surveys.py): the school year, the roadmap's
dates, when a campaign opens and closes, when a reminder is due, the dates a curator sets."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.domain import surveys as rules
from bot.domain.surveys import DateProblem, Kind

MOSCOW = ZoneInfo("Europe/Moscow")


def test_the_school_year_and_the_roadmaps_dates() -> None:
    assert rules.school_year(date(2026, 9, 1)) == 2026
    assert rules.school_year(date(2027, 8, 31)) == 2026
    interim, final = rules.roadmap(2026)
    assert (interim.kind, interim.opens_on, interim.due_on) == (
        Kind.INTERIM,
        date(2026, 12, 1),
        date(2026, 12, 20),
    )
    assert (final.kind, final.opens_on, final.due_on) == (
        Kind.FINAL,
        date(2027, 5, 1),
        date(2027, 5, 20),
    )
    # Only those whose due day has not passed: on 21 December, the final one.
    assert [d.kind for d in rules.still_ahead(date(2026, 12, 20))] == [Kind.INTERIM, Kind.FINAL]
    assert [d.kind for d in rules.still_ahead(date(2026, 12, 21))] == [Kind.FINAL]
    assert rules.still_ahead(date(2027, 5, 21)) == []
    assert [d.kind for d in rules.still_ahead(date(2027, 9, 1))] == [Kind.INTERIM, Kind.FINAL]


def test_opening_closing_and_late() -> None:
    assert rules.opens_at(date(2026, 12, 1), MOSCOW) == datetime(2026, 12, 1, 7, tzinfo=UTC)
    assert rules.closes_at(date(2026, 12, 20), MOSCOW) == datetime(2026, 12, 20, 21, tzinfo=UTC)
    # 23:59 on the due day in Moscow is on time; a minute later is late.
    assert not rules.past_due(
        date(2026, 12, 20), datetime(2026, 12, 20, 20, 59, tzinfo=UTC), MOSCOW
    )
    assert rules.past_due(date(2026, 12, 20), datetime(2026, 12, 20, 21, 0, tzinfo=UTC), MOSCOW)


def test_reminders_every_three_days_in_the_daytime_until_the_due_day() -> None:
    invited = datetime(2026, 12, 1, 7, tzinfo=UTC)  # 10:00 in Moscow
    due = date(2026, 12, 20)
    assert rules.next_nudge(invited, None, due, MOSCOW) == datetime(2026, 12, 4, 7, tzinfo=UTC)
    # Counted from the last reminder; one that falls at night waits for 09:00.
    late = datetime(2026, 12, 5, 19, tzinfo=UTC)  # 22:00 in Moscow
    assert rules.next_nudge(invited, late, due, MOSCOW) == datetime(2026, 12, 9, 6, tzinfo=UTC)
    # None after the due day.
    assert rules.next_nudge(invited, datetime(2026, 12, 18, 7, tzinfo=UTC), due, MOSCOW) is None
    assert rules.next_nudge(invited, datetime(2026, 12, 17, 7, tzinfo=UTC), due, MOSCOW) == (
        datetime(2026, 12, 20, 7, tzinfo=UTC)
    )


def test_the_dates_a_curator_sets() -> None:
    today = date(2026, 11, 20)
    check = rules.check_dates
    assert check(date(2026, 12, 1), date(2026, 12, 20), today, opens_changes=True) is None
    assert check(date(2026, 11, 19), date(2026, 12, 20), today, opens_changes=True) is (
        DateProblem.OPENS_PASSED
    )
    # An open campaign's first day is in the past: only its due day is checked.
    assert check(date(2026, 11, 1), date(2026, 11, 25), today, opens_changes=False) is None
    assert check(date(2026, 11, 1), date(2026, 11, 19), today, opens_changes=False) is (
        DateProblem.DUE_PASSED
    )
    assert check(date(2026, 12, 5), date(2026, 12, 1), today, opens_changes=True) is (
        DateProblem.DUE_BEFORE_OPENS
    )
    assert check(date(2026, 12, 1), date(2027, 6, 1), today, opens_changes=True) is (
        DateProblem.TOO_LONG
    )
    assert rules.percent(12, 30) == 40
    assert rules.percent(0, 0) == 0
