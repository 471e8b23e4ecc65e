"""A person's way through a questionnaire, kept in the database answer by answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Answer, Person, QuestionnaireRun, utcnow
from bot.questionnaires import engine
from bot.questionnaires.engine import SUMMARY
from bot.questionnaires.model import Question, Questionnaire
from bot.services import audit

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


async def open_run(session: AsyncSession, person: Person, questionnaire: Questionnaire) -> Position:
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
        )
        # Not flushed here: a screen that only shows the question takes no write lock.
        session.add(run)
    elif run.current != SUMMARY and questionnaire.question(run.current) is None:
        # The questionnaire file changed under a person half-way through it.
        run.current = engine.first_unanswered(questionnaire, answers, context) or SUMMARY
    return Position(questionnaire, run, answers, context)


async def _store(session: AsyncSession, position: Position, question: Question, value: Any) -> None:
    person_id = position.run.person_id
    row = (
        await session.get(Answer, (person_id, position.questionnaire.id, question.id))
        if question.id in position.answers  # loaded with the position: no query
        else None
    )
    if row is None:
        session.add(
            Answer(
                person_id=person_id,
                questionnaire_id=position.questionnaire.id,
                question_id=question.id,
                value=value,
                answered_at=utcnow(),
            )
        )
    else:
        row.value, row.answered_at = value, utcnow()
    position.answers[question.id] = value
    if question.id == FULL_NAME and isinstance(value, str):
        person = await session.get(Person, person_id)
        if person is not None:
            person.full_name = value


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
    session: AsyncSession, position: Position, value: Any, *, actor: int | None = None
) -> None:
    """Save the answer to the question on screen and move on."""
    question = position.question
    if question is None:
        return
    changed = position.answers.get(question.id, object()) != value
    await _store(session, position, question, value)
    if position.submitted and changed:
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
    await _store(session, position, question, None)
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
    if first_time:
        audit.log(
            session,
            "questionnaire_submitted",
            actor=None,
            person_id=position.run.person_id,
            questionnaire=questionnaire.id,
        )
    return None


async def is_submitted(session: AsyncSession, person_id: int, questionnaire_id: str) -> bool:
    run = await session.get(QuestionnaireRun, (person_id, questionnaire_id))
    return run is not None and run.submitted_at is not None
