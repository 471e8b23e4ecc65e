"""Personal-data consent: given by the person, by a parent (link), or on paper."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Consent, ParentLink, Person, utcnow
from bot.domain.roles import AgeGroup, Category, Role
from bot.services import audit

LINK_LIFETIME = timedelta(days=7)
LINK_PREFIX = "p_"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,60}$")


class ConsentStatus(StrEnum):
    NONE = "none"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    OUTDATED = "outdated"  # given for an older text
    GIVEN = "given"


class ConsentKind(StrEnum):
    SELF = "self"
    PARENT = "parent"
    PAPER = "paper"


class LinkProblem(StrEnum):
    MALFORMED = "malformed"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    OWN = "own"


@dataclass(frozen=True)
class Profile:
    role: Role
    category: Category
    age_group: AgeGroup | None


async def latest(session: AsyncSession, person_id: int) -> Consent | None:
    return await session.scalar(
        select(Consent)
        .where(Consent.person_id == person_id)
        .order_by(Consent.at.desc(), Consent.id.desc())
        .limit(1)
    )


def status_of(consent: Consent | None, version: str) -> ConsentStatus:
    if consent is None:
        return ConsentStatus.NONE
    if consent.status != ConsentStatus.GIVEN:
        return ConsentStatus(consent.status)
    if consent.kind != ConsentKind.PAPER and consent.text_version != version:
        return ConsentStatus.OUTDATED
    return ConsentStatus.GIVEN


async def status(session: AsyncSession, person_id: int, version: str) -> ConsentStatus:
    return status_of(await latest(session, person_id), version)


def apply_profile(person: Person, profile: Profile) -> None:
    """Keep the role, category and age group (only with consent)."""
    person.role = profile.role.value
    person.category = profile.category.value
    person.age_group = profile.age_group.value if profile.age_group else None


async def give(
    session: AsyncSession,
    person: Person,
    profile: Profile | None,
    version: str,
    *,
    kind: ConsentKind = ConsentKind.SELF,
    names: tuple[str | None, str | None, str | None] = (None, None, None),
    parent_name: str | None = None,
    parent_telegram_id: int | None = None,
    recorded_by: int | None = None,
) -> Consent:
    """Record the consent; from now on the person's profile and Telegram names are kept."""
    consent = Consent(
        person_id=person.id,
        status=ConsentStatus.GIVEN,
        kind=kind,
        text_version=version,
        at=utcnow(),
        parent_name=parent_name,
        parent_telegram_id=parent_telegram_id,
        recorded_by=recorded_by,
    )
    session.add(consent)
    if profile is not None:
        apply_profile(person, profile)
    first, last, username = names
    if first is not None:
        person.first_name, person.last_name, person.username = first, last, username
    audit.log(
        session,
        "consent_given",
        actor=recorded_by or parent_telegram_id or person.telegram_id,
        person_id=person.id,
        kind=kind.value,
        version=version,
    )
    await session.flush()
    return consent


async def decline(session: AsyncSession, person: Person, version: str) -> None:
    """Only the refusal is stored."""
    session.add(
        Consent(
            person_id=person.id, status=ConsentStatus.DECLINED, text_version=version, at=utcnow()
        )
    )
    await session.flush()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_parent_link(
    session: AsyncSession, person: Person, profile: Profile, now: datetime | None = None
) -> str:
    """A new single-use token (the older unused ones stop working); only its hash is kept."""
    now = now or utcnow()
    await session.execute(
        delete(ParentLink).where(ParentLink.person_id == person.id, ParentLink.used_at.is_(None))
    )
    token = secrets.token_urlsafe(24)
    session.add(
        ParentLink(
            token_hash=_hash(token),
            person_id=person.id,
            role=profile.role.value,
            category=profile.category.value,
            age_group=profile.age_group.value if profile.age_group else AgeGroup.UNDER_14.value,
            created_at=now,
            expires_at=now + LINK_LIFETIME,
        )
    )
    await session.flush()
    return token


async def pending_link(session: AsyncSession, person_id: int) -> ParentLink | None:
    return await session.scalar(
        select(ParentLink).where(ParentLink.person_id == person_id, ParentLink.used_at.is_(None))
    )


async def find_parent_link(  # noqa: PLR0911 (one return per problem)
    session: AsyncSession, token: str, opener_telegram_id: int, now: datetime | None = None
) -> tuple[ParentLink, Person] | LinkProblem:
    """Check a link a parent opened; it is not used up here."""
    now = now or utcnow()
    if not _TOKEN.match(token):
        return LinkProblem.MALFORMED
    link = await session.get(ParentLink, _hash(token))
    if link is None:
        return LinkProblem.UNKNOWN
    if link.used_at is not None:
        return LinkProblem.USED
    if link.expires_at <= now:
        return LinkProblem.EXPIRED
    child = await session.get(Person, link.person_id)
    if child is None:
        return LinkProblem.UNKNOWN
    if child.telegram_id == opener_telegram_id:
        return LinkProblem.OWN
    return link, child


def link_profile(link: ParentLink) -> Profile:
    return Profile(Role(link.role), Category(link.category), AgeGroup(link.age_group))


async def use_link(session: AsyncSession, link: ParentLink, now: datetime | None = None) -> None:
    link.used_at = now or utcnow()
    await session.flush()
