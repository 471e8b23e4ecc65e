"""Pairs and their life: made (waiting for the agreement) → active → completed, or ended early.

A mentee has at most one live pair; a mentor as many as the places they declared. Every public
coroutine taking `sessions` is one use case and one transaction, safe to repeat.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Answer,
    Curator,
    Pair,
    Person,
    utcnow,
)
from bot.domain.forms import Form, form_of
from bot.domain.onboarding import ConsentStatus
from bot.domain.roles import AgeGroup, Category, Role
from bot.i18n import Translations
from bot.services import audit, consent, notify
from bot.services.people import Sessions

LIVE = ("waiting", "active")
DEFAULT_MONTHS = 9


class Status(StrEnum):
    WAITING = "waiting"
    ACTIVE = "active"
    COMPLETED = "completed"
    ENDED = "ended"


class Refusal(StrEnum):
    GONE = "gone"  # a person is no longer a consenting participant
    FORM = "form"  # the form of mentoring does not allow this pair
    MENTEE_TAKEN = "mentee_taken"
    NO_PLACE = "no_place"
    ENDED_BEFORE = "ended_before"  # they were a pair once: never repeated


def name_of(person: Person) -> str:
    return person.full_name or person.first_name or str(person.telegram_id)


def places_of(answers: dict[str, Any]) -> int:
    try:
        return max(1, int(answers.get("capacity") or 1))
    except (TypeError, ValueError):
        return 1


@dataclass(frozen=True)
class Made:
    pair_id: int
    mentor_id: int
    mentee_id: int


async def _allowed(
    session: AsyncSession, version: str, mentor_id: int, mentee_id: int
) -> Form | Refusal:
    """The form of the pair if these two may be paired now (places aside)."""
    mentor = await session.get(Person, mentor_id)
    mentee = await session.get(Person, mentee_id)
    if mentor is None or mentee is None or mentor.role != Role.MENTOR or mentee.role != Role.MENTEE:
        return Refusal.GONE
    for person in (mentor, mentee):
        if await consent.status(session, person.id, version) is not ConsentStatus.GIVEN:
            return Refusal.GONE
    form = form_of(
        Category(str(mentor.category)),
        Category(str(mentee.category)),
        AgeGroup(mentee.age_group) if mentee.age_group else None,
    )
    if form is None:
        return Refusal.FORM
    before = await session.scalar(
        select(func.count())
        .select_from(Pair)
        .where(Pair.mentor_id == mentor_id, Pair.mentee_id == mentee_id, Pair.status.not_in(LIVE))
    )
    return Refusal.ENDED_BEFORE if before else form


async def make(
    session: AsyncSession,
    version: str,
    mentor_id: int,
    mentee_id: int,
    *,
    by: int,
    months: int,
    reasons: list[str] | None,
    event_id: int | None,
    now: datetime,
) -> int | Refusal:
    """One pair, if it is allowed now. A mentee's second live pair is refused by a unique index;
    a mentor's places by an insert that counts their live pairs as it writes (one statement:
    two curators approving at once cannot both take the last place)."""
    form = await _allowed(session, version, mentor_id, mentee_id)
    if isinstance(form, Refusal):
        return form
    capacity = await session.scalar(
        select(Answer.value).where(Answer.person_id == mentor_id, Answer.question_id == "capacity")
    )
    taken = (
        select(func.count())
        .select_from(Pair)
        .where(Pair.mentor_id == mentor_id, Pair.status.in_(LIVE))
        .scalar_subquery()
    )
    values: dict[str, Any] = {
        "mentor_id": mentor_id,
        "mentee_id": mentee_id,
        "form": form.value,
        "status": Status.WAITING.value,
        "months": months,
        "event_id": event_id,
        "reasons": reasons,
        "created_by": by,
        "created_at": now,
    }
    columns = Pair.__table__.c
    rows = select(*(literal(v, columns[k].type) for k, v in values.items())).where(
        taken < places_of({"capacity": capacity})
    )
    statement = insert(Pair).from_select(list(values), rows).returning(Pair.id)
    try:
        async with session.begin_nested():
            pair_id = await session.scalar(statement)
    except IntegrityError:
        return Refusal.MENTEE_TAKEN
    if pair_id is None:
        return Refusal.NO_PLACE
    audit.log(session, "pair_made", actor=by, person_id=mentee_id, pair=pair_id)
    return int(pair_id)


async def tell_about(
    session: AsyncSession,
    translations: Translations,
    pair: Pair,
    key: str,
    occasion: str = "",
    **extra: Any,
) -> None:
    """Both sides and the curators hear what became of the pair."""
    mentor = await session.get(Person, pair.mentor_id)
    mentee = await session.get(Person, pair.mentee_id)
    if mentor is None or mentee is None:
        return
    for person, partner in ((mentor, mentee), (mentee, mentor)):
        await notify.tell(
            session,
            translations,
            person,
            key,
            kind="pair",
            dedup_key=f"{key}:{pair.id}:{person.id}:{occasion}",
            partner=name_of(partner),
            **extra,
        )
    curators = await session.scalars(
        select(Person).join(Curator, Curator.telegram_id == Person.telegram_id)
    )
    for curator in curators:
        await notify.tell(
            session,
            translations,
            curator,
            f"curator-{key}",
            kind="pair",
            dedup_key=f"curator-{key}:{pair.id}:{curator.id}:{occasion}",
            **extra,
            mentor=name_of(mentor),
            mentee=name_of(mentee),
            reason=pair.end_reason or "",
        )


async def end_for_withdrawal(
    session: AsyncSession, translations: Translations, person: Person
) -> None:
    """Inside a withdrawal: the person's live pairs end; each partner is told that the pair has
    ended and that the curator will find another, but not why (the reason is the person's)."""
    live = await session.scalars(
        select(Pair).where(
            Pair.status.in_(LIVE), (Pair.mentor_id == person.id) | (Pair.mentee_id == person.id)
        )
    )
    for pair in live:
        pair.status = Status.ENDED
        pair.ended_at, pair.ended_by, pair.end_reason = utcnow(), person.telegram_id, "withdrawn"
        partner_id = pair.mentee_id if pair.mentor_id == person.id else pair.mentor_id
        partner = await session.get(Person, partner_id)
        if partner is not None:
            await notify.tell(
                session,
                translations,
                partner,
                "pair-ended-partner-left",
                kind="pair",
                dedup_key=f"pair-ended:{pair.id}:{partner.id}",
            )


@dataclass(frozen=True)
class PairView:
    id: int
    status: str
    form: str
    months: int
    partner_name: str
    partner_role: str
    partner_category: str
    partner_username: str | None
    partner_telegram_id: int
    order_number: str | None
    paused: bool = False


async def of_person(sessions: Sessions, person_id: int) -> list[PairView]:
    """A participant's live pairs: their mentor, or their mentees."""
    async with sessions() as session:
        pairs = (
            await session.scalars(
                select(Pair)
                .where(
                    Pair.status.in_(LIVE),
                    (Pair.mentor_id == person_id) | (Pair.mentee_id == person_id),
                )
                .order_by(Pair.id)
            )
        ).all()
        views = []
        for pair in pairs:
            partner_id = pair.mentee_id if pair.mentor_id == person_id else pair.mentor_id
            partner = await session.get(Person, partner_id)
            if partner is None:
                continue
            views.append(
                PairView(
                    pair.id,
                    pair.status,
                    pair.form,
                    pair.months,
                    name_of(partner),
                    str(partner.role),
                    str(partner.category),
                    partner.username,
                    partner.telegram_id,
                    pair.order_number,
                    pair.paused_at is not None,
                )
            )
        return views


@dataclass(frozen=True)
class Row:
    """A pair as the curator's list shows it."""

    id: int
    mentor: str
    mentee: str
    status: str
    form: str
    months: int
    order_number: str | None
    order_date: date | None
    end_reason: str | None


async def listing(sessions: Sessions, *, live_only: bool = True) -> list[Row]:
    async with sessions() as session:
        query = select(Pair).order_by(Pair.id.desc())
        if live_only:
            query = query.where(Pair.status.in_(LIVE))
        found = (await session.scalars(query)).all()
        ids = {p.mentor_id for p in found} | {p.mentee_id for p in found}
        people = {p.id: p for p in await session.scalars(select(Person).where(Person.id.in_(ids)))}
    return [
        Row(
            pair.id,
            name_of(people[pair.mentor_id]),
            name_of(people[pair.mentee_id]),
            pair.status,
            pair.form,
            pair.months,
            pair.order_number,
            pair.order_date,
            pair.end_reason,
        )
        for pair in found
        if pair.mentor_id in people and pair.mentee_id in people
    ]


async def record_order(sessions: Sessions, number: str, day: date, *, by: int) -> int:
    """The director's order (number and date) for every live pair that has none yet."""
    async with sessions.begin() as session:
        result = await session.execute(
            update(Pair)
            .where(Pair.status.in_(LIVE), Pair.order_number.is_(None))
            .values(order_number=number, order_date=day)
        )
        count = int(getattr(result, "rowcount", 0))
        if count:
            audit.log(session, "pairs_order", actor=by, number=number, pairs=count)
        return count


async def end(
    sessions: Sessions, translations: Translations, pair_id: int, *, by: int, reason: str
) -> bool:
    """A curator ends a live pair early with a reason; both sides are told. False if not live."""
    async with sessions.begin() as session:
        pair = await session.get(Pair, pair_id)
        if pair is None or pair.status not in LIVE:
            return False
        pair.status = Status.ENDED
        pair.ended_at, pair.ended_by, pair.end_reason = utcnow(), by, reason
        audit.log(session, "pair_ended", actor=by, person_id=pair.mentee_id, pair=pair_id)
        await tell_about(session, translations, pair, "pair-ended")
        return True


class Ask(StrEnum):
    REPLACE = "replace"  # a mentee asks for another mentor (ходатайство о замене наставника)
    RELEASE = "release"  # a mentor asks to be released


REVIEW_CALLBACK = "pr:"
"""`pr:<pair id>`: the button under a request that opens the pair for the curator."""


async def ask(
    sessions: Sessions,
    translations: Translations,
    pair_id: int,
    person_id: int,
    *,
    kind: Ask,
    reason: str,
) -> bool:
    """A side of a live pair asks the curators to act; False if it is not their live pair."""
    async with sessions.begin() as session:
        pair = await session.get(Pair, pair_id)
        side = Role.MENTEE if kind is Ask.REPLACE else Role.MENTOR
        if pair is None or pair.status not in LIVE:
            return False
        if (pair.mentee_id if side is Role.MENTEE else pair.mentor_id) != person_id:
            return False
        asker = await session.get(Person, person_id)
        partner = await session.get(
            Person, pair.mentor_id if side is Role.MENTEE else pair.mentee_id
        )
        if asker is None or partner is None:
            return False
        audit.log(session, f"pair_{kind.value}_asked", actor=asker.telegram_id, pair=pair_id)
        curators = await session.scalars(
            select(Person).join(Curator, Curator.telegram_id == Person.telegram_id)
        )
        for curator in curators:
            await notify.tell(
                session,
                translations,
                curator,
                f"curator-ask-{kind.value}",
                kind="request",
                button=("btn-request-open", f"{REVIEW_CALLBACK}{pair_id}"),
                asker=name_of(asker),
                partner=name_of(partner),
                reason=reason,
            )
        return True


async def toggle_pause(
    sessions: Sessions, translations: Translations, pair_id: int, person_id: int
) -> bool | None:
    """A side pauses its working pair, or resumes it; the new state (None: not theirs)."""
    async with sessions.begin() as session:
        pair = await session.get(Pair, pair_id)
        if pair is None or pair.status not in LIVE:
            return None
        if person_id not in (pair.mentor_id, pair.mentee_id):
            return None
        pair.paused_at = None if pair.paused_at else utcnow()
        paused = pair.paused_at is not None
        key = "pair-paused" if paused else "pair-resumed"
        await tell_about(session, translations, pair, key, occasion=utcnow().isoformat())
        return paused
