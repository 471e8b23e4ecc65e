"""The curator's view of the bank of mentors and mentees.

Counts and searches run in the database: a fixed number of queries, however many people.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from sqlalchemy import Exists, ScalarSelect, Subquery, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import Answer, Consent, ParentLink, Person, QuestionnaireRun
from bot.domain.typed_input import SchoolClass
from bot.questionnaires.engine import LETTER
from bot.services import audit, consent, home
from bot.services.consent import ConsentStatus
from bot.services.people import Sessions

SEARCH_LIMIT = 20
GRADE = "grade"  # a class's number; its letter is kept beside it (`format: grade`)


@dataclass(frozen=True)
class Row:
    person: Person
    consent: ConsentStatus
    consent_kind: str | None
    submitted: bool
    school_class: SchoolClass | None = None  # a student's (or a senior student's) class


def _latest_consents() -> Subquery:
    """(person_id, id) of the consent in force for each person: their newest row."""
    return (
        select(Consent.person_id, func.max(Consent.id).label("id"))
        .group_by(Consent.person_id)
        .subquery()
    )


def _latest_consent_id() -> ScalarSelect[int]:
    """The id of the consent in force for the person of the enclosing query's row."""
    same = aliased(Consent)
    return select(func.max(same.id)).where(same.person_id == Person.id).scalar_subquery()


def _submitted() -> Exists:
    """Whether the person of the enclosing query's row has submitted a questionnaire."""
    return (
        select(QuestionnaireRun.person_id)
        .where(QuestionnaireRun.person_id == Person.id, QuestionnaireRun.intake_submitted())
        .exists()
    )


def _answer(question_id: str) -> ScalarSelect[object]:
    """The answer to `question_id` of the person of the enclosing query's row."""
    return (
        select(Answer.value)
        .where(Answer.person_id == Person.id, Answer.question_id == question_id)
        .limit(1)
        .scalar_subquery()
    )


def _school_class(number: object, letter: object) -> SchoolClass | None:
    if not isinstance(number, int) or isinstance(number, bool):
        return None
    return SchoolClass(number, letter if isinstance(letter, str) and letter else None)


async def counts(session: AsyncSession, version: str) -> dict[str, Counter[str]]:
    """Participants by role and category; consents by status (three queries in all)."""
    by_category: Counter[str] = Counter()
    by_role: Counter[str] = Counter()
    groups = await session.execute(
        select(Person.role, Person.category, func.count())
        .where(Person.role.is_not(None))
        .group_by(Person.role, Person.category)
    )
    for role, category, number in groups:
        by_category[f"{role}:{category}"] += number
        by_role[str(role)] += number
    newest = _latest_consents()
    # A handful of groups (statuses × kinds × text versions); `status_of` then reads each
    # group as it reads one consent, so the figures follow the same rule as a person's status.
    kinds = await session.execute(
        select(Consent.status, Consent.kind, Consent.text_version, func.count())
        .join(newest, Consent.id == newest.c.id)
        .group_by(Consent.status, Consent.kind, Consent.text_version)
    )
    statuses: Counter[str] = Counter()
    for status, kind, text_version, number in kinds:
        shape = Consent(status=status, kind=kind, text_version=text_version)
        statuses[consent.status_of(shape, version).value] += number
    pending = await session.scalar(select(func.count()).select_from(consent.children_waiting()))
    statuses["pending_parent"] = pending or 0
    return {"role": by_role, "category": by_category, "consent": statuses}


async def search(session: AsyncSession, query: str, version: str) -> list[Row]:
    """Up to SEARCH_LIMIT people, by name, whose name (from the questionnaire or Telegram)
    contains `query` in any case; `%` and `_` in it are plain characters. One query."""
    needle = Person.matches(Person.search_name, query)
    if needle is None:
        return []
    found = await session.execute(
        select(Person, Consent, _submitted(), _answer(GRADE), _answer(GRADE + LETTER))
        .outerjoin(Consent, Consent.id == _latest_consent_id())
        .where(Person.role.is_not(None), needle)
        .order_by(Person.search_name, Person.id)
        .limit(SEARCH_LIMIT)
    )
    return [
        Row(
            person,
            consent.status_of(latest, version),
            latest.kind if latest is not None else None,
            bool(submitted),
            _school_class(number, letter),
        )
        for person, latest, submitted, number, letter in found
    ]


async def pending_parents(
    session: AsyncSession, limit: int | None = None
) -> list[tuple[ParentLink, Person]]:
    """Children waiting for a parent's consent (`consent.children_waiting`: a link expired
    unused still counts), each once with their newest link, the longest-waiting first."""
    waiting = consent.children_waiting()
    rows = await session.execute(
        select(ParentLink, Person)
        .join(
            waiting,
            (waiting.c.person_id == ParentLink.person_id)
            & (waiting.c.since == ParentLink.created_at),
        )
        .join(Person, Person.id == ParentLink.person_id)
        .where(ParentLink.used_at.is_(None))
        .order_by(ParentLink.created_at, ParentLink.token_hash)
        .limit(limit)
    )
    return [(link, child) for link, child in rows]


@dataclass(frozen=True)
class Bank:
    """The curator's overview: counts, and the first children waiting for a parent."""

    counts: dict[str, Counter[str]]
    pending: list[tuple[ParentLink, Person]]
    attention: home.CuratorCounts | None = None  # the total, and who needs an action


async def bank(sessions: Sessions, version: str, *, pending_shown: int) -> Bank:
    async with sessions() as session:
        found = Bank(
            await counts(session, version),
            await pending_parents(session, limit=pending_shown),
        )
    return replace(found, attention=await home.curator_counts(sessions))


async def find(
    sessions: Sessions, query: str, version: str, *, viewer: int | None = None
) -> list[Row]:
    """The people a search finds; each one shown to `viewer` (a curator's Telegram id) is
    written to the audit log (not the query: it is a name)."""
    async with sessions.begin() as session:
        found = await search(session, query, version)
        for row in found if viewer is not None else []:
            audit.log(session, "person_viewed", actor=viewer, person_id=row.person.id)
        return found
