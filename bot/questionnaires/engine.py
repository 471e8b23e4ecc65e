"""Moving through a questionnaire and checking answers: pure functions, no I/O."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.questionnaires.model import QType, Question, Questionnaire, TextFormat

SUMMARY = "__summary__"
TEXT_LIMIT = 2000
"""No typed answer is kept longer than this, whatever a questionnaire says."""

_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff]"
)
_NAME_JOINERS = frozenset("-\u2010\u2011\u2013'\u2019\u02bc")
"""Besides letters and spaces, a name may have hyphens (-, ‐, ‑, –) and apostrophes (', ’, ʼ)."""
_DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y")

Answers = Mapping[str, Any]
Context = Mapping[str, Any]


@dataclass(frozen=True)
class Invalid:
    """Why an answer is refused: a translation key and its arguments."""

    key: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Valid:
    value: Any


Checked = Valid | Invalid


def visible(questionnaire: Questionnaire, answers: Answers, context: Context) -> list[Question]:
    return [
        q
        for q in questionnaire.questions
        if q.condition is None or q.condition.holds(answers, context)
    ]


def first_step(questionnaire: Questionnaire, answers: Answers, context: Context) -> str:
    shown = visible(questionnaire, answers, context)
    return shown[0].id if shown else SUMMARY


def step_after(
    questionnaire: Questionnaire, current: str, answers: Answers, context: Context
) -> str:
    """The next question shown after `current`, in order; the summary after the last."""
    position = questionnaire.position(current)
    for question in visible(questionnaire, answers, context):
        if questionnaire.position(question.id) > position:
            return question.id
    return SUMMARY


def first_unanswered(
    questionnaire: Questionnaire, answers: Answers, context: Context
) -> str | None:
    for question in visible(questionnaire, answers, context):
        if question.id not in answers:
            return question.id
    return None


def missing_required(
    questionnaire: Questionnaire, answers: Answers, context: Context
) -> list[Question]:
    return [
        q
        for q in visible(questionnaire, answers, context)
        if not q.optional and answers.get(q.id) in (None, "", [])
    ]


def progress(
    questionnaire: Questionnaire, current: str, answers: Answers, context: Context
) -> tuple[int, int]:
    """(position, total) of `current` among the questions shown, both from 1."""
    shown = [q.id for q in visible(questionnaire, answers, context)]
    position = shown.index(current) + 1 if current in shown else len(shown)
    return position, len(shown)


def kept_answers(
    questionnaire: Questionnaire, answers: Answers, context: Context
) -> dict[str, Any]:
    """Only the answers to questions shown: an answer whose question is hidden now is dropped."""
    shown = {q.id for q in visible(questionnaire, answers, context)}
    return {key: value for key, value in answers.items() if key in shown}


def clean_text(raw: str) -> str:
    """Drop control and invisible characters; trim spaces at the ends of lines."""
    text = _INVISIBLE.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def check_typed(question: Question, raw: str, today: date) -> Checked:
    """A typed answer to a text, number, date or phone question."""
    if question.type is QType.TEXT:
        return _check_text(question, raw)
    if question.type is QType.NUMBER:
        return _check_number(question, raw)
    if question.type is QType.DATE:
        return _check_date(question, raw, today)
    if question.type is QType.PHONE:
        return check_phone(raw)
    return Invalid("qerr-use-buttons")


def _check_text(question: Question, raw: str) -> Checked:
    if question.format is TextFormat.NAME:
        name = _name(raw)
        if name is None:
            return Invalid("qerr-name")
        text = name
    else:
        text = clean_text(raw)
    low = question.min or 1
    high = min(question.max or TEXT_LIMIT, TEXT_LIMIT)
    if not any(char.isalnum() for char in text):
        return Invalid("qerr-text-words")
    if len(text) < low:
        return Invalid("qerr-text-short", {"min": low})
    if len(text) > high:
        return Invalid("qerr-text-long", {"max": high, "length": len(text)})
    return Valid(text)


def _name(raw: str) -> str | None:
    """A person's name, NFC-normalised, spaces collapsed; None unless it has at least two letters
    and nothing but letters of any script (with their combining marks), spaces, hyphens and
    apostrophes. Control characters refuse it; invisible ones are dropped, as in any text."""
    if any(unicodedata.category(char) == "Cc" and not char.isspace() for char in raw):
        return None
    text = " ".join(unicodedata.normalize("NFC", clean_text(raw)).split())
    letters, after_letter = 0, False
    for char in text:
        if char.isalpha() and char not in _NAME_JOINERS:
            letters, after_letter = letters + 1, True
        elif char in _NAME_JOINERS or char == " ":
            after_letter = False
        elif not (after_letter and _is_mark(char)):
            return None  # a digit, a dot, @, an emoji, a mark on nothing...
    return text if letters >= 2 else None


def _is_mark(char: str) -> bool:
    """A combining mark that NFC leaves apart (a stress mark, a Devanagari vowel sign)."""
    variation_selector = "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef"
    return unicodedata.category(char) in ("Mn", "Mc") and not variation_selector


def _check_number(question: Question, raw: str) -> Checked:
    text = clean_text(raw).replace(" ", "")
    low = question.min if question.min is not None else 0
    high = question.max if question.max is not None else 10**6
    if not re.fullmatch(r"[+-]?\d{1,9}", text):
        return Invalid("qerr-number", {"min": low, "max": high})
    value = int(text)
    if not low <= value <= high:
        return Invalid("qerr-number", {"min": low, "max": high})
    return Valid(value)


def _limit(spec: str | None, today: date) -> date | None:
    if spec is None:
        return None
    return today if spec == "today" else date.fromisoformat(spec)


def _check_date(question: Question, raw: str, today: date) -> Checked:
    text = clean_text(raw)
    parsed: date | None = None
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date)
            break
        except ValueError:
            continue
    if parsed is None:
        return Invalid("qerr-date")
    low, high = _limit(question.min_date, today), _limit(question.max_date, today)
    if (low and parsed < low) or (high and parsed > high):
        return Invalid(
            "qerr-date-range",
            {"min": _shown(low or date(1900, 1, 1)), "max": _shown(high or date(2100, 1, 1))},
        )
    return Valid(parsed.isoformat())


def _shown(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def check_phone(raw: str) -> Checked:
    digits = re.sub(r"[\s()\-.]", "", clean_text(raw))
    if not re.fullmatch(r"\+?\d{10,15}", digits):
        return Invalid("qerr-phone")
    if digits.startswith("8") and len(digits) == 11:
        digits = "7" + digits[1:]
    return Valid("+" + digits.lstrip("+"))


def check_choice(question: Question, option: str) -> Checked:
    """A pressed button of a single choice, scale or yes/no question (callback data is input)."""
    if question.type is QType.SINGLE and option in question.options:
        return Valid(option)
    if question.type is QType.YESNO and option in ("yes", "no"):
        return Valid(option == "yes")
    if question.type is QType.SCALE and option.isdigit():
        value = int(option)
        if (question.min or 1) <= value <= (question.max or 5):
            return Valid(value)
    return Invalid("qerr-use-buttons")


def check_multi(question: Question, chosen: list[str]) -> Checked:
    picked = [option for option in question.options if option in set(chosen)]
    low, high = question.min or 1, question.max or len(question.options)
    if len(picked) < low:
        return Invalid("qerr-multi-min", {"min": low})
    if len(picked) > high:
        return Invalid("qerr-multi-max", {"max": high})
    return Valid(picked)


def scale_values(question: Question) -> list[int]:
    return list(range(question.min or 1, (question.max or 5) + 1))
