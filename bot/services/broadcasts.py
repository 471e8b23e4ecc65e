"""Broadcasts: a curator's message to an audience, sent through the outbox at Telegram's pace.

`start` queues one outbox row per recipient (batch `bc:<id>`, one dedup key per broadcast and
person) with the `Broadcast` row, in one transaction; the message is the curator's own HTML,
sent as it is (it names nobody). The confirmation's own message becomes the progress message:
its id is stored with the broadcast, and its first edit claimed, in that transaction. The
progress loop (`bot/telegram/broadcast_progress.py`) reads the broadcasts still sending or
settling (`watched`), claims each edit of a progress message with one conditional UPDATE on the
time of the last attempt (`claim_edit`: two processes never both edit, never within `EDIT_GAP`)
and notes the text shown only once Telegram accepted it (`note_shown`), so an edit cut short by
a kill is made again. It `finish`es a broadcast when nothing is pending, queueing the final
count to the curator. `stop` cancels one: its messages not yet sent are dropped; those in
flight settle (sent or not within `SETTLE`), then it is finished too, with a final count of its
own. A curator removed meanwhile gets no more edits and no final count.

Recipients: participants with a role and a consent in force who have not blocked the bot.
Every use case checks on each call that whoever acts is a curator (still), and changes state
with one conditional statement on the state it expects, so a double, late or forged call
changes nothing and says why (`Outcome`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, ScalarSelect, Select, and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from bot.db.models import (
    Attendance,
    Broadcast,
    Campaign,
    CampaignInvite,
    Consent,
    Curator,
    Event,
    OutboxFile,
    Pair,
    Person,
    utcnow,
)
from bot.domain.broadcasts import (
    BLOCKED,
    CANCELLED,
    SETTLE,
    SIMPLE,
    Audience,
    FileKind,
    Status,
    Tally,
    final_count,
)
from bot.domain.onboarding import ConsentStatus
from bot.services import audit, curators, outbox
from bot.services.consent import ConsentKind
from bot.services.pairs import LIVE
from bot.services.people import Sessions

logger = logging.getLogger(__name__)

CALLBACK = "bc:"
"""`bc:<broadcast id>:stop`: the «Остановить» button under a progress message."""
KIND = "broadcast"
EVENTS_SHOWN = 10
OPEN = "open"  # a campaign that takes answers

__all__ = ["BLOCKED", "CANCELLED", "Audience", "Status"]


class Outcome(StrEnum):
    STARTED = "started"
    ALREADY = "already"  # the same confirmation was handled before: nothing more was queued
    NOBODY = "nobody"  # the audience reaches no one
    UNAVAILABLE = "unavailable"  # the event is gone, the campaign is no longer open
    NOT_CURATOR = "not_curator"
    STOPPED = "stopped"
    ALREADY_STOPPED = "already_stopped"
    FINISHED = "finished"  # everything was sent before the stop
    NOT_YOURS = "not_yours"  # another curator's broadcast
    GONE = "gone"  # no such broadcast


@dataclass(frozen=True)
class Content:
    """What the curator sent: HTML as they formatted it, and a photo or a file by the id
    Telegram gave it (nothing is downloaded)."""

    text: str
    file_kind: FileKind | None = None
    telegram_file_id: str | None = None
    filename: str | None = None


@dataclass(frozen=True)
class Target:
    audience: Audience
    ref: int | None = None  # an event's or a campaign's id


@dataclass(frozen=True)
class Option:
    """An event or a campaign to pick, and how many people it reaches."""

    id: int
    title: str
    count: int
    day: date | None = None  # an event's start, a campaign's due date


@dataclass(frozen=True)
class Reach:
    count: int
    title: str | None = None  # the event's title, the campaign's kind


@dataclass(frozen=True)
class Started:
    outcome: Outcome
    broadcast_id: int | None = None
    total: int = 0
    progress_message_id: int | None = None  # known already (a confirmation handled again)


@dataclass(frozen=True)
class Stopped:
    outcome: Outcome
    sent: int = 0
    total: int = 0


@dataclass(frozen=True)
class Watch:
    """A broadcast the progress loop looks after, with where its messages stand."""

    id: int
    chat_id: int
    message_id: int | None
    total: int
    status: Status
    shown: str | None  # what the progress message shows (Telegram accepted it)
    shown_at: datetime | None  # the last edit attempted (or the end shown: `finished_at`)
    finished_at: datetime | None  # its count is final (a stopped one: once settled)
    locale: str | None  # the curator's language
    language_code: str | None
    tally: Tally
    settled: bool = True  # a stopped one: no message of it may still be in flight
    curator: bool = True  # the one who started it is a curator still


def batch_of(broadcast_id: int) -> str:
    return f"{CALLBACK}{broadcast_id}"


def stop_data(broadcast_id: int) -> str:
    return f"{CALLBACK}{broadcast_id}:stop"


def parse_stop(data: str) -> int | None:
    """The broadcast `bc:<id>:stop` names (written by the client: anything may come)."""
    parts = data.split(":")
    if len(parts) != 3 or f"{parts[0]}:" != CALLBACK or parts[2] != "stop":
        return None
    digits = parts[1]
    return int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 15 else None


# ---- who it reaches -------------------------------------------------------------------------


def _consent_in_force(version: str) -> ColumnElement[bool]:
    """The consent joined (the newest of the person) is given, to the current text or on
    paper: the rule of `consent.status_of`."""
    return and_(
        Consent.status == ConsentStatus.GIVEN.value,
        or_(Consent.kind == ConsentKind.PAPER.value, Consent.text_version == version),
    )


def _newest_consent() -> ScalarSelect[int]:
    """The id of the newest consent of the enclosing query's person."""
    same = aliased(Consent)
    return select(func.max(same.id)).where(same.person_id == Person.id).scalar_subquery()


def _in_live_pair(statuses: Sequence[str]) -> ColumnElement[bool]:
    mentors = select(Pair.mentor_id).where(Pair.status.in_(statuses))
    mentees = select(Pair.mentee_id).where(Pair.status.in_(statuses))
    return or_(Person.id.in_(mentors), Person.id.in_(mentees))


def _recipients(target: Target, version: str) -> Select[int, int]:
    """(person id, Telegram id) of everyone `target` reaches."""
    query = (
        select(Person.id, Person.telegram_id)
        .join(Consent, Consent.id == _newest_consent())
        .where(Person.role.is_not(None), Person.is_blocked.is_(False), _consent_in_force(version))
    )
    match target.audience:
        case Audience.MENTORS:
            query = query.where(Person.role == "mentor")
        case Audience.MENTEES:
            query = query.where(Person.role == "mentee")
        case Audience.UNPAIRED:
            query = query.where(~_in_live_pair(LIVE))
        case Audience.ACTIVE_PAIRS:
            query = query.where(_in_live_pair(("active",)))
        case Audience.EVENT:
            came = select(Attendance.person_id).where(Attendance.event_id == target.ref)
            query = query.where(Person.id.in_(came))
        case Audience.CAMPAIGN:
            silent = (
                select(CampaignInvite.person_id)
                .join(Campaign, Campaign.id == CampaignInvite.campaign_id)
                .where(
                    CampaignInvite.campaign_id == target.ref,
                    CampaignInvite.answered_at.is_(None),
                    Campaign.status == OPEN,
                )
            )
            query = query.where(Person.id.in_(silent))
    return query.order_by(Person.id)


async def _count(session: AsyncSession, target: Target, version: str) -> int:
    found = await session.scalar(
        select(func.count()).select_from(_recipients(target, version).subquery())
    )
    return int(found or 0)


async def _available(session: AsyncSession, target: Target) -> Reach | None:
    """The target if it can be reached (its count not yet known): the event still exists, the
    campaign is still open; with the event's title or the campaign's kind."""
    if target.audience is Audience.EVENT:
        event = await session.get(Event, target.ref) if target.ref is not None else None
        return None if event is None else Reach(0, event.title)
    if target.audience is Audience.CAMPAIGN:
        campaign = await session.get(Campaign, target.ref) if target.ref is not None else None
        return None if campaign is None or campaign.status != OPEN else Reach(0, campaign.kind)
    return Reach(0) if target.ref is None else None


async def counts(sessions: Sessions, version: str) -> dict[Audience, int]:
    """How many people each audience picked with one button reaches."""
    async with sessions() as session:
        return {audience: await _count(session, Target(audience), version) for audience in SIMPLE}


async def reach(sessions: Sessions, target: Target, version: str) -> Reach | None:
    """How many people `target` reaches now; None if its event or campaign is not there."""
    async with sessions() as session:
        found = await _available(session, target)
        if found is None:
            return None
        return Reach(await _count(session, target, version), found.title)


async def events(sessions: Sessions, version: str) -> list[Option]:
    """The newest events, with how many of those who came a broadcast reaches."""
    async with sessions() as session:
        found = await session.scalars(
            select(Event).order_by(Event.starts_at.desc(), Event.id.desc()).limit(EVENTS_SHOWN)
        )
        return [
            Option(
                event.id,
                event.title,
                await _count(session, Target(Audience.EVENT, event.id), version),
                event.starts_at.date(),
            )
            for event in found
        ]


async def campaigns(sessions: Sessions, version: str) -> list[Option]:
    """The open campaigns, with how many of those who have not answered a broadcast reaches;
    `title` is the campaign's kind (interim, final, pair_final, adhoc)."""
    async with sessions() as session:
        found = await session.scalars(
            select(Campaign).where(Campaign.status == OPEN).order_by(Campaign.id)
        )
        return [
            Option(
                campaign.id,
                campaign.kind,
                await _count(session, Target(Audience.CAMPAIGN, campaign.id), version),
                campaign.due_on,
            )
            for campaign in found
        ]


# ---- sending --------------------------------------------------------------------------------


async def start(
    sessions: Sessions,
    *,
    by: int,
    chat_id: int,
    content: Content,
    target: Target,
    version: str,
    source: str,
    progress_message_id: int | None = None,
    now: datetime | None = None,
) -> Started:
    """Queue the broadcast: one outbox row per recipient and the `Broadcast` row (status
    sending), in one transaction. `source` names the confirmation: the same one again queues
    nothing and gives the broadcast it made. `progress_message_id`: the confirmation's own
    message, which becomes the progress message (its first edit is the caller's: claimed
    here, noted with `show_progress` once Telegram accepted it)."""
    now = now or utcnow()
    try:
        return await _start(
            sessions,
            by=by,
            chat_id=chat_id,
            content=content,
            target=target,
            version=version,
            source=source[:64],
            progress_message_id=progress_message_id,
            now=now,
        )
    except IntegrityError:  # the same confirmation, in another process at the same moment
        async with sessions() as session:
            made = await _made(session, source[:64])
        if made is None:
            raise
        return made


async def _made(session: AsyncSession, source: str) -> Started | None:
    made = await session.scalar(select(Broadcast).where(Broadcast.created_from == source))
    if made is None:
        return None
    return Started(Outcome.ALREADY, made.id, made.total, made.progress_message_id)


async def _start(
    sessions: Sessions,
    *,
    by: int,
    chat_id: int,
    content: Content,
    target: Target,
    version: str,
    source: str,
    progress_message_id: int | None,
    now: datetime,
) -> Started:
    async with sessions.begin() as session:
        if not await curators.is_curator(session, by):
            return Started(Outcome.NOT_CURATOR)
        if (made := await _made(session, source)) is not None:
            return made
        if await _available(session, target) is None:
            return Started(Outcome.UNAVAILABLE)
        recipients = (await session.execute(_recipients(target, version))).all()
        if not recipients:
            return Started(Outcome.NOBODY)
        file_id = None
        if content.file_kind is not None and content.telegram_file_id:
            stored = OutboxFile(
                kind=content.file_kind.value,
                filename=(content.filename or content.file_kind.value)[:200],
                content=b"",
                telegram_file_id=content.telegram_file_id[:256],
                created_at=now,
            )
            session.add(stored)
            await session.flush()
            file_id = stored.id
        broadcast = Broadcast(
            created_by=by,
            created_at=now,
            created_from=source,
            text=content.text,
            file_id=file_id,
            audience=target.audience.value,
            audience_ref=target.ref,
            total=len(recipients),
            status=Status.SENDING.value,
            chat_id=chat_id,
            progress_message_id=progress_message_id,
            shown_at=None if progress_message_id is None else now,  # the first edit, claimed
        )
        session.add(broadcast)
        await session.flush()
        batch = batch_of(broadcast.id)
        for person_id, telegram_id in recipients:
            # Sent when the curator chose, day or night: not quiet.
            await outbox.enqueue(
                session,
                chat_id=telegram_id,
                person_id=person_id,
                kind=KIND,
                text=content.text,
                file_id=file_id,
                batch=batch,
                dedup_key=f"{batch}:{person_id}",
            )
        audit.log(
            session,
            "broadcast_started",
            actor=by,
            broadcast=broadcast.id,
            audience=target.audience.value,
            ref=target.ref,
            total=len(recipients),
        )
        logger.info(
            "Broadcast %s by %s to %s people (%s)", broadcast.id, by, len(recipients), target
        )
        return Started(Outcome.STARTED, broadcast.id, len(recipients), progress_message_id)


async def show_progress(sessions: Sessions, broadcast_id: int, message_id: int, shown: str) -> bool:
    """Telegram accepted the first edit of the progress message (the confirmation) to `shown`
    (False: the progress loop has noted an edit of its own since)."""
    async with sessions.begin() as session:
        result = await session.execute(
            update(Broadcast)
            .where(
                Broadcast.id == broadcast_id,
                Broadcast.progress_message_id == message_id,
                Broadcast.shown.is_(None),
            )
            .values(shown=shown[:500])
        )
        return bool(getattr(result, "rowcount", 0))


async def _tallies(session: AsyncSession, totals: dict[int, int]) -> dict[int, Tally]:
    """Where each broadcast's (id: total) messages stand."""
    found = await outbox.batch_counts(session, [batch_of(i) for i in totals])
    return {i: Tally.of(found.get(batch_of(i), {}), total) for i, total in totals.items()}


async def stop(
    sessions: Sessions, broadcast_id: int, *, by: int, now: datetime | None = None
) -> Stopped:
    """«Остановить», by the curator who started it: the broadcast's messages not yet sent never
    go (one in flight may). Its count becomes final once those in flight settle (`finish`)."""
    now = now or utcnow()
    async with sessions.begin() as session:
        if not await curators.is_curator(session, by):
            return Stopped(Outcome.NOT_CURATOR)
        broadcast = await session.get(Broadcast, broadcast_id)
        if broadcast is None:
            return Stopped(Outcome.GONE)
        if broadcast.created_by != by:
            return Stopped(Outcome.NOT_YOURS)
        changed = await session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.status == Status.SENDING.value)
            .values(status=Status.CANCELLED.value)
            .execution_options(synchronize_session=False)
        )
        await session.refresh(broadcast)
        if getattr(changed, "rowcount", 0):
            dropped = await outbox.drop_batch(session, batch_of(broadcast_id), CANCELLED, now)
            audit.log(session, "broadcast_stopped", actor=by, broadcast=broadcast_id)
            logger.info("Broadcast %s stopped by %s: %s not sent", broadcast_id, by, dropped)
            outcome = Outcome.STOPPED
        elif broadcast.status == Status.CANCELLED.value:
            outcome = Outcome.ALREADY_STOPPED
        else:
            outcome = Outcome.FINISHED
        tally = (await _tallies(session, {broadcast_id: broadcast.total}))[broadcast_id]
        return Stopped(outcome, tally.sent, broadcast.total)


# ---- the progress loop's --------------------------------------------------------------------


async def watched(sessions: Sessions, now: datetime | None = None) -> list[Watch]:
    """Broadcasts still sending, those stopped whose count is not final yet, and those finished
    whose progress message has not shown the end yet (of curators only), with where their
    messages stand."""
    now = now or utcnow()
    is_curator = Curator.telegram_id.is_not(None)
    settling = (Broadcast.status == Status.CANCELLED.value) & Broadcast.finished_at.is_(None)
    final_not_shown = (
        Broadcast.finished_at.is_not(None)
        & Broadcast.progress_message_id.is_not(None)
        & (Broadcast.shown_at.is_(None) | (Broadcast.shown_at != Broadcast.finished_at))
        & is_curator
    )
    async with sessions() as session:
        rows = (
            await session.execute(
                select(Broadcast, Person.locale, Person.language_code, is_curator)
                .outerjoin(Person, Person.telegram_id == Broadcast.created_by)
                .outerjoin(Curator, Curator.telegram_id == Broadcast.created_by)
                .where(or_(Broadcast.status == Status.SENDING.value, settling, final_not_shown))
                .order_by(Broadcast.id)
            )
        ).all()
        tallies = await _tallies(session, {row[0].id: row[0].total for row in rows})
        stopped = [batch_of(row[0].id) for row in rows if row[0].status == Status.CANCELLED.value]
        flying = await outbox.in_flight(session, stopped, CANCELLED, now, SETTLE)
    return [
        Watch(
            b.id,
            b.chat_id,
            b.progress_message_id,
            b.total,
            Status(b.status),
            b.shown,
            b.shown_at,
            b.finished_at,
            locale,
            language_code,
            tallies[b.id],
            settled=batch_of(b.id) not in flying,
            curator=bool(curator),
        )
        for b, locale, language_code, curator in rows
    ]


async def finish(sessions: Sessions, broadcast_id: int, now: datetime | None = None) -> bool:
    """The broadcast's count is final: sending, with nothing pending (it is done), or stopped,
    with nothing in flight any more. The final count is queued to the curator (once; not to
    one removed meanwhile). False if it is neither, or was finished before."""
    now = now or utcnow()
    async with sessions.begin() as session:
        broadcast = await session.get(Broadcast, broadcast_id)
        if broadcast is None or broadcast.finished_at is not None:
            return False
        status, batch = Status(broadcast.status), batch_of(broadcast_id)
        tally = (await _tallies(session, {broadcast_id: broadcast.total}))[broadcast_id]
        if status is Status.SENDING and not tally.pending:
            values = {"status": Status.DONE.value, "finished_at": now}
        elif status is Status.CANCELLED and not await outbox.in_flight(
            session, [batch], CANCELLED, now, SETTLE
        ):
            values = {"finished_at": now}
        else:
            return False
        changed = await session.execute(
            update(Broadcast)
            .where(
                Broadcast.id == broadcast_id,
                Broadcast.status == status.value,
                Broadcast.finished_at.is_(None),
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if not getattr(changed, "rowcount", 0):
            return False
        logger.info("Broadcast %s %s: %s", broadcast_id, status.value, tally)
        if not await curators.is_curator(session, broadcast.created_by):
            return True  # removed meanwhile: curators' news is not theirs any more
        curator = await session.scalar(
            select(Person).where(Person.telegram_id == broadcast.created_by)
        )
        key, args = final_count(Status.DONE if status is Status.SENDING else status, tally)
        await outbox.enqueue(
            session,
            chat_id=broadcast.chat_id,
            person_id=curator.id if curator is not None else None,
            kind="broadcast_final",
            key=key,
            args=args,
            dedup_key=f"{batch}:final",
        )
        return True


async def claim_edit(sessions: Sessions, watch: Watch, now: datetime) -> datetime | None:
    """Claim the edit of `watch`'s progress message: one conditional UPDATE of the time of the
    last attempt, on the state the loop read (its status, whether it is finished, the text
    shown and the last attempt), so that of two processes only one edits, and the gap the
    loop checked (`may_edit`) still holds. Returns the claim's time, None if another took it."""
    # Never the end's own time: that marks the end shown.
    at = now if now != watch.finished_at else now + timedelta(microseconds=1)
    conditions = [
        Broadcast.id == watch.id,
        Broadcast.status == watch.status.value,
        Broadcast.progress_message_id == watch.message_id,
        _same(Broadcast.finished_at, watch.finished_at),
        _same(Broadcast.shown, watch.shown),
        _same(Broadcast.shown_at, watch.shown_at),
    ]
    async with sessions.begin() as session:
        result = await session.execute(update(Broadcast).where(*conditions).values(shown_at=at))
        return at if getattr(result, "rowcount", 0) else None


def _same(
    column: InstrumentedAttribute[datetime | None] | InstrumentedAttribute[str | None],
    value: datetime | str | None,
) -> ColumnElement[bool]:
    return column.is_(None) if value is None else column == value


async def note_shown(
    sessions: Sessions, watch: Watch, text: str, claimed_at: datetime | None = None
) -> None:
    """Telegram accepted the edit claimed at `claimed_at` (or said the message shows `text`
    already; without a claim: the message shows it, nothing was edited): the message shows
    `text`. A finished broadcast's end is marked shown (`shown_at` is its end), so it is not
    looked at again. Nothing is noted if another claim came since."""
    values: dict[str, object] = {"shown": text[:500]}
    if watch.finished_at is not None:
        values["shown_at"] = watch.finished_at
    conditions = [Broadcast.id == watch.id, Broadcast.status == watch.status.value]
    if claimed_at is not None:
        conditions.append(Broadcast.shown_at == claimed_at)
    else:
        conditions.append(Broadcast.shown == text[:500])
    async with sessions.begin() as session:
        await session.execute(update(Broadcast).where(*conditions).values(**values))


async def forget_message(sessions: Sessions, broadcast_id: int, message_id: int) -> None:
    """The progress message cannot be edited (deleted, say): no more edits are tried."""
    async with sessions.begin() as session:
        await session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.progress_message_id == message_id)
            .values(progress_message_id=None)
        )
