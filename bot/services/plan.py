"""A pair's individual plan: the mentor adds tasks (with a deadline, or none), the mentee
proposes them and the mentor accepts or declines; both mark a task done, or not done again; the
other side is told. A weekly digest of overdue tasks goes to both sides of a working pair.

Every use case checks on each call who acts (only the pair's mentor or mentee; accepting and
declining only the mentor) and that the pair works (an ended or completed pair's plan is read
only; a paused one may still be changed). A change of a task is one conditional statement on
the task, the version its button named and the status it expects, so a double, late or forged
tap changes nothing and says why (`Outcome`). A typed task counts once by the message it was
typed in (`created_from`).

The digest goes at most once a week to a pair: a `pair_notices` row (`digest:2026-W49`) is
inserted, a conflict doing nothing, in the transaction that queues it. One job plans it
(`planned`, rebuilt at start-up and every hour): at the week's digest moment if a pair that
should have had it has not (the bot was down, or the pair was paused then), else at the next.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, and_, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Pair, PairNotice, Person, PlanTask, utcnow
from bot.db.upsert import insert_for
from bot.domain import plan as rules
from bot.domain.plan import Digest, TaskStatus
from bot.scheduling.base import Job
from bot.services import audit, notify
from bot.services.notify import Button, Buttons, Day, Lines, Name
from bot.services.pair_figures import shares_in
from bot.services.people import Sessions, name_of
from bot.services.reminders import Context

logger = logging.getLogger(__name__)

DECIDE_CALLBACK = "pl:"
"""`pl:<task>:<version>:a|d`: the mentor accepts or declines a proposal, under its notice."""
OPEN_CALLBACK = "po:"
"""`po:<pair>`: «📋 Открыть план» under a notice."""
DIGEST_TASK = "plan_digest"
DIGEST_JOB = "plan-digest"
DIGEST_SHOWN = 10
"""Overdue tasks a digest lists (the rest are counted)."""

_notices = cast(Table, PairNotice.__table__)
ACTIVE = "active"
CLOSED_STATUSES = ("completed", "ended")


class Outcome(StrEnum):
    DONE = "done"
    ALREADY = "already"  # the same change was made before (a second tap): nothing changed
    STALE = "stale"  # the task changed since the button was drawn
    NOT_ALLOWED = "not_allowed"  # not a side of this pair
    MENTOR_ONLY = "mentor_only"  # accepting or declining a proposal is the mentor's
    CLOSED = "closed"  # the pair does not work (ended, completed, not started)
    NOT_OPEN = "not_open"  # the task is not in the status this change is for
    GONE = "gone"  # no such task
    EMPTY = "empty"
    TOO_LONG = "too_long"
    IN_THE_PAST = "in_the_past"
    FULL = "full"  # the plan has `TASKS_LIMIT` tasks

    def key(self, action: str) -> str:
        """The message that says what came of `action` (add, propose, done, undo, accept,
        decline)."""
        if self in (Outcome.DONE, Outcome.ALREADY):
            return f"plan-{self.value}-{action}"
        return f"plan-outcome-{self.value}"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    task_id: int | None = None


class Action(StrEnum):
    DONE = "done"
    UNDO = "undo"
    ACCEPT = "accept"
    DECLINE = "decline"


# (the status it expects, the status it sets, the mentor's only)
_CHANGES: dict[Action, tuple[TaskStatus, TaskStatus, bool]] = {
    Action.DONE: (TaskStatus.OPEN, TaskStatus.DONE, False),
    Action.UNDO: (TaskStatus.DONE, TaskStatus.OPEN, False),
    Action.ACCEPT: (TaskStatus.PROPOSED, TaskStatus.OPEN, True),
    Action.DECLINE: (TaskStatus.PROPOSED, TaskStatus.DECLINED, True),
}


def decide_buttons(task_id: int, version: int, pair_id: int) -> Buttons:
    return [
        [
            Button("btn-plan-accept", f"{DECIDE_CALLBACK}{task_id}:{version}:a"),
            Button("btn-plan-decline", f"{DECIDE_CALLBACK}{task_id}:{version}:d"),
        ],
        [Button("btn-plan-open", f"{OPEN_CALLBACK}{pair_id}")],
    ]


def open_button(pair_id: int) -> Buttons:
    return [[Button("btn-plan-open", f"{OPEN_CALLBACK}{pair_id}")]]


def _id(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else None


def parse_decide(data: str) -> tuple[int, int, Action] | None:
    """(task, version, accept or decline) from `pl:<task>:<version>:a|d`; None for anything
    else."""
    parts = data.removeprefix(DECIDE_CALLBACK).split(":")
    if not data.startswith(DECIDE_CALLBACK) or len(parts) != 3 or parts[2] not in ("a", "d"):
        return None
    task, version = _id(parts[0]), _id(parts[1])
    if task is None or version is None:
        return None
    return task, version, Action.ACCEPT if parts[2] == "a" else Action.DECLINE


def parse_open(data: str) -> int | None:
    """The pair of `po:<pair>`; None for anything else."""
    return _id(data.removeprefix(OPEN_CALLBACK)) if data.startswith(OPEN_CALLBACK) else None


def _reachable(person: Person | None) -> bool:
    return person is not None and person.role is not None and not person.is_blocked


def _due(task: PlanTask, zone: ZoneInfo) -> dict[str, Any]:
    if task.due_on is None:
        return {"due_shown": "no", "due": ""}
    return {"due_shown": "yes", "due": Day(task.due_on, zone)}


async def _tell(
    session: AsyncSession,
    person_id: int,
    key: str,
    task: PlanTask,
    *,
    about: int,
    zone: ZoneInfo,
    buttons: Buttons | None = None,
    **args: Any,
) -> None:
    """`key` about `task` to one side of its pair (never a parent), once per version."""
    person = await session.get(Person, person_id)
    if not _reachable(person):
        return
    assert person is not None
    await notify.tell(
        session,
        person,
        key,
        kind="plan",
        buttons=buttons if buttons is not None else open_button(task.pair_id),
        dedup_key=f"plan:{task.id}:{task.version}:{person_id}",
        who=Name(about),
        title=task.title,
        **_due(task, zone),
        **args,
    )


# ---- adding --------------------------------------------------------------------------------


async def _count(session: AsyncSession, pair_id: int) -> int:
    found = await session.scalar(
        select(func.count())
        .select_from(PlanTask)
        .where(PlanTask.pair_id == pair_id, PlanTask.status != TaskStatus.DECLINED.value)
    )
    return int(found or 0)


async def add(
    sessions: Sessions,
    *,
    by: int,
    pair_id: int,
    title: str,
    due: date | None,
    zone: ZoneInfo,
    source: str | None = None,
    now: datetime | None = None,
) -> Result:
    """A task in the plan of `pair_id`: from its mentor, open at once (the mentee is told); from
    its mentee, a proposal the mentor is asked to accept. `source` names the message the title
    was typed in: the same one handled again adds nothing."""
    now = now or utcnow()
    title = rules.clean_title(title)
    problem = rules.title_problem(title)
    if problem is not None:
        return Result(Outcome(problem.value))
    if rules.due_in_the_past(due, now.astimezone(zone).date()):
        return Result(Outcome.IN_THE_PAST)
    async with sessions.begin() as session:
        # The pair's row taken first (a write): a pair ended meanwhile is seen as ended.
        await session.execute(
            update(Pair)
            .where(Pair.id == pair_id)
            .values(status=Pair.status)
            .execution_options(synchronize_session=False)
        )
        if source is not None:
            made = await session.scalar(select(PlanTask.id).where(PlanTask.created_from == source))
            if made is not None:
                return Result(Outcome.ALREADY, int(made))
        pair = await session.get(Pair, pair_id, populate_existing=True)
        if pair is None or by not in (pair.mentor_id, pair.mentee_id):
            return Result(Outcome.NOT_ALLOWED)
        if pair.status != ACTIVE:
            return Result(Outcome.CLOSED)
        if await _count(session, pair_id) >= rules.TASKS_LIMIT:
            return Result(Outcome.FULL)
        mentor = by == pair.mentor_id
        task = PlanTask(
            pair_id=pair_id,
            title=title,
            due_on=due,
            status=(TaskStatus.OPEN if mentor else TaskStatus.PROPOSED).value,
            proposed_by=by,
            created_at=now,
            created_from=source,
            version=1,
        )
        try:
            async with session.begin_nested():
                session.add(task)
                await session.flush()
        except IntegrityError:  # the same message, at the same moment, from elsewhere
            made = await session.scalar(select(PlanTask.id).where(PlanTask.created_from == source))
            return Result(Outcome.ALREADY, int(made) if made is not None else None)
        if mentor:
            await _tell(session, pair.mentee_id, "plan-told-added", task, about=by, zone=zone)
        else:
            await _tell(
                session,
                pair.mentor_id,
                "plan-told-proposed",
                task,
                about=by,
                zone=zone,
                buttons=decide_buttons(task.id, task.version, pair_id),
            )
        audit.log(session, "plan_task_added", actor=by, pair=pair_id, task=task.id)
    return Result(Outcome.DONE, task.id)


# ---- changing ------------------------------------------------------------------------------


async def _why_not(
    session: AsyncSession, task_id: int, by: int, version: int, action: Action
) -> Outcome:
    """Why a conditional change of a task changed nothing."""
    expects, sets, mentor_only = _CHANGES[action]
    task = await session.get(PlanTask, task_id, populate_existing=True)
    if task is None:
        return Outcome.GONE
    pair = await session.get(Pair, task.pair_id, populate_existing=True)
    if pair is None or by not in (pair.mentor_id, pair.mentee_id):
        return Outcome.NOT_ALLOWED
    if mentor_only and by != pair.mentor_id:
        return Outcome.MENTOR_ONLY
    if pair.status != ACTIVE:
        return Outcome.CLOSED
    if task.status == sets:
        return Outcome.ALREADY
    if task.version != version:
        return Outcome.STALE
    return Outcome.NOT_OPEN if task.status != expects else Outcome.STALE


async def change(
    sessions: Sessions,
    task_id: int,
    *,
    by: int,
    version: int,
    action: Action,
    zone: ZoneInfo,
    now: datetime | None = None,
) -> Result:
    """Mark a task done or not done (either side), accept or decline a proposal (the mentor),
    as the person saw it at `version`. The other side is told."""
    now = now or utcnow()
    expects, sets, mentor_only = _CHANGES[action]
    side = Pair.mentor_id == by if mentor_only else or_(Pair.mentor_id == by, Pair.mentee_id == by)
    theirs = exists().where(Pair.id == PlanTask.pair_id, Pair.status == ACTIVE, side)
    values: dict[str, Any] = {"status": sets.value, "version": PlanTask.version + 1}
    if action is Action.DONE:
        values.update(done_at=now, done_by=by)
    elif action is Action.UNDO:
        values.update(done_at=None, done_by=None)
    async with sessions.begin() as session:
        result = await session.execute(
            update(PlanTask)
            .where(
                PlanTask.id == task_id,
                PlanTask.version == version,
                PlanTask.status == expects.value,
                theirs,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if not getattr(result, "rowcount", 0):
            return Result(await _why_not(session, task_id, by, version, action), task_id)
        task = await session.get(PlanTask, task_id, populate_existing=True)
        assert task is not None
        pair = await session.get(Pair, task.pair_id)
        assert pair is not None
        other = pair.mentee_id if by == pair.mentor_id else pair.mentor_id
        done, total = (await shares_in(session, [pair.id]))[pair.id]
        await _tell(
            session,
            other,
            f"plan-told-{action.value}",
            task,
            about=by,
            zone=zone,
            done=done,
            total=total,
        )
        audit.log(session, f"plan_task_{action.value}", actor=by, pair=pair.id, task=task_id)
    return Result(Outcome.DONE, task_id)


# ---- reading -------------------------------------------------------------------------------


async def shares(sessions: Sessions, pair_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(done, total) of each pair's plan, total counting its open and done tasks (a pair with
    no plan: (0, 0)); for the curator's figures."""
    async with sessions() as session:
        return await shares_in(session, pair_ids)


@dataclass(frozen=True)
class PlanRef:
    """A plan as its list shows it: whose (the person's side and their partner) and how far."""

    pair_id: int
    side: str  # the person's: mentor, mentee
    partner_id: int
    partner_name: str
    status: str
    paused: bool
    done: int
    total: int

    @property
    def editable(self) -> bool:
        return self.status == ACTIVE


@dataclass(frozen=True)
class TaskView:
    id: int
    title: str
    due_on: date | None
    status: str
    version: int
    overdue: bool
    proposed_by_mentee: bool
    done_at: datetime | None
    done_by: int | None


@dataclass(frozen=True)
class Plan:
    ref: PlanRef
    tasks: list[TaskView]


def _theirs(person_id: int) -> Any:
    return or_(Pair.mentor_id == person_id, Pair.mentee_id == person_id)


def _has_tasks() -> Any:
    return exists().where(PlanTask.pair_id == Pair.id, PlanTask.status != TaskStatus.DECLINED.value)


async def _refs(session: AsyncSession, person_id: int, pairs: list[Pair]) -> list[PlanRef]:
    partners = {p.mentee_id if p.mentor_id == person_id else p.mentor_id for p in pairs}
    people = {p.id: p for p in await session.scalars(select(Person).where(Person.id.in_(partners)))}
    figures = await shares_in(session, [p.id for p in pairs])
    refs = []
    for pair in pairs:
        mentor = pair.mentor_id == person_id
        partner = pair.mentee_id if mentor else pair.mentor_id
        found = people.get(partner)
        refs.append(
            PlanRef(
                pair.id,
                "mentor" if mentor else "mentee",
                partner,
                name_of(found) if found is not None else "",
                pair.status,
                pair.paused_at is not None,
                *figures[pair.id],
            )
        )
    return sorted(refs, key=lambda r: (not r.editable, r.partner_name.casefold(), r.pair_id))


async def plans_of(sessions: Sessions, person_id: int) -> list[PlanRef]:
    """The plans a person takes part in: of their working pairs (paused ones too), and of
    their ended or completed pairs that have tasks (read only); working ones first."""
    async with sessions() as session:
        pairs = list(
            await session.scalars(
                select(Pair).where(
                    _theirs(person_id),
                    or_(
                        Pair.status == ACTIVE,
                        and_(Pair.status.in_(CLOSED_STATUSES), _has_tasks()),
                    ),
                )
            )
        )
        return await _refs(session, person_id, pairs)


async def has_plan(sessions: Sessions, person_id: int) -> bool:
    """Whether the person has a plan to open (a working pair, or an ended one with tasks)."""
    async with sessions() as session:
        found = await session.scalar(
            select(Pair.id)
            .where(
                _theirs(person_id),
                or_(Pair.status == ACTIVE, and_(Pair.status.in_(CLOSED_STATUSES), _has_tasks())),
            )
            .limit(1)
        )
    return found is not None


def _order(task: PlanTask) -> tuple[int, date, int]:
    rank = {TaskStatus.PROPOSED: 0, TaskStatus.OPEN: 1, TaskStatus.DONE: 2}
    return (rank.get(TaskStatus(task.status), 3), task.due_on or date.max, task.id)


def _view(task: PlanTask, pair: Pair, today: date) -> TaskView:
    return TaskView(
        task.id,
        task.title,
        task.due_on,
        task.status,
        task.version,
        rules.overdue(task.status, task.due_on, today),
        task.status == TaskStatus.PROPOSED and task.proposed_by == pair.mentee_id,
        task.done_at,
        task.done_by,
    )


async def plan_of(sessions: Sessions, pair_id: int, person_id: int, today: date) -> Plan | None:
    """A pair's plan as one of its sides sees it (None for anyone else, or a pair not working
    yet): proposals waiting first, then open tasks by deadline, then those done."""
    async with sessions() as session:
        pair = await session.get(Pair, pair_id)
        if pair is None or person_id not in (pair.mentor_id, pair.mentee_id):
            return None
        if pair.status != ACTIVE and pair.status not in CLOSED_STATUSES:
            return None
        [ref] = await _refs(session, person_id, [pair])
        tasks = await session.scalars(
            select(PlanTask).where(
                PlanTask.pair_id == pair_id, PlanTask.status != TaskStatus.DECLINED.value
            )
        )
        return Plan(ref, [_view(t, pair, today) for t in sorted(tasks, key=_order)])


@dataclass(frozen=True)
class TaskCard:
    """One task as one side of its pair sees it, with what they may do with it now."""

    task: TaskView
    plan: PlanRef
    actions: tuple[Action, ...]
    done_by_name: str | None


async def task_of(sessions: Sessions, task_id: int, person_id: int, today: date) -> TaskCard | None:
    """A task of one of the person's plans (None for anyone else's, or a declined one)."""
    async with sessions() as session:
        task = await session.get(PlanTask, task_id)
        if task is None or task.status == TaskStatus.DECLINED:
            return None
        pair = await session.get(Pair, task.pair_id)
        if pair is None or person_id not in (pair.mentor_id, pair.mentee_id):
            return None
        if pair.status != ACTIVE and pair.status not in CLOSED_STATUSES:
            return None
        [ref] = await _refs(session, person_id, [pair])
        who = await session.get(Person, task.done_by) if task.done_by is not None else None
    actions: tuple[Action, ...] = ()
    if ref.editable:
        if task.status == TaskStatus.OPEN:
            actions = (Action.DONE,)
        elif task.status == TaskStatus.DONE:
            actions = (Action.UNDO,)
        elif ref.side == "mentor":
            actions = (Action.ACCEPT, Action.DECLINE)
    return TaskCard(
        _view(task, pair, today), ref, actions, name_of(who) if who is not None else None
    )


async def side_of(sessions: Sessions, pair_id: int, person_id: int) -> str | None:
    """The person's side of a working pair (mentor, mentee), or None."""
    async with sessions() as session:
        pair = await session.get(Pair, pair_id)
    if pair is None or pair.status != ACTIVE:
        return None
    if person_id == pair.mentor_id:
        return "mentor"
    return "mentee" if person_id == pair.mentee_id else None


# ---- the weekly digest ---------------------------------------------------------------------


def digest_job(at: datetime) -> Job:
    return Job(DIGEST_JOB, DIGEST_TASK, at, {})


def _overdue_by(day: date) -> Any:
    return exists().where(
        PlanTask.pair_id == Pair.id,
        PlanTask.status == TaskStatus.OPEN.value,
        PlanTask.due_on < day,
    )


def _working() -> list[Any]:
    return [Pair.status == ACTIVE, Pair.paused_at.is_(None)]


def _waiting(key: str, day: date) -> Any:
    """Working pairs with a task overdue by `day` that have not had the digest `key`."""
    told = exists().where(PairNotice.pair_id == Pair.id, PairNotice.key == key)
    return select(Pair.id).where(*_working(), _overdue_by(day), ~told).order_by(Pair.id)


async def send_digests(
    sessions: Sessions, digest: Digest, zone: ZoneInfo, now: datetime | None = None
) -> int:
    """The digest of the week's moment (the latest at or before `now`) to each working pair
    with overdue tasks that has not had it: both sides, each pair in a transaction of its own.
    The number of pairs told."""
    now = now or utcnow()
    moment = rules.last_digest(now, digest, zone)
    key, day = rules.digest_key(moment, zone), rules.digest_day(moment, zone)
    async with sessions() as session:
        pair_ids = list(await session.scalars(_waiting(key, day)))
    told = 0
    for pair_id in pair_ids:
        told += await _digest(sessions, pair_id, key, day=day, zone=zone, now=now)
    if told:
        logger.info("Plan digest %s went to %d pairs", key, told)
    return told


async def _digest(
    sessions: Sessions, pair_id: int, key: str, *, day: date, zone: ZoneInfo, now: datetime
) -> int:
    async with sessions.begin() as session:
        locked = await session.execute(
            update(Pair)
            .where(Pair.id == pair_id, *_working())
            .values(status=Pair.status)
            .execution_options(synchronize_session=False)
        )
        if not getattr(locked, "rowcount", 0):
            return 0  # paused or ended meanwhile
        overdue = list(
            await session.scalars(
                select(PlanTask)
                .where(
                    PlanTask.pair_id == pair_id,
                    PlanTask.status == TaskStatus.OPEN.value,
                    PlanTask.due_on < day,
                )
                .order_by(PlanTask.due_on, PlanTask.id)
            )
        )
        if not overdue:
            return 0
        inserted = await session.scalar(
            insert_for(session.get_bind().dialect.name, _notices)
            .values(pair_id=pair_id, key=key, sent_at=now)
            .on_conflict_do_nothing()
            .returning(_notices.c.pair_id)
        )
        if inserted is None:
            return 0  # sent already (by this process or another)
        pair = await session.get(Pair, pair_id)
        assert pair is not None
        lines = Lines(
            "plan-digest-item",
            tuple(
                {"title": rules.brief(t.title), "due": Day(t.due_on, zone)}
                for t in overdue[:DIGEST_SHOWN]
                if t.due_on is not None
            ),
        )
        for person_id, partner in (
            (pair.mentor_id, pair.mentee_id),
            (pair.mentee_id, pair.mentor_id),
        ):
            person = await session.get(Person, person_id)
            if not _reachable(person):
                continue
            assert person is not None
            await notify.tell(
                session,
                person,
                "plan-digest",
                kind="plan",
                buttons=open_button(pair_id),
                dedup_key=f"plan-{key}:{pair_id}:{person_id}",
                quiet=True,
                partner=Name(partner),
                count=len(overdue),
                tasks=lines,
                more=max(0, len(overdue) - DIGEST_SHOWN),
            )
    return 1


async def _any(session: AsyncSession, statement: Any) -> bool:
    return await session.scalar(select(statement.exists())) is True


async def next_digest_job(ctx: Context, now: datetime | None = None) -> Job | None:
    """The digest job the database says should exist: now, if a pair that should have had
    this week's digest has not (the bot was down, or the pair was paused at its moment); else
    at the next moment, if some working pair has an open task with a deadline by then."""
    now = now or utcnow()
    digest, zone = ctx.plan_digest, ctx.zone
    last = rules.last_digest(now, digest, zone)
    upcoming = rules.next_digest(now, digest, zone)
    async with ctx.sessions() as session:
        waiting = _waiting(rules.digest_key(last, zone), rules.digest_day(last, zone))
        if await _any(session, waiting):
            return digest_job(last)
        ahead = select(Pair.id).where(
            Pair.status == ACTIVE, _overdue_by(rules.digest_day(upcoming, zone))
        )
        if await _any(session, ahead):
            return digest_job(upcoming)
    return None


async def plan_digest(ctx: Context, *, now: datetime | None = None) -> None:
    """The job of the weekly digest: this week's to every pair still waiting for it, then the
    next one planned."""
    now = now or utcnow()
    await send_digests(ctx.sessions, ctx.plan_digest, ctx.zone, now)
    job = await next_digest_job(ctx, now)
    if job is not None and job.at > now:
        ctx.scheduler.plan(job)


async def planned(ctx: Context, now: datetime | None = None) -> list[Job]:
    """For the scheduler's rebuild: the digest job, if one should exist."""
    job = await next_digest_job(ctx, now)
    return [job] if job is not None else []
