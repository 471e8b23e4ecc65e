"""Pairs: the matching proposal from the bank, approval, agreements, and a pair's life.

proposed (only in a curator's proposal) → waiting (for the agreement) → active → completed, or
ended early (who ended it and why). Every public coroutine taking `sessions` is one use case
and one transaction, safe to repeat, and checks that the action is allowed now.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Agreement,
    AgreementLink,
    Answer,
    Attendance,
    Choice,
    Curator,
    Pair,
    PairRule,
    Person,
    QuestionnaireRun,
    utcnow,
)
from bot.domain import matching
from bot.domain.forms import Form, form_of
from bot.domain.onboarding import ConsentStatus
from bot.domain.roles import AgeGroup, Category, Role
from bot.i18n import Translations, Translator
from bot.services import audit, consent, notify
from bot.services.people import Sessions

LIVE = ("waiting", "active")
AGREEMENT_LINK_PREFIX = "a_"
AGREEMENT_LINK_LIFETIME = timedelta(days=7)
DEFAULT_MONTHS = 9
AGREEMENT_CALLBACK = "ag:"
"""`ag:<pair id>:y` or `ag:<pair id>:n`: the buttons under an agreement."""


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


@dataclass(frozen=True)
class Offer:
    """A proposal with what the curator needs to read it."""

    proposal: matching.Proposal
    names: dict[int, str]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _name(person: Person) -> str:
    return person.full_name or person.first_name or str(person.telegram_id)


async def _bank(
    session: AsyncSession, version: str, event_id: int | None
) -> tuple[list[Person], list[Person], dict[int, dict[str, Any]]]:
    """Consenting participants with a submitted questionnaire (of one event, if given)."""
    submitted = select(QuestionnaireRun.person_id).where(QuestionnaireRun.submitted_at.is_not(None))
    query = select(Person).where(Person.role.is_not(None), Person.id.in_(submitted))
    if event_id is not None:
        came = select(Attendance.person_id).where(Attendance.event_id == event_id)
        query = query.where(Person.id.in_(came))
    people = [
        p
        for p in await session.scalars(query.order_by(Person.id))
        if await consent.status(session, p.id, version) is ConsentStatus.GIVEN
    ]
    answers: dict[int, dict[str, Any]] = defaultdict(dict)
    rows = await session.execute(
        select(Answer.person_id, Answer.question_id, Answer.value).where(
            Answer.person_id.in_([p.id for p in people])
        )
    )
    for person_id, question_id, value in rows:
        answers[person_id][question_id] = value
    mentors = [p for p in people if p.role == Role.MENTOR]
    mentees = [p for p in people if p.role == Role.MENTEE]
    return mentors, mentees, answers


def _capacity(answers: dict[str, Any]) -> int:
    try:
        return max(1, int(answers.get("capacity") or 1))
    except (TypeError, ValueError):
        return 1


def _set(value: Any) -> frozenset[str]:
    return frozenset(str(v) for v in value) if isinstance(value, list) else frozenset()


def _format(value: Any) -> str | None:
    return value if value in matching.FORMATS else None


async def propose(
    sessions: Sessions,
    version: str,
    *,
    mode: matching.Mode = matching.Mode.MOST_MATCHED,
    event_id: int | None = None,
) -> Offer:
    """The matching's proposal for everyone still without a pair (or one event's attendees)."""
    async with sessions() as session:
        mentors, mentees, answers = await _bank(session, version, event_id)
        live = await session.execute(
            select(Pair.mentor_id, Pair.mentee_id).where(Pair.status.in_(LIVE))
        )
        load: dict[int, int] = defaultdict(int)
        paired: set[int] = set()
        for mentor_id, mentee_id in live:
            load[mentor_id] += 1
            paired.add(mentee_id)
        ended = await session.execute(
            select(Pair.mentor_id, Pair.mentee_id).where(Pair.status.not_in(LIVE))
        )
        rules = await session.execute(select(PairRule.mentor_id, PairRule.mentee_id, PairRule.rule))
        chosen = await session.execute(
            select(Choice.chooser_id, Choice.chosen_id, Choice.rank).order_by(
                Choice.rank, Choice.chosen_at
            )
        )
        ended_pairs = [(m, e) for m, e in ended]
        rule_rows = list(rules)
        choice_rows = list(chosen)
    mentor_ids = {p.id for p in mentors}
    mentee_choices: dict[int, list[int]] = defaultdict(list)
    mentor_choices: dict[int, set[int]] = defaultdict(set)
    for chooser, chosen_id, rank in choice_rows:
        if rank is not None and chosen_id in mentor_ids:
            if chosen_id not in mentee_choices[chooser] and len(mentee_choices[chooser]) < 3:
                mentee_choices[chooser].append(chosen_id)
        elif rank is None:
            mentor_choices[chooser].add(chosen_id)
    domain_mentees = [
        matching.Mentee(
            id=p.id,
            category=Category(str(p.category)),
            topics=_set(answers[p.id].get("request_topics")),
            format=_format(answers[p.id].get("format")),
            slots=_set(answers[p.id].get("time_slots")),
            choices=tuple(mentee_choices.get(p.id, ())),
            age_group=AgeGroup(p.age_group) if p.age_group else None,
        )
        for p in mentees
        if p.id not in paired
    ]
    domain_mentors = [
        matching.Mentor(
            id=p.id,
            category=Category(str(p.category)),
            capacity=max(0, _capacity(answers[p.id]) - load[p.id]),
            topics=_set(answers[p.id].get("competencies")),
            format=_format(answers[p.id].get("format")),
            slots=_set(answers[p.id].get("time_slots")),
            choices=frozenset(mentor_choices.get(p.id, set())),
        )
        for p in mentors
    ]
    proposal = matching.propose(
        domain_mentees,
        domain_mentors,
        matching.Rules.of(
            never=[(m, e) for m, e, rule in rule_rows if rule == "never"],
            ended=ended_pairs,
            must=[(m, e) for m, e, rule in rule_rows if rule == "must"],
        ),
        mode,
    )
    return Offer(proposal, {p.id: _name(p) for p in (*mentors, *mentees)})


@dataclass(frozen=True)
class Made:
    pair_id: int
    mentor_id: int
    mentee_id: int


@dataclass(frozen=True)
class Approval:
    made: list[Made]
    refused: list[tuple[int, int, Refusal]]


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


async def _make(
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
        taken < _capacity({"capacity": capacity})
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


async def approve(
    sessions: Sessions,
    translations: Translations,
    version: str,
    pairs: list[tuple[int, int, list[str] | None]],
    *,
    by: int,
    link_base: str,
    months: int = DEFAULT_MONTHS,
    event_id: int | None = None,
) -> Approval:
    """Make the pairs a curator approved; each is checked again now (another curator may have
    approved something meanwhile). Both sides are sent the agreement."""
    now = utcnow()
    made: list[Made] = []
    refused: list[tuple[int, int, Refusal]] = []
    async with sessions.begin() as session:
        for mentor_id, mentee_id, reasons in pairs:
            result = await _make(
                session,
                version,
                mentor_id,
                mentee_id,
                by=by,
                months=months,
                reasons=reasons,
                event_id=event_id,
                now=now,
            )
            if isinstance(result, Refusal):
                refused.append((mentor_id, mentee_id, result))
            else:
                made.append(Made(result, mentor_id, mentee_id))
        for pair in made:
            await _send_agreement(session, translations, pair.pair_id, link_base)
    return Approval(made, refused)


def _is_minor(person: Person) -> bool:
    return person.age_group in (AgeGroup.UNDER_14.value, AgeGroup.FROM_14_TO_17.value)


async def _signer(session: AsyncSession, person: Person, pair_id: int, side: Role) -> Person | None:
    """Who accepts the agreement for this side: the person; for a minor the parent who gave
    consent in the bot, or the one who opened the child's agreement link. None: nobody yet."""
    if not _is_minor(person):
        return person
    given = await consent.latest(session, person.id)
    parent_id = given.parent_telegram_id if given is not None else None
    if parent_id is None:
        parent_id = await session.scalar(
            select(AgreementLink.parent_telegram_id).where(
                AgreementLink.pair_id == pair_id,
                AgreementLink.side == side.value,
                AgreementLink.parent_telegram_id.is_not(None),
            )
        )
    if parent_id is None:
        return None
    return await session.scalar(select(Person).where(Person.telegram_id == parent_id))


def agreement_markup(i18n: Translator, pair_id: int) -> dict[str, Any]:
    prefix = f"{AGREEMENT_CALLBACK}{pair_id}:"
    row = [
        {"text": i18n.plain(f"agreement-{answer}"), "callback_data": f"{prefix}{code}"}
        for answer, code in (("accept", "y"), ("decline", "n"))
    ]
    return {"inline_keyboard": [row]}


async def _send_agreement(
    session: AsyncSession, translations: Translations, pair_id: int, link_base: str
) -> None:
    """Each side gets the agreement; for a minor the parent does, or, when no parent has used
    the bot, the child gets a link to forward to one (`link_base` + the payload)."""
    pair = await session.get(Pair, pair_id)
    mentor = await session.get(Person, pair.mentor_id) if pair else None
    mentee = await session.get(Person, pair.mentee_id) if pair else None
    if pair is None or mentor is None or mentee is None:
        return
    for side, person, partner in ((Role.MENTOR, mentor, mentee), (Role.MENTEE, mentee, mentor)):
        signer = await _signer(session, person, pair.id, side)
        details: dict[str, Any] = {
            "partner": _name(partner),
            "child": _name(person),
            "months": pair.months,
        }
        if signer is None:
            token = secrets.token_urlsafe(24)
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
                translations,
                person,
                "agreement-child-link",
                kind="agreement",
                dedup_key=f"agreement:{pair.id}:{side.value}",
                link=f"{link_base}{AGREEMENT_LINK_PREFIX}{token}",
                **details,
            )
            continue
        i18n = notify.translator_for(translations, signer)
        await notify.tell(
            session,
            translations,
            signer,
            "agreement-for-parent" if signer is not person else f"agreement-{side.value}",
            kind="agreement",
            dedup_key=f"agreement:{pair.id}:{side.value}",
            markup=agreement_markup(i18n, pair.id),
            form=i18n.plain(f"form-{pair.form}"),
            tasks=i18n.plain(f"agreement-tasks-{pair.form}"),
            **details,
        )


@dataclass(frozen=True)
class ParentOffer:
    """What a parent who opened a child's agreement link is asked to accept."""

    pair_id: int
    child: str
    partner: str
    form: str
    months: int


async def open_agreement_link(
    sessions: Sessions, token: str, opener_telegram_id: int
) -> ParentOffer | consent.LinkProblem:
    """A parent opened the child's link: the first to open it signs for that side."""
    now = utcnow()
    async with sessions.begin() as session:
        link = await session.get(AgreementLink, _hash(token))
        pair = await session.get(Pair, link.pair_id) if link else None
        if link is None or pair is None:
            return consent.LinkProblem.UNKNOWN
        if link.expires_at <= now or pair.status != Status.WAITING:
            return (
                consent.LinkProblem.EXPIRED if link.expires_at <= now else consent.LinkProblem.USED
            )
        child_id, partner_id = (
            (pair.mentor_id, pair.mentee_id)
            if link.side == Role.MENTOR
            else (pair.mentee_id, pair.mentor_id)
        )
        child, partner = await session.get(Person, child_id), await session.get(Person, partner_id)
        if child is None or partner is None or child.telegram_id == opener_telegram_id:
            return consent.LinkProblem.OWN if child else consent.LinkProblem.UNKNOWN
        claimed = await session.execute(
            update(AgreementLink)
            .where(
                AgreementLink.token_hash == link.token_hash,
                AgreementLink.parent_telegram_id.is_(None),
            )
            .values(parent_telegram_id=opener_telegram_id)
        )
        if not getattr(claimed, "rowcount", 0) and link.parent_telegram_id != opener_telegram_id:
            return consent.LinkProblem.USED
        return ParentOffer(pair.id, _name(child), _name(partner), pair.form, pair.months)


class Answered(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ACTIVE = "active"  # both sides have accepted: the pair works now
    ALREADY = "already"  # this side answered before: nothing changed
    NOT_YOURS = "not_yours"
    CLOSED = "closed"  # the pair is no longer waiting for its agreement


async def _sides_of(
    session: AsyncSession, pair: Pair, telegram_id: int
) -> list[tuple[Role, Person, Person]]:
    """The sides of the pair this person signs for: (side, participant, signer)."""
    sides = []
    for side, person_id in ((Role.MENTOR, pair.mentor_id), (Role.MENTEE, pair.mentee_id)):
        person = await session.get(Person, person_id)
        signer = await _signer(session, person, pair.id, side) if person else None
        if person is not None and signer is not None and signer.telegram_id == telegram_id:
            sides.append((side, person, signer))
    return sides


async def answer_agreement(
    sessions: Sessions,
    translations: Translations,
    pair_id: int,
    signer_telegram_id: int,
    *,
    accepted: bool,
    reason: str | None = None,
) -> Answered:
    """A side (or its parent) accepts or declines; checked against who may sign, and when."""
    now = utcnow()
    async with sessions.begin() as session:
        pair = await session.get(Pair, pair_id)
        sides = await _sides_of(session, pair, signer_telegram_id) if pair else []
        if pair is None or not sides:
            return Answered.NOT_YOURS
        if pair.status != Status.WAITING:
            return Answered.CLOSED
        unanswered = [
            (side, person, signer)
            for side, person, signer in sides
            if await session.get(Agreement, (pair_id, side.value)) is None
        ]
        if not unanswered:
            return Answered.ALREADY
        for side, person, signer in unanswered:
            session.add(
                Agreement(
                    pair_id=pair_id,
                    side=side.value,
                    accepted=accepted,
                    signer_telegram_id=signer_telegram_id,
                    kind="self" if signer is person else "parent",
                    reason=reason,
                    at=now,
                )
            )
        await session.flush()
        return await _after_answer(
            session, translations, pair, accepted=accepted, by=signer_telegram_id, now=now
        )


async def _after_answer(
    session: AsyncSession,
    translations: Translations,
    pair: Pair,
    *,
    accepted: bool,
    by: int,
    now: datetime,
) -> Answered:
    if not accepted:  # a decline frees both; the curator hears why
        pair.status = Status.ENDED
        pair.ended_at, pair.ended_by, pair.end_reason = now, by, "declined"
        await _tell_about(session, translations, pair, "pair-declined")
        return Answered.DECLINED
    answers = (await session.scalars(select(Agreement).where(Agreement.pair_id == pair.id))).all()
    if len(answers) == 2 and all(a.accepted for a in answers):
        pair.status = Status.ACTIVE
        pair.started_at = now
        await _tell_about(session, translations, pair, "pair-active")
        return Answered.ACTIVE
    return Answered.ACCEPTED


async def _tell_about(
    session: AsyncSession, translations: Translations, pair: Pair, key: str
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
            dedup_key=f"{key}:{pair.id}:{person.id}",
            partner=_name(partner),
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
            dedup_key=f"curator-{key}:{pair.id}:{curator.id}",
            mentor=_name(mentor),
            mentee=_name(mentee),
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
                    _name(partner),
                    str(partner.role),
                    str(partner.category),
                    partner.username,
                    partner.telegram_id,
                    pair.order_number,
                )
            )
        return views
