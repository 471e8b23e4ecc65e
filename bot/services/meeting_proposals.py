"""A mentee proposes a time for a meeting of their pair; the mentor accepts it (it becomes a
meeting: `meetings.create(..., proposal=<id>)`) or declines it, and the mentee is told.

Each proposal is one row, open until one conditional change decides it; a double or late tap
finds it decided and changes nothing. A mentee has at most a few open proposals at a time."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from bot.db.models import MeetingProposal, Pair, Person, utcnow
from bot.domain import meetings as rules
from bot.services import notify
from bot.services.notify import Button, Moment, Name
from bot.services.people import Sessions, name_of

logger = logging.getLogger(__name__)

CALLBACK = "mp:"
OPEN_LIMIT = 3  # open proposals of one mentee at a time


class Proposed(StrEnum):
    DONE = "done"
    ALREADY = "already"  # the same message handled again
    NOT_ALLOWED = "not_allowed"  # not a mentee of an active pair
    PAUSED = "paused"
    IN_THE_PAST = "in_the_past"
    NOTE_TOO_LONG = "note_too_long"
    TOO_MANY = "too_many"
    DECIDED = "decided"  # accepted or declined before
    GONE = "gone"

    @property
    def key(self) -> str:
        return f"proposal-outcome-{self.value}"


@dataclass(frozen=True)
class Proposal:
    id: int
    pair_id: int
    mentee: str
    starts_at: datetime
    note: str | None


def buttons(proposal_id: int) -> list[list[Button]]:
    return [
        [
            Button("btn-proposal-accept", f"{CALLBACK}{proposal_id}:a"),
            Button("btn-proposal-decline", f"{CALLBACK}{proposal_id}:d"),
        ]
    ]


def parse_callback(data: str) -> tuple[int, bool] | None:
    """(proposal id, accept) from `mp:<id>:a|d`; None for anything else."""
    parts = data.split(":")
    if len(parts) != 3 or f"{parts[0]}:" != CALLBACK or parts[2] not in ("a", "d"):
        return None
    if not (parts[1].isascii() and parts[1].isdigit()) or len(parts[1]) > 12:
        return None
    return int(parts[1]), parts[2] == "a"


async def propose(
    sessions: Sessions,
    *,
    by: int,
    starts_at: datetime,
    note: str | None,
    source: str,
    zone: ZoneInfo,
    now: datetime | None = None,
) -> Proposed:
    """The mentee `by` proposes `starts_at` for a meeting with their mentor; the mentor gets it
    with «Принять» / «Отклонить». `source` (the message or tap) makes a repeat a no-op."""
    now = now or utcnow()
    note = " ".join((note or "").split()) or None
    if note is not None and len(note) > rules.REASON_LIMIT:
        return Proposed.NOTE_TOO_LONG
    if starts_at <= now:
        return Proposed.IN_THE_PAST
    async with sessions.begin() as session:
        await session.execute(  # the first write: the pair's row, taken for this transaction
            update(Pair)
            .where(Pair.mentee_id == by, Pair.status == "active")
            .values(status=Pair.status)
            .execution_options(synchronize_session=False)
        )
        pair = await session.scalar(
            select(Pair)
            .where(Pair.mentee_id == by, Pair.status == "active")
            .execution_options(populate_existing=True)
        )
        if pair is None:
            return Proposed.NOT_ALLOWED
        if pair.paused_at is not None:
            return Proposed.PAUSED
        if await session.scalar(
            select(MeetingProposal.id).where(MeetingProposal.created_from == source)
        ):
            return Proposed.ALREADY
        waiting = await session.scalar(
            select(func.count())
            .select_from(MeetingProposal)
            .where(MeetingProposal.proposed_by == by, MeetingProposal.status == "open")
        )
        if int(waiting or 0) >= OPEN_LIMIT:
            return Proposed.TOO_MANY
        proposal = MeetingProposal(
            pair_id=pair.id,
            proposed_by=by,
            starts_at=starts_at,
            note=note,
            status="open",
            created_at=now,
            created_from=source,
        )
        try:
            async with session.begin_nested():
                session.add(proposal)
                await session.flush()
        except IntegrityError:
            return Proposed.ALREADY
        mentor = await session.get(Person, pair.mentor_id)
        if mentor is not None and not mentor.is_blocked and mentor.role is not None:
            await notify.tell(
                session,
                mentor,
                "proposal-to-mentor",
                kind="meeting",
                about=(by,),
                buttons=buttons(proposal.id),
                dedup_key=f"mp:{proposal.id}",
                who=Name(by),
                when=Moment(starts_at, zone),
                note_shown="yes" if note else "no",
                note=note or "",
            )
    return Proposed.DONE


async def open_one(
    sessions: Sessions, proposal_id: int, *, by: int, now: datetime | None = None
) -> Proposal | Proposed:
    """The proposal as its pair's mentor may accept it now: open, ahead, the pair working."""
    now = now or utcnow()
    async with sessions() as session:
        row = await session.execute(
            select(MeetingProposal, Pair)
            .join(Pair, Pair.id == MeetingProposal.pair_id)
            .where(MeetingProposal.id == proposal_id)
        )
        found = row.first()
        if found is None:
            return Proposed.GONE
        proposal, pair = found
        if pair.mentor_id != by:
            return Proposed.NOT_ALLOWED
        if proposal.status != "open" or pair.status != "active":
            return Proposed.DECIDED
        if proposal.starts_at <= now:
            return Proposed.IN_THE_PAST
        mentee = await session.get(Person, pair.mentee_id)
        name = name_of(mentee) if mentee is not None else ""
    return Proposal(proposal.id, pair.id, name, proposal.starts_at, proposal.note)


async def decline(
    sessions: Sessions, proposal_id: int, *, by: int, zone: ZoneInfo, now: datetime | None = None
) -> Proposed:
    """The mentor declines an open proposal of their pair; the mentee is told."""
    now = now or utcnow()
    mine = select(Pair.id).where(Pair.mentor_id == by)
    async with sessions.begin() as session:
        result = await session.execute(
            update(MeetingProposal)
            .where(
                MeetingProposal.id == proposal_id,
                MeetingProposal.status == "open",
                MeetingProposal.pair_id.in_(mine),
            )
            .values(status="declined", decided_at=now)
            .execution_options(synchronize_session=False)
        )
        proposal = await session.get(MeetingProposal, proposal_id)
        if not getattr(result, "rowcount", 0):
            if proposal is None:
                return Proposed.GONE
            pair = await session.get(Pair, proposal.pair_id)
            if pair is None or pair.mentor_id != by:
                return Proposed.NOT_ALLOWED
            return Proposed.DECIDED
        assert proposal is not None
        mentee = await session.get(Person, proposal.proposed_by)
        pair = await session.get(Pair, proposal.pair_id)
        if mentee is not None and pair is not None and not mentee.is_blocked:
            await notify.tell(
                session,
                mentee,
                "proposal-declined",
                kind="meeting",
                dedup_key=f"mp-no:{proposal.id}",
                mentor=Name(pair.mentor_id),
                when=Moment(proposal.starts_at, zone),
            )
    return Proposed.DONE
