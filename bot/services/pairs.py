"""Pairs and their life: made (waiting for the agreement) → active → completed, or ended early.

A mentee has at most one live pair; a mentor as many as the places they declared. Every public
coroutine taking `sessions` is one use case and one transaction. Each change of a pair's state
is one conditional statement on the state it expects (`transition`), so a second tap, a late
tap or two taps at once change it once, and the answer says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, insert, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import Agreement, Answer, Pair, PairRule, Person, utcnow
from bot.domain.forms import Form, form_of
from bot.domain.onboarding import ConsentStatus
from bot.domain.reminders import months_later
from bot.domain.roles import AgeGroup, Category, Role
from bot.services import audit, cards, consent, curators, notify, pair_figures
from bot.services.notify import Name
from bot.services.people import Sessions, name_of

LIVE = ("waiting", "active")
DEFAULT_MONTHS = 9
MAX_MONTHS = 12  # an agreement runs 3 to 12 months, extensions included


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
    NEVER = "never"  # a curator said never to pair these two
    BLOCKED = "blocked"  # one of them has blocked the bot: the agreement would not reach them
    NOT_CURATOR = "not_curator"  # whoever acts is not a curator (any more)


def places_of(answers: dict[str, Any]) -> int:
    try:
        return max(1, int(answers.get("capacity") or 1))
    except (TypeError, ValueError):
        return 1


def is_minor(person: Person) -> bool:
    return person.age_group in (AgeGroup.UNDER_14.value, AgeGroup.FROM_14_TO_17.value)


@dataclass(frozen=True)
class Made:
    pair_id: int
    mentor_id: int
    mentee_id: int


async def transition(
    session: AsyncSession, pair_id: int, expected: tuple[str, ...], **values: Any
) -> Pair | None:
    """The pair moved from one of the `expected` states, as one conditional statement; None
    if it was in none of them (someone was first). The pair is returned as it is now."""
    result = await session.execute(
        update(Pair)
        .where(Pair.id == pair_id, Pair.status.in_(expected))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if not getattr(result, "rowcount", 0):
        return None
    return await session.get(Pair, pair_id, populate_existing=True)


async def lock(session: AsyncSession, pair_id: int, expected: tuple[str, ...]) -> Pair | None:
    """The pair, if it is in one of the `expected` states, its row taken for this transaction.

    Meant as a use case's first statement: a write, so what it reads is the latest (a
    concurrent answer to the same pair waits for this one to end), on SQLite and PostgreSQL."""
    return await transition(session, pair_id, expected, status=Pair.status)


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
    if mentor.is_blocked or mentee.is_blocked:
        return Refusal.BLOCKED
    form = form_of(
        Category(str(mentor.category)),
        Category(str(mentee.category)),
        AgeGroup(mentee.age_group) if mentee.age_group else None,
    )
    if form is None:
        return Refusal.FORM
    rule = await session.get(PairRule, (mentor_id, mentee_id))
    if rule is not None and rule.rule == "never":
        return Refusal.NEVER
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
    two curators approving at once cannot both take the last place). On PostgreSQL that count
    sees only what was committed before the statement began, so the mentor's row is locked
    first (`lock_mentors`): the second approval waits for the first and then counts its pairs."""
    await lock_mentors(session, [mentor_id])
    made = await session.scalar(
        select(Pair.id).where(
            Pair.mentor_id == mentor_id,
            Pair.mentee_id == mentee_id,
            Pair.status.in_(LIVE),
            Pair.created_by == by,
        )
    )
    if made is not None:  # made already (the same approval handled again after a crash);
        return int(made)  # made by another curator meanwhile, it is refused below as taken
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


async def lock_mentors(session: AsyncSession, mentor_ids: list[int]) -> None:
    """Hold the mentors' rows until the transaction ends, in one order (no deadlock between two
    approvals naming the same mentors). SQLite has no row locks and needs none: its writers
    take turns for the whole transaction."""
    await session.execute(
        select(Person.id)
        .where(Person.id.in_(sorted(set(mentor_ids))))
        .order_by(Person.id)
        .with_for_update()
    )


async def tell_about(
    session: AsyncSession, pair: Pair, key: str, *, but: int | None = None, **extra: Any
) -> None:
    """Both sides and the curators hear what became of the pair (`curator-<key>` for them;
    `but`: the curator who did it, answered already)."""
    for person_id, partner_id in (
        (pair.mentor_id, pair.mentee_id),
        (pair.mentee_id, pair.mentor_id),
    ):
        person = await session.get(Person, person_id)
        if person is not None and person.role is not None:
            await notify.tell(
                session, person, key, kind="pair", partner=Name(partner_id), me=person.role, **extra
            )
    await notify.tell_curators(
        session,
        f"curator-{key}",
        kind="pair",
        but=but,
        mentor=Name(pair.mentor_id),
        mentee=Name(pair.mentee_id),
        reason=pair.end_reason or "",
        **extra,
    )


async def end_for_withdrawal(session: AsyncSession, person: Person) -> None:
    """Inside a withdrawal: the person's live pairs end; each partner is told that the pair has
    ended and that the curator will find another, but not why (the reason is the person's)."""
    live = await session.scalars(
        select(Pair.id).where(
            Pair.status.in_(LIVE), or_(Pair.mentor_id == person.id, Pair.mentee_id == person.id)
        )
    )
    for pair_id in list(live):
        values = {"ended_at": utcnow(), "ended_by": person.telegram_id, "end_reason": "withdrawn"}
        pair = await transition(session, pair_id, LIVE, status=Status.ENDED.value, **values)
        if pair is None:
            continue
        partner = await session.get(
            Person, pair.mentee_id if pair.mentor_id == person.id else pair.mentor_id
        )
        if partner is not None and partner.role is not None:
            await notify.tell(session, partner, "pair-ended-partner-left", kind="pair")


@dataclass(frozen=True)
class PairView:
    """A live pair as one of its sides sees it."""

    id: int
    status: str
    form: str
    months: int
    partner_id: int
    partner_name: str
    partner_role: str
    partner_category: str
    partner_username: str | None  # only once the pair works (for a minor: the parent agreed)
    order_number: str | None
    paused: bool = False
    card: cards.Card | None = None  # contacts on it only once the pair works
    started_at: datetime | None = None
    ends_at: datetime | None = None


async def of_person(sessions: Sessions, person_id: int) -> list[PairView]:
    """A participant's live pairs: their mentor, or their mentees."""
    async with sessions() as session:
        pairs = (
            await session.scalars(
                select(Pair)
                .where(
                    Pair.status.in_(LIVE),
                    or_(Pair.mentor_id == person_id, Pair.mentee_id == person_id),
                )
                .order_by(Pair.id)
            )
        ).all()
        views = []
        for pair in pairs:
            partner = await session.get(
                Person, pair.mentee_id if pair.mentor_id == person_id else pair.mentor_id
            )
            if partner is None:
                continue
            working = pair.status == Status.ACTIVE
            found = await cards.load(session, {(partner.id, person_id)}, contacts=working)
            views.append(
                PairView(
                    pair.id,
                    pair.status,
                    pair.form,
                    pair.months,
                    partner.id,
                    name_of(partner),
                    str(partner.role),
                    str(partner.category),
                    partner.username if working else None,
                    pair.order_number,
                    pair.paused_at is not None,
                    found.get((partner.id, person_id)),
                    pair.started_at,
                    months_later(pair.started_at, pair.months) if pair.started_at else None,
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
    created_at: datetime | None = None
    paused: bool = False  # a working pair on a pause


async def listing(
    sessions: Sessions, *, live_only: bool = True, query: str = "", pair_id: int | None = None
) -> list[Row]:
    """The curators' list, newest first; `query` finds pairs by a side's name as people are
    found everywhere (any case, ё as е: `Person.search_key`)."""
    mentor, mentee = aliased(Person), aliased(Person)
    statement = (
        select(Pair, mentor, mentee)
        .join(mentor, mentor.id == Pair.mentor_id)
        .join(mentee, mentee.id == Pair.mentee_id)
        .order_by(Pair.id.desc())
    )
    if live_only:
        statement = statement.where(Pair.status.in_(LIVE))
    if pair_id is not None:
        statement = statement.where(Pair.id == pair_id)
    by_mentor = Person.matches(mentor.search_name, query)
    by_mentee = Person.matches(mentee.search_name, query)
    if by_mentor is not None and by_mentee is not None:
        statement = statement.where(or_(by_mentor, by_mentee))
    async with sessions() as session:
        found = (await session.execute(statement)).all()
    return [
        Row(
            pair.id,
            name_of(a),
            name_of(b),
            pair.status,
            pair.form,
            pair.months,
            pair.order_number,
            pair.order_date,
            pair.end_reason,
            pair.created_at,
            pair.paused_at is not None and pair.status == Status.ACTIVE,
        )
        for pair, a, b in found
    ]


@dataclass(frozen=True)
class SideState:
    """One side's agreement as the curator's card shows it."""

    side: str  # "mentor" or "mentee"
    signer: str  # "self", "parent" (for a minor) or "paper" (the curator marked it)
    accepted: bool | None  # None: not answered yet
    at: datetime | None


@dataclass(frozen=True)
class Details:
    row: Row
    sides: tuple[SideState, ...]
    started_at: datetime | None
    ends_at: datetime | None
    figures: pair_figures.Figures = field(default_factory=pair_figures.Figures)


async def details(sessions: Sessions, pair_id: int, *, viewer: int | None = None) -> Details | None:
    """A pair for the curator's card: whose answer is in (and when), whose is missing, the
    pair's start and end, and its figures (meetings, plan, ratings). The card shown to
    `viewer` (a curator's Telegram id) is written to the audit log."""
    found = await listing(sessions, live_only=False, pair_id=pair_id)
    if not found:
        return None
    async with sessions.begin() as session:
        pair = await session.get(Pair, pair_id)
        if pair is None:
            return None
        if viewer is not None:
            audit.log(session, "pair_viewed", actor=viewer, person_id=pair.mentee_id, pair=pair_id)
        answers = {
            a.side: a
            for a in await session.scalars(select(Agreement).where(Agreement.pair_id == pair_id))
        }
        sides = []
        for side, person_id in (("mentor", pair.mentor_id), ("mentee", pair.mentee_id)):
            person = await session.get(Person, person_id)
            answer = answers.get(side)
            if answer is not None:
                sides.append(SideState(side, answer.kind, answer.accepted, answer.at))
            else:
                minor = person is not None and is_minor(person)
                sides.append(SideState(side, "parent" if minor else "self", None, None))
        figures = await pair_figures.figures_in(session, pair_id, utcnow())
    started = pair.started_at
    return Details(
        found[0],
        tuple(sides),
        started,
        months_later(started, pair.months) if started else None,
        figures,
    )


async def record_order(sessions: Sessions, number: str, day: date, *, by: int) -> int | None:
    """The director's order (number and date) for every live pair that has none yet; None if
    `by` is not a curator."""
    async with sessions.begin() as session:
        if not await curators.is_curator(session, by):
            return None
        result = await session.execute(
            update(Pair)
            .where(Pair.status.in_(LIVE), Pair.order_number.is_(None))
            .values(order_number=number, order_date=day)
        )
        count = int(getattr(result, "rowcount", 0))
        if count:
            audit.log(session, "pairs_order", actor=by, number=number, pairs=count)
        return count


class Done(StrEnum):
    DONE = "done"
    ALREADY = "already"  # someone (or a tap before) did it first: nothing changed
    NOT_ALLOWED = "not_allowed"  # not theirs, or not a curator (any more)


async def end(sessions: Sessions, pair_id: int, *, by: int, reason: str) -> Done:
    """A curator ends a live pair early with a reason; both sides are told."""
    async with sessions.begin() as session:
        if not await curators.is_curator(session, by):
            return Done.NOT_ALLOWED
        values = {"ended_at": utcnow(), "ended_by": by, "end_reason": reason}
        pair = await transition(session, pair_id, LIVE, status=Status.ENDED.value, **values)
        if pair is None:
            return Done.ALREADY
        audit.log(session, "pair_ended", actor=by, person_id=pair.mentee_id, pair=pair_id)
        await tell_about(session, pair, "pair-ended", but=by)
        return Done.DONE


class Ask(StrEnum):
    REPLACE = "replace"  # a mentee asks for another mentor (ходатайство о замене наставника)
    RELEASE = "release"  # a mentor asks to be released


REVIEW_CALLBACK = "pr:"
"""`pr:<pair id>`: the button under a request that opens the pair for the curator."""


async def ask(
    sessions: Sessions, pair_id: int, person_id: int, *, kind: Ask, reason: str, message_id: int
) -> bool:
    """A side of a live pair asks the curators to act; False if it is not their live pair.
    The request is the message it was typed in: the same message twice asks once."""
    async with sessions.begin() as session:
        pair = await session.get(Pair, pair_id)
        side = Role.MENTEE if kind is Ask.REPLACE else Role.MENTOR
        if pair is None or pair.status not in LIVE:
            return False
        if (pair.mentee_id if side is Role.MENTEE else pair.mentor_id) != person_id:
            return False
        partner_id = pair.mentor_id if side is Role.MENTEE else pair.mentee_id
        asker = await session.get(Person, person_id)
        actor = asker.telegram_id if asker is not None else None
        audit.log(
            session, f"pair_{kind.value}_asked", actor=actor, person_id=person_id, pair=pair_id
        )
        await notify.tell_curators(
            session,
            f"curator-ask-{kind.value}",
            kind="request",
            dedup_key=f"ask:{pair_id}:{person_id}:{message_id}",
            buttons=notify.one_button("btn-request-open", f"{REVIEW_CALLBACK}{pair_id}"),
            asker=Name(person_id),
            partner=Name(partner_id),
            reason=reason,
        )
        return True


async def set_paused(sessions: Sessions, pair_id: int, person_id: int, *, paused: bool) -> Done:
    """A side pauses its live pair, or resumes it; everyone is told once."""
    async with sessions.begin() as session:
        pair = await session.get(Pair, pair_id)
        if (
            pair is None
            or pair.status not in LIVE
            or person_id not in (pair.mentor_id, pair.mentee_id)
        ):
            return Done.NOT_ALLOWED
        now_paused = Pair.paused_at.is_(None) if paused else Pair.paused_at.is_not(None)
        result = await session.execute(
            update(Pair)
            .where(Pair.id == pair_id, Pair.status.in_(LIVE), now_paused)
            .values(paused_at=utcnow() if paused else None)
            .execution_options(synchronize_session=False)
        )
        if not getattr(result, "rowcount", 0):
            return Done.ALREADY
        await tell_about(session, pair, "pair-paused" if paused else "pair-resumed")
        return Done.DONE
