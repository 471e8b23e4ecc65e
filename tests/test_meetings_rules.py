"""The rules of meetings (bot/domain/meetings.py): reminder moments, a reminder that fell due
while the bot was down, quiet hours, «Встреча состоялась?», and a meeting's details."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.config import Settings
from bot.domain import meetings as rules
from bot.domain.meetings import Kind, Late, Problem
from bot.i18n import Translations
from bot.services.meetings import Outcome

BERLIN = ZoneInfo("Europe/Berlin")
MOSCOW = ZoneInfo("Europe/Moscow")
HOUR = timedelta(hours=1)

# Hypothesis takes naive bounds and makes aware moments in the given zones.
moments = st.datetimes(
    min_value=datetime(2026, 1, 1),  # noqa: DTZ001
    max_value=datetime(2028, 12, 31),  # noqa: DTZ001
    timezones=st.sampled_from([UTC, BERLIN, MOSCOW]),
)
offsets = st.lists(
    st.integers(min_value=1, max_value=14 * 24 * 60).map(lambda m: timedelta(minutes=m)),
    min_size=1,
    max_size=4,
)


def test_offsets_are_read_as_hours_or_minutes() -> None:
    assert rules.parse_offsets("24h,1h") == (timedelta(hours=24), HOUR)
    assert rules.parse_offsets(" 30m , 2H,2h") == (timedelta(hours=2), timedelta(minutes=30))
    assert rules.describe_offsets(rules.parse_offsets("90m,24h")) == "24h,90m"
    for bad in ("", "1d", "24", "15:30", "0m", "400h", "h", "24h;1h"):
        with pytest.raises(ValueError):
            rules.parse_offsets(bad)


def test_the_setting_defaults_to_a_day_and_an_hour(make_settings: Callable[..., Settings]) -> None:
    assert make_settings().meeting_reminders == (timedelta(hours=24), HOUR)
    assert make_settings(meeting_reminders="2h,15m").meeting_reminders == (
        timedelta(hours=2),
        timedelta(minutes=15),
    )
    with pytest.raises(ValidationError):
        make_settings(meeting_reminders="завтра")


@given(start=moments, set_before=st.integers(min_value=0, max_value=30 * 24 * 60), gaps=offsets)
def test_reminders_are_the_offsets_before_the_start_after_it_was_set(
    start: datetime, set_before: int, gaps: list[timedelta]
) -> None:
    in_zone = start
    start = start.astimezone(UTC)  # exact durations (aware arithmetic in a zone is wall-clock)
    changed = start - timedelta(minutes=set_before)
    found = rules.reminder_moments(in_zone, changed, gaps)
    assert [m.at for m in found] == sorted(m.at for m in found)
    assert {m.offset for m in found} == {g for g in gaps if start - g > changed}
    for moment in found:
        assert moment.at == start - moment.offset
        assert changed < moment.at < start


def test_an_hour_before_is_an_hour_across_a_daylight_saving_change() -> None:
    # Berlin leaves summer time on 25 October 2026 at 03:00: a meeting at 10:00 that day.
    start = datetime(2026, 10, 25, 10, 0, tzinfo=BERLIN)
    assert start.astimezone(UTC) == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)
    set_at = datetime(2026, 10, 20, 12, 0, tzinfo=UTC)
    day, hour = rules.reminder_moments(start, set_at, rules.DEFAULT_REMINDERS)
    assert day.at.astimezone(UTC) == datetime(2026, 10, 24, 9, 0, tzinfo=UTC)
    assert day.at.astimezone(BERLIN).hour == 11  # 24 real hours: 11:00 summer time
    assert hour.at.astimezone(UTC) == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)
    assert hour.at.astimezone(BERLIN).hour == 9


@given(moment=moments, lead=st.integers(0, 3000), now_at=st.integers(-3000, 6000))
def test_a_late_reminder_goes_only_while_the_meeting_is_ahead(
    moment: datetime, lead: int, now_at: int
) -> None:
    start = moment + timedelta(minutes=lead)
    now = moment + timedelta(minutes=now_at)
    decision = rules.reminder_now(moment, start, now)
    if now >= start:
        assert decision is Late.SKIP
    elif now >= moment:
        assert decision is Late.SEND
    else:
        assert decision is Late.WAIT


def test_quiet_hours_hold_unless_the_meeting_is_about_to_start() -> None:
    evening = datetime(2026, 12, 10, 22, 0, tzinfo=MOSCOW)
    # A meeting at half past ten tonight: the reminder goes now, at night.
    assert not rules.quiet(evening, evening + timedelta(minutes=30), MOSCOW)
    # A meeting at 09:30 tomorrow: the morning is not an hour before it.
    assert not rules.quiet(evening, datetime(2026, 12, 11, 9, 30, tzinfo=MOSCOW), MOSCOW)
    # A meeting tomorrow afternoon: the reminder may wait for the morning.
    assert rules.quiet(evening, datetime(2026, 12, 11, 15, 0, tzinfo=MOSCOW), MOSCOW)


def test_did_it_take_place_is_asked_an_hour_after_or_at_seven_in_the_evening() -> None:
    morning = datetime(2026, 12, 10, 10, 0, tzinfo=MOSCOW)
    assert rules.held_question_at(morning, MOSCOW) == datetime(2026, 12, 10, 19, 0, tzinfo=MOSCOW)
    late = datetime(2026, 12, 10, 18, 30, tzinfo=MOSCOW)
    assert rules.held_question_at(late, MOSCOW) == late + HOUR
    # Summer time begins in Berlin on 29 March 2026: 19:00 that evening is 17:00 UTC.
    spring = datetime(2026, 3, 29, 10, 0, tzinfo=BERLIN)
    assert rules.held_question_at(spring, BERLIN).astimezone(UTC) == datetime(
        2026, 3, 29, 17, 0, tzinfo=UTC
    )


@given(start=moments)
def test_did_it_take_place_is_never_before_an_hour_after_the_start(start: datetime) -> None:
    asked = rules.held_question_at(start, BERLIN)
    after = start.astimezone(UTC) + HOUR
    assert asked >= after
    assert asked.astimezone(BERLIN).hour >= 19 or asked == after


def test_the_first_meeting_is_the_introduction() -> None:
    assert rules.default_kind(0) is Kind.INTRO
    assert rules.default_kind(3) is Kind.WORK


def test_a_meetings_details() -> None:
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    later = now + timedelta(days=1)

    def check(**changes: Any) -> Problem | None:
        values: dict[str, Any] = {
            "starts_at": later,
            "place": "Кабинет 12",
            "link": None,
            "agenda": None,
        }
        values.update(changes)
        return rules.check_details(now=now, **values)

    assert check() is None
    assert check(place=None, link="https://meet.example.org/abc") is None
    assert check(starts_at=now) is Problem.IN_THE_PAST
    assert check(place=None) is Problem.NO_PLACE
    assert check(link="https://meet.example.org/abc") is Problem.NO_PLACE
    assert check(place="а" * 5000) is Problem.PLACE_TOO_LONG
    for bad in ("meet", "ftp://x.org", "https://", "https://exa mple.org", "zoom.us/j/1"):
        assert check(place=None, link=bad) is Problem.BAD_LINK, bad
    assert check(agenda="а" * 1001) is Problem.AGENDA_TOO_LONG


def test_every_outcome_is_told_in_both_languages(translations: Translations) -> None:
    for locale in ("ru", "en"):
        i18n = translations.get(locale)
        for outcome in Outcome:
            assert i18n.has(outcome.key), (locale, outcome)
        for kind in Kind:
            assert i18n.has(f"meeting-kind-{kind.value}"), (locale, kind)
