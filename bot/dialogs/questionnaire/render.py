"""How questions, answers and the summary read on screen."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from bot.i18n import Translator
from bot.questionnaires.model import QType, Question
from bot.services.questionnaire import Position


def display(question: Question, value: Any, i18n: Translator) -> str:
    """An answer as a person reads it (plain text)."""
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
    return str(value)


def hint(question: Question, i18n: Translator) -> str | None:
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
        return i18n("qn-hint-date")
    if question.type is QType.PHONE:
        return i18n("qn-hint-phone")
    if question.type in (QType.TEXT, QType.NUMBER):
        return i18n("qn-hint-text")
    return None


def summary_text(position: Position, i18n: Translator, limit: int) -> str:
    title = i18n.plain("qn-title-" + position.questionnaire.id)
    lines = [i18n("qn-summary-title", title=title)]
    for number, (question, value) in enumerate(position.shown_answers(), start=1):
        shown = display(question, value, i18n) if question.id in position.answers else "—"
        if len(shown) > limit:
            shown = shown[: limit - 1].rstrip() + "…"
        lines.append(
            f"<b>{number}.</b> {html.escape(i18n.plain(question.text_key))}\n→ {html.escape(shown)}"
        )
    lines.append(i18n("qn-summary-hint"))
    return "\n\n".join(lines)
