"""Telegram's text limits."""

from __future__ import annotations

MESSAGE_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64


def utf16_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split between lines into messages of at most `limit` UTF-16 units each.

    Lines are kept whole (each is expected to hold balanced HTML tags); a line longer than
    the limit on its own is cut, which is safe only for plain text.
    """
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for whole_line in text.split("\n"):
        line = whole_line
        while utf16_length(line) > limit:
            head, line = _cut(line, limit)
            if current:
                chunks.append("\n".join(current))
                current, size = [], 0
            chunks.append(head)
        extra = utf16_length(line) + (1 if current else 0)
        if current and size + extra > limit:
            chunks.append("\n".join(current))
            current, size = [], 0
            extra = utf16_length(line)
        current.append(line)
        size += extra
    if current and any(part.strip() for part in current):
        chunks.append("\n".join(current))
    return [chunk for chunk in chunks if chunk.strip()]


def _cut(line: str, limit: int) -> tuple[str, str]:
    units = 0
    for index, char in enumerate(line):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return line[:index], line[index:]
    return line, ""
