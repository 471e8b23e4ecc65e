"""Moving through a questionnaire and checking answers: pure functions, no I/O."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bot.domain.typed_input import Prefer, parse_class, parse_date, parse_number
from bot.questionnaires.model import NumberFormat, QType, Question, Questionnaire, TextFormat

SUMMARY = "__summary__"
TEXT_LIMIT = 2000
"""No typed answer is kept longer than this, whatever a questionnaire says."""

_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufffe\uffff]"
)
_NAME_JOINERS = frozenset("-\u2010\u2011\u2013'\u2019\u02bc")
"""Besides letters and spaces, a name may have hyphens (-, ‐, ‑, –) and apostrophes (', ’, ʼ)."""
LETTER = "_letter"
"""The answer beside a class's number that holds its letter: `grade` and `grade_letter`."""
BUTTONS_UP_TO = 12
"""A number question with this many values or fewer («класс 1–11») has a button for each."""

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
    beside: dict[str, Any] = field(default_factory=dict)
    """Answers kept beside this one under ids of their own (see `companions`)."""


Checked = Valid | Invalid


def companions(question: Question) -> tuple[str, ...]:
    """The ids of the answers a question keeps beside its own: a class's letter."""
    return (question.id + LETTER,) if question.format is NumberFormat.GRADE else ()


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
    """Only the answers to questions shown (and those kept beside them): an answer whose
    question is hidden now is dropped."""
    shown = {
        key for q in visible(questionnaire, answers, context) for key in (q.id, *companions(q))
    }
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
    """A whole number, with words around it if need be («23 года», «около 5 лет»)."""
    if question.format is NumberFormat.GRADE:
        return _check_grade(question, raw)
    text = clean_text(raw)
    compact = text.replace(" ", "")
    value = int(compact) if re.fullmatch(r"[+-]?\d{1,9}", compact) else parse_number(text)
    if value is None or not _in_range(question, value):
        return _number_refused(question)
    return Valid(value)


def _in_range(question: Question, value: int) -> bool:
    low = question.min if question.min is not None else 0
    return low <= value and (question.max is None or value <= question.max)


def _number_refused(question: Question) -> Invalid:
    """The range as it is: «from 1 to 11», or «at least 0» when there is no upper bound."""
    low = question.min if question.min is not None else 0
    if question.max is None:
        return Invalid("qerr-number-min", {"min": low})
    return Invalid("qerr-number", {"min": low, "max": question.max})


def _check_grade(question: Question, raw: str) -> Checked:
    """A class with its letter («9б», «9 «Б»», «9») → 9, and «Б» (or None) beside it."""
    typed = parse_class(clean_text(raw))
    if typed is None or not _in_range(question, typed.number):
        if question.max is None:
            return _number_refused(question)
        low = question.min if question.min is not None else 0
        return Invalid("qerr-grade", {"min": low, "max": question.max})
    return Valid(typed.number, {question.id + LETTER: typed.letter})


def number_choices(question: Question) -> list[int]:
    """The values of a number question shown as buttons: all of them when they are few."""
    if question.type is not QType.NUMBER or question.min is None or question.max is None:
        return []
    if question.max - question.min + 1 > BUTTONS_UP_TO:
        return []
    return list(range(question.min, question.max + 1))


def _limit(spec: str | None, today: date) -> date | None:
    if spec is None:
        return None
    return today if spec == "today" else date.fromisoformat(spec)


def date_preference(question: Question) -> Prefer:
    """How a date typed without a year is read: a question with only an upper limit (a birth
    date: «max: today») looks back; any other looks ahead (a start date, an event)."""
    if question.max_date is not None and question.min_date is None:
        return Prefer.PAST
    return Prefer.FUTURE


def _check_date(question: Question, raw: str, today: date) -> Checked:
    """A date as people type it: «01.09.2026», «1.09», «1 сентября», «завтра», «в пятницу»."""
    parsed = parse_date(clean_text(raw), today=today, prefer=date_preference(question))
    if parsed is None:
        return Invalid("qerr-date")
    low, high = _limit(question.min_date, today), _limit(question.max_date, today)
    if (low and parsed < low) or (high and parsed > high):
        return Invalid(
            "qerr-date-range",
            {
                "bound": "both" if low and high else "min" if low else "max",
                "min": _shown(low) if low else "",
                "max": _shown(high) if high else "",
            },
        )
    return Valid(parsed.isoformat())


def example_date(question: Question, today: date) -> date:
    """A date to show as an example that the question takes: a week ahead (or ten years
    back, for a question that looks back), moved inside the question's limits."""
    if date_preference(question) is Prefer.PAST:
        shown = today - timedelta(days=3653)
    else:
        shown = today + timedelta(days=7)
    low, high = _limit(question.min_date, today), _limit(question.max_date, today)
    if low is not None and shown < low:
        shown = low
    if high is not None and shown > high:
        shown = high
    return shown


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
    """A pressed button of a single choice, scale, yes/no or number question (callback data is
    input)."""
    if question.type is QType.SINGLE and option in question.options:
        return Valid(option)
    if question.type is QType.NUMBER and option in {str(v) for v in number_choices(question)}:
        return Valid(int(option))  # a class pressed has no letter: the one kept beside goes
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
