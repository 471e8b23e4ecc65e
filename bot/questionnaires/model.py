"""Questionnaires as data: questions, their types, limits and conditions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class QType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    SINGLE = "single"
    MULTI = "multi"
    SCALE = "scale"
    DATE = "date"
    YESNO = "yesno"
    PHONE = "phone"


TYPED = frozenset({QType.TEXT, QType.NUMBER, QType.DATE, QType.PHONE})
"""Answered by typing (or, for a phone, by Telegram's contact button)."""


class TextFormat(StrEnum):
    """What a text question expects beyond its length, as `format:` in a questionnaire file."""

    NAME = "name"
    """A person's name: letters of any script, spaces, hyphens and apostrophes."""


class NumberFormat(StrEnum):
    """What a number question expects beyond its range, as `format:` in a questionnaire file."""

    GRADE = "grade"
    """A school class: the number is the answer, as for any number question; the letter typed
    with it («9Б», «9 «б»») is kept beside it as the answer `<id>_letter` («Б», or None)."""


@dataclass(frozen=True)
class Condition:
    """Show a question only when an earlier answer (or the person's role, category, age
    group) is one of `values`; for a multiple choice, when any chosen option is."""

    source: str  # "question" or "context"
    name: str
    values: frozenset[Any]

    def holds(self, answers: Mapping[str, Any], context: Mapping[str, Any]) -> bool:
        value = (answers if self.source == "question" else context).get(self.name)
        if isinstance(value, list):
            return any(item in self.values for item in value)
        return value in self.values


@dataclass(frozen=True)
class Question:
    id: str
    type: QType
    text_key: str
    optional: bool = False
    min: int | None = None
    max: int | None = None
    option_set: str | None = None
    options: tuple[str, ...] = ()
    min_date: str | None = None  # "today" or an ISO date
    max_date: str | None = None
    condition: Condition | None = None
    format: TextFormat | NumberFormat | None = None  # text and number questions only

    @property
    def typed(self) -> bool:
        return self.type in TYPED

    def option_key(self, option: str) -> str:
        return f"opt-{self.option_set}-{option}"


@dataclass(frozen=True)
class Questionnaire:
    id: str
    questions: tuple[Question, ...]
    source: str = ""
    _index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({q.id: n for n, q in enumerate(self.questions)})

    def question(self, question_id: str) -> Question | None:
        index = self._index.get(question_id)
        return None if index is None else self.questions[index]

    def position(self, question_id: str) -> int:
        return self._index[question_id]
