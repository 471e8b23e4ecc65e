"""Meetings: a mentor sets one for a pair or for the whole group, moves or cancels it; the
invitees answer «Приду» / «Не смогу»; reminders go at the offsets of `MEETING_REMINDERS`.

Every use case checks on each call who acts and whether it is allowed now, and changes state
with one conditional statement on the state it expects (a meeting still planned, still at the
version the mover saw, an answer not given yet), made as the transaction's first write so what
it reads afterwards is the latest. A double, late or forged call changes nothing and says why
(`Outcome`).

Reminders of a meeting are in `bot.services.meeting_reminders`; a use case given a `Planner`
plans them at once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, false, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Meeting,
    MeetingInvite,
    MeetingProposal,
    Pair,
    Person,
    utcnow,
)
from bot.domain import meetings as rules
from bot.domain.meetings import Kind, MeetingStatus
from bot.domain.roles import AgeGroup, Role
from bot.scheduling.base import Job, Scheduler
from bot.services import audit, consent, notify
from bot.services.notify import Button, Buttons, Label, Moment, Name
from bot.services.people import Sessions, name_of
from bot.services.reminders import Context

logger = logging.getLogger(__name__)

CALLBACK = "mt:"
"""`mt:<meeting id>:y` / `mt:<meeting id>:n`: an invitee's «Приду» / «Не смогу»."""
REMINDER_TASK = "meeting_reminder"
PER_PAGE = 5


class Outcome(StrEnum):
    DONE = "done"
    ALREADY = "already"  # the same call was handled before: nothing changed
    NOT_ALLOWED = "not_allowed"  # not the mentor of this pair or meeting
    NOT_INVITED = "not_invited"  # an answer from someone not invited
    PAIR_ENDED = "pair_ended"  # the pair does not work (ended, completed, not started)
    PAUSED = "paused"
    NO_PAIRS = "no_pairs"  # a group meeting with no working pair
    IN_THE_PAST = "in_the_past"
    NO_PLACE = "no_place"
    PLACE_TOO_LONG = "place_too_long"
    BAD_LINK = "bad_link"
    AGENDA_TOO_LONG = "agenda_too_long"
    REASON_TOO_LONG = "reason_too_long"
    STALE = "stale"  # moved meanwhile: the version the mover saw is gone
    NOT_PLANNED = "not_planned"  # cancelled, or over
    STARTED = "started"  # an answer after the start
    MOVED = "moved"  # an answer to a time the meeting was moved from
    GONE = "gone"  # no such meeting

    @property
    def key(self) -> str:
        """The message that tells a person what came of it."""
        return f"meeting-outcome-{self.value}"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    meeting_id: int | None = None


@dataclass(frozen=True)
class Planner:
    """What a use case needs to plan a meeting's reminders at once (without it, the hourly
    rebuild plans them)."""

    scheduler: Scheduler
    offsets: tuple[timedelta, ...]


def planner_of(ctx: Context) -> Planner:
    return Planner(ctx.scheduler, ctx.meeting_offsets)


def rsvp_buttons(meeting_id: int, version: int) -> Buttons:
    """«Приду» / «Не смогу» of one version of a meeting: an invitation to a time since moved
    answers nothing."""
    return [
        [
            Button("btn-meeting-yes", f"{CALLBACK}{meeting_id}:{version}:y"),
            Button("btn-meeting-no", f"{CALLBACK}{meeting_id}:{version}:n"),
        ]
    ]


@dataclass(frozen=True)
class Rsvp:
    meeting_id: int
    version: int
    yes: bool


def parse_callback(data: str) -> Rsvp | None:
    """The answer `mt:<id>:<version>:y|n` names; None for anything else."""
    parts = data.split(":")
    if len(parts) != 4 or parts[0] != CALLBACK[:-1] or parts[3] not in ("y", "n"):
        return None
    if not all(part.isascii() and part.isdigit() and len(part) <= 12 for part in parts[1:3]):
        return None
    return Rsvp(int(parts[1]), int(parts[2]), parts[3] == "y")


def reminder_job(meeting_id: int, offset: int, at: datetime) -> Job:
    return Job(
        f"meeting:{meeting_id}:{offset}",
        REMINDER_TASK,
        at,
        {"meeting_id": meeting_id, "offset": offset},
    )


def _plan(planner: Planner | None, meeting: Meeting) -> None:
    if planner is None:
        return
    wanted = rules.reminder_moments(meeting.starts_at, meeting.changed_at, planner.offsets)
    keep = {rules.offset_minutes(m.offset) for m in wanted}
    for offset in planner.offsets:
        minutes = rules.offset_minutes(offset)
        if minutes not in keep:
            planner.scheduler.cancel(reminder_job(meeting.id, minutes, meeting.starts_at).id)
    for moment in wanted:
        planner.scheduler.plan(
            reminder_job(meeting.id, rules.offset_minutes(moment.offset), moment.at)
        )


def _unplan(planner: Planner | None, meeting_id: int) -> None:
    if planner is None:
        return
    for offset in planner.offsets:
        planner.scheduler.cancel(f"meeting:{meeting_id}:{rules.offset_minutes(offset)}")


def where_args(meeting: Meeting) -> dict[str, Any]:
    return {"online": "yes" if meeting.link else "no", "where": meeting.link or meeting.place or ""}


def kind_label(meeting: Meeting) -> Label:
    return Label(f"meeting-kind-{meeting.kind}")


async def _parent_of(session: AsyncSession, person: Person) -> Person | None:
    """The parent of a child under 14 who is in the bot (told of the child's meetings)."""
    if person.age_group != AgeGroup.UNDER_14.value:
        return None
    given = await consent.latest(session, person.id)
    if given is None or given.parent_telegram_id is None:
        return None
    parent = await session.scalar(
        select(Person).where(Person.telegram_id == given.parent_telegram_id)
    )
    return parent if parent is not None and parent.id != person.id else None


async def _invitees(session: AsyncSession, meeting_id: int) -> list[Person]:
    found = await session.scalars(
        select(Person)
        .join(MeetingInvite, MeetingInvite.person_id == Person.id)
        .where(MeetingInvite.meeting_id == meeting_id)
        .order_by(Person.id)
    )
    return list(found)


def reachable(person: Person) -> bool:
    return person.role is not None and not person.is_blocked


async def _tell_invitees(
    session: AsyncSession,
    target: Meeting,
    key: str,
    *,
    buttons: bool,
    step: str,
    **args: Any,
) -> None:
    """Each invitee (and the parent of one under 14) hears `key` (`<key>-parent`) once per
    version of the meeting (`step` names the change in the dedup key)."""
    for person in await _invitees(session, target.id):
        if not reachable(person):
            continue
        await notify.tell(
            session,
            person,
            key,
            kind="meeting",
            buttons=rsvp_buttons(target.id, target.version) if buttons else None,
            dedup_key=f"mt-{step}:{target.id}:{target.version}:{person.id}",
            mentor=Name(target.mentor_id),
            **args,
        )
        parent = await _parent_of(session, person)
        if parent is not None and not parent.is_blocked:  # a parent has no role of their own
            await notify.tell(
                session,
                parent,
                f"{key}-parent",
                kind="meeting",
                dedup_key=f"mt-{step}:{target.id}:{target.version}:{parent.id}:p",
                about=(person.id,),
                mentor=Name(target.mentor_id),
                child=Name(person.id),
                **args,
            )


async def _lock_pairs(session: AsyncSession, mentor_id: int, pair_id: int | None) -> list[Pair]:
    """The mentor's active pairs (or the one named), their rows taken for this transaction
    (the first write, so a pair ended meanwhile is seen as ended)."""
    condition = [Pair.mentor_id == mentor_id, Pair.status == "active"]
    if pair_id is not None:
        condition.append(Pair.id == pair_id)
    await session.execute(
        update(Pair)
        .where(*condition)
        .values(status=Pair.status)
        .execution_options(synchronize_session=False)
    )
    found = await session.scalars(
        select(Pair).where(*condition).order_by(Pair.id).execution_options(populate_existing=True)
    )
    return list(found)


async def create(
    sessions: Sessions,
    *,
    by: int,
    pair_id: int | None,
    starts_at: datetime,
    place: str | None = None,
    link: str | None = None,
    agenda: str | None = None,
    kind: Kind | None = None,
    source: str | None = None,
    proposal: int | None = None,
    zone: ZoneInfo,
    planner: Planner | None = None,
    now: datetime | None = None,
) -> Result:
    """The mentor `by` (a person id) sets a meeting of one pair, or (`pair_id` None) of every
    active, unpaused pair of theirs. `source` names the message or tap that asked for it: the
    same one handled again sets none. `kind` by default: the first meeting of a pair is the
    introduction. `proposal`: the time a mentee of the pair proposed, which this accepts (a
    proposal no longer open sets nothing)."""
    now = now or utcnow()
    place = (place or "").strip() or None
    link = (link or "").strip() or None
    agenda = (agenda or "").strip() or None
    problem = rules.check_details(starts_at, place, link, agenda, now)
    if problem is not None:
        return Result(Outcome(problem.value))
    async with sessions.begin() as session:
        found = await _lock_pairs(session, by, pair_id)  # the first statement: a write
        if source is not None:
            made = await session.scalar(select(Meeting.id).where(Meeting.created_from == source))
            if made is not None:
                return Result(Outcome.ALREADY, int(made))
        mentor = await session.get(Person, by)
        if mentor is None or mentor.role != Role.MENTOR:
            return Result(Outcome.NOT_ALLOWED)
        if pair_id is not None and not found:
            pair = await session.get(Pair, pair_id)
            if pair is None or pair.mentor_id != by:
                return Result(Outcome.NOT_ALLOWED)
            return Result(Outcome.PAIR_ENDED)
        working = [p for p in found if p.paused_at is None]
        if not working:
            return Result(Outcome.PAUSED if pair_id is not None else Outcome.NO_PAIRS)
        if kind is None:
            before = await session.scalar(
                select(func.count())
                .select_from(Meeting)
                .where(
                    Meeting.pair_id == pair_id
                    if pair_id is not None
                    else Meeting.pair_id.is_(None),
                    Meeting.mentor_id == by,
                    Meeting.status != MeetingStatus.CANCELLED.value,
                )
            )
            kind = rules.default_kind(int(before or 0))
        if proposal is not None and not await _take_proposal(session, proposal, pair_id, now):
            return Result(Outcome.NOT_PLANNED)
        meeting = Meeting(
            pair_id=pair_id,
            mentor_id=by,
            kind=kind.value,
            starts_at=starts_at,
            place=place,
            link=link,
            agenda=agenda,
            status=MeetingStatus.PLANNED.value,
            created_by=mentor.telegram_id,
            created_at=now,
            created_from=source,
            changed_at=now,
            version=1,
        )
        try:
            async with session.begin_nested():
                session.add(meeting)
                await session.flush()
        except IntegrityError:  # the same source, at the same moment, from elsewhere
            made = await session.scalar(select(Meeting.id).where(Meeting.created_from == source))
            return Result(Outcome.ALREADY, int(made) if made is not None else None)
        if proposal is not None:
            await session.execute(
                update(MeetingProposal)
                .where(MeetingProposal.id == proposal)
                .values(meeting_id=meeting.id)
                .execution_options(synchronize_session=False)
            )
        for pair in working:
            session.add(MeetingInvite(meeting_id=meeting.id, person_id=pair.mentee_id))
        await session.flush()
        await _tell_invitees(
            session,
            meeting,
            "meeting-invite",
            buttons=True,
            step="invite",
            meeting=kind_label(meeting),
            when=Moment(meeting.starts_at, zone),
            agenda_shown="yes" if agenda else "no",
            agenda=agenda or "",
            **where_args(meeting),
        )
        audit.log(session, "meeting_created", actor=mentor.telegram_id, meeting=meeting.id)
    _plan(planner, meeting)
    return Result(Outcome.DONE, meeting.id)


async def _take_proposal(
    session: AsyncSession, proposal: int, pair_id: int | None, now: datetime
) -> bool:
    """The mentee's proposal of this pair, still open, becomes accepted (False: it is not
    open, or not of this pair)."""
    taken = await session.execute(
        update(MeetingProposal)
        .where(
            MeetingProposal.id == proposal,
            MeetingProposal.pair_id == pair_id,
            MeetingProposal.status == "open",
        )
        .values(status="accepted", decided_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(taken, "rowcount", 0))


async def _why_not(
    session: AsyncSession, meeting_id: int, by: int, *, version: int | None = None
) -> Outcome:
    """Why a mentor's conditional change of a meeting changed nothing."""
    meeting = await session.get(Meeting, meeting_id, populate_existing=True)
    if meeting is None:
        return Outcome.GONE
    if meeting.mentor_id != by:
        return Outcome.NOT_ALLOWED
    if meeting.status != MeetingStatus.PLANNED:
        return Outcome.NOT_PLANNED
    if meeting.pair_id is not None:
        pair = await session.get(Pair, meeting.pair_id)
        if pair is None or pair.status != "active":
            return Outcome.PAIR_ENDED
    if version is not None and meeting.version != version:
        return Outcome.STALE
    return Outcome.ALREADY


async def lock_meeting(session: AsyncSession, meeting_id: int) -> None:
    """The meeting's row taken for this transaction (the first write: what is read after it
    is the latest, and a concurrent change of the same meeting waits for this one)."""
    await session.execute(
        update(Meeting)
        .where(Meeting.id == meeting_id)
        .values(version=Meeting.version)
        .execution_options(synchronize_session=False)
    )


def _mentee_of(mentor_id: Any, person_id: Any) -> Any:
    """The person is a mentee of the mentor in a pair that works (an invitee whose pair ended
    answers nothing, and sees the meeting no more)."""
    return exists().where(
        Pair.mentor_id == mentor_id, Pair.mentee_id == person_id, Pair.status == "active"
    )


def _pair_works() -> Any:
    return or_(
        Meeting.pair_id.is_(None),
        exists().where(Pair.id == Meeting.pair_id, Pair.status == "active"),
    )


async def move(
    sessions: Sessions,
    meeting_id: int,
    *,
    by: int,
    version: int,
    starts_at: datetime,
    zone: ZoneInfo,
    planner: Planner | None = None,
    now: datetime | None = None,
) -> Result:
    """The mentor moves a planned meeting they saw at `version` to `starts_at`: answers are
    asked again, everyone is told, the reminders are planned for the new time. Of two moves
    made from the same version, one wins; the other is STALE."""
    now = now or utcnow()
    if starts_at <= now:
        return Result(Outcome.IN_THE_PAST, meeting_id)
    async with sessions.begin() as session:
        await lock_meeting(session, meeting_id)
        why = await _why_not(session, meeting_id, by, version=version)
        if why is not Outcome.ALREADY:
            return Result(why, meeting_id)
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None
        if meeting.starts_at == starts_at:
            return Result(Outcome.ALREADY, meeting_id)
        was = meeting.starts_at
        result = await session.execute(
            update(Meeting)
            .where(
                Meeting.id == meeting_id,
                Meeting.mentor_id == by,
                Meeting.version == version,
                Meeting.status == MeetingStatus.PLANNED.value,
                _pair_works(),
            )
            .values(starts_at=starts_at, version=Meeting.version + 1, changed_at=now)
            .execution_options(synchronize_session=False)
        )
        if not getattr(result, "rowcount", 0):
            return Result(Outcome.STALE, meeting_id)
        meeting = await session.get(Meeting, meeting_id, populate_existing=True)
        assert meeting is not None
        await session.execute(
            update(MeetingInvite)
            .where(MeetingInvite.meeting_id == meeting_id)
            .values(answer=None, reason=None, answered_at=None)
        )
        await _tell_invitees(
            session,
            meeting,
            "meeting-moved",
            buttons=True,
            step="moved",
            meeting=kind_label(meeting),
            when=Moment(meeting.starts_at, zone),
            was=Moment(was, zone),
            **where_args(meeting),
        )
        mentor = await session.get(Person, by)
        actor = mentor.telegram_id if mentor is not None else None
        audit.log(session, "meeting_moved", actor=actor, meeting=meeting_id)
    _plan(planner, meeting)
    return Result(Outcome.DONE, meeting_id)


async def cancel(
    sessions: Sessions,
    meeting_id: int,
    *,
    by: int,
    zone: ZoneInfo,
    planner: Planner | None = None,
    now: datetime | None = None,
) -> Result:
    """The mentor cancels a planned meeting: everyone is told, its reminders are gone (a job
    left in a scheduler finds the meeting cancelled and sends nothing)."""
    now = now or utcnow()
    async with sessions.begin() as session:
        result = await session.execute(
            update(Meeting)
            .where(
                Meeting.id == meeting_id,
                Meeting.mentor_id == by,
                Meeting.status == MeetingStatus.PLANNED.value,
            )
            .values(status=MeetingStatus.CANCELLED.value, changed_at=now)
            .execution_options(synchronize_session=False)
        )
        if not getattr(result, "rowcount", 0):
            why = await _why_not(session, meeting_id, by)
            meeting = await session.get(Meeting, meeting_id)
            cancelled = meeting is not None and meeting.status == MeetingStatus.CANCELLED
            if why is Outcome.NOT_PLANNED and cancelled:
                return Result(Outcome.ALREADY, meeting_id)  # a second tap
            return Result(why, meeting_id)
        meeting = await session.get(Meeting, meeting_id, populate_existing=True)
        assert meeting is not None
        if meeting.starts_at > now:
            await _tell_invitees(
                session,
                meeting,
                "meeting-cancelled",
                buttons=False,
                step="cancelled",
                meeting=kind_label(meeting),
                when=Moment(meeting.starts_at, zone),
            )
        mentor = await session.get(Person, by)
        actor = mentor.telegram_id if mentor is not None else None
        audit.log(session, "meeting_cancelled", actor=actor, meeting=meeting_id)
    _unplan(planner, meeting_id)
    return Result(Outcome.DONE, meeting_id)


async def may_answer(
    sessions: Sessions,
    meeting_id: int,
    person_id: int,
    *,
    version: int,
    now: datetime | None = None,
) -> Outcome | None:
    """Why the invitee may not answer the invitation to `version` of the meeting now (None:
    they may): asked before «Не смогу» opens the question of why."""
    now = now or utcnow()
    async with sessions() as session:
        meeting = await session.get(Meeting, meeting_id)
        invite = await session.get(MeetingInvite, (meeting_id, person_id))
        if meeting is None or invite is None:
            return Outcome.NOT_INVITED
        if meeting.status != MeetingStatus.PLANNED:
            return Outcome.NOT_PLANNED
        if meeting.version != version:
            return Outcome.MOVED
        if meeting.starts_at <= now:
            return Outcome.STARTED
        if not await session.scalar(select(_mentee_of(meeting.mentor_id, person_id))):
            return Outcome.PAIR_ENDED
    return None


async def answer(
    sessions: Sessions,
    meeting_id: int,
    person_id: int,
    *,
    yes: bool,
    reason: str | None = None,
    version: int | None = None,
    zone: ZoneInfo,
    now: datetime | None = None,
) -> Result:
    """An invitee answers before the meeting starts; answering the same again changes
    nothing. A «no» is passed on to the mentor (with the reason, if any). `version`: the time
    the invitation named; if the meeting moved since, STALE (the new invitation asks again)."""
    now = now or utcnow()
    reason = (reason or "").strip() or None
    if reason is not None and len(reason) > rules.REASON_LIMIT:
        return Result(Outcome.REASON_TOO_LONG, meeting_id)
    value = "yes" if yes else "no"
    open_meeting = exists().where(
        Meeting.id == MeetingInvite.meeting_id,
        Meeting.status == MeetingStatus.PLANNED.value,
        Meeting.starts_at > now,
        *([Meeting.version == version] if version is not None else []),
    )
    # Beside it, not inside (a subquery two levels down would not see the invite's row).
    its_mentor = select(Meeting.mentor_id).where(Meeting.id == meeting_id).scalar_subquery()
    pair_works = _mentee_of(its_mentor, MeetingInvite.person_id)
    async with sessions.begin() as session:
        result = await session.execute(
            update(MeetingInvite)
            .where(
                MeetingInvite.meeting_id == meeting_id,
                MeetingInvite.person_id == person_id,
                or_(
                    MeetingInvite.answer.is_(None),
                    MeetingInvite.answer != value,
                    MeetingInvite.reason.is_distinct_from(reason) if reason else false(),
                ),
                open_meeting,
                pair_works,
            )
            .values(answer=value, reason=None if yes else reason, answered_at=now)
            .execution_options(synchronize_session=False)
        )
        meeting = await session.get(Meeting, meeting_id)
        if not getattr(result, "rowcount", 0):
            invite = await session.get(MeetingInvite, (meeting_id, person_id))
            if meeting is None:
                return Result(Outcome.GONE, meeting_id)
            if invite is None:
                return Result(Outcome.NOT_INVITED, meeting_id)
            if meeting.status != MeetingStatus.PLANNED:
                return Result(Outcome.NOT_PLANNED, meeting_id)
            if meeting.starts_at <= now:
                return Result(Outcome.STARTED, meeting_id)
            if not await session.scalar(select(_mentee_of(meeting.mentor_id, person_id))):
                return Result(Outcome.PAIR_ENDED, meeting_id)
            if version is not None and meeting.version != version:
                return Result(Outcome.MOVED, meeting_id)
            return Result(Outcome.ALREADY, meeting_id)
        assert meeting is not None
        mentor = await session.get(Person, meeting.mentor_id)
        if not yes and mentor is not None and reachable(mentor):
            await notify.tell(
                session,
                mentor,
                "meeting-answered-no",
                kind="meeting",
                about=(person_id,),
                who=Name(person_id),
                meeting=kind_label(meeting),
                when=Moment(meeting.starts_at, zone),
                reason_shown="yes" if reason else "no",
                reason=reason or "",
            )
    return Result(Outcome.DONE, meeting_id)


# ---- lists ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    """A meeting as a participant's list shows it."""

    id: int
    pair_id: int | None
    mentor_id: int
    kind: str
    starts_at: datetime
    place: str | None
    link: str | None
    agenda: str | None
    status: str
    version: int
    mine: bool  # the person is its mentor
    my_answer: str | None  # yes, no, None (not answered; or the mentor)
    invited: int
    coming: int
    not_coming: int
    names: tuple[str, ...] = ()  # for the mentor, the invitees; for an invitee, the mentor


@dataclass(frozen=True)
class Page:
    items: list[View]
    page: int
    pages: int
    total: int


async def upcoming(
    sessions: Sessions, person_id: int, *, page: int = 0, now: datetime | None = None
) -> Page:
    """A person's planned meetings ahead (as the mentor or invited), the nearest first."""
    now = now or utcnow()
    where = [
        Meeting.status == MeetingStatus.PLANNED.value,
        Meeting.starts_at > now,
        or_(
            and_(Meeting.mentor_id == person_id, _pair_works()),
            _mentee_of(Meeting.mentor_id, person_id),
        ),
    ]
    return await _page(sessions, person_id, where, Meeting.starts_at.asc(), page)


async def past(
    sessions: Sessions, person_id: int, *, page: int = 0, now: datetime | None = None
) -> Page:
    """A person's meetings that have begun (held or not, or cancelled), the latest first."""
    now = now or utcnow()
    return await _page(
        sessions, person_id, [Meeting.starts_at <= now], Meeting.starts_at.desc(), page
    )


async def _page(
    sessions: Sessions, person_id: int, where: list[Any], order: Any, page: int
) -> Page:
    invited = select(MeetingInvite.meeting_id).where(MeetingInvite.person_id == person_id)
    mine = or_(Meeting.mentor_id == person_id, Meeting.id.in_(invited))
    async with sessions() as session:
        total = int(
            await session.scalar(select(func.count()).select_from(Meeting).where(mine, *where)) or 0
        )
        pages = max(1, -(-total // PER_PAGE))
        page = min(max(page, 0), pages - 1)
        found = list(
            await session.scalars(
                select(Meeting)
                .where(mine, *where)
                .order_by(order, Meeting.id)
                .offset(page * PER_PAGE)
                .limit(PER_PAGE)
            )
        )
        answers, names = await _answers_and_names(session, found)
    return Page(_views(found, answers, names, person_id), page, pages, total)


async def _answers_and_names(
    session: AsyncSession, found: Sequence[Meeting]
) -> tuple[dict[int, list[tuple[int, str | None]]], dict[int, str]]:
    answers: dict[int, list[tuple[int, str | None]]] = {}
    if not found:
        return answers, {}
    rows = await session.execute(
        select(MeetingInvite.meeting_id, MeetingInvite.person_id, MeetingInvite.answer).where(
            MeetingInvite.meeting_id.in_([m.id for m in found])
        )
    )
    for meeting_id, invitee, said in rows:
        answers.setdefault(meeting_id, []).append((invitee, said))
    wanted = {m.mentor_id for m in found} | {p for given in answers.values() for p, _ in given}
    people = await session.scalars(select(Person).where(Person.id.in_(wanted)))
    return answers, {p.id: name_of(p) for p in people}


def _views(
    found: Sequence[Meeting],
    answers: dict[int, list[tuple[int, str | None]]],
    names: dict[int, str],
    person_id: int,
) -> list[View]:
    items = []
    for m in found:
        given = answers.get(m.id, [])
        others = (
            tuple(names.get(p, "") for p, _ in sorted(given, key=lambda g: names.get(g[0], "")))
            if m.mentor_id == person_id
            else (names.get(m.mentor_id, ""),)
        )
        items.append(
            View(
                m.id,
                m.pair_id,
                m.mentor_id,
                m.kind,
                m.starts_at,
                m.place,
                m.link,
                m.agenda,
                m.status,
                m.version,
                m.mentor_id == person_id,
                next((a for p, a in given if p == person_id), None),
                len(given),
                sum(a == "yes" for _, a in given),
                sum(a == "no" for _, a in given),
                others,
            )
        )
    return items


async def one(sessions: Sessions, meeting_id: int, person_id: int) -> View | None:
    """A meeting as its mentor or an invitee sees it (None for anyone else)."""
    invited = select(MeetingInvite.meeting_id).where(MeetingInvite.person_id == person_id)
    async with sessions() as session:
        meeting = await session.scalar(
            select(Meeting).where(
                Meeting.id == meeting_id,
                or_(Meeting.mentor_id == person_id, Meeting.id.in_(invited)),
            )
        )
        if meeting is None:
            return None
        answers, names = await _answers_and_names(session, [meeting])
    return _views([meeting], answers, names, person_id)[0]


@dataclass(frozen=True)
class Invitee:
    """An invitee's answer as the meeting's mentor sees it."""

    person_id: int
    name: str
    answer: str | None
    reason: str | None


async def invitees(sessions: Sessions, meeting_id: int, *, by: int) -> list[Invitee] | None:
    """Who was invited and what each answered, for the meeting's mentor only (None for anyone
    else, or no such meeting)."""
    async with sessions() as session:
        meeting = await session.get(Meeting, meeting_id)
        if meeting is None or meeting.mentor_id != by:
            return None
        rows = await session.execute(
            select(Person, MeetingInvite)
            .join(MeetingInvite, MeetingInvite.person_id == Person.id)
            .where(MeetingInvite.meeting_id == meeting_id)
            .order_by(Person.search_name, Person.id)
        )
        return [Invitee(p.id, name_of(p), i.answer, i.reason) for p, i in rows]
