"""How questions, answers and the summary read on screen."""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date
from typing import Any

from babel.dates import format_date

from bot.dialogs.layout import short
from bot.domain.typed_input import SchoolClass, resolve_day
from bot.i18n import Translator
from bot.questionnaires import engine
from bot.questionnaires.model import NumberFormat, QType, Question
from bot.services.cards import phone_text
from bot.services.questionnaire import Position


def display(
    question: Question, value: Any, i18n: Translator, *, beside: Mapping[str, Any] | None = None
) -> str:
    """An answer as a person reads it (plain text); `beside` holds the answers kept beside it
    (a class's letter: «9 «Б»»)."""
    if value is None:
        return i18n.plain("qn-skipped")
    if isinstance(value, bool):
        return i18n.plain("qn-value-yes" if value else "qn-value-no")
    if question.type is QType.MULTI and isinstance(value, list):
        return ", ".join(i18n.plain(question.option_key(v)) for v in value)
    if question.type is QType.SINGLE:
        return i18n.plain(question.option_key(str(value)))
    if question.type is QType.DATE:
        return date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    if question.type is QType.PHONE:
        return phone_text(str(value))  # «+7 916 123-00-01»
    if question.format is NumberFormat.GRADE and isinstance(value, int):
        letter = (beside or {}).get(question.id + engine.LETTER)
        return str(SchoolClass(value, letter if isinstance(letter, str) else None))
    unit = "qv-" + _name(question)
    if question.type is QType.NUMBER and isinstance(value, int) and i18n.has(unit):
        return i18n.plain(unit, value=value)  # «23 года»
    return str(value)


def _name(question: Question) -> str:
    return question.text_key.removeprefix("q-")


def label(question: Question, i18n: Translator) -> str:
    """The question's short name for the summary and its edit button («Стаж»): `qs-<id>`, or
    the question itself if a questionnaire file added a question without one."""
    key = "qs-" + _name(question)
    return i18n.plain(key) if i18n.has(key) else short(i18n.plain(question.text_key))


def hint(question: Question, i18n: Translator, today: date) -> str | None:
    """How to answer; a date's example is one the question takes (from `today`)."""
    if question.type is QType.MULTI:
        low, high = question.min or 1, question.max or len(question.options)
        return i18n("qn-hint-multi", min=low, max=high)
    if question.type is QType.SCALE:
        return i18n(
            "qn-scale-legend",
            low=i18n.plain(f"{question.text_key}-min"),
            high=i18n.plain(f"{question.text_key}-max"),
            high_value=question.max or 5,
        )
    if question.type is QType.DATE:
        example = engine.example_date(question, today)
        prefer = engine.date_preference(question)
        near = resolve_day(example.day, example.month, today, prefer) == example  # no year
        words = format_date(example, "d MMMM" if near else "d MMMM y", locale=i18n.locale)
        return i18n("qn-hint-date", example=example.strftime("%d.%m.%Y"), words=words)
    if engine.number_choices(question):
        return i18n("qn-hint-number-buttons")
    if question.type is QType.PHONE:
        return i18n("qn-hint-phone")
    if question.type in (QType.TEXT, QType.NUMBER):
        return i18n("qn-hint-text")
    return None


def title_key(questionnaire_id: str) -> str:
    """The title of a questionnaire, also as answered in a campaign (`<id>@<campaign>`)."""
    return "qn-title-" + questionnaire_id.partition("@")[0]


def summary_text(position: Position, i18n: Translator, limit: int) -> str:
    """«Стаж: 23 года», one answer a line, long answers cut at a word to `limit` characters."""
    title = i18n.plain(title_key(position.questionnaire.id))
    lines = [i18n("qn-summary-title", title=title), ""]
    for question, value in position.shown_answers():
        shown = (
            display(question, value, i18n, beside=position.answers)
            if question.id in position.answers
            else "—"
        )
        lines.append(
            f"<b>{html.escape(label(question, i18n))}:</b> {html.escape(short(shown, limit))}"
        )
    lines += ["", i18n("qn-summary-hint")]
    return "\n".join(lines)
