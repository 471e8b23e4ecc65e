"""The proposal's reasons through the database: a mentee's choices keep their rank (also when a
mentor chosen before is no longer in the bank), only the mentee's latest event counts, and a
chosen mentor who fits but is full is a matter of capacity, not an unsuitable choice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.db.engine import create_session_factory
from bot.db.models import Answer, Choice, Consent, Event, Pair, Person, QuestionnaireRun
from bot.domain.matching import Proposed, Reason, ReasonKind, Unmatched, UnmatchedReason
from bot.i18n import Translations, consent_version
from bot.services import proposals

MOMENT = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
TELEGRAM_IDS = count(70_001)


async def someone(
    session: AsyncSession,
    version: str,
    name: str,
    *,
    role: str,
    category: str = "teacher",
    in_bank: bool = True,
    answers: dict[str, Any] | None = None,
) -> int:
    """A person; in the bank: consented and with a submitted questionnaire."""
    person = Person(
        telegram_id=next(TELEGRAM_IDS),
        first_seen_at=MOMENT,
        last_seen_at=MOMENT,
        is_blocked=False,
        full_name=name,
        role=role,
        category=category,
        age_group="14to17" if category == "student" else None,
    )
    session.add(person)
    await session.flush()
    if in_bank:
        questionnaire = f"intake_{role}"
        session.add(
            Consent(
                person_id=person.id, status="given", kind="self", text_version=version, at=MOMENT
            )
        )
        session.add(
            QuestionnaireRun(
                person_id=person.id,
                questionnaire_id=questionnaire,
                current="__summary__",
                history=[],
                editing=False,
                started_at=MOMENT,
                submitted_at=MOMENT,
            )
        )
        for question, value in (answers or {}).items():
            session.add(
                Answer(
                    person_id=person.id,
                    questionnaire_id=questionnaire,
                    question_id=question,
                    value=value,
                    answered_at=MOMENT,
                )
            )
    await session.flush()
    return person.id


async def networking(session: AsyncSession, title: str, closed: datetime) -> int:
    event = Event(
        title=title,
        starts_at=closed - timedelta(hours=2),
        place="Актовый зал",
        token=title.lower().replace(" ", "_")[:32],
        created_by=1,
        created_at=closed - timedelta(days=7),
        closed_at=closed,
        choices_until=closed + timedelta(days=3),
    )
    session.add(event)
    await session.flush()
    return event.id


def chose(event_id: int, mentee: int, ranked: dict[int, int], at: datetime) -> list[Choice]:
    """A mentee's choices at an event: rank -> mentor."""
    return [
        Choice(event_id=event_id, chooser_id=mentee, chosen_id=mentor, rank=rank, chosen_at=at)
        for rank, mentor in ranked.items()
    ]


def the_pair(offer: proposals.Offer, mentee: int) -> Proposed:
    [pair] = [pair for pair in offer.proposal.pairs if pair.mentee_id == mentee]
    return pair


async def test_a_second_choice_stays_second_when_the_first_mentor_is_not_in_the_bank(
    engine: AsyncEngine, translations: Translations
) -> None:
    version = consent_version(translations)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        gone = await someone(session, version, "Ушедшая Анна", role="mentor", in_bank=False)
        second = await someone(session, version, "Вторая Вера", role="mentor")
        third = await someone(session, version, "Третий Тимур", role="mentor")
        mentee = await someone(session, version, "Петров Саша", role="mentee", category="student")
        # Another mentee, whose choices lost their first two ranks (those rows were erased).
        other = await someone(session, version, "Олегов Олег", role="mentee", category="student")
        event_id = await networking(session, "Нетворкинг", MOMENT)
        session.add_all(chose(event_id, mentee, {1: gone, 2: second}, MOMENT))
        session.add_all(chose(event_id, other, {3: third}, MOMENT))
    offer = await proposals.propose(sessions, version)
    assert offer.proposal.unmatched == []
    chosen_second = the_pair(offer, mentee)
    assert chosen_second.mentor_id == second
    assert chosen_second.reasons == (Reason(ReasonKind.SECOND_CHOICE),)
    assert chosen_second.score == 1 + 20
    chosen_third = the_pair(offer, other)
    assert chosen_third.mentor_id == third
    assert chosen_third.reasons == (Reason(ReasonKind.THIRD_CHOICE),)
    assert chosen_third.score == 1 + 10


async def test_only_the_choices_of_the_mentees_latest_event_count_by_rank(
    engine: AsyncEngine, translations: Translations
) -> None:
    version = consent_version(translations)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        first = await someone(session, version, "Первая Полина", role="mentor")
        later = await someone(session, version, "Поздний Пётр", role="mentor")
        dropped = await someone(session, version, "Забытый Захар", role="mentor")
        mentee = await someone(session, version, "Петров Саша", role="mentee", category="student")
        earlier_event = await networking(session, "Весна", MOMENT)
        latest_event = await networking(session, "Осень", MOMENT + timedelta(days=30))
        # In spring: 1. first, 2. dropped. In autumn (newer choices): 1. later, 2. first.
        session.add_all(chose(earlier_event, mentee, {1: first, 2: dropped}, MOMENT))
        session.add_all(
            chose(latest_event, mentee, {1: later, 2: first}, MOMENT + timedelta(days=31))
        )
    offer = await proposals.propose(sessions, version)
    pair = the_pair(offer, mentee)
    assert (pair.mentor_id, pair.reasons) == (later, (Reason(ReasonKind.FIRST_CHOICE),))
    assert pair.score == 1 + 30


async def test_a_chosen_mentor_who_fits_but_is_full_is_a_matter_of_capacity(
    engine: AsyncEngine, translations: Translations
) -> None:
    version = consent_version(translations)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        full = await someone(
            session, version, "Занятая Зоя", role="mentor", answers={"capacity": 1}
        )
        mentee = await someone(session, version, "Павлов Павел", role="mentee")
        taken = await someone(session, version, "Нинина Нина", role="mentee")
        event_id = await networking(session, "Нетворкинг", MOMENT)
        session.add_all(chose(event_id, mentee, {1: full}, MOMENT))
        session.add(
            Pair(
                mentor_id=full,
                mentee_id=taken,
                form="teacher_teacher",
                status="active",
                months=9,
                created_by=1,
                created_at=MOMENT,
            )
        )
    offer = await proposals.propose(sessions, version)
    assert offer.proposal.pairs == []
    assert offer.proposal.unmatched == [Unmatched(mentee, UnmatchedReason.CAPACITY_USED)]
