from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from aiogram_dialog import DialogManager

from bot.dialogs.common import (
    catalog_of,
    i18n_of,
    person_of,
    sessions_of,
    settings_of,
    start_data,
)
from bot.dialogs.navigation import POSITION_KEY
from bot.dialogs.questionnaire.render import display, hint, label, summary_text, title_key
from bot.i18n import Translator
from bot.questionnaires import engine, numbering
from bot.questionnaires.model import QType, Question
from bot.services import questionnaire as runs
from bot.services.questionnaire import Position
from bot.telegram.text import MESSAGE_LIMIT


async def position_of(manager: DialogManager) -> Position | None:
    """The person's place: as a use case left it during this update, or read."""
    questionnaire = catalog_of(manager).get(str(start_data(manager).get("qid")))
    cached = manager.middleware_data.get(POSITION_KEY)
    if isinstance(cached, Position) and cached.questionnaire is questionnaire:
        return cached
    position = await runs.read_position(sessions_of(manager), person_of(manager).id, questionnaire)
    manager.middleware_data[POSITION_KEY] = position
    return position


def picked(manager: DialogManager, position: Position, question: Question) -> list[str]:
    """The options ticked on screen for a multiple choice (saved ones until a tick changes)."""
    data = manager.dialog_data
    if data.get("picked_for") == question.id and isinstance(data.get("picked"), list):
        return [str(item) for item in data["picked"]]
    saved = position.answers.get(question.id)
    return [str(item) for item in saved] if isinstance(saved, list) else []


def item(position: Position, value: str) -> str:
    """A button's item id: the question it belongs to, so an old press is recognised."""
    return f"{position.questionnaire.position(position.run.current)}:{value}"


def _error(manager: DialogManager, i18n: Translator) -> str | None:
    error = manager.dialog_data.get("error")
    if not isinstance(error, dict):
        return None
    return "⚠️ " + i18n(str(error.get("key")), **dict(error.get("args") or {}))


async def question_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    position = await position_of(dialog_manager)
    question = position.question if position else None
    if position is None or question is None:
        return {"text": "…", "options": [], "values": [], "nav": []}
    number, total = numbering.progress(
        position.questionnaire, position.run.current, position.context
    )
    parts = [
        f"<b>{html.escape(i18n.plain(title_key(position.questionnaire.id)))}</b> · "
        + i18n("qn-progress", position=number, total=total),
        i18n(question.text_key),
    ]
    explained = hint(question, i18n, datetime.now(settings_of(dialog_manager).tz).date())
    if explained:
        parts.append(f"<i>{explained}</i>")
    if question.optional:
        parts.append(f"<i>{i18n('qn-optional')}</i>")
    answered = question.id in position.answers
    if answered and position.answers[question.id] is not None:
        parts.append(
            i18n(
                "qn-current",
                answer=display(
                    question, position.answers[question.id], i18n, beside=position.answers
                ),
            )
        )
    error = _error(dialog_manager, i18n)
    if error:
        parts.append(error)
    options: list[tuple[str, str]] = []
    values: list[tuple[str, str]] = []
    if question.type is QType.SINGLE:
        options = [
            (item(position, o), i18n.plain(question.option_key(o))) for o in question.options
        ]
    elif question.type is QType.MULTI:
        ticked = set(picked(dialog_manager, position, question))
        options = [
            (
                item(position, o),
                ("✅ " if o in ticked else "▫️ ") + i18n.plain(question.option_key(o)),
            )
            for o in question.options
        ]
    elif question.type is QType.SCALE:
        values = [(item(position, str(v)), str(v)) for v in engine.scale_values(question)]
    elif question.type is QType.YESNO:
        values = [
            (item(position, "yes"), i18n.plain("qn-yes")),
            (item(position, "no"), i18n.plain("qn-no")),
        ]
    elif question.type is QType.NUMBER:  # few values (a class, places 1–5): a button each
        values = [(item(position, str(v)), str(v)) for v in engine.number_choices(question)]
    can_back = bool(position.run.history)
    can_keep = answered and not position.run.editing
    nav = [
        (item(position, move), i18n.plain(f"qn-{move}"))
        for move, shown in (
            ("done", question.type is QType.MULTI),
            ("back", can_back),
            ("skip", question.optional),
            ("keep", can_keep),
        )
        if shown
    ]
    return {
        "text": "\n\n".join(parts),
        "options": options,
        "values": values,
        "nav": nav,
        "can_back": can_back,
        "can_skip": question.optional,
        "can_keep": can_keep,
    }


async def summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    position = await position_of(dialog_manager)
    if position is None:
        return {"text": "…", "edits": [], "submitted": False, "draft": False}
    text = ""
    for limit in (200, 100, 50, 20):
        text = summary_text(position, i18n, limit)
        if len(text) < MESSAGE_LIMIT - 100:
            break
    error = _error(dialog_manager, i18n)
    if error:
        text += "\n\n" + error
    shown = position.shown_answers()
    return {
        "text": text,
        "edits": [(q.id, i18n.plain("qn-edit", label=label(q, i18n))) for q, _ in shown],
        "submitted": position.submitted,
        "draft": not position.submitted,
    }
