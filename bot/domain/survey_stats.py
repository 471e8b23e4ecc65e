"""The figures of a monitoring survey's answers, and when they may be shown (pure).

An aggregate (a mean, a median, a distribution) is shown only when it rests on `THRESHOLD`
answers or more, so that no one's answer can be singled out; below that only the number of
answers is. Open answers are listed in an order that is random but stable (a hash of the text,
never the order or the time they came in, so their order says nothing of who wrote them).

Differencing: while a campaign is open (a pair's final survey stays open all year, filling one
pair at a time), a role's figures rest on its earliest whole threes of respondents (`counted`):
two views a day apart then differ by three answers or none, never by the one person the curator
knows has just answered. Once the campaign is closed, they rest on all its respondents.
"""

from __future__ import annotations

import hashlib
import math
import statistics
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from babel.numbers import format_decimal

from bot.questionnaires.model import QType, Question

THRESHOLD = 3
"""The fewest answers an aggregate may rest on."""
BAR = "█"
BAR_WIDTH = 10
"""Blocks of the longest bar of a text distribution (a phone shows ~35 characters a line)."""

Count = tuple[Any, int]
T = TypeVar("T")


def enough(count: int) -> bool:
    """Whether `count` answers are enough to show what they add up to."""
    return count >= THRESHOLD


def mean(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("the mean of no values")
    return math.fsum(values) / len(values)


def median(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("the median of no values")
    return float(statistics.median(values))


def rounded(value: float, places: int = 1) -> Decimal:
    """`value` rounded half up (7.25 → 7.3, as people round), as a Decimal to format."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_mean(value: float, locale: str, pattern: str = "0.0") -> str:
    """A mean (or a median) as people write it: «8,3» in Russian, «8.3» in English, rounded
    half up to one place (8.25 → 8,3); pattern "0.#" drops a zero place (8 rather than 8,0).
    Every screen that shows a survey's mean formats it here, so that all say the same."""
    return format_decimal(rounded(value, 1), pattern, locale=locale)


def counted(respondents: Sequence[T], is_open: bool) -> list[T]:
    """The respondents a campaign role's figures rest on, of `respondents` sorted by when they
    submitted (earliest first): while the campaign is open, the earliest ⌊n/3⌋·3 (the others
    join three at a time); once it is closed, all of them."""
    if not is_open:
        return list(respondents)
    return list(respondents[: len(respondents) // THRESHOLD * THRESHOLD])


def share(part: int, whole: int) -> int | None:
    """`part` of `whole` in whole percent, rounded half up, but 100 only when all and 0 only
    when none (199 of 200 is 99 %, 1 of 300 is 1 %); None when `whole` is 0. The one share of
    the surveys: /survey's campaign card and the results both count with it."""
    if whole <= 0:
        return None
    if part <= 0:
        return 0
    if part >= whole:
        return 100
    return min(max((200 * part + whole) // (2 * whole), 1), 99)


def distribution(values: Iterable[Hashable], keys: Sequence[Hashable] = ()) -> tuple[Count, ...]:
    """How many times each value occurs: every one of `keys` in their order (0 if none), then
    the values not among them, in ascending order."""
    counts = Counter(values)
    known = set(keys)
    others = sorted((value for value in counts if value not in known), key=_order)
    return tuple((key, counts.get(key, 0)) for key in [*keys, *others])


def _order(value: Any) -> tuple[int, Any]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (0, value)
    return (1, str(value))


def bar(count: int, most: int, width: int = BAR_WIDTH) -> str:
    """A text bar for `count` out of the largest count `most`: at least one block for any."""
    if count <= 0 or most <= 0:
        return ""
    return BAR * max(1, round(width * count / most))


def stable_order(texts: Iterable[str], salt: str = "") -> list[str]:
    """`texts` in an order that looks random and is the same on every reading: by a hash of
    `salt` and the text alone, so the order tells nothing of who wrote which or when."""

    def key(text: str) -> tuple[str, str]:
        digest = hashlib.sha256(f"{salt}\x00{text}".encode()).hexdigest()
        return (digest, text)

    return sorted(texts, key=key)


@dataclass(frozen=True)
class Aggregate:
    """What the answers to one question add up to. Below `THRESHOLD` answers only `answered`
    is known: nothing else is even computed."""

    answered: int
    mean: float | None = None
    median: float | None = None
    counts: tuple[Count, ...] = ()
    """(value, how many) for a scale, a number, a choice (per option), yes/no (True, False)."""

    @property
    def shown(self) -> bool:
        return enough(self.answered)


def given(value: Any) -> bool:
    """An answer that says something (a skipped optional question keeps None)."""
    return value is not None and value not in ("", [])


def _numbers(values: Iterable[Any]) -> list[int | float]:
    return [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]


def aggregate(question: Question, values: Iterable[Any]) -> Aggregate:
    """The aggregate of one question's answers (one value per person who answered)."""
    answers = [value for value in values if given(value)]
    answered = len(answers)
    if not enough(answered):
        return Aggregate(answered)
    if question.type in (QType.SCALE, QType.NUMBER):
        numbers = _numbers(answers)
        if not numbers:
            return Aggregate(answered)
        keys: Sequence[int] = ()
        if question.type is QType.SCALE:
            keys = range(question.min or 1, (question.max or 5) + 1)
        return Aggregate(
            answered, mean(numbers), median(numbers), distribution(numbers, tuple(keys))
        )
    if question.type is QType.SINGLE:
        return Aggregate(answered, counts=distribution(map(str, answers), question.options))
    if question.type is QType.MULTI:
        chosen = (str(option) for value in answers if isinstance(value, list) for option in value)
        return Aggregate(answered, counts=distribution(chosen, question.options))
    if question.type is QType.YESNO:
        flags = (value for value in answers if isinstance(value, bool))
        return Aggregate(answered, counts=distribution(flags, (True, False)))
    return Aggregate(answered)  # text, date, phone: how many answered, nothing more
