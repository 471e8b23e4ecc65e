"""What is stored about a person, a copy of it, and erasing it when consent is withdrawn."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.db.models import (
    Answer,
    Consent,
    FsmRecord,
    ParentLink,
    Person,
    QuestionnaireRun,
    utcnow,
)
from bot.services import audit
from bot.services.consent import ConsentStatus


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


async def export(session: AsyncSession, person: Person) -> dict[str, Any]:
    """Everything stored about the person, for "download my data"."""
    consents = (
        await session.scalars(
            select(Consent).where(Consent.person_id == person.id).order_by(Consent.at)
        )
    ).all()
    answers = (
        await session.scalars(
            select(Answer)
            .where(Answer.person_id == person.id)
            .order_by(Answer.questionnaire_id, Answer.answered_at)
        )
    ).all()
    runs = (
        await session.scalars(
            select(QuestionnaireRun).where(QuestionnaireRun.person_id == person.id)
        )
    ).all()
    return {
        "exported_at": utcnow().isoformat(),
        "person": {
            "telegram_id": person.telegram_id,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "username": person.username,
            "full_name": person.full_name,
            "telegram_language": person.language_code,
            "bot_language": person.locale,
            "role": person.role,
            "category": person.category,
            "age_group": person.age_group,
            "first_seen_at": _time(person.first_seen_at),
            "last_seen_at": _time(person.last_seen_at),
            "blocked_the_bot": person.is_blocked,
        },
        "consents": [
            {
                "status": c.status,
                "kind": c.kind,
                "text_version": c.text_version,
                "at": _time(c.at),
                "parent_name": c.parent_name,
                "parent_telegram_id": c.parent_telegram_id,
                "recorded_by_curator": c.recorded_by,
            }
            for c in consents
        ],
        "questionnaires": [
            {
                "questionnaire": run.questionnaire_id,
                "started_at": _time(run.started_at),
                "submitted_at": _time(run.submitted_at),
                "answers": {
                    a.question_id: a.value
                    for a in answers
                    if a.questionnaire_id == run.questionnaire_id
                },
            }
            for run in runs
        ],
    }


async def erase(session: AsyncSession, person: Person, *, actor: int) -> None:
    """Withdrawal: names, profile, answers and consent details go; the fact and time stay."""
    for model in (Answer, QuestionnaireRun, ParentLink, Consent):
        await session.execute(delete(model).where(model.person_id == person.id))
    await session.execute(delete(FsmRecord).where(FsmRecord.user_id == person.telegram_id))
    person.first_name = person.last_name = person.username = person.full_name = None
    person.role = person.category = person.age_group = None
    session.add(Consent(person_id=person.id, status=ConsentStatus.WITHDRAWN, at=utcnow()))
    audit.log(session, "consent_withdrawn", actor=actor, person_id=person.id)
    await session.flush()


async def purge_freed_pages(engine: AsyncEngine) -> None:
    """After an erasure, make sure no old copy of the data stays in SQLite's files.

    `secure_delete` zeroes deleted content in the database file; the write-ahead log may still
    hold older copies of the pages, so it is checkpointed and truncated.
    """
    if engine.dialect.name != "sqlite":
        return
    async with engine.connect() as connection:
        await connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
