"""Networking events: created by a curator, checked in by a link, closed into choices.

Every public coroutine taking `sessions` is one use case and one transaction, safe to repeat.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Attendance, Event, PendingCheckIn, Person, utcnow
from bot.db.upsert import insert_ignore
from bot.domain.onboarding import ConsentStatus
from bot.services import audit, consent, curators, notify
from bot.services.people import Sessions

LINK_PREFIX = "e_"
CHOICES_FOR = timedelta(days=3)
"""How long those who came have to name their choices after the event closes."""
CHOICES_CALLBACK = "ch:"
"""Callback data of the button under an invitation: `ch:<event id>` opens the choices."""


class CheckIn(StrEnum):
    DONE = "done"
    ALREADY = "already"
    PENDING = "pending"  # not registered yet: checked in when onboarding is finished
    CLOSED = "closed"
    UNKNOWN = "unknown"


class Closing(StrEnum):
    CLOSED = "closed"
    ALREADY = "already"
    UNKNOWN = "unknown"
    NOT_CURATOR = "not_curator"


@dataclass(frozen=True)
class EventView:
    id: int
    title: str
    starts_at: datetime
    place: str
    token: str
    closed: bool
    choices_until: datetime | None
    mentors: int
    mentees: int

    @property
    def attendees(self) -> int:
        return self.mentors + self.mentees


def _token() -> str:
    return secrets.token_urlsafe(9)  # 12 characters: a short link, a small QR code


async def _view(session: AsyncSession, event: Event) -> EventView:
    rows = await session.execute(
        select(Person.role, func.count())
        .join(Attendance, Attendance.person_id == Person.id)
        .where(Attendance.event_id == event.id)
        .group_by(Person.role)
    )
    counts = {str(role): int(number) for role, number in rows}
    return EventView(
        event.id,
        event.title,
        event.starts_at,
        event.place,
        event.token,
        event.closed_at is not None,
        event.choices_until,
        counts.get("mentor", 0),
        counts.get("mentee", 0),
    )


async def create(
    sessions: Sessions,
    *,
    title: str,
    starts_at: datetime,
    place: str,
    by: int,
    source: str | None = None,
) -> EventView | None:
    """A new event; None if `by` is not a curator (any more). `source` names the message that
    asks for it: the same message again gives the event it made."""
    async with sessions.begin() as session:
        if not await curators.is_curator(session, by):
            return None
        made = (
            await session.scalar(select(Event).where(Event.created_from == source))
            if source
            else None
        )
        if made is not None:
            return await _view(session, made)
        event = Event(
            title=title,
            starts_at=starts_at,
            place=place,
            token=_token(),
            created_by=by,
            created_at=utcnow(),
            created_from=source,
        )
        session.add(event)
        await session.flush()
        audit.log(session, "event_created", actor=by, event=event.id)
        return await _view(session, event)


async def recent(sessions: Sessions, limit: int = 10) -> list[EventView]:
    async with sessions() as session:
        events = await session.scalars(
            select(Event).order_by(Event.starts_at.desc(), Event.id.desc()).limit(limit)
        )
        return [await _view(session, event) for event in events]


async def get(sessions: Sessions, event_id: int) -> EventView | None:
    async with sessions() as session:
        event = await session.get(Event, event_id)
        return None if event is None else await _view(session, event)


async def _attend(session: AsyncSession, event_id: int, person_id: int, now: datetime) -> bool:
    statement = insert_ignore(
        session.get_bind().dialect.name,
        cast(Table, Attendance.__table__),
        {"event_id": event_id, "person_id": person_id, "checked_in_at": now},
    )
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


async def check_in(
    sessions: Sessions, token: str, person_id: int, version: str, now: datetime | None = None
) -> tuple[CheckIn, str | None]:
    """A person opened an event's link; returns the outcome and the event's title."""
    now = now or utcnow()
    async with sessions.begin() as session:
        event = await session.scalar(select(Event).where(Event.token == token[:32]))
        if event is None:
            return CheckIn.UNKNOWN, None
        if event.closed_at is not None:
            return CheckIn.CLOSED, event.title
        person = await session.get(Person, person_id)
        if person is None:
            return CheckIn.UNKNOWN, None
        registered = person.role is not None and (
            await consent.status(session, person_id, version) is ConsentStatus.GIVEN
        )
        if not registered:
            # Only the event is kept with the Telegram id: no personal data before consent.
            await session.execute(
                delete(PendingCheckIn).where(PendingCheckIn.person_id == person_id)
            )
            session.add(PendingCheckIn(person_id=person_id, event_id=event.id, opened_at=now))
            return CheckIn.PENDING, event.title
        done = await _attend(session, event.id, person_id, now)
        return (CheckIn.DONE if done else CheckIn.ALREADY), event.title


async def finish_pending(session: AsyncSession, person_id: int, now: datetime) -> str | None:
    """Onboarding is finished: check the person in where they opened a link; the event's title.

    Runs inside the use case that finishes onboarding (its transaction). An event that has
    closed meanwhile does not take them any more.
    """
    pending = await session.get(PendingCheckIn, person_id)
    if pending is None:
        return None
    await session.delete(pending)
    event = await session.get(Event, pending.event_id)
    if event is None or event.closed_at is not None:
        return None
    await _attend(session, event.id, person_id, now)
    return event.title


async def close(
    sessions: Sessions,
    event_id: int,
    *,
    by: int,
    zone: ZoneInfo,
    now: datetime | None = None,
) -> Closing:
    """Close the event: those who came are invited (through the outbox) to name their choices."""
    now = now or utcnow()
    async with sessions.begin() as session:
        if not await curators.is_curator(session, by):
            return Closing.NOT_CURATOR
        closed = await session.execute(
            update(Event)
            .where(Event.id == event_id, Event.closed_at.is_(None))
            .values(closed_at=now, choices_until=now + CHOICES_FOR)
            .execution_options(synchronize_session=False)
        )
        event = await session.get(Event, event_id, populate_existing=True)
        if event is None:
            return Closing.UNKNOWN
        if not getattr(closed, "rowcount", 0) or event.choices_until is None:
            return Closing.ALREADY
        audit.log(session, "event_closed", actor=by, event=event_id)
        attendees = await session.scalars(
            select(Person)
            .join(Attendance, Attendance.person_id == Person.id)
            .where(Attendance.event_id == event_id, Person.role.is_not(None))
        )
        for person in attendees:
            await notify.tell(
                session,
                person,
                f"choices-invite-{person.role}",
                kind="choices",
                dedup_key=f"choices-invite:{event_id}:{person.id}",
                buttons=notify.one_button("choices-open", f"{CHOICES_CALLBACK}{event_id}"),
                title=event.title,
                until=notify.Moment(event.choices_until, zone),
            )
        return Closing.CLOSED


async def attendees(sessions: Sessions, event_id: int) -> list[tuple[str, str, str]]:
    """Who checked in: (name, role, category), mentors first, by name."""
    async with sessions() as session:
        rows = await session.execute(
            select(Person.full_name, Person.first_name, Person.role, Person.category)
            .join(Attendance, Attendance.person_id == Person.id)
            .where(Attendance.event_id == event_id, Person.role.is_not(None))
            .order_by(Person.role.desc(), Person.full_name, Person.id)
        )
        return [(full or first or "—", str(role), str(cat)) for full, first, role, cat in rows]
