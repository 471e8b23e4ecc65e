"""Logs as JSON lines (`LOG_FORMAT=json`): one object a line, for journald, Loki and the like.

Each object has `time` (ISO-8601, UTC, milliseconds), `level`, `logger` and `message`; then
`exception` (the traceback's text) when the record carries one, `stack` when asked for, and
every field passed with `extra={...}`. What is logged is the same as in text: only its shape
changes.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime
from typing import Any

# A record's own attributes; anything else on it came from `extra`.
_RECORD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


def _plain(value: object) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return str(value)


class JsonFormatter(logging.Formatter):
    """A `logging.Formatter` writing one JSON object a line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and key not in entry:
                entry[key] = value
        return json.dumps(entry, ensure_ascii=False, default=_plain)
