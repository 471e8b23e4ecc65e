"""The plan's pure rules (bot/domain/plan.py): the bar, the share, titles, deadlines, and when
the weekly digest is due."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.config import SettingsError, load_settings
from bot.domain import plan as rules
from bot.domain.plan import Digest, TitleProblem

MOSCOW = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("done", "total", "bar", "percent"),
    [
        (7, 9, "▓▓▓▓▓▓▓▓░░", 78),
        (0, 9, "░░░░░░░░░░", 0),
        (9, 9, "▓▓▓▓▓▓▓▓▓▓", 100),
        (1, 200, "▓░░░░░░░░░", 1),  # something done shows
        (199, 200, "▓▓▓▓▓▓▓▓▓░", 99),  # not everything: never a full bar, never 100 %
        (1, 2, "▓▓▓▓▓░░░░░", 50),
        (1, 3, "▓▓▓░░░░░░░", 33),
        (2, 3, "▓▓▓▓▓▓▓░░░", 67),
        (0, 0, "░░░░░░░░░░", 0),
    ],
)
def test_the_bar_and_the_percent(done: int, total: int, bar: str, percent: int) -> None:
    assert rules.bar(done, total) == bar
    assert len(rules.bar(done, total)) == rules.BAR_CELLS
    assert rules.percent(done, total) == percent


def test_the_share_counts_open_and_done_tasks_only() -> None:
    statuses = ["done"] * 7 + ["open"] * 2 + ["proposed", "declined", "declined"]
    assert rules.share(statuses) == (7, 9)
    assert rules.share([]) == (0, 0)


def test_a_title_is_one_line_of_at_most_300_characters() -> None:
    assert rules.clean_title("  Прочитать\n  главу   3 ") == "Прочитать главу 3"
    assert rules.title_problem("") is TitleProblem.EMPTY
    assert rules.title_problem(rules.clean_title(" \n\t ")) is TitleProblem.EMPTY
    assert rules.title_problem("/plan") is TitleProblem.EMPTY
    assert rules.title_problem("а" * 300) is None
    assert rules.title_problem("а" * 301) is TitleProblem.TOO_LONG


def test_deadlines_and_what_is_overdue() -> None:
    today = date(2026, 12, 10)
    assert rules.due_in_the_past(date(2026, 12, 9), today)
    assert not rules.due_in_the_past(today, today)
    assert not rules.due_in_the_past(None, today)
    assert rules.overdue("open", date(2026, 12, 9), today)
    assert not rules.overdue("open", today, today)  # due today: not overdue yet
    assert not rules.overdue("done", date(2026, 12, 1), today)
    assert not rules.overdue("proposed", date(2026, 12, 1), today)
    assert not rules.overdue("open", None, today)


@pytest.mark.parametrize(
    ("text", "digest"),
    [
        ("mon 18:00", Digest(0, time(18))),
        ("Fri 9:30", Digest(4, time(9, 30))),
        ("  sunday   20:59 ", Digest(6, time(20, 59))),
        ("WED 09:00", Digest(2, time(9))),
    ],
)
def test_the_digest_setting_is_read(text: str, digest: Digest) -> None:
    assert rules.parse_digest(text) == digest


@pytest.mark.parametrize(
    "text", ["mon 21:00", "mon 08:59", "mon 23:30", "пн 18:00", "mon", "18:00", "mon 25:00", ""]
)
def test_a_digest_in_the_quiet_hours_or_unreadable_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        rules.parse_digest(text)


def test_plan_digest_setting_with_a_clear_message() -> None:
    settings = load_settings(bot_token="1:abc", _env_file=None)
    assert settings.plan_digest == Digest(0, time(18))
    assert load_settings(
        bot_token="1:abc", _env_file=None, plan_digest="thu 17:30"
    ).plan_digest == Digest(3, time(17, 30))
    with pytest.raises(SettingsError) as error:
        load_settings(bot_token="1:abc", _env_file=None, plan_digest="mon 22:00")
    assert "PLAN_DIGEST" in str(error.value) and "quiet hours" in str(error.value)
    with pytest.raises(SettingsError) as error:
        load_settings(bot_token="1:abc", _env_file=None, plan_digest="понедельник")
    assert "such as mon 18:00" in str(error.value)


def test_digest_moments_around_a_week() -> None:
    digest = Digest(0, time(18))
    # Monday 30 November 2026, 17:59 in Moscow: the last digest was a week before.
    before = datetime(2026, 11, 30, 14, 59, tzinfo=UTC)
    assert rules.last_digest(before, digest, MOSCOW) == datetime(2026, 11, 23, 18, tzinfo=MOSCOW)
    assert rules.next_digest(before, digest, MOSCOW) == datetime(2026, 11, 30, 18, tzinfo=MOSCOW)
    at = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # 18:00 sharp
    assert rules.last_digest(at, digest, MOSCOW) == at
    assert rules.next_digest(at, digest, MOSCOW) == datetime(2026, 12, 7, 18, tzinfo=MOSCOW)
    sunday = datetime(2026, 12, 6, 20, 0, tzinfo=UTC)
    assert rules.last_digest(sunday, digest, MOSCOW) == at
    assert rules.digest_key(at, MOSCOW) == "digest:2026-W49"
    assert rules.digest_day(at, MOSCOW) == date(2026, 11, 30)
    # ISO weeks cross the year: Monday 28 December 2026 is week 53, 4 January 2027 week 1.
    assert rules.digest_key(datetime(2026, 12, 28, 15, tzinfo=UTC), MOSCOW) == "digest:2026-W53"
    assert rules.digest_key(datetime(2027, 1, 4, 15, tzinfo=UTC), MOSCOW) == "digest:2027-W01"


def test_digest_moments_keep_the_local_hour_across_daylight_saving() -> None:
    digest = Digest(6, time(10))  # Sundays at 10:00 in Berlin; summer time ends 25 Oct 2026
    summer = datetime(2026, 10, 18, 8, 0, tzinfo=UTC)  # 10:00 CEST
    winter = rules.next_digest(summer, digest, BERLIN)
    assert winter == datetime(2026, 10, 25, 10, tzinfo=BERLIN)
    assert winter.astimezone(UTC) == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)
    assert rules.last_digest(winter, digest, BERLIN) == winter
