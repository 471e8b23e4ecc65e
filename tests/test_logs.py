"""`LOG_FORMAT=json`: one JSON object a line, with the traceback and any `extra` fields."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot import cli
from bot.logs import JsonFormatter


@pytest.fixture
def logged() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("bot.test_logs")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)
    logger.propagate = True


def test_json_lines_carry_the_message_the_exception_and_extra_fields(
    logged: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = logged
    before = datetime.now(UTC)
    logger.info("Pair %s: «%s»\nsecond line", 7, "Пётр", extra={"pair_id": 7, "at": before})
    try:
        raise ValueError("boom")
    except ValueError:
        logger.exception("Sending failed", extra={"chat_id": 42})
    logger.warning("Plain", stack_info=True)

    lines = stream.getvalue().splitlines()
    assert len(lines) == 3  # a newline in a message does not split its line
    first, failed, plain = (json.loads(line) for line in lines)
    assert first == {
        "time": first["time"],
        "level": "INFO",
        "logger": "bot.test_logs",
        "message": "Pair 7: «Пётр»\nsecond line",
        "pair_id": 7,
        "at": before.isoformat(),
    }
    assert "Пётр" in lines[0]  # text stays readable, not \u-escaped
    assert first["time"].endswith("Z")
    at = datetime.fromisoformat(first["time"].replace("Z", "+00:00"))
    assert at.tzinfo is not None and abs((at - before).total_seconds()) < 5
    assert failed["level"] == "ERROR" and failed["chat_id"] == 42
    assert failed["message"] == "Sending failed"
    assert failed["exception"].startswith("Traceback (most recent call last):")
    assert failed["exception"].endswith("ValueError: boom")
    assert "exception" not in first and "exception" not in plain
    assert plain["level"] == "WARNING" and "test_json_lines" in plain["stack"]


def test_the_command_line_picks_the_format(monkeypatch: pytest.MonkeyPatch) -> None:
    """`_configure_logging` gets LOG_FORMAT (root's handlers set aside: pytest has its own)."""
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    monkeypatch.setattr(root, "level", root.level)
    cli._configure_logging("INFO", "json")
    assert [type(h.formatter) for h in root.handlers] == [JsonFormatter]
    monkeypatch.setattr(root, "handlers", [])
    cli._configure_logging("INFO", "text")
    assert len(root.handlers) == 1 and not isinstance(root.handlers[0].formatter, JsonFormatter)
