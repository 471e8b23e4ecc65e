"""The curator's view of the bank of mentors and mentees."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Consent, ParentLink, Person, QuestionnaireRun, utcnow
from bot.services import audit, consent
from bot.services.consent import ConsentKind, ConsentStatus, Profile

SEARCH_LIMIT = 20


@dataclass(frozen=True)
class Row:
    person: Person
    consent: ConsentStatus
    consent_kind: str | None
    submitted: bool


async def _latest_consents(session: AsyncSession) -> dict[int, Consent]:
    newest = (
        select(Consent.person_id, func.max(Consent.id).label("id"))
        .group_by(Consent.person_id)
        .subquery()
    )
    rows = await session.scalars(select(Consent).join(newest, Consent.id == newest.c.id))
    return {row.person_id: row for row in rows}


async def _submitted(session: AsyncSession) -> set[int]:
    rows = await session.scalars(
        select(QuestionnaireRun.person_id).where(QuestionnaireRun.submitted_at.is_not(None))
    )
    return set(rows)


async def counts(session: AsyncSession, version: str) -> dict[str, Counter[str]]:
    """Participants by role and category; consents by status."""
    people = (await session.scalars(select(Person).where(Person.role.is_not(None)))).all()
    latest = await _latest_consents(session)
    by_category: Counter[str] = Counter(f"{p.role}:{p.category}" for p in people)
    by_role: Counter[str] = Counter(str(p.role) for p in people)
    statuses: Counter[str] = Counter(consent.status_of(c, version).value for c in latest.values())
    statuses["pending_parent"] = len(await pending_parents(session))
    return {"role": by_role, "category": by_category, "consent": statuses}


async def search(session: AsyncSession, query: str, version: str) -> list[Row]:
    """People whose name (from the questionnaire or Telegram) contains `query`."""
    needle = query.casefold().strip()
    people = (await session.scalars(select(Person).where(Person.role.is_not(None)))).all()
    latest = await _latest_consents(session)
    submitted = await _submitted(session)
    found = []
    for person in people:
        names = " ".join(
            n for n in (person.full_name, person.first_name, person.last_name, person.username) if n
        )
        if needle and needle in names.casefold():
            found.append(
                Row(
                    person,
                    consent.status_of(latest.get(person.id), version),
                    latest[person.id].kind if person.id in latest else None,
                    person.id in submitted,
                )
            )
        if len(found) >= SEARCH_LIMIT:
            break
    return found


async def pending_parents(session: AsyncSession) -> list[ParentLink]:
    """Children waiting for a parent's consent (an unused link that has not expired)."""
    rows = await session.scalars(
        select(ParentLink)
        .where(ParentLink.used_at.is_(None), ParentLink.expires_at > utcnow())
        .order_by(ParentLink.created_at)
    )
    return list(rows)


async def record_paper_consent(
    session: AsyncSession, person_id: int, curator_id: int, version: str
) -> Person | None:
    """A curator has the signed paper form; None if there is no such person waiting."""
    person = await session.get(Person, person_id)
    if person is None:
        return None
    if await consent.status(session, person.id, version) is ConsentStatus.GIVEN:
        return None
    link = await consent.pending_link(session, person.id)
    profile: Profile | None = consent.link_profile(link) if link else None
    await consent.give(
        session, person, profile, version, kind=ConsentKind.PAPER, recorded_by=curator_id
    )
    if link is not None:
        await consent.use_link(session, link)
    audit.log(session, "paper_consent", actor=curator_id, person_id=person.id)
    return person
