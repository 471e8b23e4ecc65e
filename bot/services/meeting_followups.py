"""After a meeting: «Встреча состоялась?» to the mentor («Да» / «Нет» / «Перенесли», then an
optional note) and a 1–5 rating to each invitee who said «Приду»; each reminded once the next
day if unanswered (the figures they make are in `bot.services.pair_figures`).

The first question is due at the meeting's start plus an hour, or at 19:00 that day, whichever
is later (`bot.domain.meetings.held_question_at`); its reminder the next day, in the daytime.
Each question and each reminder is decided once per (meeting, person, step): a row in
`meeting_followups` (sent, or skipped and why) inserted — a conflict doing nothing — in the
transaction that queues the message, after the meeting's row is taken for that transaction; so
a job run twice, or by two processes, sends it once. A row decided before the meeting was last
moved belongs to the old time: it is dropped, and the question comes after the new time. A
paused pair's question waits (its row says `waiting`) and goes when the pair is resumed, up to
`PAUSE_LIMIT` after it fell due; one that fell due while the bot was down goes up to
`LATE_LIMIT` late, and is skipped (and logged) after that. An ended pair, a person who withdrew
or blocked the bot: skipped.

Jobs are one per meeting and stage (the questions, the reminders): `planned` lists those the
database says should exist for the scheduler's rebuild at start-up and every hour; a job that
finds its meeting moved later plans itself again.

The answers are checked on every call: only the meeting's mentor answers whether it was held,
after its start, on the version the question was about; only an invitee who said «Приду»
rates it, after its start, unless the mentor said it did not take place. The first answer
counts; a later tap changes nothing and says so (`Answer`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, delete, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Meeting, MeetingFollowUp, MeetingInvite, Pair, Person, utcnow
from bot.db.upsert import insert_for
from bot.domain import meeting_followups as rules
from bot.domain.meetings import MeetingStatus, held_question_at
from bot.scheduling.base import Job
from bot.services import audit, notify
from bot.services.meeting_reminders import Sent, skip_reason
from bot.services.meetings import kind_label, lock_meeting
from bot.services.notify import Button, Buttons, Moment, Name
from bot.services.people import Sessions
from bot.services.reminders import Context

logger = logging.getLogger(__name__)

HELD_CALLBACK = "mh:"
"""`mh:<meeting>:<version>:y|n|m`: the mentor's «Да» / «Нет» / «Перенесли»."""
RATE_CALLBACK = "mr:"
"""`mr:<meeting>:<1-5>`: an invitee's rating."""
ASK_TASK = "meeting_followup"
AGAIN_TASK = "meeting_followup_again"
PLAN_AHEAD = timedelta(days=1)
"""`planned` lists the jobs due within this (the hourly rebuild plans the later ones in time)."""
LOOK_BACK = rules.PAUSE_LIMIT + timedelta(days=4)
"""Meetings that started this long ago are not looked at any more (their questions, and the
reminders of them, are all due before)."""

_ASKED_OF = (MeetingStatus.PLANNED.value, MeetingStatus.HELD.value)
_followups = cast(Table, MeetingFollowUp.__table__)


class Asked(StrEnum):
    """What became of one question (or its reminder) to one person; stored as the outcome."""

    SENT = "sent"
    WAITING = "waiting"  # their pair is on a pause: asked when it is resumed
    LATE = "late"  # fell due too long ago (the bot was down): skipped, and logged
    ENDED = "ended"  # their pair no longer works
    UNREACHABLE = "unreachable"  # withdrew, or blocked the bot
    ALREADY = "already"  # decided before (by this process or another): nothing done
    NOT_DUE = "not_due"  # not yet, not theirs, answered, or the meeting is off: nothing stored


_SKIPPED = {Sent.PAUSED: Asked.WAITING, Sent.UNREACHABLE: Asked.UNREACHABLE}


class Answer(StrEnum):
    DONE = "done"
    ALREADY = "already"  # answered before (the first answer counts): nothing changed
    NOT_ALLOWED = "not_allowed"  # not this meeting's mentor
    NOT_INVITED = "not_invited"  # a rating from someone who did not say «Приду»
    NOT_STARTED = "not_started"
    CANCELLED = "cancelled"
    NOT_HELD = "not_held"  # a rating of a meeting the mentor said did not take place
    STALE = "stale"  # the meeting was moved since the question
    PAIR_ENDED = "pair_ended"  # «Перенесли» for a pair that no longer works
    NOT_ANSWERED = "not_answered"  # a note before «Да» / «Нет»
    TOO_LONG = "too_long"
    INVALID = "invalid"  # a rating out of 1–5, an empty note
    GONE = "gone"

    @property
    def key(self) -> str:
        """The message that tells the person what came of it."""
        return f"followup-{self.value}"


@dataclass(frozen=True)
class Result:
    """What came of an answer, and what the person's message should say now."""

    outcome: Answer
    meeting_id: int | None = None
    kind: str | None = None
    starts_at: datetime | None = None
    held: bool | None = None  # the mentor's answer (given now, or before)
    rating: int | None = None  # the invitee's rating (given now, or before)


# ---- buttons -------------------------------------------------------------------------------


def held_buttons(meeting_id: int, version: int) -> Buttons:
    prefix = f"{HELD_CALLBACK}{meeting_id}:{version}"
    return [
        [
            Button("btn-followup-held", f"{prefix}:y"),
            Button("btn-followup-not-held", f"{prefix}:n"),
        ],
        [Button("btn-followup-moved", f"{prefix}:m")],
    ]


def rate_buttons(meeting_id: int) -> Buttons:
    return [
        [
            Button(f"btn-followup-rate-{n}", f"{RATE_CALLBACK}{meeting_id}:{n}")
            for n in rules.RATINGS
        ]
    ]


def _id(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else None


def parse_held(data: str) -> tuple[int, int, str] | None:
    """(meeting, version, y|n|m) from `mh:<meeting>:<version>:<y|n|m>`; None for anything else."""
    parts = data.split(":")
    if len(parts) != 4 or f"{parts[0]}:" != HELD_CALLBACK or parts[3] not in ("y", "n", "m"):
        return None
    meeting_id, version = _id(parts[1]), _id(parts[2])
    if meeting_id is None or version is None:
        return None
    return meeting_id, version, parts[3]


def parse_rating(data: str) -> tuple[int, int] | None:
    """(meeting, rating) from `mr:<meeting>:<1-5>`; None for anything else."""
    parts = data.split(":")
    if len(parts) != 3 or f"{parts[0]}:" != RATE_CALLBACK:
        return None
    meeting_id, rating = _id(parts[1]), _id(parts[2])
    if meeting_id is None or rating is None or rating not in rules.RATINGS:
        return None
    return meeting_id, rating


# ---- the questions -------------------------------------------------------------------------


def ask_job(meeting_id: int, at: datetime) -> Job:
    return Job(f"followup:{meeting_id}", ASK_TASK, at, {"meeting_id": meeting_id})


def again_job(meeting_id: int, at: datetime) -> Job:
    return Job(f"followup-again:{meeting_id}", AGAIN_TASK, at, {"meeting_id": meeting_id})


@dataclass(frozen=True)
class _Row:
    decided_at: datetime
    outcome: str


@dataclass(frozen=True)
class _Invite:
    person_id: int
    answer: str | None
    rating: int | None


def _asked(meeting: Meeting, invites: Sequence[_Invite]) -> list[tuple[int, rules.Step, bool]]:
    """Who is asked what after this meeting: (person, first step, answered already)."""
    asked = []
    if meeting.status == MeetingStatus.PLANNED:
        asked.append((meeting.mentor_id, rules.Step.HELD, False))
    if meeting.status in _ASKED_OF:
        asked += [
            (i.person_id, rules.Step.RATE, i.rating is not None)
            for i in invites
            if i.answer == "yes"
        ]
    return asked


def _pending(
    meeting: Meeting,
    rows: dict[tuple[int, str], _Row],
    invites: Sequence[_Invite],
    zone: ZoneInfo,
) -> tuple[datetime | None, datetime | None]:
    """When the meeting's questions, and the reminders of them, are due: None for what is
    decided for everyone (or answered)."""
    fresh = {key: row for key, row in rows.items() if row.decided_at > meeting.changed_at}
    ask: datetime | None = None
    again: datetime | None = None
    for person_id, step, answered in _asked(meeting, invites):
        if answered:
            continue
        first = fresh.get((person_id, step.value))
        if first is None or first.outcome == Asked.WAITING:
            ask = held_question_at(meeting.starts_at, zone)
            continue
        if first.outcome != Asked.SENT:
            continue
        reminder = fresh.get((person_id, step.again.value))
        if reminder is None or reminder.outcome == Asked.WAITING:
            at = rules.again_at(first.decided_at, zone)
            again = at if again is None else min(again, at)
    return ask, again


async def _load(
    session: AsyncSession, where: list[Any]
) -> tuple[list[Meeting], dict[int, dict[tuple[int, str], _Row]], dict[int, list[_Invite]]]:
    meetings = list(await session.scalars(select(Meeting).where(*where).order_by(Meeting.id)))
    ids = select(Meeting.id).where(*where)
    rows: dict[int, dict[tuple[int, str], _Row]] = {}
    found = await session.execute(
        select(
            MeetingFollowUp.meeting_id,
            MeetingFollowUp.person_id,
            MeetingFollowUp.step,
            MeetingFollowUp.decided_at,
            MeetingFollowUp.outcome,
        ).where(MeetingFollowUp.meeting_id.in_(ids))
    )
    for meeting_id, person_id, step, decided_at, outcome in found:
        rows.setdefault(meeting_id, {})[(person_id, step)] = _Row(decided_at, outcome)
    invites: dict[int, list[_Invite]] = {}
    answers = await session.execute(
        select(
            MeetingInvite.meeting_id,
            MeetingInvite.person_id,
            MeetingInvite.answer,
            MeetingInvite.rating,
        ).where(MeetingInvite.meeting_id.in_(ids))
    )
    for meeting_id, person_id, answer, rating in answers:
        invites.setdefault(meeting_id, []).append(_Invite(person_id, answer, rating))
    return meetings, rows, invites


async def _jobs(
    sessions: Sessions, zone: ZoneInfo, now: datetime, *, meeting_id: int | None = None
) -> list[Job]:
    where: list[Any] = [
        Meeting.status.in_(_ASKED_OF),
        Meeting.starts_at > now - LOOK_BACK,
        Meeting.starts_at <= now + PLAN_AHEAD,
    ]
    if meeting_id is not None:
        where.append(Meeting.id == meeting_id)
    async with sessions() as session:
        meetings, rows, invites = await _load(session, where)
    jobs = []
    for meeting in meetings:
        ask, again = _pending(meeting, rows.get(meeting.id, {}), invites.get(meeting.id, []), zone)
        if ask is not None and ask <= now + PLAN_AHEAD:
            jobs.append(ask_job(meeting.id, ask))
        if again is not None and again <= now + PLAN_AHEAD:
            jobs.append(again_job(meeting.id, again))
    return jobs


async def planned(ctx: Context, now: datetime | None = None) -> list[Job]:
    """The jobs the database says should exist (due within `PLAN_AHEAD`): one that fell due
    while the bot was down runs at once (and asks if it is not too late, skips if it is)."""
    return await _jobs(ctx.sessions, ctx.zone, now or utcnow())


async def meeting_followup(ctx: Context, *, meeting_id: int, now: datetime | None = None) -> None:
    """The job of a meeting's questions: «Встреча состоялась?» and the ratings."""
    await _run(ctx, meeting_id, again=False, now=now or utcnow())


async def meeting_followup_again(
    ctx: Context, *, meeting_id: int, now: datetime | None = None
) -> None:
    """The job of a meeting's reminders of the questions left unanswered."""
    await _run(ctx, meeting_id, again=True, now=now or utcnow())


async def _run(ctx: Context, meeting_id: int, *, again: bool, now: datetime) -> None:
    async with ctx.sessions() as session:
        meetings, _, invites = await _load(session, [Meeting.id == meeting_id])
    if not meetings:
        return
    for person_id, step, answered in _asked(meetings[0], invites.get(meeting_id, [])):
        if not answered:
            await decide(
                ctx.sessions,
                meeting_id,
                person_id,
                step.again if again else step,
                zone=ctx.zone,
                now=now,
            )
    # What is left (a meeting moved later, the reminders of what was asked): at its moment.
    for job in await _jobs(ctx.sessions, ctx.zone, now, meeting_id=meeting_id):
        if job.at > now:
            ctx.scheduler.plan(job)


async def _due(
    session: AsyncSession,
    meeting: Meeting,
    person_id: int,
    step: rules.Step,
    *,
    invite: MeetingInvite | None,
    zone: ZoneInfo,
) -> datetime | None:
    """When this step is due; None: it is not (not theirs, answered, or nothing to remind of)."""
    if step.to_mentor:
        if person_id != meeting.mentor_id or meeting.status != MeetingStatus.PLANNED:
            return None
    elif invite is None or invite.answer != "yes" or invite.rating is not None:
        return None
    if not step.is_reminder:
        return held_question_at(meeting.starts_at, zone)
    first = await session.scalar(
        select(MeetingFollowUp).where(
            MeetingFollowUp.meeting_id == meeting.id,
            MeetingFollowUp.person_id == person_id,
            MeetingFollowUp.step == step.first.value,
            MeetingFollowUp.decided_at > meeting.changed_at,
        )
    )
    if first is None or first.outcome != Asked.SENT:
        return None
    return rules.again_at(first.decided_at, zone)


async def decide(
    sessions: Sessions,
    meeting_id: int,
    person_id: int,
    step: rules.Step,
    *,
    zone: ZoneInfo,
    now: datetime | None = None,
) -> Asked:
    """One question (or reminder) to one person, decided once: queued in the outbox (in the
    daytime), or skipped with the reason recorded, or left waiting for a paused pair. Safe to
    call twice, from two processes too."""
    now = now or utcnow()
    async with sessions.begin() as session:
        await lock_meeting(session, meeting_id)  # the first write: what is read below is the latest
        meeting = await session.get(Meeting, meeting_id, populate_existing=True)
        if meeting is None or meeting.status not in _ASKED_OF:
            return Asked.NOT_DUE
        key = (
            MeetingFollowUp.meeting_id == meeting_id,
            MeetingFollowUp.person_id == person_id,
            MeetingFollowUp.step == step.value,
        )
        # Decided for the meeting's time before a move: the question is asked after the new one.
        await session.execute(
            delete(MeetingFollowUp)
            .where(*key, MeetingFollowUp.decided_at <= meeting.changed_at)
            .execution_options(synchronize_session=False)
        )
        row = await session.scalar(
            select(MeetingFollowUp).where(*key).execution_options(populate_existing=True)
        )
        if row is not None and row.outcome != Asked.WAITING:
            return Asked.ALREADY
        invite = await session.get(MeetingInvite, (meeting_id, person_id), populate_existing=True)
        due = await _due(session, meeting, person_id, step, invite=invite, zone=zone)
        if due is None or now < due:
            return Asked.NOT_DUE
        person = await session.get(Person, person_id)
        if rules.too_late(due, now, waited=row is not None):
            outcome = Asked.LATE
        else:
            why = await skip_reason(session, meeting, person, invite)
            outcome = Asked.SENT if why is None else _SKIPPED.get(why, Asked.ENDED)
        if row is None:
            statement = (
                insert_for(session.get_bind().dialect.name, _followups)
                .values(
                    meeting_id=meeting_id,
                    person_id=person_id,
                    step=step.value,
                    decided_at=now,
                    outcome=outcome.value,
                )
                .on_conflict_do_nothing()
                .returning(_followups.c.meeting_id)
            )
            if await session.scalar(statement) is None:
                return Asked.ALREADY
        elif outcome is Asked.WAITING:
            return Asked.WAITING  # still paused: the row says so already
        else:
            result = await session.execute(
                update(MeetingFollowUp)
                .where(*key, MeetingFollowUp.outcome == Asked.WAITING.value)
                .values(decided_at=now, outcome=outcome.value)
                .execution_options(synchronize_session=False)
            )
            if not getattr(result, "rowcount", 0):
                return Asked.ALREADY
        if outcome is not Asked.SENT:
            log = logger.warning if outcome is Asked.LATE else logger.info
            log(
                "Follow-up %s of meeting %s (v%d) to person %s: %s",
                step.value,
                meeting_id,
                meeting.version,
                person_id,
                outcome.value,
            )
            return outcome
        assert person is not None
        await _ask(session, meeting, person, step, zone)
        return Asked.SENT


async def _ask(
    session: AsyncSession, meeting: Meeting, person: Person, step: rules.Step, zone: ZoneInfo
) -> None:
    dedup_key = f"mf:{step.value}:{meeting.id}:{meeting.version}:{person.id}"
    when = Moment(meeting.starts_at, zone)
    if step.to_mentor:
        pair = await session.get(Pair, meeting.pair_id) if meeting.pair_id is not None else None
        await notify.tell(
            session,
            person,
            "followup-held-again" if step.is_reminder else "followup-held-question",
            kind="meeting",
            buttons=held_buttons(meeting.id, meeting.version),
            dedup_key=dedup_key,
            quiet=True,
            meeting=kind_label(meeting),
            when=when,
            group="no" if pair is not None else "yes",
            who=Name(pair.mentee_id) if pair is not None else "",
        )
        return
    await notify.tell(
        session,
        person,
        "followup-rate-again" if step.is_reminder else "followup-rate-question",
        kind="meeting",
        buttons=rate_buttons(meeting.id),
        dedup_key=dedup_key,
        quiet=True,
        meeting=kind_label(meeting),
        when=when,
        mentor=Name(meeting.mentor_id),
    )


# ---- the answers ---------------------------------------------------------------------------


def _result(outcome: Answer, meeting: Meeting, rating: int | None = None) -> Result:
    held = {MeetingStatus.HELD.value: True, MeetingStatus.NOT_HELD.value: False}.get(meeting.status)
    return Result(outcome, meeting.id, meeting.kind, meeting.starts_at, held, rating)


def _why_not_held(meeting: Meeting | None, by: int, version: int, now: datetime) -> Answer:
    """Why the mentor's answer (or «Перенесли») does not apply to this meeting now."""
    if meeting is None:
        return Answer.GONE
    if meeting.mentor_id != by:
        return Answer.NOT_ALLOWED
    if meeting.status == MeetingStatus.CANCELLED:
        return Answer.CANCELLED
    if meeting.status != MeetingStatus.PLANNED:
        return Answer.ALREADY
    if meeting.version != version:
        return Answer.STALE
    if meeting.starts_at > now:
        return Answer.NOT_STARTED
    return Answer.DONE


async def answer_held(
    sessions: Sessions,
    meeting_id: int,
    *,
    by: int,
    version: int,
    held: bool,
    now: datetime | None = None,
) -> Result:
    """The mentor `by` (a person id) says whether the meeting (at `version`, the time the
    question was about) took place. The first answer counts."""
    now = now or utcnow()
    status = MeetingStatus.HELD if held else MeetingStatus.NOT_HELD
    async with sessions.begin() as session:
        result = await session.execute(
            update(Meeting)
            .where(
                Meeting.id == meeting_id,
                Meeting.mentor_id == by,
                Meeting.version == version,
                Meeting.status == MeetingStatus.PLANNED.value,
                Meeting.starts_at <= now,
            )
            .values(status=status.value, outcome_at=now)
            .execution_options(synchronize_session=False)
        )
        meeting = await session.get(Meeting, meeting_id, populate_existing=True)
        if not getattr(result, "rowcount", 0):
            why = _why_not_held(meeting, by, version, now)
            if meeting is None or why is Answer.NOT_ALLOWED:
                return Result(why, meeting_id)
            return _result(why if why is not Answer.DONE else Answer.ALREADY, meeting)
        assert meeting is not None
        mentor = await session.get(Person, by)
        audit.log(
            session,
            "meeting_held" if held else "meeting_not_held",
            actor=mentor.telegram_id if mentor is not None else None,
            meeting=meeting_id,
        )
        return _result(Answer.DONE, meeting)


async def may_move(
    sessions: Sessions, meeting_id: int, *, by: int, version: int, now: datetime | None = None
) -> Result:
    """Whether the mentor's «Перенесли» may open the move of the meeting (DONE: it may)."""
    now = now or utcnow()
    async with sessions() as session:
        meeting = await session.get(Meeting, meeting_id)
        why = _why_not_held(meeting, by, version, now)
        if meeting is None or why is Answer.NOT_ALLOWED:
            return Result(why, meeting_id)
        if why is Answer.DONE and meeting.pair_id is not None:
            pair = await session.get(Pair, meeting.pair_id)
            if pair is None or pair.status != "active":
                why = Answer.PAIR_ENDED
        return _result(why, meeting)


async def save_note(
    sessions: Sessions,
    meeting_id: int,
    *,
    by: int,
    note: str,
    now: datetime | None = None,
) -> Result:
    """The mentor's note after «Да» / «Нет»: kept once (the same note handled again is done)."""
    note = " ".join(note.split())
    if not note:
        return Result(Answer.INVALID, meeting_id)
    if len(note) > rules.NOTE_LIMIT:
        return Result(Answer.TOO_LONG, meeting_id)
    async with sessions.begin() as session:
        result = await session.execute(
            update(Meeting)
            .where(
                Meeting.id == meeting_id,
                Meeting.mentor_id == by,
                Meeting.status.in_((MeetingStatus.HELD.value, MeetingStatus.NOT_HELD.value)),
                Meeting.outcome_note.is_(None),
            )
            .values(outcome_note=note)
            .execution_options(synchronize_session=False)
        )
        meeting = await session.get(Meeting, meeting_id, populate_existing=True)
        if getattr(result, "rowcount", 0):
            assert meeting is not None
            return _result(Answer.DONE, meeting)
        if meeting is None:
            return Result(Answer.GONE, meeting_id)
        if meeting.mentor_id != by:
            return Result(Answer.NOT_ALLOWED, meeting_id)
        if meeting.status == MeetingStatus.CANCELLED:
            return _result(Answer.CANCELLED, meeting)
        if meeting.status == MeetingStatus.PLANNED:
            return _result(Answer.NOT_ANSWERED, meeting)
        return _result(Answer.DONE if meeting.outcome_note == note else Answer.ALREADY, meeting)


async def rate(
    sessions: Sessions,
    meeting_id: int,
    person_id: int,
    rating: int,
    *,
    now: datetime | None = None,
) -> Result:
    """An invitee who said «Приду» rates the meeting 1–5 after its start. The first counts."""
    now = now or utcnow()
    if rating not in rules.RATINGS:
        return Result(Answer.INVALID, meeting_id)
    rateable = exists().where(
        Meeting.id == MeetingInvite.meeting_id,
        Meeting.status.in_(_ASKED_OF),
        Meeting.starts_at <= now,
    )
    async with sessions.begin() as session:
        result = await session.execute(
            update(MeetingInvite)
            .where(
                MeetingInvite.meeting_id == meeting_id,
                MeetingInvite.person_id == person_id,
                MeetingInvite.answer == "yes",
                MeetingInvite.rating.is_(None),
                rateable,
            )
            .values(rating=rating, rated_at=now)
            .execution_options(synchronize_session=False)
        )
        meeting = await session.get(Meeting, meeting_id, populate_existing=True)
        if getattr(result, "rowcount", 0):
            assert meeting is not None
            return _result(Answer.DONE, meeting, rating=rating)
        invite = await session.get(MeetingInvite, (meeting_id, person_id), populate_existing=True)
        if meeting is None:
            return Result(Answer.GONE, meeting_id)
        if invite is None or invite.answer != "yes":
            return Result(Answer.NOT_INVITED, meeting_id)
        if invite.rating is not None:
            return _result(Answer.ALREADY, meeting, rating=invite.rating)
        if meeting.status == MeetingStatus.CANCELLED:
            return _result(Answer.CANCELLED, meeting)
        if meeting.status == MeetingStatus.NOT_HELD:
            return _result(Answer.NOT_HELD, meeting)
        return _result(Answer.NOT_STARTED, meeting)
