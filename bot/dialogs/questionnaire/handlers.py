"""Each press or typed answer is one use case (`questionnaire.act`) and a screen to show."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button

from bot.dialogs.common import (
    bot_of,
    catalog_of,
    i18n_of,
    person_of,
    refuse,
    sessions_of,
    settings_of,
    start_data,
    version_of,
)
from bot.dialogs.navigation import POSITION_KEY, go_home, questionnaire_state
from bot.dialogs.questionnaire.getters import picked, position_of
from bot.dialogs.questionnaire.states import QuestionnaireSG
from bot.questionnaires import engine
from bot.questionnaires.engine import SUMMARY, Checked, Invalid
from bot.questionnaires.model import QType, Question, Questionnaire
from bot.services import questionnaire as runs
from bot.services import surveys
from bot.services.questionnaire import Move, Outcome
from bot.telegram.callbacks import as_id

_NAV = {"back": Move.BACK, "skip": Move.SKIP, "keep": Move.KEEP}


def _questionnaire(manager: DialogManager) -> Questionnaire:
    return catalog_of(manager).get(str(start_data(manager).get("qid")))


def _pressed(manager: DialogManager, item_id: str) -> tuple[Question, str] | None:
    """The question a button belonged to and its value; None for a malformed id."""
    index, _, value = item_id.partition(":")
    questions = _questionnaire(manager).questions
    at = as_id(index)
    if at is None or at >= len(questions):
        return None
    return questions[at], value


async def _do(
    manager: DialogManager,
    seen: str | None,
    move: Move,
    value: Any = None,
    *,
    check: runs.Check | None = None,
    message_id: int | None = None,
) -> None:
    on_phone = manager.current_context().state == QuestionnaireSG.phone
    step = await runs.act(
        sessions_of(manager),
        person_of(manager).id,
        _questionnaire(manager),
        seen=seen,
        move=move,
        value=value,
        check=check,
        message_id=message_id,
        zone=settings_of(manager).tz,
        version=version_of(manager),
    )
    if step is None:
        await go_home(manager)  # no questionnaire any more (consent withdrawn meanwhile)
        return
    manager.middleware_data[POSITION_KEY] = step.position
    if step.outcome is Outcome.CLOSED:
        await _survey_closed(manager, step)
        return
    if step.outcome is Outcome.STALE:
        await refuse(manager, "fallback-button")
        return
    if step.outcome is Outcome.REFUSED:
        await refuse(manager)
        return
    if step.problem is not None:
        manager.dialog_data["error"] = {"key": step.problem.key, "args": step.problem.args}
        return
    manager.dialog_data.pop("error", None)
    manager.dialog_data.pop("picked", None)
    manager.dialog_data.pop("picked_for", None)
    if on_phone and questionnaire_state(step.position) != QuestionnaireSG.phone:
        await _phone_done(manager, move)
    if step.outcome is Outcome.MISSING:
        manager.dialog_data["error"] = {"key": "qerr-required", "args": {}}
    elif step.outcome in (Outcome.SUBMITTED, Outcome.SAVED):
        if step.checked_in is not None:  # an event link opened before onboarding
            text = i18n_of(manager)("checkin-after-onboarding", title=step.checked_in)
            await bot_of(manager).send_message(person_of(manager).telegram_id, text)
        if surveys.is_survey(step.position.questionnaire.id):  # a thank-you, then home
            text = i18n_of(manager)("sv-thanks")
            await bot_of(manager).send_message(person_of(manager).telegram_id, text)
            await go_home(manager)
            return
        notice = "qn-submitted" if step.outcome is Outcome.SUBMITTED else "profile-saved"
        await go_home(manager, notice=notice)
        return
    target = questionnaire_state(step.position)
    if manager.current_context().state != target:
        await manager.switch_to(target)


async def _survey_closed(manager: DialogManager, step: runs.Step) -> None:
    """A campaign's questionnaire that may not be answered now (its due day is over, it was
    closed, it is answered already): said kindly, with the due day, and home."""
    i18n = i18n_of(manager)
    until = ""
    if step.until is not None:
        until = i18n.day(step.until, today=datetime.now(settings_of(manager).tz).date())
    text = i18n(step.refusal or "sv-refused-closed", due=until)
    event = manager.event
    if isinstance(event, CallbackQuery):
        await event.answer()
    await bot_of(manager).send_message(person_of(manager).telegram_id, text)
    await go_home(manager)


async def _phone_done(manager: DialogManager, move: Move) -> None:
    """The phone question is done: the keyboard with the number's button goes away (Telegram
    keeps a reply keyboard until a message removes it), with a word on what happened."""
    await bot_of(manager).send_message(
        person_of(manager).telegram_id,
        i18n_of(manager)("qn-phone-done", move=move.value),
        reply_markup=ReplyKeyboardRemove(),
    )


async def on_option(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    pressed = _pressed(manager, item_id)
    if pressed is None:
        await refuse(manager, "fallback-button")
        return
    question, value = pressed
    if question.type is not QType.MULTI:
        # The use case checks that this question is still the one on screen.
        await _do(manager, question.id, Move.ANSWER, check=lambda q: engine.check_choice(q, value))
        return
    position = await position_of(manager)
    if position is None or question.id != position.run.current or value not in question.options:
        await refuse(manager, "fallback-button")  # a press on a question no longer on screen
        return
    ticked = picked(manager, position, question)
    ticked = [o for o in ticked if o != value] if value in ticked else [*ticked, value]
    manager.dialog_data.update(picked=ticked, picked_for=question.id)
    manager.dialog_data.pop("error", None)


async def on_nav(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    pressed = _pressed(manager, item_id)
    if pressed is None:
        await refuse(manager, "fallback-button")
        return
    question, action = pressed
    if action == "done":
        position = await position_of(manager)
        if position is None or question.id != position.run.current:
            await refuse(manager, "fallback-button")
            return
        ticked = picked(manager, position, question)
        await _do(manager, question.id, Move.ANSWER, check=lambda q: engine.check_multi(q, ticked))
        return
    move = _NAV.get(action)
    if move is None:
        await refuse(manager, "fallback-button")
        return
    await _do(manager, question.id, move)


async def on_reply_nav(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """Navigation on the reply keyboard (the phone question): it acts on the current step."""
    move = _NAV.get(str(button.widget_id))
    typed = getattr(callback, "original_message", None)  # the button's text, as a message
    if move is not None:
        await _do(manager, None, move, message_id=typed.message_id if typed else None)


async def on_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    today = datetime.now(settings_of(manager).tz).date()

    def check(question: Question) -> Checked:
        if question.type is QType.PHONE and message.contact is not None:
            user = message.from_user
            if user is None or message.contact.user_id != user.id:
                return Invalid("qerr-phone-own")
            return engine.check_phone(message.contact.phone_number)
        if not question.typed:
            return Invalid("qerr-use-buttons")
        if message.text is None:
            return Invalid("qerr-not-text")
        if message.text.startswith("/"):
            # An unknown command is not an answer (known ones never reach the dialog).
            return Invalid("fallback-command", {"command": message.text.split()[0][:32]})
        return engine.check_typed(question, message.text, today)

    await _do(manager, None, Move.ANSWER, check=check, message_id=message.message_id)


async def on_edit(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    await _do(manager, SUMMARY, Move.EDIT, item_id)


async def on_submit(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _do(manager, SUMMARY, Move.SUBMIT)
