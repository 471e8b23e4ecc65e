"""What the home screens show: a curator's live counts, a participant's next step, a parent's
children. Read only; a few queries each, whatever the size of the programme."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.db.models import (
    Consent,
    Curator,
    Event,
    Pair,
    Person,
    QuestionnaireRun,
    utcnow,
)
from bot.domain.home import Facts, Meeting, Step, next_step
from bot.domain.onboarding import ConsentStatus
from bot.domain.roles import Role
from bot.services import agreements, choices, consent, surveys
from bot.services.pairs import LIVE, Status
from bot.services.people import Sessions, name_of

# An event that has started is still "ahead" for this long, unless a curator closes it sooner.
EVENT_LASTS = timedelta(hours=3)


@dataclass(frozen=True)
class CuratorCounts:
    participants: int
    waiting_parent: int  # children waiting for a parent's consent
    unpaired: int  # mentees with a submitted questionnaire and no pair
    events_open: int
    pairs: int  # live
    pairs_waiting: int  # waiting for their agreement
    no_questionnaire: int = 0  # participants who have not submitted their questionnaire


async def curator_counts(sessions: Sessions) -> CuratorCounts:
    submitted = select(QuestionnaireRun.person_id).where(QuestionnaireRun.intake_submitted())
    paired = select(Pair.mentee_id).where(Pair.status.in_(LIVE))
    async with sessions() as session:
        participants = await session.scalar(
            select(func.count()).select_from(Person).where(Person.role.is_not(None))
        )
        waiting_parent = await session.scalar(
            select(func.count()).select_from(consent.children_waiting())
        )
        unpaired = await session.scalar(
            select(func.count())
            .select_from(Person)
            .where(
                Person.role == Role.MENTEE,
                Person.id.in_(submitted),
                Person.id.not_in(paired),
                Person.is_blocked.is_(False),  # as the matching leaves them out
            )
        )
        no_questionnaire = await session.scalar(
            select(func.count())
            .select_from(Person)
            .where(Person.role.is_not(None), Person.id.not_in(submitted))
        )
        events_open = await session.scalar(
            select(func.count()).select_from(Event).where(Event.closed_at.is_(None))
        )
        by_status = dict(
            (
                await session.execute(
                    select(Pair.status, func.count())
                    .where(Pair.status.in_(LIVE))
                    .group_by(Pair.status)
                )
            ).all()
        )
    return CuratorCounts(
        int(participants or 0),
        int(waiting_parent or 0),
        int(unpaired or 0),
        int(events_open or 0),
        sum(int(n) for n in by_status.values()),
        int(by_status.get(Status.WAITING.value, 0)),
        int(no_questionnaire or 0),
    )


async def participant_step(sessions: Sessions, person_id: int, now: datetime | None = None) -> Step:
    """What comes next for a participant (see `bot.domain.home.next_step`)."""
    now = now or utcnow()
    open_now = await agreements.open_for(sessions, person_id)
    event_id = await choices.open_for(sessions, person_id)
    async with sessions() as session:
        submitted = await session.scalar(
            select(func.count())
            .select_from(QuestionnaireRun)
            .where(QuestionnaireRun.person_id == person_id, QuestionnaireRun.intake_submitted())
        )
        until = (
            await session.scalar(select(Event.choices_until).where(Event.id == event_id))
            if event_id
            else None
        )
        pairs = list(
            await session.scalars(
                select(Pair).where(
                    Pair.status.in_(LIVE),
                    (Pair.mentor_id == person_id) | (Pair.mentee_id == person_id),
                )
            )
        )
        partners = []
        for pair in pairs:
            if pair.status == Status.ACTIVE and pair.paused_at is None:
                partner = await session.get(
                    Person, pair.mentee_id if pair.mentor_id == person_id else pair.mentor_id
                )
                if partner is not None:
                    partners.append(name_of(partner))
        event = await session.scalar(
            select(Event)
            .where(Event.closed_at.is_(None), Event.starts_at > now - EVENT_LASTS)
            .order_by(Event.starts_at, Event.id)
            .limit(1)
        )
        meeting = Meeting(event.title, event.starts_at, event.place) if event else None
    facts = Facts(
        submitted=bool(submitted),
        owes_agreement=bool(open_now.waiting or open_now.needs_parent or open_now.extensions),
        choices_until=until,
        waiting_pairs=sum(1 for p in pairs if p.status == Status.WAITING),
        paused_pairs=sum(1 for p in pairs if p.status == Status.ACTIVE and p.paused_at),
        partners=partners,
        meeting=meeting,
    )
    return next_step(facts)


async def survey_waiting(
    sessions: Sessions, person_id: int, zone: ZoneInfo, now: datetime | None = None
) -> surveys.Waiting | None:
    """A survey the participant was invited to and may still answer (left halfway, or not
    begun): the home screen leads back to it until its due day is over."""
    return await surveys.waiting_for(sessions, person_id, zone=zone, now=now)


@dataclass(frozen=True)
class Child:
    """A child in the programme, as their parent sees them."""

    person_id: int
    name: str | None  # None before the child's questionnaire names them (ask Telegram)
    consented_at: datetime | None  # the consent this parent gave (a child under 14)
    pair_status: str | None
    may_withdraw: bool  # this parent gave the consent in force: they may withdraw it
    telegram_id: int = 0


async def children_of(sessions: Sessions, telegram_id: int, version: str) -> list[Child]:
    """The children whose consent or agreement this person gave as a parent."""
    async with sessions() as session:
        by_consent = set(
            await session.scalars(
                select(Consent.person_id).where(Consent.parent_telegram_id == telegram_id)
            )
        )
        by_link = await agreements.children_signed_by(session, telegram_id)
        found = []
        for person_id in sorted(by_consent | by_link):
            child = await session.get(Person, person_id)
            if child is None or child.role is None:
                continue
            latest = await consent.latest(session, person_id)
            mine = (
                latest is not None
                and latest.parent_telegram_id == telegram_id
                and consent.status_of(latest, version)
                in (ConsentStatus.GIVEN, ConsentStatus.OUTDATED)
            )
            pair = await session.scalar(
                select(Pair.status)
                .where(
                    (Pair.mentor_id == person_id) | (Pair.mentee_id == person_id),
                    Pair.status.in_(LIVE),
                )
                .limit(1)
            )
            found.append(
                Child(
                    person_id,
                    child.full_name or child.first_name,
                    latest.at if mine and latest else None,
                    pair,
                    mine,
                    child.telegram_id,
                )
            )
        return found


async def waits_for_parent(sessions: Sessions, person_id: int) -> bool:
    """A child who asked for a parent's consent and has none yet (the link live or expired)."""
    waiting = consent.children_waiting()
    async with sessions() as session:
        found = await session.scalar(
            select(waiting.c.person_id).where(waiting.c.person_id == person_id)
        )
    return found is not None


async def curator_contacts(sessions: Sessions) -> list[str]:
    """The @usernames of the curators who have one (for "write to the curator")."""
    async with sessions() as session:
        names = await session.scalars(
            select(Person.username)
            .join(Curator, Curator.telegram_id == Person.telegram_id)
            .where(Person.username.is_not(None))
            .order_by(Curator.added_at)
        )
        return [n for n in names if n]
