"""The curator's figures per pair (`/pairs` and a pair's card), and the pairs that have gone
quiet, whose mentors a curator may nudge.

Figures, each one query over every pair asked for, straight from the tables:
- meetings held (`held`) and the last held one's start (`last_held`);
- meetings planned ahead (status planned, starting after now);
- the plan's share done: tasks done of tasks open or done (proposed and declined ones are not
  the plan);
- the mean of the mentee's ratings (1–5) of the pair's meetings.
A pair's meetings are its own (`Meeting.pair_id`) and its mentor's group meetings (no
`pair_id`) to which its mentee was invited: a group meeting invites the mentees of the mentor's
active pairs, and two people are never paired twice, so that invitation is this pair's.

Quiet pairs («Без встреч 30 дней»): active and not paused (a pause is the sides' decision to
stop for a while), started at least 30 days ago (a new pair has had no time), with no meeting
from 30 days ago onward that was held or is still planned — neither one held in the last 30 days,
nor one planned ahead, nor one that has just passed and waits for the mentor's «Встреча
состоялась?» (it has likely taken place). Cancelled meetings and ones that did not take place
do not count. A curator's nudge («Напомнить им») writes to each of their mentors once — one
message per mentor, naming the mentee when there is one pair — and records a `pair_notices` row
(`nudge:<YYYY-MM-DD>`, the day in `TIMEZONE`) per pair, inserted (a conflict doing nothing) in the
transaction that queues the message: each pair is nudged at most once a day, a double tap or a
second curator nudges nobody twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, and_, case, exists, func, not_, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import Meeting, MeetingInvite, Pair, PairNotice, Person, PlanTask, utcnow
from bot.db.upsert import insert_for
from bot.domain.meetings import MeetingStatus
from bot.services import audit, curators, notify
from bot.services.notify import Name
from bot.services.people import Sessions, name_of
from bot.services.term_buttons import buttons as meeting_buttons

logger = logging.getLogger(__name__)

QUIET_FOR = timedelta(days=30)
NUDGE_KEY = "nudge:"
"""`nudge:<YYYY-MM-DD>`: a pair's mentor was nudged that day."""

_notices = cast(Table, PairNotice.__table__)


@dataclass(frozen=True)
class Figures:
    """One pair's figures (zeros and None: nothing yet)."""

    held: int = 0
    planned: int = 0
    last_held: datetime | None = None
    done: int = 0
    tasks: int = 0  # open or done
    rating: float | None = None  # the mean, 1–5
    ratings: int = 0

    @property
    def share(self) -> int | None:
        """The plan's share done in whole percent (100 only when all is done); None: no plan."""
        if not self.tasks:
            return None
        if self.done >= self.tasks:
            return 100
        return min(int(self.done * 100 / self.tasks + 0.5), 99)


def _links(pair_ids: list[int]) -> Any:
    """(pair_id, meeting_id, mentee_id): each pair's meetings, its own and its group's (a group
    meeting the mentee said they would not come to is not the pair's)."""
    own = (
        select(
            Pair.id.label("pair_id"),
            Meeting.id.label("meeting_id"),
            Pair.mentee_id.label("mentee_id"),
        )
        .join(Meeting, Meeting.pair_id == Pair.id)
        .where(Pair.id.in_(pair_ids))
    )
    group = (
        select(Pair.id, Meeting.id, Pair.mentee_id)
        .join(Meeting, and_(Meeting.pair_id.is_(None), Meeting.mentor_id == Pair.mentor_id))
        .join(
            MeetingInvite,
            and_(
                MeetingInvite.meeting_id == Meeting.id,
                MeetingInvite.person_id == Pair.mentee_id,
                MeetingInvite.answer.is_distinct_from("no"),
            ),
        )
        .where(Pair.id.in_(pair_ids))
    )
    return union_all(own, group).subquery("links")


async def shares_in(session: AsyncSession, pair_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(done, open and done) of each pair's plan; (0, 0) for a pair with none."""
    wanted = sorted(set(pair_ids))
    found = {pair_id: (0, 0) for pair_id in wanted}
    if not wanted:
        return found
    rows = await session.execute(
        select(
            PlanTask.pair_id,
            func.sum(case((PlanTask.status == "done", 1), else_=0)),
            func.count(),
        )
        .where(
            PlanTask.pair_id.in_(wanted),
            PlanTask.status.in_(("open", "done")),
        )
        .group_by(PlanTask.pair_id)
    )
    for pair_id, done, total in rows:
        found[int(pair_id)] = (int(done or 0), int(total or 0))
    return found


async def _figures(session: AsyncSession, pair_ids: list[int], now: datetime) -> dict[int, Figures]:
    if not pair_ids:
        return {}
    links = _links(pair_ids)
    held: dict[int, tuple[int, datetime | None]] = {}
    rows = await session.execute(
        select(links.c.pair_id, func.count(), func.max(Meeting.starts_at))
        .join(Meeting, Meeting.id == links.c.meeting_id)
        .where(Meeting.status == MeetingStatus.HELD.value)
        .group_by(links.c.pair_id)
    )
    for pair_id, count, last in rows:
        held[pair_id] = (int(count), last)
    planned = dict(
        (pair_id, int(count))
        for pair_id, count in await session.execute(
            select(links.c.pair_id, func.count())
            .join(Meeting, Meeting.id == links.c.meeting_id)
            .where(Meeting.status == MeetingStatus.PLANNED.value, Meeting.starts_at > now)
            .group_by(links.c.pair_id)
        )
    )
    rated: dict[int, tuple[float, int]] = {}
    rows = await session.execute(  # ratings of meetings that took place
        select(links.c.pair_id, func.avg(MeetingInvite.rating), func.count(MeetingInvite.rating))
        .join(
            MeetingInvite,
            and_(
                MeetingInvite.meeting_id == links.c.meeting_id,
                MeetingInvite.person_id == links.c.mentee_id,
            ),
        )
        .join(Meeting, Meeting.id == links.c.meeting_id)
        .where(MeetingInvite.rating.is_not(None), Meeting.status == MeetingStatus.HELD.value)
        .group_by(links.c.pair_id)
    )
    for pair_id, mean, count in rows:
        rated[pair_id] = (float(mean), int(count))
    plans = await shares_in(session, pair_ids)
    found = {}
    for pair_id in pair_ids:
        count, last = held.get(pair_id, (0, None))
        mean, ratings = rated.get(pair_id, (None, 0))
        done, total = plans.get(pair_id, (0, 0))
        found[pair_id] = Figures(count, planned.get(pair_id, 0), last, done, total, mean, ratings)
    return found


async def figures(
    sessions: Sessions, pair_ids: Iterable[int], now: datetime | None = None
) -> dict[int, Figures]:
    """The figures of these pairs (every one asked for is in the answer)."""
    wanted = sorted(set(pair_ids))
    async with sessions() as session:
        return await _figures(session, wanted, now or utcnow())


async def figures_in(session: AsyncSession, pair_id: int, now: datetime) -> Figures:
    """One pair's figures inside the caller's session (a pair's card)."""
    return (await _figures(session, [pair_id], now))[pair_id]


# ---- quiet pairs and the nudge ---------------------------------------------------------------


def nudge_key(now: datetime, zone: ZoneInfo) -> str:
    return f"{NUDGE_KEY}{now.astimezone(zone).date().isoformat()}"


def _met_since(since: datetime) -> Any:
    """The pair (the `Pair` entity, correlated) has a meeting from `since` on that was held
    or is still planned: its own, or a group meeting its mentee was invited to and did not
    decline."""
    counted = (
        Meeting.status.in_((MeetingStatus.HELD.value, MeetingStatus.PLANNED.value)),
        Meeting.starts_at >= since,
    )
    group = (
        select(Meeting.id)
        .join(MeetingInvite, MeetingInvite.meeting_id == Meeting.id)
        .where(
            Meeting.mentor_id == Pair.mentor_id,
            Meeting.pair_id.is_(None),
            MeetingInvite.person_id == Pair.mentee_id,  # invited, and did not say no
            MeetingInvite.answer.is_distinct_from("no"),
            *counted,
        )
    )
    return or_(  # two lookups, each by its own index, correlated with the pair
        exists().where(Meeting.pair_id == Pair.id, *counted),
        group.exists(),
    )


@dataclass(frozen=True)
class Quiet:
    """A pair without meetings, as the curator's list shows it."""

    pair_id: int
    mentor_id: int
    mentee_id: int
    mentor: str
    mentee: str
    started_at: datetime | None
    last_held: datetime | None
    nudged: bool  # its mentor was nudged today
    reachable: bool  # its mentor can be written to


def to_nudge(found: Iterable[Quiet]) -> int:
    """How many mentors a nudge would write to now."""
    return len({q.mentor_id for q in found if q.reachable and not q.nudged})


async def _quiet(session: AsyncSession, now: datetime, key: str) -> list[Quiet]:
    mentor, mentee = aliased(Person), aliased(Person)
    rows = (
        await session.execute(
            select(Pair, mentor, mentee)
            .join(mentor, mentor.id == Pair.mentor_id)
            .join(mentee, mentee.id == Pair.mentee_id)
            .where(
                Pair.status == "active",
                Pair.paused_at.is_(None),
                Pair.started_at <= now - QUIET_FOR,
                not_(_met_since(now - QUIET_FOR)),
            )
            .order_by(Pair.id)
        )
    ).all()
    ids = [pair.id for pair, _, _ in rows]
    last = {p: f.last_held for p, f in (await _figures(session, ids, now)).items()}
    nudged = set(
        await session.scalars(
            select(PairNotice.pair_id).where(PairNotice.key == key, PairNotice.pair_id.in_(ids))
        )
    )
    return [
        Quiet(
            pair.id,
            a.id,
            b.id,
            name_of(a),
            name_of(b),
            pair.started_at,
            last.get(pair.id),
            pair.id in nudged,
            a.role is not None and not a.is_blocked,
        )
        for pair, a, b in rows
    ]


async def quiet(sessions: Sessions, *, zone: ZoneInfo, now: datetime | None = None) -> list[Quiet]:
    """The pairs without meetings for 30 days (see the module's docstring), oldest first."""
    now = now or utcnow()
    async with sessions() as session:
        return await _quiet(session, now, nudge_key(now, zone))


class Nudge(StrEnum):
    DONE = "done"
    NONE = "none"  # nobody left to nudge today (nudged already, or no quiet pairs)
    NOT_ALLOWED = "not_allowed"  # not a curator (any more)


@dataclass(frozen=True)
class Nudged:
    outcome: Nudge
    mentors: int = 0
    pairs: int = 0


async def nudge(
    sessions: Sessions, *, by: int, zone: ZoneInfo, now: datetime | None = None
) -> Nudged:
    """A curator (`by`, a Telegram id) nudges the mentors of the quiet pairs, each pair at most
    once a day; how many mentors were written to."""
    now = now or utcnow()
    key = nudge_key(now, zone)
    async with sessions.begin() as session:
        if not await curators.is_curator(session, by):
            return Nudged(Nudge.NOT_ALLOWED)
        fresh: dict[int, list[Quiet]] = {}
        for found in await _quiet(session, now, key):
            if found.nudged or not found.reachable:
                continue
            inserted = await session.scalar(
                insert_for(session.get_bind().dialect.name, _notices)
                .values(pair_id=found.pair_id, key=key, sent_at=now)
                .on_conflict_do_nothing()
                .returning(_notices.c.pair_id)
            )
            if inserted is not None:
                fresh.setdefault(found.mentor_id, []).append(found)
        for mentor_id, quiet_pairs in fresh.items():
            person = await session.get(Person, mentor_id)
            if person is None:
                continue
            first = quiet_pairs[0]
            args: dict[str, Any] = {"mentee": Name(first.mentee_id)}
            message = "term-nudge-one"
            buttons: notify.Buttons | None = meeting_buttons(first.pair_id, "new")
            if len(quiet_pairs) > 1:
                message, buttons, args = "term-nudge-many", None, {"count": len(quiet_pairs)}
            await notify.tell(
                session,
                person,
                message,
                kind="reminder",
                quiet=True,
                dedup_key=f"pair-{key}:{first.pair_id}",
                buttons=buttons,
                **args,
            )
        if not fresh:
            return Nudged(Nudge.NONE)
        pairs = sum(len(found) for found in fresh.values())
        audit.log(session, "pairs_nudged", actor=by, mentors=len(fresh), pairs=pairs)
        logger.info("Curator %s nudged %d mentors of %d quiet pairs", by, len(fresh), pairs)
        return Nudged(Nudge.DONE, len(fresh), pairs)
