"""People who write to the bot: first and last contact, language, blocked flag."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Curator, Person, utcnow
from bot.domain.onboarding import Profile
from bot.services import updates

Sessions = async_sessionmaker[AsyncSession]
logger = logging.getLogger(__name__)

# last_seen_at is a day-to-day figure; writing it on every update would be wasted work.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class Contact:
    """What Telegram tells about a person in an update (names are not stored before consent)."""

    telegram_id: int
    language_code: str | None
    first_name: str | None = None
    last_name: str | None = None
    username: str | None = None


@dataclass(frozen=True)
class PersonView:
    """What the Telegram layer knows of a person during one update (a copy, not a live row)."""

    id: int
    telegram_id: int
    locale: str | None
    language_code: str | None
    role: str | None
    category: str | None
    age_group: str | None
    first_name: str | None
    username: str | None

    @classmethod
    def of(cls, person: Person) -> PersonView:
        return cls(
            person.id,
            person.telegram_id,
            person.locale,
            person.language_code,
            person.role,
            person.category,
            person.age_group,
            person.first_name,
            person.username,
        )

    @property
    def profile(self) -> Profile | None:
        """The role, category and age group, kept only with consent."""
        return Profile.parse(self.role, self.category, self.age_group)


def name_of(person: Person) -> str:
    """How curators' screens name a person: the name from the questionnaire, else Telegram's."""
    return person.full_name or person.first_name or str(person.telegram_id)


async def names(sessions: Sessions, ids: Iterable[int]) -> dict[int, str]:
    """Names of these people as they are now (screens keep ids, never names)."""
    wanted = set(ids)
    if not wanted:
        return {}
    async with sessions() as session:
        found = await session.scalars(select(Person).where(Person.id.in_(wanted)))
        return {person.id: name_of(person) for person in found}


@dataclass(frozen=True)
class Visit:
    person: Person
    is_new: bool
    was_blocked: bool
    is_curator: bool


@dataclass(frozen=True)
class Arrival:
    """Who sent an update (None for an update without a person); for an update handled again,
    what its first handling sent (`updates.resume`)."""

    person: PersonView | None
    is_curator: bool = False
    is_new: bool = False
    replies: list[dict[str, Any]] | None = None


async def arrive(
    sessions: Sessions,
    bot_id: int,
    update_id: int | None,
    contact: Contact | None,
    boot: str = "",
    *,
    redone: int | None = None,
) -> Arrival | None:
    """One transaction at the start of every update: the update taken by `boot` (None: taken
    when it was received; `redone`: one taken over from a stopped process), the contact noted.

    None if the update is handled already or being handled (Telegram sends unconfirmed ones
    again), or if, taken over, it is not to be redone after all; an update an earlier boot
    took and never finished is taken over.
    """
    async with sessions.begin() as session:
        if update_id is not None:
            taken = await updates.claim_update(session, bot_id, update_id, boot)
            if taken is updates.Taken.SKIP:
                return None
            if taken is updates.Taken.AGAIN:
                redone = update_id
        replies = None
        if redone is not None:
            replies = await updates.resume(session, bot_id, redone, boot)
            if replies is None:
                return None
        if contact is None:
            return Arrival(None, replies=replies)
        seen = await record_contact(session, contact)
        return Arrival(PersonView.of(seen.person), seen.is_curator, seen.is_new, replies)


async def record_contact(
    session: AsyncSession, contact: Contact, now: datetime | None = None
) -> Visit:
    """Find or create the person; note the time and that they are reachable again."""
    now = now or utcnow()
    # One query for the person and whether they are a curator: this runs for every update.
    row = (
        await session.execute(
            select(Person, Curator.telegram_id)
            .outerjoin(Curator, Curator.telegram_id == Person.telegram_id)
            .where(Person.telegram_id == contact.telegram_id)
        )
    ).first()
    if row is None:
        person = Person(
            telegram_id=contact.telegram_id,
            language_code=contact.language_code,
            first_seen_at=now,
            last_seen_at=now,
            is_blocked=False,
        )
        session.add(person)
        await session.flush()
        curator = await session.get(Curator, contact.telegram_id)
        return Visit(person=person, is_new=True, was_blocked=False, is_curator=curator is not None)
    person, curator_id = row
    was_blocked = person.is_blocked
    if was_blocked:
        person.is_blocked = False
        person.blocked_at = None
    if contact.language_code and contact.language_code != person.language_code:
        person.language_code = contact.language_code
    if now - person.last_seen_at >= LAST_SEEN_RESOLUTION or was_blocked:
        person.last_seen_at = now
    if person.role is not None and contact.first_name is not None:
        # Names are kept only with consent (a role is set when it is given), and kept current.
        names = (contact.first_name, contact.last_name, contact.username)
        if names != (person.first_name, person.last_name, person.username):
            person.first_name, person.last_name, person.username = names
    return Visit(
        person=person, is_new=False, was_blocked=was_blocked, is_curator=curator_id is not None
    )


async def get_person(session: AsyncSession, telegram_id: int) -> Person | None:
    result = await session.execute(select(Person).where(Person.telegram_id == telegram_id))
    return result.scalar_one_or_none()


async def set_locale(sessions: Sessions, person_id: int, locale: str) -> None:
    async with sessions.begin() as session:
        await session.execute(update(Person).where(Person.id == person_id).values(locale=locale))


async def mark_blocked(sessions: Sessions, telegram_id: int, now: datetime | None = None) -> bool:
    """Mark a person who blocked the bot; True if they were not marked already."""
    async with sessions.begin() as session:
        result = await session.execute(
            update(Person)
            .where(Person.telegram_id == telegram_id, Person.is_blocked.is_(False))
            .values(is_blocked=True, blocked_at=now or utcnow())
        )
        return bool(getattr(result, "rowcount", 0))


async def mark_unblocked(sessions: Sessions, telegram_id: int) -> None:
    async with sessions.begin() as session:
        await session.execute(
            update(Person)
            .where(Person.telegram_id == telegram_id)
            .values(is_blocked=False, blocked_at=None)
        )


async def totals(session: AsyncSession) -> tuple[int, int]:
    """How many people have written to the bot, and how many of them blocked it."""
    total = await session.scalar(select(func.count()).select_from(Person)) or 0
    blocked = (
        await session.scalar(
            select(func.count()).select_from(Person).where(Person.is_blocked.is_(True))
        )
        or 0
    )
    return int(total), int(blocked)
