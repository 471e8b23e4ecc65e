"""Meetings: a mentor sets one for a pair or for the whole group, moves or cancels it; the
invitees answer «Приду» / «Не смогу»; reminders go at the offsets of `MEETING_REMINDERS`.

Every use case checks on each call who acts and whether it is allowed now, and changes state
with one conditional statement on the state it expects (a meeting still planned, still at the
version the mover saw, an answer not given yet), made as the transaction's first write so what
it reads afterwards is the latest. A double, late or forged call changes nothing and says why
(`Outcome`).

Reminders are sent at most once. `meeting_reminders` holds one row per (meeting, version,
offset, person), inserted — a conflict does nothing — in the transaction that queues the
message (the outbox's `dedup_key` is a second guard); so a repeat, or a second process, finds
the row and sends nothing. A move starts a new version, whose reminders are due afresh; a skip
(the pair paused, the person said no, the meeting already started) is recorded the same way.
Jobs are one per (meeting, offset): `planned` lists them for the scheduler's rebuild at
start-up and every hour, and a use case given a `Planner` plans them at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, and_, exists, false, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Meeting,
    MeetingInvite,
    MeetingProposal,
    MeetingReminder,
    Pair,
    Person,
    utcnow,
)
from bot.db.upsert import insert_for
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
LATE_WINDOW = timedelta(days=1)
"""Meetings that started this long ago are still looked at for reminders left undecided (they
are recorded as skipped, and logged); older ones are not looked at any more."""
PER_PAGE = 5
REMINDERS_AT_ONCE = 100
"""Reminders decided in one transaction when many fall due together: each transaction holds
SQLite's one write lock, so short ones let the bot's other writes through between them."""

_reminders = cast(Table, MeetingReminder.__table__)


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


def _where(meeting: Meeting) -> dict[str, Any]:
    return {"online": "yes" if meeting.link else "no", "where": meeting.link or meeting.place or ""}


def _kind(meeting: Meeting) -> Label:
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


def _reachable(person: Person) -> bool:
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
        if not _reachable(person):
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
            meeting=_kind(meeting),
            when=Moment(meeting.starts_at, zone),
            agenda_shown="yes" if agenda else "no",
            agenda=agenda or "",
            **_where(meeting),
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


async def _lock(session: AsyncSession, meeting_id: int) -> None:
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
        await _lock(session, meeting_id)
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
            meeting=_kind(meeting),
            when=Moment(meeting.starts_at, zone),
            was=Moment(was, zone),
            **_where(meeting),
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
                meeting=_kind(meeting),
                when=Moment(meeting.starts_at, zone),
            )
        mentor = await session.get(Person, by)
        actor = mentor.telegram_id if mentor is not None else None
        audit.log(session, "meeting_cancelled", actor=actor, meeting=meeting_id)
    _unplan(planner, meeting_id)
    return Result(Outcome.DONE, meeting_id)


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
        if not yes and mentor is not None and _reachable(mentor):
            await notify.tell(
                session,
                mentor,
                "meeting-answered-no",
                kind="meeting",
                about=(person_id,),
                who=Name(person_id),
                meeting=_kind(meeting),
                when=Moment(meeting.starts_at, zone),
                reason_shown="yes" if reason else "no",
                reason=reason or "",
            )
    return Result(Outcome.DONE, meeting_id)


# ---- reminders -----------------------------------------------------------------------------


class Sent(StrEnum):
    """What became of one reminder to one person."""

    SENT = "sent"
    ALREADY = "already"  # decided before (by this process or another): nothing done
    NOT_DUE = "not_due"  # not yet, not of this version, not theirs, or the meeting is off
    LATE = "late"  # the meeting has started (the bot was down): skipped, and logged
    PAUSED = "paused"  # their pair is on a pause
    ENDED = "ended"  # their pair no longer works
    UNREACHABLE = "unreachable"  # withdrew, or blocked the bot
    DECLINED = "declined"  # said they cannot come


@dataclass(frozen=True)
class Due:
    """A reminder due now and not decided yet."""

    meeting_id: int
    person_id: int
    offset: int  # minutes before the meeting
    at: datetime


def _open(now: datetime, meeting_ids: Collection[int] | None = None) -> list[Any]:
    """Meetings whose reminders may still need deciding: planned, started at most
    `LATE_WINDOW` ago (of `meeting_ids`, if given)."""
    where: list[Any] = [
        Meeting.status == MeetingStatus.PLANNED.value,
        Meeting.starts_at > now - LATE_WINDOW,
    ]
    if meeting_ids is not None:
        where.append(Meeting.id.in_(meeting_ids))
    return where


Opened = tuple[list[Meeting], dict[tuple[int, int, int], set[int]], dict[int, set[int]]]


async def _open_meetings(
    session: AsyncSession, now: datetime, meeting_ids: Collection[int] | None = None
) -> Opened:
    """The open meetings; who has had each reminder decided ((meeting, version, offset) →
    person ids); and each meeting's recipients (the mentor and the invitees)."""
    where = _open(now, meeting_ids)
    meetings = list(
        await session.scalars(select(Meeting).where(*where).order_by(Meeting.starts_at))
    )
    ids = select(Meeting.id).where(*where)
    decided: dict[tuple[int, int, int], set[int]] = {}
    rows = await session.execute(
        select(
            MeetingReminder.meeting_id,
            MeetingReminder.version,
            MeetingReminder.offset_minutes,
            MeetingReminder.person_id,
        ).where(MeetingReminder.meeting_id.in_(ids))
    )
    for found_id, version, offset, person_id in rows:
        decided.setdefault((found_id, version, offset), set()).add(person_id)
    recipients = {m.id: {m.mentor_id} for m in meetings}
    invited = await session.execute(
        select(MeetingInvite.meeting_id, MeetingInvite.person_id).where(
            MeetingInvite.meeting_id.in_(ids)
        )
    )
    for found_id, person_id in invited:
        recipients.setdefault(found_id, set()).add(person_id)
    return meetings, decided, recipients


async def due_reminders(
    sessions: Sessions,
    offsets: Sequence[timedelta],
    now: datetime | None = None,
    *,
    meeting_id: int | None = None,
) -> list[Due]:
    """Every reminder due by `now` and not decided yet, earliest first (of meetings that
    started at most `LATE_WINDOW` ago: `send_reminder` skips those that started)."""
    now = now or utcnow()
    async with sessions() as session:
        opened = await _open_meetings(session, now, None if meeting_id is None else [meeting_id])
    return _due(opened, lambda _: offsets, now)


def _due(
    opened: Opened, offsets_of: Callable[[Meeting], Sequence[timedelta]], now: datetime
) -> list[Due]:
    """Of the open meetings, the reminders (at each meeting's `offsets_of`) due by `now` and
    not decided yet, earliest first."""
    meetings, decided, recipients = opened
    due = []
    for meeting in meetings:
        moments = rules.reminder_moments(meeting.starts_at, meeting.changed_at, offsets_of(meeting))
        for moment in moments:
            if moment.at > now:
                continue
            offset = rules.offset_minutes(moment.offset)
            done = decided.get((meeting.id, meeting.version, offset), set())
            for person_id in sorted(recipients.get(meeting.id, set()) - done):
                due.append(Due(meeting.id, person_id, offset, moment.at))
    return sorted(due, key=lambda d: (d.at, d.meeting_id, d.person_id))


async def _skip_reason(
    session: AsyncSession, meeting: Meeting, person: Person | None, invite: MeetingInvite | None
) -> Sent | None:
    """Why this person gets no reminder of this meeting now; None: they get one."""
    if person is None or not _reachable(person):
        return Sent.UNREACHABLE
    if invite is not None and invite.answer == "no":
        return Sent.DECLINED
    if meeting.pair_id is not None:
        pairs = [await session.get(Pair, meeting.pair_id)]
    elif invite is not None:  # a mentee of a group meeting: their own pair with the mentor
        pairs = [
            await session.scalar(
                select(Pair)
                .where(Pair.mentor_id == meeting.mentor_id, Pair.mentee_id == person.id)
                .order_by(Pair.id.desc())
            )
        ]
    else:  # the mentor of a group meeting: any pair of the group
        invited = select(MeetingInvite.person_id).where(MeetingInvite.meeting_id == meeting.id)
        pairs = list(
            await session.scalars(
                select(Pair).where(Pair.mentor_id == meeting.mentor_id, Pair.mentee_id.in_(invited))
            )
        )
    working = [p for p in pairs if p is not None and p.status == "active"]
    if not working:
        return Sent.ENDED
    if all(p.paused_at is not None for p in working):
        return Sent.PAUSED
    return None


async def send_reminder(
    sessions: Sessions,
    meeting_id: int,
    person_id: int,
    offset: int,
    *,
    zone: ZoneInfo,
    now: datetime | None = None,
) -> Sent:
    """The reminder `offset` minutes before the meeting to this person, decided once per
    version of the meeting: queued in the outbox (in the daytime unless the meeting is about to
    start), or skipped with the reason recorded. Safe to call twice, from two processes too."""
    sent = await _send_reminders(
        sessions, [(meeting_id, person_id, offset)], zone=zone, now=now or utcnow()
    )
    return sent[0]


async def _send_reminders(
    sessions: Sessions, wanted: Sequence[tuple[int, int, int]], *, zone: ZoneInfo, now: datetime
) -> list[Sent]:
    """`send_reminder` of each (meeting, person, offset), all in one transaction: the meetings'
    rows taken first, what the decisions read loaded with a query per table, the decisions
    recorded with one statement (a reminder decided before is not inserted: ALREADY)."""
    ids = sorted({meeting_id for meeting_id, _, _ in wanted})
    people_ids = sorted({person_id for _, person_id, _ in wanted})
    outcomes: dict[tuple[int, int, int], Sent] = {}
    async with sessions.begin() as session:
        await session.execute(  # as `_lock`, for every meeting at once
            update(Meeting)
            .where(Meeting.id.in_(ids))
            .values(version=Meeting.version)
            .execution_options(synchronize_session=False)
        )
        found = await session.scalars(
            select(Meeting).where(Meeting.id.in_(ids)).execution_options(populate_existing=True)
        )
        meetings = {m.id: m for m in found}
        invited = await session.scalars(
            select(MeetingInvite).where(
                MeetingInvite.meeting_id.in_(ids), MeetingInvite.person_id.in_(people_ids)
            )
        )
        invites = {(i.meeting_id, i.person_id): i for i in invited}
        people = {
            p.id: p for p in await session.scalars(select(Person).where(Person.id.in_(people_ids)))
        }
        pair_ids = {m.pair_id for m in meetings.values() if m.pair_id is not None}
        pairs = list(await session.scalars(select(Pair).where(Pair.id.in_(pair_ids))))
        rows = []
        for item in dict.fromkeys(wanted):
            meeting_id, person_id, offset = item
            meeting = meetings.get(meeting_id)
            outcome = await _reminder_outcome(
                session,
                meeting,
                person_id=person_id,
                offset=offset,
                invite=invites.get((meeting_id, person_id)),
                person=people.get(person_id),
                now=now,
            )
            outcomes[item] = outcome
            if outcome is not Sent.NOT_DUE and meeting is not None:
                rows.append(
                    {
                        "meeting_id": meeting_id,
                        "version": meeting.version,
                        "offset_minutes": offset,
                        "person_id": person_id,
                        "decided_at": now,
                        "outcome": outcome.value,
                    }
                )
        del pairs  # kept until here: `_skip_reason` finds a meeting's pair in the session
        inserted: set[tuple[int, int, int]] = set()
        if rows:
            statement = (
                insert_for(session.get_bind().dialect.name, _reminders)
                .on_conflict_do_nothing()
                .returning(
                    _reminders.c.meeting_id, _reminders.c.person_id, _reminders.c.offset_minutes
                )
            )
            inserted = {(m, p, o) for m, p, o in await session.execute(statement, rows)}
        for item, outcome in outcomes.items():
            if outcome is Sent.NOT_DUE:
                continue
            meeting_id, person_id, offset = item
            meeting = meetings[meeting_id]
            if item not in inserted:
                outcomes[item] = Sent.ALREADY
            elif outcome is not Sent.SENT:
                logger.info(
                    "Reminder %d min before meeting %s (v%d) to person %s skipped: %s",
                    offset,
                    meeting_id,
                    meeting.version,
                    person_id,
                    outcome.value,
                )
            else:
                await notify.tell(
                    session,
                    people[person_id],
                    "meeting-reminder",
                    kind="reminder",
                    dedup_key=f"mt-rem:{meeting_id}:{meeting.version}:{offset}:{person_id}",
                    quiet=rules.quiet(now, meeting.starts_at, zone),
                    **_reminder_args(meeting, person_id, offset, zone),
                )
    return [outcomes[item] for item in wanted]


async def _reminder_outcome(
    session: AsyncSession,
    meeting: Meeting | None,
    *,
    person_id: int,
    offset: int,
    invite: MeetingInvite | None,
    person: Person | None,
    now: datetime,
) -> Sent:
    """What becomes of the reminder `offset` minutes before `meeting` to this person now."""
    if meeting is None or meeting.status != MeetingStatus.PLANNED:
        return Sent.NOT_DUE
    moment = meeting.starts_at - timedelta(minutes=offset)
    if moment <= meeting.changed_at or rules.reminder_now(moment, meeting.starts_at, now) is (
        rules.Late.WAIT
    ):
        return Sent.NOT_DUE
    if invite is None and person_id != meeting.mentor_id:
        return Sent.NOT_DUE
    if now >= meeting.starts_at:
        return Sent.LATE
    return await _skip_reason(session, meeting, person, invite) or Sent.SENT


def _reminder_args(meeting: Meeting, person_id: int, offset: int, zone: ZoneInfo) -> dict[str, Any]:
    group = meeting.pair_id is None and person_id == meeting.mentor_id
    return {
        "unit": "h" if offset % 60 == 0 else "m",
        "hours": offset // 60,
        "minutes": offset,
        "meeting": _kind(meeting),
        "group": "yes" if group else "no",
        "who": Name(meeting.mentor_id) if person_id != meeting.mentor_id else "",
        "when": Moment(meeting.starts_at, zone),
        **_where(meeting),
    }


async def meeting_reminder(
    ctx: Context, *, meeting_id: int, offset: int, now: datetime | None = None
) -> None:
    """The job of one reminder of a meeting: every recipient's reminder, each decided once.
    Early (the meeting was moved later): planned again for its new moment."""
    await meeting_reminders(ctx, [{"meeting_id": meeting_id, "offset": offset}], now=now)


async def meeting_reminders(
    ctx: Context, jobs: Sequence[Mapping[str, Any]], *, now: datetime | None = None
) -> None:
    """`meeting_reminder` of many jobs at once (the scheduler runs the jobs that fall due
    together as one batch): who is due is read once for all, and the reminders are decided
    `REMINDERS_AT_ONCE` to a transaction, the earliest first."""
    now = now or utcnow()
    wanted: dict[int, set[timedelta]] = {}
    for job in jobs:
        offset = timedelta(minutes=int(job["offset"]))
        wanted.setdefault(int(job["meeting_id"]), set()).add(offset)
    if not wanted:
        return
    async with ctx.sessions() as session:
        opened = await _open_meetings(session, now, list(wanted))
    for meeting in opened[0]:
        for offset in wanted[meeting.id]:
            moment = meeting.starts_at - offset
            if meeting.changed_at < moment and now < moment:
                ctx.scheduler.plan(reminder_job(meeting.id, rules.offset_minutes(offset), moment))
    due = _due(opened, lambda meeting: tuple(wanted[meeting.id]), now)
    for start in range(0, len(due), REMINDERS_AT_ONCE):
        chunk = [
            (d.meeting_id, d.person_id, d.offset) for d in due[start : start + REMINDERS_AT_ONCE]
        ]
        await _send_reminders(ctx.sessions, chunk, zone=ctx.zone, now=now)


async def planned(ctx: Context, now: datetime | None = None) -> list[Job]:
    """The reminder jobs the database says should exist: one per (meeting, offset) not decided
    for everyone yet; one that fell due while the bot was down runs at once (and is sent if
    its meeting is still ahead, skipped if not)."""
    now = now or utcnow()
    async with ctx.sessions() as session:
        meetings, decided, recipients = await _open_meetings(session, now)
    jobs = []
    for meeting in meetings:
        for moment in rules.reminder_moments(
            meeting.starts_at, meeting.changed_at, ctx.meeting_offsets
        ):
            offset = rules.offset_minutes(moment.offset)
            done = decided.get((meeting.id, meeting.version, offset), set())
            if recipients.get(meeting.id, set()) - done:
                jobs.append(reminder_job(meeting.id, offset, moment.at))
    return jobs


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
