"""Meeting reminders: at the offsets of `MEETING_REMINDERS` before a meeting, to its mentor
and to every invitee who has not declined, each decided once.

`meeting_reminders` holds one row per (meeting, version, offset, person), inserted — a conflict
does nothing — in the transaction that queues the message (the outbox's `dedup_key` is a second
guard); so a repeat, or a second process, finds the row and sends nothing. A move starts a new
version, whose reminders are due afresh; a skip (the pair paused, the person said no, the
meeting already started) is recorded the same way. Jobs are one per (meeting, offset): `planned`
lists them for the scheduler's rebuild at start-up and every hour; reminders that fall due
together are decided as one batch (`meeting_reminders`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Meeting,
    MeetingInvite,
    MeetingReminder,
    Pair,
    Person,
    utcnow,
)
from bot.db.upsert import insert_for
from bot.domain import meetings as rules
from bot.domain.meetings import MeetingStatus
from bot.scheduling.base import Job
from bot.services import notify
from bot.services.meetings import (
    kind_label,
    reachable,
    reminder_job,
    where_args,
)
from bot.services.notify import Moment, Name
from bot.services.people import Sessions
from bot.services.reminders import Context

logger = logging.getLogger(__name__)

LATE_WINDOW = timedelta(days=1)
"""Meetings that started this long ago are still looked at for reminders left undecided (they
are recorded as skipped, and logged); older ones are not looked at any more."""
REMINDERS_AT_ONCE = 100
"""Reminders decided in one transaction when many fall due together: each transaction holds
SQLite's one write lock, so short ones let the bot's other writes through between them."""

_reminders = cast(Table, MeetingReminder.__table__)


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


async def skip_reason(
    session: AsyncSession, meeting: Meeting, person: Person | None, invite: MeetingInvite | None
) -> Sent | None:
    """Why this person gets no reminder of this meeting now; None: they get one."""
    if person is None or not reachable(person):
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
        await session.execute(  # as `lock_meeting`, for every meeting at once
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
        del pairs  # kept until here: `skip_reason` finds a meeting's pair in the session
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
    return await skip_reason(session, meeting, person, invite) or Sent.SENT


def _reminder_args(meeting: Meeting, person_id: int, offset: int, zone: ZoneInfo) -> dict[str, Any]:
    group = meeting.pair_id is None and person_id == meeting.mentor_id
    return {
        "unit": "h" if offset % 60 == 0 else "m",
        "hours": offset // 60,
        "minutes": offset,
        "meeting": kind_label(meeting),
        "group": "yes" if group else "no",
        "who": Name(meeting.mentor_id) if person_id != meeting.mentor_id else "",
        "when": Moment(meeting.starts_at, zone),
        **where_args(meeting),
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
