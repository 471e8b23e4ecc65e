"""People's names as lists show them."""

from __future__ import annotations


def with_initials(full_name: str) -> str:
    """«Лебедев Андрей Олегович» → «Лебедев А. О.»: a surname and initials, for a list where
    room is short. A single word, or words that are not letters, stay as they are."""
    words = full_name.split()
    if len(words) < 2 or not all(word[0].isalpha() for word in words[1:]):
        return " ".join(words)
    return " ".join([words[0], *(f"{word[0].upper()}." for word in words[1:3])])
