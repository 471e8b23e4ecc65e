"""What is stored about a person, a copy of it, and erasing it when consent is withdrawn."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Text, cast, delete, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Agreement,
    AgreementLink,
    Answer,
    Attendance,
    Campaign,
    CampaignInvite,
    Choice,
    Consent,
    Event,
    FsmRecord,
    Meeting,
    MeetingFollowUp,
    MeetingInvite,
    MeetingProposal,
    MeetingReminder,
    Pair,
    PairRule,
    ParentLink,
    PendingCheckIn,
    Person,
    PlanTask,
    QuestionnaireRun,
    utcnow,
)
from bot.services import audit, consent, notify, outbox, pairs, updates
from bot.services.consent import ConsentKind, ConsentStatus
from bot.services.people import Sessions


@dataclass(frozen=True)
class Overview:
    status: ConsentStatus
    at: datetime | None
    by_parent: bool

    @property
    def given(self) -> bool:
        """Consent in force, for the current text or an older one: it can be withdrawn."""
        return self.status in (ConsentStatus.GIVEN, ConsentStatus.OUTDATED)


async def overview(sessions: Sessions, person_id: int, version: str) -> Overview:
    async with sessions() as session:
        return await overview_in(session, person_id, version)


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


async def export(sessions: Sessions, person_id: int) -> dict[str, Any] | None:
    """Everything stored about the person, for "download my data"."""
    async with sessions() as session:
        person = await session.get(Person, person_id)
        return None if person is None else await _export(session, person)


async def _export(session: AsyncSession, person: Person) -> dict[str, Any]:
    consents = (
        await session.scalars(
            select(Consent).where(Consent.person_id == person.id).order_by(Consent.at)
        )
    ).all()
    answers = (
        await session.scalars(
            select(Answer)
            .where(Answer.person_id == person.id)
            .order_by(Answer.questionnaire_id, Answer.answered_at)
        )
    ).all()
    runs = (
        await session.scalars(
            select(QuestionnaireRun).where(QuestionnaireRun.person_id == person.id)
        )
    ).all()
    return {
        "exported_at": utcnow().isoformat(),
        "person": {
            "telegram_id": person.telegram_id,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "username": person.username,
            "full_name": person.full_name,
            "telegram_language": person.language_code,
            "bot_language": person.locale,
            "role": person.role,
            "category": person.category,
            "age_group": person.age_group,
            "first_seen_at": _time(person.first_seen_at),
            "last_seen_at": _time(person.last_seen_at),
            "blocked_the_bot": person.is_blocked,
        },
        "consents": [
            {
                "status": c.status,
                "kind": c.kind,
                "text_version": c.text_version,
                "at": _time(c.at),
                "parent_name": c.parent_name,
                "parent_telegram_id": c.parent_telegram_id,
                "recorded_by_curator": c.recorded_by,
            }
            for c in consents
        ],
        "questionnaires": [
            {
                "questionnaire": run.questionnaire_id,
                "started_at": _time(run.started_at),
                "submitted_at": _time(run.submitted_at),
                "answers": {
                    a.question_id: a.value
                    for a in answers
                    if a.questionnaire_id == run.questionnaire_id
                },
            }
            for run in runs
        ],
        "events_attended": [
            {
                "title": e.title,
                "starts_at": _time(e.starts_at),
                "checked_in_at": _time(e.checked_in_at),
            }
            for e in await _events(session, person)
        ],
        "pairs": [
            {
                "side": p.side,
                "partner": p.partner,
                "status": p.status,
                "paused": p.paused,
                "months": p.months,
                "proposed_at": _time(p.proposed_at),
                "started_at": _time(p.started_at),
                "ended_at": _time(p.ended_at),
            }
            for p in await _pairs(session, person)
        ],
        **await _work(session, person),
        "surveys": await _surveys(session, person),
    }


async def _surveys(session: AsyncSession, person: Person) -> list[dict[str, Any]]:
    """The monitoring surveys they were invited to; their answers are among the
    questionnaires (`<questionnaire>@<campaign>`)."""
    rows = await session.execute(
        select(CampaignInvite, Campaign.kind, Campaign.questionnaires)
        .join(Campaign, Campaign.id == CampaignInvite.campaign_id)
        .where(CampaignInvite.person_id == person.id)
        .order_by(CampaignInvite.invited_at)
    )
    return [
        {
            "survey": kind,
            "questionnaire": f"{(questionnaires or {}).get(invite.role, '')}@{invite.campaign_id}",
            "role": invite.role,
            "invited_at": _time(invite.invited_at),
            "due_on": invite.due_on.isoformat(),
            "reminders": invite.nudges,
            "answered_at": _time(invite.answered_at),
        }
        for invite, kind, questionnaires in rows
    ]


async def _work(session: AsyncSession, person: Person) -> dict[str, Any]:
    """The work of their pairs: meetings (with their answers and ratings), the times they
    proposed, and the tasks of their plans."""
    invites = {
        i.meeting_id: i
        for i in await session.scalars(
            select(MeetingInvite).where(MeetingInvite.person_id == person.id)
        )
    }
    found = await session.scalars(
        select(Meeting)
        .where(or_(Meeting.mentor_id == person.id, Meeting.id.in_(list(invites))))
        .order_by(Meeting.starts_at)
    )
    their_pairs = select(Pair.id).where(
        or_(Pair.mentor_id == person.id, Pair.mentee_id == person.id)
    )
    tasks = await session.scalars(
        select(PlanTask).where(PlanTask.pair_id.in_(their_pairs)).order_by(PlanTask.id)
    )
    proposed = await session.scalars(
        select(MeetingProposal)
        .where(MeetingProposal.proposed_by == person.id)
        .order_by(MeetingProposal.id)
    )
    return {
        "meetings": [
            {
                "kind": m.kind,
                "starts_at": _time(m.starts_at),
                "place": m.place,
                "link": m.link,
                "agenda": m.agenda,
                "status": m.status,
                "led_by_me": m.mentor_id == person.id,
                "my_answer": invites[m.id].answer if m.id in invites else None,
                "my_reason": invites[m.id].reason if m.id in invites else None,
                "my_rating": invites[m.id].rating if m.id in invites else None,
                "note_after": m.outcome_note if m.mentor_id == person.id else None,
            }
            for m in found
        ],
        "times_proposed": [
            {"starts_at": _time(p.starts_at), "note": p.note, "status": p.status} for p in proposed
        ],
        "plan_tasks": [
            {
                "title": t.title,
                "due_on": t.due_on.isoformat() if t.due_on else None,
                "status": t.status,
                "done_at": _time(t.done_at),
            }
            for t in tasks
        ],
    }


@dataclass(frozen=True)
class StoredConsent:
    status: str  # given, declined, withdrawn
    kind: str | None  # self, parent, paper
    at: datetime
    parent_name: str | None


@dataclass(frozen=True)
class StoredAnswers:
    questionnaire: str
    submitted_at: datetime | None
    answers: dict[str, Any]


@dataclass(frozen=True)
class StoredEvent:
    title: str
    starts_at: datetime
    checked_in_at: datetime


@dataclass(frozen=True)
class StoredPair:
    side: str  # the person's own: mentor or mentee
    partner: str
    status: str  # waiting, active, completed, ended
    paused: bool
    months: int
    proposed_at: datetime
    started_at: datetime | None
    ended_at: datetime | None


@dataclass(frozen=True)
class Stored:
    """What is stored about a person, for the readable summary beside the file."""

    full_name: str | None
    telegram_name: str
    username: str | None
    role: str | None
    category: str | None
    age_group: str | None
    first_seen_at: datetime
    consents: list[StoredConsent]
    questionnaires: list[StoredAnswers]
    events: list[StoredEvent]
    pairs: list[StoredPair]


async def copy(sessions: Sessions, person_id: int) -> tuple[dict[str, Any], Stored] | None:
    """For «download my data»: everything stored (as `export` gives it) and the same typed, for
    a summary people read; both read at once, so that they agree."""
    async with sessions() as session:
        person = await session.get(Person, person_id)
        if person is None:
            return None
        return await _export(session, person), await _stored(session, person)


async def _stored(session: AsyncSession, person: Person) -> Stored:
    consents = await session.scalars(
        select(Consent).where(Consent.person_id == person.id).order_by(Consent.at, Consent.id)
    )
    runs = await session.scalars(
        select(QuestionnaireRun)
        .where(QuestionnaireRun.person_id == person.id)
        .order_by(QuestionnaireRun.started_at)
    )
    answers = await session.scalars(select(Answer).where(Answer.person_id == person.id))
    by_questionnaire: dict[str, dict[str, Any]] = {}
    for answer in answers:
        by_questionnaire.setdefault(answer.questionnaire_id, {})[answer.question_id] = answer.value
    telegram_name = " ".join(n for n in (person.first_name, person.last_name) if n)
    return Stored(
        full_name=person.full_name,
        telegram_name=telegram_name,
        username=person.username,
        role=person.role,
        category=person.category,
        age_group=person.age_group,
        first_seen_at=person.first_seen_at,
        consents=[StoredConsent(c.status, c.kind, c.at, c.parent_name) for c in consents],
        questionnaires=[
            StoredAnswers(
                run.questionnaire_id,
                run.submitted_at,
                by_questionnaire.get(run.questionnaire_id, {}),
            )
            for run in runs
        ],
        events=await _events(session, person),
        pairs=await _pairs(session, person),
    )


async def _events(session: AsyncSession, person: Person) -> list[StoredEvent]:
    rows = await session.execute(
        select(Event.title, Event.starts_at, Attendance.checked_in_at)
        .join(Attendance, Attendance.event_id == Event.id)
        .where(Attendance.person_id == person.id)
        .order_by(Event.starts_at, Event.id)
    )
    return [StoredEvent(title, starts_at, at) for title, starts_at, at in rows]


async def _pairs(session: AsyncSession, person: Person) -> list[StoredPair]:
    found = (
        await session.scalars(
            select(Pair)
            .where(or_(Pair.mentor_id == person.id, Pair.mentee_id == person.id))
            .order_by(Pair.created_at, Pair.id)
        )
    ).all()

    def partner_of(pair: Pair) -> int:
        return pair.mentee_id if pair.mentor_id == person.id else pair.mentor_id

    wanted = {partner_of(pair) for pair in found}
    partners = {p.id: p for p in await session.scalars(select(Person).where(Person.id.in_(wanted)))}
    result = []
    for pair in found:
        side = "mentor" if pair.mentor_id == person.id else "mentee"
        partner = partners.get(partner_of(pair))
        result.append(
            StoredPair(
                side,
                # A partner who withdrew has no name left: none is shown, nor their Telegram id.
                (partner.full_name or partner.first_name or "—") if partner else "—",
                pair.status,
                pair.paused_at is not None,
                pair.months,
                pair.created_at,
                pair.started_at,
                pair.ended_at,
            )
        )
    return result


@dataclass(frozen=True)
class Withdrawal:
    """A withdrawal done; whose stored dialogs went with it (the person's own, and any other
    that held their name, such as a curator's search), to be forgotten by the storage too."""

    dialogs_of: list[int]


async def withdraw(
    sessions: Sessions, person_id: int, version: str, *, by_parent: int | None = None
) -> Withdrawal | None:
    """Consent withdrawn: names, profile, answers, consent details and dialog state go (only the
    fact and time stay), and the curators are told. None if there was no consent to withdraw.

    `by_parent`: the Telegram id of the parent who gave the consent for a child under 14 and
    withdraws it now; only that parent may, and the child is told.
    """
    async with sessions.begin() as session:
        person = await session.get(Person, person_id)
        if person is None or not (await overview_in(session, person_id, version)).given:
            return None
        if by_parent is not None:
            latest = await consent.latest(session, person_id)
            if latest is None or latest.parent_telegram_id != by_parent:
                return None
        dialogs_of = await _forget_dialogs_naming(session, person)
        await _erase(session, person)
        if by_parent is not None:
            await notify.tell(session, person, "consent-withdrawn-by-parent", kind="withdrawal")
        await pairs.end_for_withdrawal(session, person)
        await notify.tell_curators(
            session, "curator-consent-withdrawn", kind="withdrawal", id=str(person.telegram_id)
        )
    await _purge_freed_pages(sessions)
    return Withdrawal(sorted({person.telegram_id, *dialogs_of}))


async def _forget_dialogs_naming(session: AsyncSession, person: Person) -> list[int]:
    """Stored dialogs of others that hold the person's name (a curator's search typed with it)
    go: the screen starts over; so do the contents of others' updates kept to be redone. Names
    are looked for as typed and as JSON escapes them."""
    # The surname alone too: a curator searches by it («Мосин»).
    surname = person.full_name.split()[0] if person.full_name and person.full_name.split() else None
    names = {
        n
        for n in (person.full_name, surname, person.first_name, person.last_name, person.username)
        if n and len(n) >= 3
    }
    needles = {form for name in names for form in (name, json.dumps(name)[1:-1])}
    if not needles:
        return []
    stored = cast(FsmRecord.data, Text)
    naming = or_(*(stored.contains(needle, autoescape=True) for needle in needles))
    users = list(set(await session.scalars(select(FsmRecord.user_id).where(naming))))
    if users:
        await session.execute(delete(FsmRecord).where(naming))
    await updates.forget_contents_naming(session, needles)
    return users


async def withdraw_for_child(
    sessions: Sessions, parent_telegram_id: int, child_id: int, version: str
) -> Withdrawal | None:
    """A parent withdraws the consent they gave for their child (see `withdraw`)."""
    return await withdraw(sessions, child_id, version, by_parent=parent_telegram_id)


async def overview_in(session: AsyncSession, person_id: int, version: str) -> Overview:
    latest = await consent.latest(session, person_id)
    return Overview(
        consent.status_of(latest, version),
        latest.at if latest else None,
        bool(latest and latest.kind == ConsentKind.PARENT),
    )


async def _erase(session: AsyncSession, person: Person) -> None:
    for model in (
        Answer,
        QuestionnaireRun,
        ParentLink,
        Attendance,
        PendingCheckIn,
        MeetingInvite,  # their answers to meetings, and the reasons they typed
        MeetingReminder,
        MeetingFollowUp,  # the questions after meetings they were asked
        CampaignInvite,  # the surveys they were invited to (their answers are `Answer` rows)
    ):
        await session.execute(delete(model).where(model.person_id == person.id))
    parents = set(
        await session.scalars(
            select(Consent.parent_telegram_id).where(
                Consent.person_id == person.id, Consent.parent_telegram_id.is_not(None)
            )
        )
    )
    await session.execute(delete(Consent).where(Consent.person_id == person.id))
    await session.execute(
        delete(Choice).where(or_(Choice.chooser_id == person.id, Choice.chosen_id == person.id))
    )
    await session.execute(
        delete(PairRule).where(
            or_(PairRule.mentor_id == person.id, PairRule.mentee_id == person.id)
        )
    )
    # Who signed for them (a parent) is theirs too: the pair keeps only that it was signed; a
    # reason a curator typed when ending their pair may name them.
    their_pairs = select(Pair.id).where(
        or_(Pair.mentor_id == person.id, Pair.mentee_id == person.id)
    )
    # A meeting's agenda and the mentor's note after it are typed text that may name them:
    # of their pairs' meetings, and of their mentor's group meetings (they may name any mentee
    # of the group), they go; the meetings stay counted.
    their_mentors = select(Pair.mentor_id).where(Pair.mentee_id == person.id)
    await session.execute(
        update(Meeting)
        .where(
            or_(
                Meeting.mentor_id == person.id,
                Meeting.pair_id.in_(their_pairs),
                Meeting.pair_id.is_(None) & Meeting.mentor_id.in_(their_mentors),
            )
        )
        .values(agenda=None, outcome_note=None)
        .execution_options(synchronize_session=False)
    )
    # The places and links a mentor typed are theirs too.
    await session.execute(
        update(Meeting)
        .where(Meeting.mentor_id == person.id)
        .values(place=None, link=None)
        .execution_options(synchronize_session=False)
    )
    # So are the tasks of their pairs' plans (typed by either side): they go.
    await session.execute(delete(PlanTask).where(PlanTask.pair_id.in_(their_pairs)))
    # And the times proposed in their pairs, with the notes typed beside them.
    await session.execute(delete(MeetingProposal).where(MeetingProposal.pair_id.in_(their_pairs)))
    await session.execute(
        update(AgreementLink)
        .where(AgreementLink.pair_id.in_(their_pairs))
        .values(parent_telegram_id=None)
    )
    for side, column in (("mentor", Pair.mentor_id), ("mentee", Pair.mentee_id)):
        await session.execute(
            update(Agreement)
            .where(
                Agreement.pair_id.in_(select(Pair.id).where(column == person.id)),
                Agreement.side == side,
                or_(Agreement.kind == "parent", Agreement.signer_telegram_id.in_(parents)),
            )
            .values(signer_telegram_id=None)
        )
    await session.execute(
        update(Pair)
        .where(Pair.id.in_(their_pairs), Pair.end_reason.not_in(("declined", "withdrawn")))
        .values(end_reason=None)
    )
    # Every message to them or about them, sent or waiting, and their dialogs.
    await outbox.forget(session, person.id, person.telegram_id)
    await updates.forget_contents_of(session, person.telegram_id)
    await session.execute(delete(FsmRecord).where(FsmRecord.user_id == person.telegram_id))
    person.first_name = person.last_name = person.username = person.full_name = None
    person.role = person.category = person.age_group = None
    session.add(Consent(person_id=person.id, status=ConsentStatus.WITHDRAWN, at=utcnow()))
    audit.log(session, "consent_withdrawn", actor=person.telegram_id, person_id=person.id)


async def _purge_freed_pages(sessions: Sessions) -> None:
    """After an erasure, make sure no old copy of the data stays in SQLite's files.

    `secure_delete` zeroes deleted content in the database file; the write-ahead log may still
    hold older copies of the pages, so it is checkpointed and truncated.
    """
    async with sessions() as session:
        if session.get_bind().dialect.name == "sqlite":
            await session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
