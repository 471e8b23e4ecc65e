"""A person's way through a questionnaire, kept in the database answer by answer.

`open_position` and `act` are the use cases: each is one transaction. An action names the step
the person saw (a question or the summary); if the run has moved on since (a double tap, an
old message), nothing changes and the outcome says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Answer, Person, QuestionnaireRun, utcnow
from bot.questionnaires import engine
from bot.questionnaires.engine import SUMMARY, Answers, Checked, Invalid
from bot.questionnaires.model import Question, Questionnaire
from bot.services import audit, events, surveys
from bot.services.people import Sessions

# An answer to this question is also the person's name in the registry and in searches.
FULL_NAME = "full_name"


@dataclass
class Position:
    """What is on the person's screen: a question (with its progress) or the summary."""

    questionnaire: Questionnaire
    run: QuestionnaireRun
    answers: dict[str, Any]
    context: dict[str, Any]

    @property
    def question(self) -> Question | None:
        return self.questionnaire.question(self.run.current)

    @property
    def on_summary(self) -> bool:
        return self.run.current == SUMMARY

    @property
    def submitted(self) -> bool:
        return self.run.submitted_at is not None

    def progress(self) -> tuple[int, int]:
        return engine.progress(self.questionnaire, self.run.current, self.answers, self.context)

    def shown_answers(self) -> list[tuple[Question, Any]]:
        return [
            (q, self.answers.get(q.id))
            for q in engine.visible(self.questionnaire, self.answers, self.context)
        ]


def context_of(person: Person) -> dict[str, Any]:
    return {"role": person.role, "category": person.category, "age_group": person.age_group}


async def answers_of(
    session: AsyncSession, person_id: int, questionnaire_id: str
) -> dict[str, Any]:
    # Whole rows, so that a later change of an answer finds it in the session (no query).
    rows = await session.scalars(
        select(Answer).where(
            Answer.person_id == person_id, Answer.questionnaire_id == questionnaire_id
        )
    )
    return {row.question_id: row.value for row in rows}


async def _open_run(
    session: AsyncSession, person: Person, questionnaire: Questionnaire
) -> Position:
    """Where the person is; a first visit starts at the first question."""
    run = await session.get(QuestionnaireRun, (person.id, questionnaire.id))
    answers = await answers_of(session, person.id, questionnaire.id)
    context = context_of(person)
    if run is None:
        run = QuestionnaireRun(
            person_id=person.id,
            questionnaire_id=questionnaire.id,
            current=engine.first_step(questionnaire, answers, context),
            history=[],
            editing=False,
            started_at=utcnow(),
            touched_at=utcnow(),
            nudges_sent=0,
        )
        session.add(run)
    elif run.current != SUMMARY and questionnaire.question(run.current) is None:
        # The questionnaire file changed under a person half-way through it.
        run.current = engine.first_unanswered(questionnaire, answers, context) or SUMMARY
    return Position(questionnaire, run, answers, context)


async def _store(session: AsyncSession, position: Position, question_id: str, value: Any) -> None:
    person_id = position.run.person_id
    row = (
        await session.get(Answer, (person_id, position.questionnaire.id, question_id))
        if question_id in position.answers  # loaded with the position: no query
        else None
    )
    if row is None:
        session.add(
            Answer(
                person_id=person_id,
                questionnaire_id=position.questionnaire.id,
                question_id=question_id,
                value=value,
                answered_at=utcnow(),
            )
        )
    else:
        row.value, row.answered_at = value, utcnow()
    position.answers[question_id] = value
    if question_id == FULL_NAME and isinstance(value, str):
        person = await session.get(Person, person_id)
        if person is not None:
            person.full_name = value


async def _store_with_companions(
    session: AsyncSession, position: Position, question: Question, value: Any, beside: Answers
) -> bool:
    """The answer and those kept beside it (a class's letter: None when none was given);
    whether any of them changed."""
    changed = bool(position.answers.get(question.id, object()) != value)
    await _store(session, position, question.id, value)
    for key in engine.companions(question):
        new = beside.get(key)
        if position.answers.get(key) != new:
            changed = True
            await _store(session, position, key, new)
    return changed


def _advance(position: Position, question: Question) -> None:
    run = position.run
    questionnaire, answers, context = position.questionnaire, position.answers, position.context
    if run.editing:
        run.current = engine.first_unanswered(questionnaire, answers, context) or SUMMARY
        run.editing = run.current != SUMMARY
    else:
        run.current = engine.step_after(questionnaire, question.id, answers, context)
    run.history = [*run.history, question.id]


async def answer(
    session: AsyncSession,
    position: Position,
    value: Any,
    *,
    actor: int | None = None,
    beside: Answers | None = None,
) -> None:
    """Save the answer to the question on screen (and those kept beside it) and move on."""
    question = position.question
    if question is None:
        return
    changed = await _store_with_companions(session, position, question, value, beside or {})
    if position.submitted and changed and not surveys.is_survey(position.questionnaire.id):
        audit.log(
            session,
            "answer_changed",
            actor=actor,
            person_id=position.run.person_id,
            questionnaire=position.questionnaire.id,
            question=question.id,
        )
    _advance(position, question)


async def skip(session: AsyncSession, position: Position) -> None:
    question = position.question
    if question is None or not question.optional:
        return
    await _store_with_companions(session, position, question, None, {})
    _advance(position, question)


def keep(position: Position) -> None:
    """Go on without changing an answer given before."""
    question = position.question
    if question is not None and question.id in position.answers:
        _advance(position, question)


def back(position: Position) -> None:
    """Back to the question seen before this one."""
    run = position.run
    history = list(run.history)
    shown = {
        q.id for q in engine.visible(position.questionnaire, position.answers, position.context)
    }
    while history:
        previous = history.pop()
        if previous in shown and previous != run.current:
            run.current = previous
            break
    run.history = history
    run.editing = False


def edit(position: Position, question_id: str) -> bool:
    """From the summary to one question; after it, back to the summary."""
    shown = {
        q.id for q in engine.visible(position.questionnaire, position.answers, position.context)
    }
    if question_id not in shown:
        return False
    position.run.current = question_id
    position.run.editing = True
    position.run.history = [*position.run.history, SUMMARY]
    return True


async def submit(session: AsyncSession, position: Position) -> Question | None:
    """Finish; returns the first required question still unanswered instead, if any."""
    questionnaire, answers, context = position.questionnaire, position.answers, position.context
    missing = engine.missing_required(questionnaire, answers, context)
    if missing:
        position.run.current = missing[0].id
        position.run.editing = True
        return missing[0]
    kept = engine.kept_answers(questionnaire, answers, context)
    dropped = set(answers) - set(kept)
    if dropped:
        await session.execute(
            delete(Answer).where(
                Answer.person_id == position.run.person_id,
                Answer.questionnaire_id == questionnaire.id,
                Answer.question_id.in_(dropped),
            )
        )
    first_time = position.run.submitted_at is None
    position.run.submitted_at = position.run.submitted_at or utcnow()
    position.run.current = SUMMARY
    position.run.editing = False
    position.run.history = []
    if first_time and not surveys.is_survey(questionnaire.id):
        audit.log(
            session,
            "questionnaire_submitted",
            actor=None,
            person_id=position.run.person_id,
            questionnaire=questionnaire.id,
        )
    return None


class Move(StrEnum):
    ANSWER = "answer"
    SKIP = "skip"
    KEEP = "keep"
    BACK = "back"
    EDIT = "edit"
    SUBMIT = "submit"


class Outcome(StrEnum):
    DONE = "done"
    INVALID = "invalid"  # the answer did not pass the question's check: nothing changed
    STALE = "stale"  # the person acted on a step that is no longer on screen: nothing changed
    REFUSED = "refused"  # not possible here (skip a required question, edit a hidden one)
    MISSING = "missing"  # submit with a required question unanswered: it is on screen now
    SUBMITTED = "submitted"  # submitted for the first time
    SAVED = "saved"  # submitted again after changes (the profile)
    CLOSED = "closed"  # a campaign's questionnaire that may not be answered now: nothing changed


@dataclass(frozen=True)
class Step:
    position: Position
    outcome: Outcome
    problem: Invalid | None = None  # why a typed or chosen answer was not taken
    checked_in: str | None = None  # the event a first submission checked the person in at
    refusal: str | None = None  # CLOSED: why, as a translation key
    until: date | None = None  # CLOSED: the person's due day of the campaign


Check = Callable[[Question], Checked]
"""Checks an answer against the question on screen (so that both are read in one go)."""


async def open_position(
    sessions: Sessions, person_id: int, questionnaire: Questionnaire
) -> Position | None:
    """Where the person is; a first visit starts the run at the first question."""
    async with sessions.begin() as session:
        person = await session.get(Person, person_id)
        if person is None:
            return None
        return await _open_run(session, person, questionnaire)


async def read_position(
    sessions: Sessions, person_id: int, questionnaire: Questionnaire
) -> Position | None:
    """Where the person is, read only (for a screen): nothing is written."""
    async with sessions() as session:
        person = await session.get(Person, person_id)
        if person is None:
            return None
        return await _open_run(session, person, questionnaire)


async def act(
    sessions: Sessions,
    person_id: int,
    questionnaire: Questionnaire,
    *,
    seen: str | None,
    move: Move,
    value: Any = None,
    check: Check | None = None,
    message_id: int | None = None,
    zone: ZoneInfo | None = None,
    version: str | None = None,
) -> Step | None:
    """Do `move` on the step `seen` (None: whatever is on screen now, for typed answers).

    `value` is the checked answer for ANSWER, the question id for EDIT; or `check` makes the
    answer from the question on screen. A typed answer names no question: its `message_id`
    (which grows in a chat) makes it count once, so the same message handled again (after a
    crash) changes nothing. None if the person has no such questionnaire (consent withdrawn
    meanwhile).

    A campaign's questionnaire (`<id>@<campaign>`) is answered only by someone invited to the
    campaign, once, while it is open and not past their due day (in `zone`, the school's) and
    their consent (to the text `version`) is in force: otherwise nothing changes (CLOSED, with
    why). Its first submission marks the invite
    answered; it checks nobody in at an event.
    """
    async with sessions.begin() as session:
        person = await session.get(Person, person_id)
        if person is None or person.role is None:
            return None
        survey = surveys.is_survey(questionnaire.id)
        refused = (
            await _survey_refused(session, person, questionnaire, zone, version) if survey else None
        )
        if refused is not None:
            return refused
        position = await _open_run(session, person, questionnaire)
        if seen is not None and seen != position.run.current:
            return Step(position, Outcome.STALE)
        last = position.run.last_message_id
        if message_id is not None and last is not None and message_id <= last:
            return Step(position, Outcome.DONE)  # taken before: the screen shows where it went
        beside: Answers = {}
        if check is not None:
            question = position.question
            if question is None:
                return Step(position, Outcome.REFUSED)
            checked = check(question)
            if isinstance(checked, Invalid):
                return Step(position, Outcome.INVALID, checked)
            value, beside = checked.value, checked.beside
        outcome = await _apply(
            session, position, move, value, actor=person.telegram_id, beside=beside
        )
        if outcome is not Outcome.REFUSED:
            position.run.touched_at = utcnow()  # reminders count from the person's last step
            if message_id is not None:
                position.run.last_message_id = message_id
        checked_in = None
        if outcome is Outcome.SUBMITTED and survey:
            await surveys.mark_answered(session, person_id, questionnaire.id)
        elif outcome is Outcome.SUBMITTED:
            # Onboarding is finished: an event link opened before now checks them in.
            checked_in = await events.finish_pending(session, person_id, utcnow())
        return Step(position, outcome, checked_in=checked_in)


async def _survey_refused(
    session: AsyncSession,
    person: Person,
    questionnaire: Questionnaire,
    zone: ZoneInfo | None,
    version: str | None,
) -> Step | None:
    """A campaign's questionnaire that this person may not answer now: nothing is changed (a
    first visit's run is not kept), and why."""
    allowed = await surveys.answering(
        session, person.id, questionnaire.id, zone=zone or ZoneInfo("UTC"), version=version
    )
    if allowed.refusal is None:
        return None
    position = await _open_run(session, person, questionnaire)
    if position.run in session.new:
        session.expunge(position.run)
    return Step(position, Outcome.CLOSED, refusal=allowed.refusal.key, until=allowed.due_on)


async def _apply(
    session: AsyncSession,
    position: Position,
    move: Move,
    value: Any,
    *,
    actor: int,
    beside: Answers,
) -> Outcome:
    if move is Move.SUBMIT:
        return await _submit(session, position)
    if move is Move.EDIT:
        edited = position.on_summary and edit(position, str(value))
        return Outcome.DONE if edited else Outcome.REFUSED
    question = position.question
    allowed = question is not None and (
        move in (Move.ANSWER, Move.BACK)
        or (move is Move.SKIP and question.optional)
        or (move is Move.KEEP and question.id in position.answers)
    )
    if not allowed:
        return Outcome.REFUSED
    if move is Move.ANSWER:
        await answer(session, position, value, actor=actor, beside=beside)
    elif move is Move.SKIP:
        await skip(session, position)
    elif move is Move.KEEP:
        keep(position)
    else:
        back(position)
    return Outcome.DONE


async def _submit(session: AsyncSession, position: Position) -> Outcome:
    if not position.on_summary:
        return Outcome.REFUSED
    first_time = not position.submitted
    if await submit(session, position) is not None:
        return Outcome.MISSING
    return Outcome.SUBMITTED if first_time else Outcome.SAVED
