"""The end of a pair's term: two weeks before its agreement runs out, the mentor is asked to set
the final meeting (итоговая встреча), unless one is planned or held already.

The question is asked at most once per pair: a `pair_notices` row (key `final`) is inserted —
a conflict does nothing — in the transaction that queues it, so a repeat, or a second process,
queues nothing. It goes in the daytime (09:00–21:00 in `TIMEZONE`: the job is planned for then,
and the message is quiet). A group meeting of the mentor (no `pair_id`) counts for every pair of
the group.

One job per pair (`term:<pair id>`). `planned` lists them for the scheduler's rebuild at
start-up and every hour — the way `pair_completion` is planned — so a pair that starts, is
extended, paused or resumed has its job (re)planned by the next rebuild: a paused pair gets none
(its question waits), and after a resume the question goes if the term has not ended yet. A job
that runs early (the pair was extended) plans itself again for the new moment; one that finds
the pair paused, ended or completed does nothing. At the end the pair completes as before
(`reminders.pair_completion`), unless it was extended.

The question's button (`term:<pair id>:final`, `bot/services/term_buttons.py`) opens the
new-meeting screen for that pair with the type «итоговая»; `term:<pair id>:new` (under a
curator's nudge, `bot/services/pair_figures.py`) opens it with no type chosen.
`may_set_meeting` checks, on every press, that the pair is the presser's and still works.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Meeting, Pair, PairNotice, Person, utcnow
from bot.db.upsert import insert_for
from bot.domain import reminders as rules
from bot.domain.meetings import Kind, MeetingStatus
from bot.scheduling.base import Job
from bot.services import notify
from bot.services.notify import Name
from bot.services.pairs import Status, lock
from bot.services.people import Sessions
from bot.services.reminders import Context, pair_ends_at
from bot.services.term_buttons import buttons

logger = logging.getLogger(__name__)

TASK = "term_question"
ASK_BEFORE = timedelta(days=14)
"""The mentor is asked this long before the agreement runs out."""
FINAL_NOTICE = "final"
GROUP_FINAL_WITHIN = timedelta(days=30)
"""A group's final meeting is a pair's final one when it is this close to the pair's end (a
group's pairs may end months apart)."""


_FINAL = (
    Meeting.kind == Kind.FINAL.value,
    Meeting.status.in_((MeetingStatus.PLANNED.value, MeetingStatus.HELD.value)),
)


def final_notice(ends: datetime) -> str:
    """The notice of the question about one term (`final:2027-05-31`): an extended pair, with
    a new end, is asked again before it."""
    return f"{FINAL_NOTICE}:{ends.date().isoformat()}"


_notices = cast(Table, PairNotice.__table__)


def question_at(pair: Pair, zone: ZoneInfo) -> datetime | None:
    """When the mentor of an active pair is asked: two weeks before its end, in the daytime."""
    ends = pair_ends_at(pair, zone)
    if ends is None:
        return None
    return rules.daytime(ends - ASK_BEFORE, zone)


def question_job(pair_id: int, at: datetime) -> Job:
    return Job(f"term:{pair_id}", TASK, at, {"pair_id": pair_id})


def has_final(pair: Pair, ends: datetime | None) -> Any:
    """A final meeting planned or held for the pair (a row or the `Pair` entity): one of its own,
    or one of its mentor's group set since the pair started."""
    final = _FINAL
    # Two lookups, each by its own index (the pair's meetings; the mentor's), not one scan.
    return or_(
        exists().where(Meeting.pair_id == pair.id, *final),
        exists().where(
            Meeting.mentor_id == pair.mentor_id,
            Meeting.pair_id.is_(None),
            Meeting.starts_at >= (ends - GROUP_FINAL_WITHIN if ends else pair.started_at),
            *final,
        ),
    )


class Asked(StrEnum):
    """What became of the question about one pair."""

    ASKED = "asked"
    ALREADY = "already"  # asked before (by this process or another): nothing done
    EARLY = "early"  # not yet (the pair was extended): planned again
    NOT_ACTIVE = "not_active"  # waiting, completed or ended
    PAUSED = "paused"  # waits for the resume (the hourly rebuild plans it again)
    OVER = "over"  # the term ran out meanwhile: the completion takes it from here
    HAS_FINAL = "has_final"  # a final meeting is planned or held
    UNREACHABLE = "unreachable"  # the mentor withdrew or blocked the bot (decided: not asked)


async def _notice(session: AsyncSession, pair_id: int, key: str, now: datetime) -> bool:
    """The notice `key` of the pair recorded now; False if it was recorded before."""
    statement = (
        insert_for(session.get_bind().dialect.name, _notices)
        .values(pair_id=pair_id, key=key, sent_at=now)
        .on_conflict_do_nothing()
        .returning(_notices.c.pair_id)
    )
    return await session.scalar(statement) is not None


async def ask_final(
    sessions: Sessions, pair_id: int, *, zone: ZoneInfo, now: datetime | None = None
) -> tuple[Asked, datetime | None]:
    """Ask the mentor of the pair to set the final meeting, if it is time, once; with the moment
    to look again when it is early."""
    now = now or utcnow()
    async with sessions.begin() as session:
        pair = await lock(session, pair_id, (Status.ACTIVE.value,))  # the first write
        if pair is None:
            return Asked.NOT_ACTIVE, None
        due, ends = question_at(pair, zone), pair_ends_at(pair, zone)
        if due is None or ends is None:
            return Asked.NOT_ACTIVE, None
        if now < due:
            return Asked.EARLY, due
        if now >= ends:
            return Asked.OVER, None
        if pair.paused_at is not None:
            return Asked.PAUSED, None
        if await session.scalar(select(has_final(pair, ends))):
            return Asked.HAS_FINAL, None
        if not await _notice(session, pair_id, final_notice(ends), now):
            return Asked.ALREADY, None
        mentor = await session.get(Person, pair.mentor_id)
        if mentor is None or mentor.role is None or mentor.is_blocked:
            logger.info("The final-meeting question of pair %s skipped: unreachable", pair_id)
            return Asked.UNREACHABLE, None
        # Counted from when it goes out (a question queued at night waits for the morning).
        sent = rules.daytime(now, zone).astimezone(zone).date()
        days = (ends.astimezone(zone).date() - sent).days
        await notify.tell(
            session,
            mentor,
            "term-final-question",
            kind="reminder",
            dedup_key=f"term:{pair_id}:{final_notice(ends)}",
            buttons=buttons(pair_id, "final"),
            quiet=True,
            mentee=Name(pair.mentee_id),
            days=max(days, 0),
        )
        return Asked.ASKED, None


async def term_question(ctx: Context, *, pair_id: int, now: datetime | None = None) -> None:
    """The job of one pair's question (planned again for later when it runs early)."""
    asked, again = await ask_final(ctx.sessions, pair_id, zone=ctx.zone, now=now)
    if asked is Asked.EARLY and again is not None:
        ctx.scheduler.plan(question_job(pair_id, again))


async def planned(ctx: Context, now: datetime | None = None) -> list[Job]:
    """The question jobs the database says should exist: one per active, unpaused pair whose
    term has not ended, not asked about this term yet, with no final meeting planned or held
    (its own, or its group's near its end). One whose moment
    passed (the bot was down, or the pair was paused then) runs at once."""
    now = now or utcnow()
    async with ctx.sessions() as session:
        found = list(
            await session.scalars(
                select(Pair).where(
                    Pair.status == Status.ACTIVE.value,
                    Pair.paused_at.is_(None),
                    Pair.started_at.is_not(None),
                )
            )
        )
        rows = await session.execute(
            select(PairNotice.pair_id, PairNotice.key).where(
                PairNotice.key.startswith(f"{FINAL_NOTICE}:")
            )
        )
        asked = {(int(pair_id), str(key)) for pair_id, key in rows}
        finals = await session.execute(
            select(Meeting.pair_id, Meeting.mentor_id, Meeting.starts_at).where(*_FINAL)
        )
        own: set[int] = set()
        group: dict[int, list[datetime]] = {}
        for pair_id, mentor_id, starts_at in finals:
            if pair_id is not None:
                own.add(int(pair_id))
            else:
                group.setdefault(int(mentor_id), []).append(starts_at)
    jobs = []
    for pair in found:  # a final meeting set meanwhile is seen when the job runs
        due, ends = question_at(pair, ctx.zone), pair_ends_at(pair, ctx.zone)
        if due is None or ends is None or now >= ends:
            continue
        if (pair.id, final_notice(ends)) in asked or pair.id in own:
            continue
        if any(at >= ends - GROUP_FINAL_WITHIN for at in group.get(pair.mentor_id, ())):
            continue
        jobs.append(question_job(pair.id, due))
    return jobs


class May(StrEnum):
    """Whether a mentor may open the new-meeting screen from a term button now."""

    YES = "yes"
    NOT_YOURS = "not_yours"
    NOT_ACTIVE = "not_active"
    PAUSED = "paused"
    HAS_FINAL = "has_final"  # the final meeting is set already


async def may_set_meeting(
    sessions: Sessions, pair_id: int, person_id: int, action: str, *, zone: ZoneInfo
) -> May:
    """Checked on every press of a term button: the pair is this mentor's, it works, and (for
    the final meeting) none is planned or held yet."""
    async with sessions() as session:
        pair = await session.get(Pair, pair_id)
        if pair is None or pair.mentor_id != person_id:
            return May.NOT_YOURS
        if pair.status != Status.ACTIVE:
            return May.NOT_ACTIVE
        if pair.paused_at is not None:
            return May.PAUSED
        if action == "final" and await session.scalar(
            select(has_final(pair, pair_ends_at(pair, zone)))
        ):
            return May.HAS_FINAL
        return May.YES
