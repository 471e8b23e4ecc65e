"""After a networking event: a mentee names up to three preferred mentors, in order; a mentor
marks the mentees they would like to work with. Only among those who came; until the deadline.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Answer, Attendance, Choice, Event, Person, utcnow
from bot.domain.forms import allowed
from bot.domain.roles import AgeGroup, Category, Role
from bot.services.people import Sessions

MENTEE_CHOICES = 3
MENTOR_CHOICES = 10
ABOUT_LIMIT = 200


class Problem(StrEnum):
    UNKNOWN = "unknown"  # no such event
    NOT_YET = "not_yet"  # the event has not closed
    OVER = "over"  # the deadline has passed
    NOT_THERE = "not_there"  # the person did not check in at it
    NOT_OFFERED = "not_offered"  # someone who is not among the cards (oneself, absent, ...)
    TOO_MANY = "too_many"


@dataclass(frozen=True)
class Card:
    """What a person learns of someone they may choose: no contacts."""

    person_id: int
    name: str
    category: str
    age_group: str | None
    topics: tuple[str, ...]
    format: str | None
    places: int | None  # a mentor's places
    about: str | None


@dataclass(frozen=True)
class Board:
    event_id: int
    title: str
    until: datetime
    role: Role  # the chooser's
    cards: tuple[Card, ...]
    chosen: tuple[int, ...]  # in order of preference

    @property
    def limit(self) -> int:
        return MENTEE_CHOICES if self.role is Role.MENTEE else MENTOR_CHOICES


def _name(person: Person) -> str:
    return person.full_name or person.first_name or "—"


def _clip(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = " ".join(value.split())
    return text if len(text) <= ABOUT_LIMIT else text[: ABOUT_LIMIT - 1].rstrip() + "…"


async def _answers(session: AsyncSession, people: list[int]) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = defaultdict(dict)
    rows = await session.execute(
        select(Answer.person_id, Answer.question_id, Answer.value).where(
            Answer.person_id.in_(people)
        )
    )
    for person_id, question_id, value in rows:
        found[person_id][question_id] = value
    return found


def _fits(chooser: Person, other: Person) -> bool:
    """Whether the two could form a pair at all (the form of mentoring allows it)."""
    mentor, mentee = (chooser, other) if chooser.role == Role.MENTOR else (other, chooser)
    if mentor.role != Role.MENTOR or mentee.role != Role.MENTEE:
        return False
    age = AgeGroup(mentee.age_group) if mentee.age_group else None
    return allowed(Category(str(mentor.category)), Category(str(mentee.category)), age)


async def _load(
    session: AsyncSession, event_id: int, person_id: int, now: datetime
) -> tuple[Event, Person, list[Person]] | Problem:
    event = await session.get(Event, event_id)
    if event is None:
        return Problem.UNKNOWN
    if event.closed_at is None or event.choices_until is None:
        return Problem.NOT_YET
    if now >= event.choices_until:
        return Problem.OVER
    chooser = await session.get(Person, person_id)
    came = await session.get(Attendance, (event_id, person_id))
    if chooser is None or came is None or chooser.role is None:
        return Problem.NOT_THERE
    others = await session.scalars(
        select(Person)
        .join(Attendance, Attendance.person_id == Person.id)
        .where(Attendance.event_id == event_id, Person.id != person_id)
        .order_by(Person.full_name, Person.id)
    )
    return event, chooser, [other for other in others if _fits(chooser, other)]


async def board(
    sessions: Sessions, event_id: int, person_id: int, now: datetime | None = None
) -> Board | Problem:
    """The cards a person chooses from, and what they have chosen so far."""
    async with sessions() as session:
        loaded = await _load(session, event_id, person_id, now or utcnow())
        if isinstance(loaded, Problem):
            return loaded
        event, chooser, others = loaded
        answers = await _answers(session, [o.id for o in others])
        chosen = await session.scalars(
            select(Choice.chosen_id)
            .where(Choice.event_id == event_id, Choice.chooser_id == person_id)
            .order_by(Choice.rank, Choice.chosen_at)
        )
        cards = []
        for other in others:
            given = answers.get(other.id, {})
            mentor = other.role == Role.MENTOR
            topics = given.get("competencies" if mentor else "request_topics") or []
            cards.append(
                Card(
                    person_id=other.id,
                    name=_name(other),
                    category=str(other.category),
                    age_group=other.age_group,
                    topics=tuple(str(t) for t in topics),
                    format=given.get("format"),
                    places=int(given.get("capacity") or 1) if mentor else None,
                    about=_clip(given.get("experience" if mentor else "request")),
                )
            )
        assert event.choices_until is not None
        return Board(
            event.id,
            event.title,
            event.choices_until,
            Role(str(chooser.role)),
            tuple(cards),
            tuple(chosen),
        )


async def save(
    sessions: Sessions,
    event_id: int,
    person_id: int,
    chosen: list[int],
    now: datetime | None = None,
) -> Problem | None:
    """Replace the person's choices with `chosen` (in order); refused as a whole if any is
    not allowed. Saving the same list again changes nothing."""
    now = now or utcnow()
    async with sessions.begin() as session:
        loaded = await _load(session, event_id, person_id, now)
        if isinstance(loaded, Problem):
            return loaded
        _, chooser, others = loaded
        offered = {other.id for other in others}
        if len(set(chosen)) != len(chosen) or not set(chosen) <= offered:
            return Problem.NOT_OFFERED
        mentee = chooser.role == Role.MENTEE
        if len(chosen) > (MENTEE_CHOICES if mentee else MENTOR_CHOICES):
            return Problem.TOO_MANY
        await session.execute(
            delete(Choice).where(Choice.event_id == event_id, Choice.chooser_id == person_id)
        )
        await session.flush()
        for rank, chosen_id in enumerate(chosen, start=1):
            session.add(
                Choice(
                    event_id=event_id,
                    chooser_id=person_id,
                    chosen_id=chosen_id,
                    rank=rank if mentee else None,
                    chosen_at=now,
                )
            )
    return None


async def open_for(sessions: Sessions, person_id: int, now: datetime | None = None) -> int | None:
    """The event whose choices this person can make or change now (the newest), if any."""
    async with sessions() as session:
        return await session.scalar(
            select(Event.id)
            .join(Attendance, Attendance.event_id == Event.id)
            .where(
                Attendance.person_id == person_id,
                Event.closed_at.is_not(None),
                Event.choices_until > (now or utcnow()),
            )
            .order_by(Event.closed_at.desc())
            .limit(1)
        )


@dataclass(frozen=True)
class Chosen:
    name: str
    rank: int | None
    mutual: bool


@dataclass(frozen=True)
class ChooserRow:
    name: str
    role: str
    chosen: tuple[Chosen, ...]


async def overview(sessions: Sessions, event_id: int) -> list[ChooserRow]:
    """Who chose whom at an event, mutual choices marked (for the curator)."""
    async with sessions() as session:
        rows = (
            (
                await session.execute(
                    select(Choice).where(Choice.event_id == event_id).order_by(Choice.rank)
                )
            )
            .scalars()
            .all()
        )
        ids = {row.chooser_id for row in rows} | {row.chosen_id for row in rows}
        people = {p.id: p for p in await session.scalars(select(Person).where(Person.id.in_(ids)))}
    pairs = {(row.chooser_id, row.chosen_id) for row in rows}
    by_chooser: dict[int, list[Choice]] = defaultdict(list)
    for row in rows:
        by_chooser[row.chooser_id].append(row)
    result = []
    for chooser_id, chosen in by_chooser.items():
        chooser = people.get(chooser_id)
        if chooser is None:
            continue
        result.append(
            ChooserRow(
                _name(chooser),
                str(chooser.role),
                tuple(
                    Chosen(
                        _name(people[c.chosen_id]),
                        c.rank,
                        (c.chosen_id, chooser_id) in pairs,
                    )
                    for c in chosen
                    if c.chosen_id in people
                ),
            )
        )
    return sorted(result, key=lambda row: (row.role, row.name))
