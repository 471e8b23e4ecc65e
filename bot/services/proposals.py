"""The matching's proposal from the bank of mentors and mentees, and its approval."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Answer,
    Attendance,
    Choice,
    Pair,
    PairRule,
    Person,
    QuestionnaireRun,
    utcnow,
)
from bot.domain import matching
from bot.domain.forms import form_of
from bot.domain.onboarding import ConsentStatus
from bot.domain.roles import AgeGroup, Category, Role
from bot.services import agreements, audit, consent, curators, notify
from bot.services.pairs import (
    DEFAULT_MONTHS,
    LIVE,
    Made,
    Refusal,
    is_minor,
    lock_mentors,
    make,
    places_of,
)
from bot.services.people import Sessions, name_of


@dataclass(frozen=True)
class Offer:
    """A proposal with what the curator needs to read it."""

    proposal: matching.Proposal
    names: dict[int, str]


async def _bank(
    session: AsyncSession, version: str, event_id: int | None
) -> tuple[list[Person], list[Person], dict[int, dict[str, Any]]]:
    """Consenting participants with a submitted questionnaire (of one event, if given)."""
    submitted = select(QuestionnaireRun.person_id).where(QuestionnaireRun.intake_submitted())
    query = select(Person).where(
        Person.role.is_not(None), Person.id.in_(submitted), Person.is_blocked.is_(False)
    )
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
            select(
                Choice.chooser_id, Choice.chosen_id, Choice.rank, Choice.event_id, Choice.chosen_at
            )
        )
        ended_pairs = [(m, e) for m, e in ended]
        rule_rows = list(rules)
        choice_rows = list(chosen)
    mentor_ids = {p.id for p in mentors}
    # A mentee's choices are those of their latest event (newest `chosen_at`, then the newest
    # event), kept by rank: position = rank - 1, None where that mentor is not in the bank now,
    # so a second choice stays second. A mentor's marks count from every event.
    latest: dict[int, tuple[datetime, int]] = {}
    ranked: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    mentor_choices: dict[int, set[int]] = defaultdict(set)
    for chooser, chosen_id, rank, event, at in choice_rows:
        if rank is None:
            mentor_choices[chooser].add(chosen_id)
        elif 1 <= rank <= matching.MAX_CHOICES:
            ranked[chooser, event][rank] = chosen_id
            latest[chooser] = max(latest.get(chooser, (at, event)), (at, event))
    mentee_choices: dict[int, tuple[int | None, ...]] = {}
    for chooser, (_, event) in latest.items():
        by_rank = ranked[chooser, event]
        mentee_choices[chooser] = tuple(
            m if m in mentor_ids else None
            for m in (by_rank.get(rank) for rank in range(1, max(by_rank) + 1))
        )
    domain_mentees = [
        matching.Mentee(
            id=p.id,
            category=Category(str(p.category)),
            topics=_set(answers[p.id].get("request_topics")),
            format=_format(answers[p.id].get("format")),
            slots=_set(answers[p.id].get("time_slots")),
            choices=mentee_choices.get(p.id, ()),
            age_group=AgeGroup(p.age_group) if p.age_group else None,
        )
        for p in mentees
        if p.id not in paired
    ]
    domain_mentors = [
        matching.Mentor(
            id=p.id,
            category=Category(str(p.category)),
            capacity=max(0, places_of(answers[p.id]) - load[p.id]),
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
    return Offer(proposal, {p.id: name_of(p) for p in (*mentors, *mentees)})


@dataclass(frozen=True)
class Approval:
    made: list[Made]
    refused: list[tuple[int, int, Refusal]]
    allowed: bool = True  # False: whoever approved is not a curator (any more); nothing done


async def approve(
    sessions: Sessions,
    version: str,
    pairs: list[tuple[int, int, list[str] | None]],
    *,
    by: int,
    link_base: str,
    months: int = DEFAULT_MONTHS,
    event_id: int | None = None,
    left_out: list[int] | None = None,
) -> Approval:
    """Make the pairs a curator approved; each is checked again now (another curator may have
    approved something meanwhile). Both sides are sent the agreement; the mentees in
    `left_out` who still have no pair are told kindly that they stay in the search."""
    now = utcnow()
    made: list[Made] = []
    refused: list[tuple[int, int, Refusal]] = []
    async with sessions.begin() as session:
        if not await curators.is_curator(session, by):
            return Approval([], [(m, e, Refusal.NOT_CURATOR) for m, e, _ in pairs], allowed=False)
        await lock_mentors(session, [mentor_id for mentor_id, _, _ in pairs])
        for mentor_id, mentee_id, reasons in pairs:
            result = await make(
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
            await agreements.send_agreement(session, pair.pair_id, link_base)
        # Of a proposal, a mentee whose pair was refused now is left out too.
        told = [*(left_out or ()), *(e for _, e, _ in refused if left_out is not None)]
        paired = set(
            await session.scalars(
                select(Pair.mentee_id).where(Pair.mentee_id.in_(told), Pair.status.in_(LIVE))
            )
        )
        for mentee_id in dict.fromkeys(told):
            mentee = await session.get(Person, mentee_id)
            if mentee is not None and mentee.role is not None and mentee_id not in paired:
                await notify.tell(
                    session,
                    mentee,
                    "match-still-searching",
                    kind="pair",
                    dedup_key=f"still-searching:{mentee_id}:{now.date().isoformat()}",
                )
    return Approval(made, refused)


async def _free(session: AsyncSession, version: str) -> list[tuple[Person, int]]:
    """Mentors with free places, and how many."""
    return [(mentor, places - taken) for mentor, taken, places in await _places(session, version)]


async def _places(session: AsyncSession, version: str) -> list[tuple[Person, int, int]]:
    """Mentors with free places: (mentor, places taken, places in all)."""
    mentors, _, answers = await _bank(session, version, None)
    load = dict(
        (
            await session.execute(
                select(Pair.mentor_id, func.count())
                .where(Pair.status.in_(LIVE))
                .group_by(Pair.mentor_id)
            )
        ).all()
    )
    places = [(m, load.get(m.id, 0), places_of(answers[m.id])) for m in mentors]
    return [(mentor, taken, every) for mentor, taken, every in places if taken < every]


async def free_mentors(sessions: Sessions, version: str) -> list[tuple[int, str, int]]:
    """Mentors with free places (id, name, places left), for pairing by hand."""
    async with sessions() as session:
        return [(m.id, name_of(m), places) for m, places in await _free(session, version)]


async def mentees_for(sessions: Sessions, version: str, mentor_id: int) -> list[tuple[int, str]]:
    """Mentees without a pair whom this mentor may take (the form allows it, never before)."""
    async with sessions() as session:
        mentor = await session.get(Person, mentor_id)
        _, mentees, _ = await _bank(session, version, None)
        busy = set(
            await session.scalars(
                select(Pair.mentee_id).where(Pair.status.in_(LIVE) | (Pair.mentor_id == mentor_id))
            )
        )
        busy |= set(
            await session.scalars(
                select(PairRule.mentee_id).where(
                    PairRule.mentor_id == mentor_id, PairRule.rule == "never"
                )
            )
        )
    if mentor is None or mentor.category is None:
        return []
    return [
        (m.id, name_of(m))
        for m in mentees
        if m.id not in busy
        and form_of(
            Category(mentor.category),
            Category(str(m.category)),
            AgeGroup(m.age_group) if m.age_group else None,
        )
        is not None
    ]


@dataclass(frozen=True)
class FreeMentor:
    id: int
    name: str
    taken: int  # places taken by working or waiting pairs
    places: int


async def mentors_for(sessions: Sessions, version: str, mentee_id: int) -> list[FreeMentor]:
    """Mentors with a free place whom this mentee may have (the form allows it, never before),
    with their places."""
    async with sessions() as session:
        mentee = await session.get(Person, mentee_id)
        before = set(
            await session.scalars(select(Pair.mentor_id).where(Pair.mentee_id == mentee_id))
        )
        before |= set(
            await session.scalars(
                select(PairRule.mentor_id).where(
                    PairRule.mentee_id == mentee_id, PairRule.rule == "never"
                )
            )
        )
        free = await _places(session, version)
    if mentee is None or mentee.category is None:
        return []
    age = AgeGroup(mentee.age_group) if mentee.age_group else None
    return [
        FreeMentor(mentor.id, name_of(mentor), taken, places)
        for mentor, taken, places in free
        if mentor.id not in before
        and mentor.category is not None
        and form_of(Category(mentor.category), Category(mentee.category), age) is not None
    ]


async def never(sessions: Sessions, mentor_id: int, mentee_id: int, *, by: int) -> bool:
    """The curator's "never pair these two": the matching leaves them apart from now on.
    False if `by` is not a curator (any more), or the two are not a mentor and a mentee."""
    async with sessions.begin() as session:
        if not await curators.is_curator(session, by):
            return False
        mentor = await session.get(Person, mentor_id)
        mentee = await session.get(Person, mentee_id)
        if mentor is None or mentee is None or (mentor.role, mentee.role) != ("mentor", "mentee"):
            return False
        rule = await session.get(PairRule, (mentor_id, mentee_id))
        if rule is None:
            session.add(
                PairRule(mentor_id=mentor_id, mentee_id=mentee_id, rule="never", by=by, at=utcnow())
            )
        else:
            rule.rule, rule.by, rule.at = "never", by, utcnow()
        audit.log(session, "pair_never", actor=by, person_id=mentee_id, mentor=mentor_id)
        return True


@dataclass(frozen=True)
class Audience:
    """Who an approval writes to: the participants, and the parents who sign for minors."""

    pairs: int
    participants: int
    parents: int


async def audience(sessions: Sessions, pairs: list[tuple[int, int]]) -> Audience:
    ids = {person for pair in pairs for person in pair}
    async with sessions() as session:
        people = {p.id: p for p in await session.scalars(select(Person).where(Person.id.in_(ids)))}
    minors = sum(
        1 for pair in pairs for person in pair if person in people and is_minor(people[person])
    )
    return Audience(len(pairs), len(ids), minors)
