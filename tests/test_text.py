from __future__ import annotations

from bot.telegram.text import split_text, utf16_length


def test_short_text_is_one_message() -> None:
    assert split_text("a\nb") == ["a\nb"]


def test_long_list_splits_between_lines_within_the_limit() -> None:
    lines = [f"• <b>участник {n}</b>" for n in range(600)]
    chunks = split_text("\n".join(lines), limit=4096)
    assert len(chunks) > 1
    assert all(utf16_length(chunk) <= 4096 for chunk in chunks)
    assert "\n".join(chunks).split("\n") == lines


def test_emoji_count_as_two_units() -> None:
    assert utf16_length("😀") == 2
    chunks = split_text("😀" * 3000, limit=4096)
    assert [utf16_length(c) for c in chunks] == [4096, 1904]
