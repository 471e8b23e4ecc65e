"""People who write to the bot: first and last contact, language, blocked flag."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Curator, Person, utcnow

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
class Visit:
    person: Person
    is_new: bool
    was_blocked: bool
    is_curator: bool


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


async def set_locale(session: AsyncSession, telegram_id: int, locale: str) -> None:
    await session.execute(
        update(Person).where(Person.telegram_id == telegram_id).values(locale=locale)
    )


async def mark_blocked(
    session: AsyncSession, telegram_id: int, now: datetime | None = None
) -> bool:
    """Mark a person who blocked the bot; True if they were not marked already."""
    result = await session.execute(
        update(Person)
        .where(Person.telegram_id == telegram_id, Person.is_blocked.is_(False))
        .values(is_blocked=True, blocked_at=now or utcnow())
    )
    return bool(getattr(result, "rowcount", 0))


async def mark_unblocked(session: AsyncSession, telegram_id: int) -> None:
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
