"""One question at a time, a summary with edit, submit. The database holds the way through."""

from __future__ import annotations

import html
from datetime import date, datetime
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Column, Group, RequestContact, Row
from aiogram_dialog.widgets.markup.reply_keyboard import ReplyKeyboardFactory
from aiogram_dialog.widgets.text import Format

from bot.dialogs.common import (
    catalog_of,
    i18n_of,
    person_of,
    session_of,
    settings_of,
    start_data,
)
from bot.dialogs.home import go_home, questionnaire_state
from bot.dialogs.states import QuestionnaireSG
from bot.dialogs.widgets import Tr, choices, not_understood
from bot.i18n import Translator
from bot.questionnaires import engine
from bot.questionnaires.engine import Checked, Invalid
from bot.questionnaires.model import QType, Question
from bot.services import questionnaire as runs
from bot.services.questionnaire import Position
from bot.telegram.text import MESSAGE_LIMIT

_LIST_TYPES = (QType.SINGLE, QType.MULTI)
_ROW_TYPES = (QType.SCALE, QType.YESNO)


async def _position(manager: DialogManager) -> Position:
    """The person's place in the questionnaire, read once per update."""
    questionnaire = catalog_of(manager).get(str(start_data(manager).get("qid")))
    cached = manager.middleware_data.get("questionnaire_position")
    if isinstance(cached, Position) and cached.questionnaire is questionnaire:
        return cached
    position = await runs.open_run(session_of(manager), person_of(manager), questionnaire)
    manager.middleware_data["questionnaire_position"] = position
    return position


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


def _today(manager: DialogManager) -> date:
    return datetime.now(settings_of(manager).tz).date()


def _hint(question: Question, i18n: Translator) -> str | None:
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


def _picked(manager: DialogManager, position: Position, question: Question) -> list[str]:
    picked = manager.dialog_data.get("picked")
    if manager.dialog_data.get("picked_for") != question.id or not isinstance(picked, list):
        saved = position.answers.get(question.id)
        picked = list(saved) if isinstance(saved, list) else []
        manager.dialog_data.update(picked=picked, picked_for=question.id)
    return [str(item) for item in picked]


async def question_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    position = await _position(dialog_manager)
    question = position.question
    if question is None:
        return {"text": "…", "options": [], "values": []}
    number, total = position.progress()
    parts = [
        f"<b>{html.escape(i18n.plain('qn-title-' + position.questionnaire.id))}</b> · "
        + i18n("qn-progress", position=number, total=total),
        i18n(question.text_key),
    ]
    hint = _hint(question, i18n)
    if hint:
        parts.append(f"<i>{hint}</i>")
    if question.optional:
        parts.append(f"<i>{i18n('qn-optional')}</i>")
    answered = question.id in position.answers
    if answered and position.answers[question.id] is not None:
        parts.append(
            i18n("qn-current", answer=display(question, position.answers[question.id], i18n))
        )
    error = dialog_manager.dialog_data.pop("error", None)
    if isinstance(error, dict):
        parts.append("⚠️ " + i18n(str(error.get("key")), **dict(error.get("args") or {})))
    options: list[tuple[str, str]] = []
    values: list[tuple[str, str]] = []
    if question.type is QType.SINGLE:
        options = [(o, i18n.plain(question.option_key(o))) for o in question.options]
    elif question.type is QType.MULTI:
        picked = set(_picked(dialog_manager, position, question))
        options = [
            (o, ("✅ " if o in picked else "▫️ ") + i18n.plain(question.option_key(o)))
            for o in question.options
        ]
    elif question.type is QType.SCALE:
        values = [(str(v), str(v)) for v in engine.scale_values(question)]
    elif question.type is QType.YESNO:
        values = [("yes", i18n.plain("qn-yes")), ("no", i18n.plain("qn-no"))]
    return {
        "text": "\n\n".join(parts),
        "options": options,
        "values": values,
        "is_multi": question.type is QType.MULTI,
        "can_back": bool(position.run.history),
        "can_skip": question.optional,
        "can_keep": answered and not position.run.editing,
    }


async def _sync(manager: DialogManager, position: Position) -> None:
    target = questionnaire_state(position)
    if manager.current_context().state != target:
        await manager.switch_to(target)


async def _accept(manager: DialogManager, position: Position, checked: Checked) -> None:
    if isinstance(checked, Invalid):
        manager.dialog_data["error"] = {"key": checked.key, "args": checked.args}
        return
    await runs.answer(
        session_of(manager), position, checked.value, actor=person_of(manager).telegram_id
    )
    await session_of(manager).commit()
    manager.dialog_data.pop("picked", None)
    manager.dialog_data.pop("picked_for", None)
    await _sync(manager, position)


async def on_option(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    position = await _position(manager)
    question = position.question
    if question is None:
        await _sync(manager, position)
        return
    if question.type is QType.MULTI:
        if item_id in question.options:
            picked = _picked(manager, position, question)
            picked = (
                [o for o in picked if o != item_id] if item_id in picked else [*picked, item_id]
            )
            manager.dialog_data["picked"] = picked
        return
    await _accept(manager, position, engine.check_choice(question, item_id))


async def on_done(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    position = await _position(manager)
    question = position.question
    if question is None or question.type is not QType.MULTI:
        await _sync(manager, position)
        return
    await _accept(
        manager, position, engine.check_multi(question, _picked(manager, position, question))
    )


async def on_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    position = await _position(manager)
    question = position.question
    if question is None:
        await _sync(manager, position)
        return
    checked: Checked
    if question.type is QType.PHONE and message.contact is not None:
        own = message.from_user is not None and message.contact.user_id == message.from_user.id
        checked = (
            engine.check_phone(message.contact.phone_number) if own else Invalid("qerr-phone-own")
        )
    elif not question.typed:
        checked = Invalid("qerr-use-buttons")
    elif message.text is None:
        checked = Invalid("qerr-not-text")
    elif message.text.startswith("/"):
        # An unknown command is not an answer (known ones never reach the dialog).
        checked = Invalid("fallback-command", {"command": message.text.split()[0][:32]})
    else:
        checked = engine.check_typed(question, message.text, _today(manager))
    await _accept(manager, position, checked)


async def on_back(callback: CallbackQuery | Message, button: Any, manager: DialogManager) -> None:
    position = await _position(manager)
    runs.back(position)
    await session_of(manager).commit()
    await _sync(manager, position)


async def on_skip(callback: CallbackQuery | Message, button: Any, manager: DialogManager) -> None:
    position = await _position(manager)
    await runs.skip(session_of(manager), position)
    await session_of(manager).commit()
    await _sync(manager, position)


async def on_keep(callback: CallbackQuery | Message, button: Any, manager: DialogManager) -> None:
    position = await _position(manager)
    runs.keep(position)
    await session_of(manager).commit()
    await _sync(manager, position)


def _summary_text(position: Position, i18n: Translator, limit: int) -> str:
    lines = [i18n("qn-summary-title", title=i18n.plain("qn-title-" + position.questionnaire.id))]
    for number, (question, value) in enumerate(position.shown_answers(), start=1):
        shown = display(question, value, i18n) if question.id in position.answers else "—"
        if len(shown) > limit:
            shown = shown[: limit - 1].rstrip() + "…"
        lines.append(
            f"<b>{number}.</b> {html.escape(i18n.plain(question.text_key))}\n→ {html.escape(shown)}"
        )
    lines.append(i18n("qn-summary-hint"))
    return "\n\n".join(lines)


async def summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    position = await _position(dialog_manager)
    text = ""
    for limit in (200, 100, 50, 20):
        text = _summary_text(position, i18n, limit)
        if len(text) < MESSAGE_LIMIT - 100:
            break
    error = dialog_manager.dialog_data.pop("error", None)
    if isinstance(error, dict):
        text += "\n\n⚠️ " + i18n(str(error.get("key")), **dict(error.get("args") or {}))
    shown = position.shown_answers()
    return {
        "text": text,
        "edits": [(q.id, f"✏️ {n}") for n, (q, _) in enumerate(shown, start=1)],
        "submitted": position.submitted,
        "draft": not position.submitted,
    }


async def on_edit(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    position = await _position(manager)
    if runs.edit(position, item_id):
        await session_of(manager).commit()
    await _sync(manager, position)


async def on_submit(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    position = await _position(manager)
    was_submitted = position.submitted
    missing = await runs.submit(session_of(manager), position)
    await session_of(manager).commit()
    if missing is not None:
        manager.dialog_data["error"] = {"key": "qerr-required", "args": {}}
        await _sync(manager, position)
        return
    await go_home(manager, notice="profile-saved" if was_submitted else "qn-submitted")


def _navigation() -> Row:
    return Row(
        Button(Tr("qn-back", html=False), id="back", on_click=on_back, when="can_back"),
        Button(Tr("qn-skip", html=False), id="skip", on_click=on_skip, when="can_skip"),
        Button(Tr("qn-keep", html=False), id="keep", on_click=on_keep, when="can_keep"),
    )


def build_questionnaire_dialog() -> Dialog:
    return Dialog(
        Window(
            Format("{text}"),
            Column(choices("o", "options", on_option)),
            Group(
                choices("v", "values", on_option),
                width=5,
            ),
            Button(Tr("qn-done", html=False), id="done", on_click=on_done, when="is_multi"),
            _navigation(),
            MessageInput(on_typed),
            getter=question_getter,
            state=QuestionnaireSG.question,
        ),
        Window(
            Format("{text}"),
            RequestContact(Tr("qn-share-phone", html=False)),
            _navigation(),
            MessageInput(on_typed),
            markup_factory=ReplyKeyboardFactory(resize_keyboard=True, one_time_keyboard=True),
            getter=question_getter,
            state=QuestionnaireSG.phone,
        ),
        Window(
            Format("{text}"),
            Group(
                choices("e", "edits", on_edit),
                width=5,
            ),
            Button(Tr("qn-submit", html=False), id="submit", on_click=on_submit, when="draft"),
            Button(
                Tr("profile-done", html=False), id="close", on_click=on_submit, when="submitted"
            ),
            not_understood(),
            getter=summary_getter,
            state=QuestionnaireSG.summary,
        ),
    )
