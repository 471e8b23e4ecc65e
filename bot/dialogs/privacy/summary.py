"""What is stored about a person, as messages a parent reads on a phone (HTML, escaped)."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime, tzinfo

from bot.dialogs.questionnaire.render import display, label, title_key
from bot.i18n import Translator
from bot.questionnaires import engine
from bot.questionnaires.loader import Catalog
from bot.services.privacy import Stored, StoredAnswers
from bot.telegram.text import split_text

Day = Callable[[datetime | None], str]


def summary(stored: Stored, i18n: Translator, catalog: Catalog, zone: tzinfo) -> list[str]:
    """The summary, in as many messages as Telegram's length limit needs."""
    today = datetime.now(zone).date()

    def day(moment: datetime | None) -> str:
        return i18n.short_day(moment.astimezone(zone).date()) if moment else "—"

    consents = [
        i18n(
            "privacy-sum-consent",
            status=c.status,
            kind=c.kind or "self",
            parent=c.parent_name or "none",
            date=day(c.at),
        )
        for c in stored.consents
    ]
    events = [
        i18n("privacy-sum-event", title=e.title, date=i18n.moment(e.starts_at, zone, today=today))
        for e in stored.events
    ]
    pairs = [
        i18n(
            "privacy-sum-pair",
            side=p.side,
            partner=p.partner,
            status="paused" if p.paused and p.status == "active" else p.status,
            started=day(p.started_at),
            ended=day(p.ended_at),
            months=p.months,
        )
        for p in stored.pairs
    ]
    sections = [
        i18n("privacy-sum-title"),
        _section(i18n("privacy-sum-who"), _who(stored, i18n, day)),
        _section(i18n("privacy-sum-consents"), consents or [i18n("privacy-sum-none")]),
        *(_answers(run, i18n, catalog, day) for run in stored.questionnaires),
        _section(i18n("privacy-sum-events"), events or [i18n("privacy-sum-none")]),
        _section(i18n("privacy-sum-pairs"), pairs or [i18n("privacy-sum-none")]),
    ]
    return split_text("\n\n".join(sections))


def _section(title: str, lines: list[str]) -> str:
    return "\n".join([title, *lines])


def _who(stored: Stored, i18n: Translator, day: Day) -> list[str]:
    lines = []
    if stored.full_name:
        lines.append(i18n("privacy-sum-name", name=stored.full_name))
    if stored.telegram_name:
        lines.append(i18n("privacy-sum-telegram", name=stored.telegram_name))
    if stored.username:
        lines.append(i18n("privacy-sum-username", username=stored.username))
    if stored.role and stored.category:
        lines.append(
            i18n(
                "privacy-sum-role",
                role=i18n.plain(f"role-short-{stored.role}"),
                category=i18n.plain(f"category-{stored.role}-{stored.category}"),
            )
        )
    else:
        lines.append(i18n("privacy-sum-no-role"))
    if stored.age_group:
        lines.append(i18n("privacy-sum-age", age=i18n.plain(f"age-{stored.age_group}")))
    lines.append(i18n("privacy-sum-since", date=day(stored.first_seen_at)))
    return lines


ANSWER_LIMIT = 3000
"""An answer longer than this once escaped is cut with «…» (the file holds it whole): a message
is split only between lines, and a line cut inside would break its HTML."""


def _answer(question: str, answer: str) -> str:
    shown = html.escape(answer, quote=False)
    while len(shown) > ANSWER_LIMIT:
        answer = answer[: len(answer) * 3 // 4]
        shown = html.escape(answer, quote=False) + "…"
    return f"{html.escape(question, quote=False)}: {shown}"


def _answers(run: StoredAnswers, i18n: Translator, catalog: Catalog, day: Day) -> str:
    """The answers as the questionnaire's summary shows them («Стаж: 23 года»), in its order."""
    title = i18n(
        "privacy-sum-answers",
        title=i18n.plain(title_key(run.questionnaire)),
        submitted="yes" if run.submitted_at else "no",
        date=day(run.submitted_at),
    )
    questionnaire = catalog.questionnaires.get(run.questionnaire.partition("@")[0])
    questions = questionnaire.questions if questionnaire else ()
    # Not through Fluent: an answer may be longer than a placeable it allows (1000 characters).
    lines = [
        _answer(
            label(question, i18n),
            display(question, run.answers[question.id], i18n, beside=run.answers),
        )
        for question in questions
        if question.id in run.answers
    ]
    known = {name for question in questions for name in (question.id, *engine.companions(question))}
    lines += [  # an answer to a question the questionnaire no longer asks
        _answer(question_id, str(value))
        for question_id, value in run.answers.items()
        if question_id not in known
    ]
    return _section(title, lines or [i18n("privacy-sum-none")])
