"""The rules of a broadcast (bot/domain/broadcasts.py): what a message may hold, how its
outcomes are counted, the progress message's text, and when it may be edited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.broadcasts import (
    Audience,
    ContentProblem,
    Status,
    Tally,
    audience_of,
    check_content,
    final_count,
    html_units,
    may_edit,
    progress,
)
from bot.services.broadcasts import parse_stop, stop_data

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_what_a_broadcast_may_hold() -> None:
    assert check_content("Привет", has_file=False) is None
    assert check_content(" \n ", has_file=False) is ContentProblem.EMPTY
    assert check_content("", has_file=True) is None  # a photo without a caption
    assert check_content("я" * 4096, has_file=False) is None
    assert check_content("я" * 4097, has_file=False) is ContentProblem.TOO_LONG
    assert check_content("я" * 1025, has_file=True) is ContentProblem.TOO_LONG
    # Telegram counts UTF-16 units: an emoji such as 📣 is two.
    assert check_content("📣" * 513, has_file=True) is ContentProblem.TOO_LONG
    assert check_content("📣" * 512, has_file=True) is None


def test_audiences_from_buttons_and_the_stop_data() -> None:
    assert audience_of("mentors") is Audience.MENTORS
    assert audience_of("event") is None  # picked with its event, never alone
    assert audience_of("'; DROP TABLE") is None
    assert parse_stop(stop_data(42)) == 42
    assert len(stop_data(10**15).encode()) <= 64
    for forged in ("bc:²:stop", "bc:1:go", "bc::stop", "bc:1", "xx:1:stop", "bc:" + "9" * 40):
        assert parse_stop(forged) is None


def test_outcomes_are_counted_by_the_reason_they_were_dropped() -> None:
    tally = Tally.of(
        {"sent": 290, "blocked": 10, "chat_not_found": 1, "Bad Request: x": 2, "pending": 3}
    )
    assert tally == Tally(sent=290, blocked=10, failed=3, cancelled=0, pending=3)
    assert progress(Status.SENDING, tally, 306) == (
        "broadcast-progress",
        {"sent": 290, "total": 306, "blocked": 10, "undelivered": 3},
    )
    assert progress(Status.CANCELLED, Tally(sent=5, cancelled=7), 12)[0] == (
        "broadcast-progress-stopped"
    )
    # Recipients whose rows are gone (a withdrawal) count as not delivered: the figures add up.
    gone = Tally.of({"sent": 2, "blocked": 1}, total=5)
    assert gone == Tally(sent=2, blocked=1, failed=2)
    assert final_count(Status.DONE, gone) == (
        "broadcast-final",
        {"delivered": 2, "blocked": 1, "failed": 2},
    )
    assert final_count(Status.CANCELLED, Tally(sent=5, blocked=1, cancelled=6)) == (
        "broadcast-final-stopped",
        {"delivered": 5, "blocked": 1, "failed": 0, "stopped": 6},
    )


def test_a_caption_is_measured_as_telegram_does_after_parsing_its_html() -> None:
    assert html_units("<b>Встреча</b> &amp; чай") == len("Встреча & чай")
    assert html_units('<a href="https://x.ru/?a=1&amp;b=2">ссылка</a> 📣') == len("ссылка ") + 2


def test_a_progress_message_is_never_edited_to_what_it_shows_nor_twice_in_three_seconds() -> None:
    assert may_edit("a", None, None, NOW)
    assert not may_edit("a", "a", NOW - timedelta(hours=1), NOW)
    assert not may_edit("b", "a", NOW - timedelta(seconds=2.9), NOW)
    assert may_edit("b", "a", NOW - timedelta(seconds=3), NOW)
    # A last attempt in the future (the wall clock stepped back) is stale, not a reason to wait.
    assert may_edit("b", "a", NOW + timedelta(hours=1), NOW)
