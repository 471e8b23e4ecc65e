"""The mentoring agreement: who signs for each side (a parent for a minor), the parent's link
for a teenager whose parent has not used the bot, the answers, and extensions.

A button names the pair and the side it answers for; every answer is one conditional change
of the state it expects (an agreement row per side, a pair still waiting, an extension still
open), so a double, late or forged press changes nothing and says so.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Agreement,
    AgreementLink,
    Consent,
    Curator,
    Extension,
    Pair,
    Person,
    utcnow,
)
from bot.domain.roles import Role
from bot.services import audit, cards, consent, curators, notify, outbox
from bot.services.notify import Button, Buttons, CardOf, Label, Name
from bot.services.pairs import MAX_MONTHS, Status, is_minor, lock, tell_about, transition
from bot.services.people import Sessions, name_of

AGREEMENT_LINK_PREFIX = "a_"
AGREEMENT_LINK_LIFETIME = timedelta(days=7)
AGREEMENT_CALLBACK = "ag:"
"""`ag:<pair>:<m|e>:y` accepts for that side; `ag:<pair>:<m|e>:n` asks why before declining;
`ag:<pair>:<m|e>:n:<reason>` declines; `ag:<pair>:<m|e>:b` goes back to the two answers."""
LINK_CALLBACK = "al:"
"""`al:<pair>:<m|e>`: a teenager asks for a new link for their parent."""
DECLINE_REASONS = ("time", "fit", "mind", "other")
REMIND_AFTER = timedelta(days=3)
LATE_AFTER = timedelta(days=7)
SIDES = {"m": Role.MENTOR, "e": Role.MENTEE}


def side_code(side: Role) -> str:
    return "m" if side is Role.MENTOR else "e"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def _member_ids(session: AsyncSession, pair: Pair) -> set[int]:
    people = await session.scalars(
        select(Person.telegram_id).where(Person.id.in_((pair.mentor_id, pair.mentee_id)))
    )
    return set(people)


async def signer_of(session: AsyncSession, person: Person, pair: Pair, side: Role) -> Person | None:
    """Who accepts the agreement for this side: the person; for a minor the parent who gave
    consent in the bot, or the one who opened the child's agreement link (never a member of
    the pair). None: nobody yet."""
    if not is_minor(person):
        return person
    given = await consent.latest(session, person.id)
    parent_id = given.parent_telegram_id if given is not None else None
    if parent_id is None:
        parent_id = await session.scalar(
            select(AgreementLink.parent_telegram_id).where(
                AgreementLink.pair_id == pair.id,
                AgreementLink.side == side.value,
                AgreementLink.parent_telegram_id.is_not(None),
            )
        )
    if parent_id is None or parent_id in await _member_ids(session, pair):
        return None
    return await session.scalar(select(Person).where(Person.telegram_id == parent_id))


def agreement_buttons(pair_id: int, side: Role) -> Buttons:
    prefix = f"{AGREEMENT_CALLBACK}{pair_id}:{side_code(side)}:"
    return [[Button("agreement-accept", f"{prefix}y"), Button("agreement-decline", f"{prefix}n")]]


async def _sides(session: AsyncSession, pair: Pair) -> list[tuple[Role, Person, Person]]:
    """(side, its participant, the partner) for both sides of the pair."""
    mentor = await session.get(Person, pair.mentor_id)
    mentee = await session.get(Person, pair.mentee_id)
    if mentor is None or mentee is None:
        return []
    return [(Role.MENTOR, mentor, mentee), (Role.MENTEE, mentee, mentor)]


async def _offer(
    session: AsyncSession,
    pair: Pair,
    side: Role,
    person: Person,
    partner: Person,
    *,
    link_base: str,
    dedup_key: str,
    intro: str = "agreement-intro",
    quiet: bool = False,
) -> None:
    """The agreement for one side goes to its signer; with nobody to sign for a minor yet,
    the child gets a link for a parent instead. `intro`: its first line (new, or a reminder)."""
    signer = await signer_of(session, person, pair, side)
    if signer is None:
        await _send_link(
            session,
            pair,
            side,
            person,
            partner,
            link_base=link_base,
            intro=intro,
            quiet=quiet,
            dedup_key=dedup_key,
        )
        return
    await notify.tell(
        session,
        signer,
        "agreement-for-parent" if signer.id != person.id else f"agreement-{side.value}",
        kind="agreement",
        dedup_key=dedup_key,
        buttons=agreement_buttons(pair.id, side),
        quiet=quiet,
        intro=Label(intro),
        partner=Name(partner.id),
        card=CardOf(partner.id, person.id),
        child=Name(person.id),
        form=Label(f"form-{pair.form}"),
        tasks=Label(f"agreement-tasks-{pair.form}"),
        months=pair.months,
    )


async def _send_link(
    session: AsyncSession,
    pair: Pair,
    side: Role,
    child: Person,
    partner: Person,
    *,
    link_base: str,
    intro: str = "agreement-intro",
    quiet: bool = False,
    dedup_key: str | None = None,
) -> None:
    """A new link for the child's parent. Links the parent may hold already keep working: the
    first adult to open any of them signs for that side, and the others then stop."""
    token = secrets.token_urlsafe(24)
    link = f"{link_base}{AGREEMENT_LINK_PREFIX}{token}"
    now = utcnow()
    session.add(
        AgreementLink(
            token_hash=_hash(token),
            pair_id=pair.id,
            side=side.value,
            created_at=now,
            expires_at=now + AGREEMENT_LINK_LIFETIME,
        )
    )
    await notify.tell(
        session,
        child,
        "agreement-child-link",
        kind="agreement",
        dedup_key=dedup_key or f"agreement-link:{_hash(token)[:32]}",
        quiet=quiet,
        buttons=[[Button("agreement-link-share", url=link, share="agreement-link-share-text")]],
        intro=Label(intro),
        partner=Name(partner.id),
        months=pair.months,
        link=link,
    )


async def send_agreement(session: AsyncSession, pair_id: int, link_base: str) -> None:
    """Each side gets the agreement (for a minor: the parent, or the child a link for one)."""
    pair = await session.get(Pair, pair_id)
    if pair is None:
        return
    for side, person, partner in await _sides(session, pair):
        await _offer(
            session,
            pair,
            side,
            person,
            partner,
            link_base=link_base,
            dedup_key=f"agreement:{pair.id}:{side.value}",
        )


@dataclass(frozen=True)
class Waiting:
    """A side of a waiting pair that this person answers for and has not answered."""

    pair_id: int
    side: Role
    child: str | None  # when answering as a parent: for whom
    partner: str


@dataclass(frozen=True)
class NeedsParent:
    """A minor's side waiting for a parent nobody can reach yet: the child can get a link."""

    pair_id: int
    side: Role
    partner: str


@dataclass(frozen=True)
class Open:
    waiting: list[Waiting]
    needs_parent: list[NeedsParent]
    extensions: list[OpenExtension]


async def _unanswered(session: AsyncSession, pair: Pair) -> list[tuple[Role, Person, Person]]:
    answered = set(
        await session.scalars(select(Agreement.side).where(Agreement.pair_id == pair.id))
    )
    return [s for s in await _sides(session, pair) if s[0].value not in answered]


async def open_for(sessions: Sessions, person_id: int) -> Open:
    """What this person can do about agreements now: answer (for themself, or as a parent),
    or, a teenager, get a new link for a parent."""
    async with sessions() as session:
        me = await session.get(Person, person_id)
        if me is None:
            return Open([], [], [])
        children = select(Consent.person_id).where(Consent.parent_telegram_id == me.telegram_id)
        opened = select(AgreementLink.pair_id).where(
            AgreementLink.parent_telegram_id == me.telegram_id
        )
        pairs = await session.scalars(
            select(Pair)
            .where(
                Pair.status == Status.WAITING,
                or_(
                    Pair.mentor_id == person_id,
                    Pair.mentee_id == person_id,
                    Pair.mentee_id.in_(children),
                    Pair.mentor_id.in_(children),
                    Pair.id.in_(opened),
                ),
            )
            .order_by(Pair.id)
        )
        waiting, needs_parent = [], []
        for pair in list(pairs):
            for side, person, partner in await _unanswered(session, pair):
                signer = await signer_of(session, person, pair, side)
                if signer is not None and signer.id == person_id:
                    child = None if person.id == person_id else name_of(person)
                    waiting.append(Waiting(pair.id, side, child, name_of(partner)))
                elif signer is None and person.id == person_id:
                    needs_parent.append(NeedsParent(pair.id, side, name_of(partner)))
        return Open(waiting, needs_parent, await _open_extensions(session, me))


class Resent(StrEnum):
    SENT = "sent"
    ALREADY = "already"  # sent a moment ago (a double tap): not again
    NOT_NOW = "not_now"  # answered already, the pair no longer waits, or not theirs


async def send_again(
    sessions: Sessions, pair_id: int, side: Role, person_id: int, link_base: str
) -> Resent:
    """From /pair: the agreement for a side this person answers for comes again (one that was
    lost while they had blocked the bot, say); for a teenager with nobody to sign yet, a new
    link for a parent (the old one stops working)."""
    now = utcnow()
    async with sessions.begin() as session:
        pair = await session.get(Pair, pair_id)
        if pair is None or pair.status != Status.WAITING:
            return Resent.NOT_NOW
        for unanswered_side, person, partner in await _unanswered(session, pair):
            if unanswered_side is not side:
                continue
            signer = await signer_of(session, person, pair, side)
            if (signer.id if signer is not None else person.id) != person_id:
                return Resent.NOT_NOW
            again = f"agreement-again:{pair.id}:{side.value}:{now.strftime('%Y%m%d%H%M')}"
            if await outbox.queued(session, again):
                return Resent.ALREADY
            await _offer(
                session,
                pair,
                side,
                person,
                partner,
                link_base=link_base,
                dedup_key=again,
            )
            return Resent.SENT
        return Resent.NOT_NOW


class LinkProblem(StrEnum):
    UNKNOWN = "unknown"
    USED = "used"  # another parent opened it, or the pair no longer waits
    EXPIRED = "expired"
    OWN = "own"  # a member of the pair opened it
    CURATOR = "curator"  # curators record a paper agreement instead
    MINOR = "minor"  # a participant under 18 is nobody's parent here


@dataclass(frozen=True)
class ParentOffer:
    """What a parent who opened a child's agreement link is asked to accept."""

    pair_id: int
    side: Role
    child: str
    partner: str
    form: str
    months: int
    card: cards.Card | None = None


async def open_agreement_link(
    sessions: Sessions, token: str, opener_telegram_id: int
) -> ParentOffer | LinkProblem:
    """A parent opened the child's link: the first to open it signs for that side. Neither a
    side of the pair (a teenager who forwarded it to their mentor) nor a curator may."""
    now = utcnow()
    async with sessions.begin() as session:
        link = await session.get(AgreementLink, _hash(token))
        pair = await session.get(Pair, link.pair_id) if link else None
        if link is None or pair is None:
            return LinkProblem.UNKNOWN
        if pair.status != Status.WAITING:
            return LinkProblem.USED
        if link.expires_at <= now:
            return LinkProblem.EXPIRED
        if opener_telegram_id in await _member_ids(session, pair):
            return LinkProblem.OWN
        if await curators.is_curator(session, opener_telegram_id):
            return LinkProblem.CURATOR
        opener = await session.scalar(
            select(Person).where(Person.telegram_id == opener_telegram_id)
        )
        if opener is not None and is_minor(opener):
            return LinkProblem.MINOR
        side = Role(link.side)
        child_id, partner_id = (
            (pair.mentor_id, pair.mentee_id)
            if side is Role.MENTOR
            else (pair.mentee_id, pair.mentor_id)
        )
        child, partner = await session.get(Person, child_id), await session.get(Person, partner_id)
        if child is None or partner is None:
            return LinkProblem.UNKNOWN
        # Every link of the side at once: the first adult to open one signs, the others stop
        # (on PostgreSQL a concurrent claim waits for this one, then finds them taken).
        claimed = await session.execute(
            update(AgreementLink)
            .where(
                AgreementLink.pair_id == pair.id,
                AgreementLink.side == link.side,
                AgreementLink.parent_telegram_id.is_(None),
            )
            .values(parent_telegram_id=opener_telegram_id)
            .execution_options(synchronize_session=False)
        )
        if not getattr(claimed, "rowcount", 0) and link.parent_telegram_id != opener_telegram_id:
            return LinkProblem.USED
        found = await cards.load(session, {(partner.id, child.id)})
        return ParentOffer(
            pair.id,
            side,
            name_of(child),
            name_of(partner),
            pair.form,
            pair.months,
            found.get((partner.id, child.id)),
        )


class Answered(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ACTIVE = "active"  # both sides have accepted: the pair works now
    ALREADY = "already"  # this side answered before: nothing changed
    NOT_YOURS = "not_yours"
    CLOSED = "closed"  # the pair is no longer waiting for its agreement


async def _record(
    session: AsyncSession,
    pair_id: int,
    side: Role,
    *,
    accepted: bool,
    signer: int,
    kind: str,
    reason: str | None,
    now: datetime,
) -> bool:
    """One side's answer, once: False if that side had answered (a unique key per side)."""
    try:
        async with session.begin_nested():
            session.add(
                Agreement(
                    pair_id=pair_id,
                    side=side.value,
                    accepted=accepted,
                    signer_telegram_id=signer,
                    kind=kind,
                    reason=reason,
                    at=now,
                )
            )
    except IntegrityError:
        return False
    return True


async def may_answer(
    sessions: Sessions, pair_id: int, side: Role, telegram_id: int
) -> Answered | None:
    """None if this person may answer for this side now; else why not (nothing changes)."""
    async with sessions() as session:
        pair = await session.get(Pair, pair_id)
        sides = {s: person for s, person, _ in await _sides(session, pair)} if pair else {}
        if pair is None or side not in sides:
            return Answered.NOT_YOURS
        signer = await signer_of(session, sides[side], pair, side)
        if signer is None or signer.telegram_id != telegram_id:
            return Answered.NOT_YOURS
        if pair.status != Status.WAITING:
            return Answered.CLOSED
        if await session.get(Agreement, (pair_id, side.value)) is not None:
            return Answered.ALREADY
        return None


async def answer_agreement(
    sessions: Sessions,
    pair_id: int,
    side: Role,
    signer_telegram_id: int,
    *,
    accepted: bool,
    reason: str | None = None,
) -> Answered:
    """The signer of one side (the person, or a minor's parent) accepts or declines."""
    now = utcnow()
    async with sessions.begin() as session:
        waiting = await lock(session, pair_id, (Status.WAITING.value,))
        pair = waiting or await session.get(Pair, pair_id)
        sides = {s: person for s, person, _ in await _sides(session, pair)} if pair else {}
        if pair is None or side not in sides:
            return Answered.NOT_YOURS
        person = sides[side]
        signer = await signer_of(session, person, pair, side)
        if signer is None or signer.telegram_id != signer_telegram_id:
            return Answered.NOT_YOURS
        if waiting is None:
            return Answered.CLOSED
        kind = "self" if signer.id == person.id else "parent"
        if not await _record(
            session,
            pair_id,
            side,
            accepted=accepted,
            signer=signer_telegram_id,
            kind=kind,
            reason=reason,
            now=now,
        ):
            return Answered.ALREADY
        return await _after_answer(
            session, pair, side, accepted=accepted, by=signer_telegram_id, reason=reason, now=now
        )


@dataclass(frozen=True)
class Receipt:
    """What stays on the answered agreement: the answer, the partner and whom to ask."""

    accepted: bool
    at: datetime
    child: str | None  # answered as a parent: for whom
    partner: cards.Card | None
    pair_status: str
    waiting_for: tuple[str, ...]  # sides ("mentor", "mentee") that have not answered yet
    curators: tuple[tuple[str | None, str | None, int], ...]  # (name, username, Telegram id)


async def receipt(sessions: Sessions, pair_id: int, side: Role, telegram_id: int) -> Receipt | None:
    """This person's answer for this side, as a record to keep; None if they gave none."""
    async with sessions() as session:
        answer = await session.get(Agreement, (pair_id, side.value))
        pair = await session.get(Pair, pair_id)
        if answer is None or pair is None or answer.signer_telegram_id != telegram_id:
            return None
        sides = {s: (person, partner) for s, person, partner in await _sides(session, pair)}
        if side not in sides:
            return None
        person, partner = sides[side]
        found = await cards.load(
            session, {(partner.id, person.id)}, contacts=pair.status == Status.ACTIVE
        )
        answered = set(
            await session.scalars(select(Agreement.side).where(Agreement.pair_id == pair.id))
        )
        people = await session.scalars(
            select(Person)
            .join(Curator, Curator.telegram_id == Person.telegram_id)
            .order_by(Curator.added_at)
        )
        return Receipt(
            accepted=answer.accepted,
            at=answer.at,
            child=name_of(person) if answer.kind == "parent" else None,
            partner=found.get((partner.id, person.id)),
            pair_status=pair.status,
            waiting_for=tuple(s.value for s in sides if s.value not in answered),
            curators=tuple(
                (p.full_name or p.first_name, p.username, p.telegram_id) for p in people
            ),
        )


async def answer_with_receipt(
    sessions: Sessions,
    pair_id: int,
    side: Role,
    signer_telegram_id: int,
    *,
    accepted: bool,
    reason: str | None = None,
) -> tuple[Answered, Receipt | None]:
    """`answer_agreement`, and the record to keep of the answer (also when it was given
    before: a repeated or replayed tap shows the same record)."""
    outcome = await answer_agreement(
        sessions, pair_id, side, signer_telegram_id, accepted=accepted, reason=reason
    )
    if outcome is Answered.NOT_YOURS:
        return outcome, None
    return outcome, await receipt(sessions, pair_id, side, signer_telegram_id)


async def _after_answer(
    session: AsyncSession,
    pair: Pair,
    side: Role,
    *,
    accepted: bool,
    by: int,
    reason: str | None,
    now: datetime,
) -> Answered:
    if not accepted:  # a decline frees both; the curators hear which side and why
        values = {"ended_at": now, "ended_by": by, "end_reason": "declined"}
        ended = await transition(
            session, pair.id, (Status.WAITING.value,), status=Status.ENDED.value, **values
        )
        if ended is not None:
            await tell_about(
                session,
                ended,
                "pair-declined",
                side=Label(f"side-{side.value}"),
                why=Label(f"decline-reason-{reason or 'other'}"),
            )
        return Answered.DECLINED
    answers = list(await session.scalars(select(Agreement).where(Agreement.pair_id == pair.id)))
    if len(answers) == 2 and all(a.accepted for a in answers):
        started = await transition(
            session, pair.id, (Status.WAITING.value,), status=Status.ACTIVE.value, started_at=now
        )
        if started is not None:
            await tell_about(session, started, "pair-active")
            for answer in answers:
                if answer.kind == "parent" and answer.signer_telegram_id is not None:
                    await _tell_parent(
                        session, started, Role(answer.side), answer.signer_telegram_id
                    )
            return Answered.ACTIVE
    return Answered.ACCEPTED


async def _tell_parent(
    session: AsyncSession, pair: Pair, side: Role, parent_telegram_id: int
) -> None:
    parent = await session.scalar(select(Person).where(Person.telegram_id == parent_telegram_id))
    if parent is None:
        return
    child, partner = (
        (pair.mentor_id, pair.mentee_id)
        if side is Role.MENTOR
        else (pair.mentee_id, pair.mentor_id)
    )
    await notify.tell(
        session, parent, "pair-active-parent", kind="pair", child=Name(child), partner=Name(partner)
    )


async def record_paper(sessions: Sessions, pair_id: int, *, by: int) -> Answered:
    """A curator has the signed paper agreement: every side not answered yet is accepted."""
    now = utcnow()
    async with sessions.begin() as session:
        pair = await lock(session, pair_id, (Status.WAITING.value,))
        if not await curators.is_curator(session, by):
            return Answered.NOT_YOURS
        if pair is None:
            exists = await session.get(Pair, pair_id)
            if exists is None:
                return Answered.NOT_YOURS
            answered = await session.scalars(
                select(Agreement.side).where(Agreement.pair_id == pair_id)
            )
            # Both sides answered (this very paper, a second tap): said so, not "ended".
            return Answered.ALREADY if len(set(answered)) == 2 else Answered.CLOSED
        recorded = [
            side
            for side, _, _ in await _unanswered(session, pair)
            if await _record(
                session, pair_id, side, accepted=True, signer=by, kind="paper", reason=None, now=now
            )
        ]
        if not recorded:
            return Answered.ALREADY
        audit.log(session, "paper_agreement", actor=by, person_id=pair.mentee_id, pair=pair_id)
        return await _after_answer(
            session, pair, recorded[-1], accepted=True, by=by, reason=None, now=now
        )


@dataclass(frozen=True)
class Late:
    """A pair waiting for its agreement too long, and whose answers it waits for."""

    pair_id: int
    mentor: str
    mentee: str
    waiting_for: list[str]  # mentor, mentee, mentor_parent, mentee_parent
    since: datetime


async def late(sessions: Sessions, now: datetime | None = None) -> list[Late]:
    """Pairs waiting for their agreement for more than `LATE_AFTER`, for the curators."""
    cutoff = (now or utcnow()) - LATE_AFTER
    async with sessions() as session:
        pairs = await session.scalars(
            select(Pair)
            .where(Pair.status == Status.WAITING, Pair.created_at < cutoff)
            .order_by(Pair.id)
        )
        found = []
        for pair in list(pairs):
            sides = await _unanswered(session, pair)
            names = {s: name_of(p) for s, p, _ in await _sides(session, pair)}
            if not names:
                continue
            who = [
                side.value + ("_parent" if is_minor(person) else "") for side, person, _ in sides
            ]
            found.append(
                Late(pair.id, names[Role.MENTOR], names[Role.MENTEE], who, pair.created_at)
            )
        return found


async def remind(session: AsyncSession, pair_id: int, link_base: str) -> bool:
    """Once, `REMIND_AFTER` the pair was made: whoever has not answered gets the agreement
    again (the child of a parent nobody reaches: a new link). False if nothing was due."""
    claimed = await session.execute(
        update(Pair)
        .where(
            Pair.id == pair_id, Pair.status == Status.WAITING, Pair.agreement_reminded_at.is_(None)
        )
        .values(agreement_reminded_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if not getattr(claimed, "rowcount", 0):
        return False
    pair = await session.get(Pair, pair_id, populate_existing=True)
    assert pair is not None
    for side, person, partner in await _unanswered(session, pair):
        await _offer(
            session,
            pair,
            side,
            person,
            partner,
            link_base=link_base,
            dedup_key=f"agreement-reminder:{pair.id}:{side.value}",
            intro="agreement-intro-reminder",
            quiet=True,
        )
    return True


EXTENSION_CALLBACK = "ex:"
"""`ex:<extension id>:y|n`: the buttons under an offer to extend a pair."""
EXTENSION_MONTHS = 3


class Extended(StrEnum):
    ASKED = "asked"
    ALREADY = "already"  # an extension is waiting for an answer already
    NOT_YOURS = "not_yours"  # not a side of this working pair, or a minor (a parent decides)
    NOT_ACTIVE = "not_active"
    LIMIT = "limit"  # the agreement would run past its longest term


async def ask_extension(
    sessions: Sessions, pair_id: int, person_id: int, months: int = EXTENSION_MONTHS
) -> Extended:
    """A side asks to extend the pair; the other side's signer (a parent for a minor) decides.

    Both sides agree: the one who asks and the one who accepts. A minor does not ask: their
    partner does, and their parent answers."""
    async with sessions.begin() as session:
        pair = await lock(session, pair_id, (Status.ACTIVE.value,))
        if pair is None:
            return Extended.NOT_ACTIVE
        if person_id not in (pair.mentor_id, pair.mentee_id):
            return Extended.NOT_YOURS
        asker = await session.get(Person, person_id)
        if asker is None or is_minor(asker):
            return Extended.NOT_YOURS
        if pair.months + months > MAX_MONTHS:
            return Extended.LIMIT
        side = Role.MENTOR if person_id == pair.mentor_id else Role.MENTEE
        other_side = Role.MENTEE if side is Role.MENTOR else Role.MENTOR
        other = await session.get(Person, pair.mentee_id if side is Role.MENTOR else pair.mentor_id)
        signer = await signer_of(session, other, pair, other_side) if other else None
        if signer is None:
            return Extended.NOT_YOURS
        request = Extension(pair_id=pair_id, asked_by=side.value, months=months, asked_at=utcnow())
        try:
            async with session.begin_nested():
                session.add(request)
        except IntegrityError:
            return Extended.ALREADY
        await _offer_extension(session, request, signer, asker=person_id, child=other)
        return Extended.ASKED


async def _offer_extension(
    session: AsyncSession,
    request: Extension,
    signer: Person,
    *,
    asker: int,
    child: Person | None,
    dedup_key: str | None = None,
) -> None:
    """The offer goes to the other side's signer (a parent is told whose mentoring it is)."""
    prefix = f"{EXTENSION_CALLBACK}{request.id}:"
    as_parent = child is not None and child.id != signer.id
    await notify.tell(
        session,
        signer,
        "extension-offer-parent" if as_parent else "extension-offer",
        kind="pair",
        dedup_key=dedup_key or f"extension:{request.id}",
        buttons=[
            [Button("extension-accept", f"{prefix}y"), Button("extension-decline", f"{prefix}n")]
        ],
        partner=Name(asker),
        child=Name(child.id) if child is not None else "",
        months=request.months,
    )


@dataclass(frozen=True)
class OpenExtension:
    """An offer to extend a pair, waiting for this person's answer."""

    extension_id: int
    partner: str


async def _open_extensions(session: AsyncSession, person: Person) -> list[OpenExtension]:
    found = []
    for request in list(
        await session.scalars(select(Extension).where(Extension.answered_at.is_(None)))
    ):
        pair = await session.get(Pair, request.pair_id)
        if pair is None or pair.status != Status.ACTIVE:
            continue
        other_side = Role.MENTEE if request.asked_by == Role.MENTOR else Role.MENTOR
        other = await session.get(
            Person, pair.mentee_id if other_side is Role.MENTEE else pair.mentor_id
        )
        asker = await session.get(
            Person, pair.mentor_id if other_side is Role.MENTEE else pair.mentee_id
        )
        signer = await signer_of(session, other, pair, other_side) if other else None
        if signer is not None and signer.id == person.id and asker is not None:
            found.append(OpenExtension(request.id, name_of(asker)))
    return found


async def offer_extension_again(sessions: Sessions, extension_id: int, person_id: int) -> Resent:
    """From /pair: an offer to extend that waits for this person comes again (one lost while
    they had blocked the bot, say)."""
    async with sessions.begin() as session:
        me = await session.get(Person, person_id)
        mine = {o.extension_id for o in await _open_extensions(session, me)} if me else set()
        request = await session.get(Extension, extension_id)
        if me is None or request is None or extension_id not in mine:
            return Resent.NOT_NOW
        again = f"extension-again:{extension_id}:{utcnow().strftime('%Y%m%d%H%M')}"
        if await outbox.queued(session, again):
            return Resent.ALREADY
        pair = await session.get(Pair, request.pair_id)
        assert pair is not None
        asker = pair.mentor_id if request.asked_by == Role.MENTOR else pair.mentee_id
        child = await session.get(
            Person, pair.mentee_id if asker == pair.mentor_id else pair.mentor_id
        )
        await _offer_extension(session, request, me, asker=asker, child=child, dedup_key=again)
        return Resent.SENT


async def answer_extension(
    sessions: Sessions, extension_id: int, telegram_id: int, *, accepted: bool
) -> Answered:
    """The other side's signer accepts (the months are added) or declines the extension."""
    async with sessions.begin() as session:
        request = await session.get(Extension, extension_id)
        pair = await session.get(Pair, request.pair_id) if request else None
        if request is None or pair is None:
            return Answered.NOT_YOURS
        other_side = Role.MENTEE if request.asked_by == Role.MENTOR else Role.MENTOR
        other = await session.get(
            Person, pair.mentee_id if other_side is Role.MENTEE else pair.mentor_id
        )
        signer = await signer_of(session, other, pair, other_side) if other else None
        if signer is None or signer.telegram_id != telegram_id:
            return Answered.NOT_YOURS
        if request.answered_at is not None:
            return Answered.ALREADY
        fits = pair.months + request.months <= MAX_MONTHS
        if pair.status != Status.ACTIVE or (accepted and not fits):
            return Answered.CLOSED
        closed = await session.execute(
            update(Extension)
            .where(Extension.id == extension_id, Extension.answered_at.is_(None))
            .values(answered_at=utcnow(), accepted=accepted)
            .execution_options(synchronize_session=False)
        )
        if not getattr(closed, "rowcount", 0):
            return Answered.ALREADY
        if accepted:
            extended = await transition(
                session, pair.id, (Status.ACTIVE.value,), months=Pair.months + request.months
            )
            if extended is None:
                return Answered.CLOSED
            pair = extended
        key = "pair-extended" if accepted else "pair-not-extended"
        await tell_about(session, pair, key, months=pair.months)
        return Answered.ACCEPTED if accepted else Answered.DECLINED


async def children_signed_by(session: AsyncSession, telegram_id: int) -> set[int]:
    """The participants whose side of a pair this person answers for, or answered, as a parent."""
    sides = await session.execute(
        select(AgreementLink.pair_id, AgreementLink.side)
        .where(AgreementLink.parent_telegram_id == telegram_id)
        .union(
            select(Agreement.pair_id, Agreement.side).where(
                Agreement.signer_telegram_id == telegram_id, Agreement.kind == "parent"
            )
        )
    )
    children = set()
    for pair_id, side in sides.all():
        pair = await session.get(Pair, pair_id)
        if pair is not None:
            children.add(pair.mentor_id if side == Role.MENTOR else pair.mentee_id)
    return children
