"""Ids read from callback data: the client writes it, so anything may come."""

from __future__ import annotations

import pytest

from bot.telegram.callbacks import as_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("0", 0),
        ("²", None),  # isdigit() says yes, int() fails
        ("１２", None),  # full-width digits
        ("9" * 16, None),  # more than an id has: the database would refuse it
        ("-1", None),
        ("1.5", None),
        ("", None),
        (" 7", None),
    ],
)
def test_only_plain_ids_are_taken(text: str, expected: int | None) -> None:
    assert as_id(text) == expected
