"""The durable outbox: messages nobody is waiting for, stored with the change that causes them.

A use case calls `enqueue` in its own transaction, so the message exists exactly when the
change does (a rollback takes both away), and calls the sender's `wake()` after its commit.
A sender (`bot/telegram/outbox_sender.py`) then works through the table with the other
functions here; each of them opens, commits and closes its own short transaction, so no
database connection is held while Telegram is called or a wait runs.

Claims. A sender takes rows by writing its worker id into `claimed_by` with a lease
(`claimed_until`) and keeps the lease alive while it holds them. A claim is one statement:
`UPDATE outbox SET claimed_by, claimed_until WHERE id IN (SELECT ... LIMIT n) RETURNING ...`.
On SQLite the statement takes the database's write lock before it reads, so two senders'
claims are serialised and never overlap; on PostgreSQL the inner SELECT is `FOR UPDATE OF o
SKIP LOCKED`, so concurrent claims skip each other's rows instead of waiting. A row whose
lease ran out (its sender died) is claimable again.

Order and pace per chat. Only the head of a chat's queue is claimable: a pending row with an
earlier (`not_before`, `id`) in the same chat holds the later ones back, also while it waits
for a retry, so a chat's messages arrive in order; and a chat in which a message was sent less
than `chat_spacing` seconds ago waits. Both rules are in the claim itself, so they hold across
several senders on one database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Table,
    and_,
    case,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import OutboxMessage, utcnow
from bot.db.upsert import insert_for

Sessions = async_sessionmaker[AsyncSession]

outbox = cast(Table, OutboxMessage.__table__)

REASON_LIMIT = 500
KIND_LIMIT = 32
BATCH_LIMIT = 64
DEDUP_KEY_LIMIT = 128


@dataclass(frozen=True)
class Claimed:
    """A row taken by a sender: what to send, and where."""

    id: int
    chat_id: int
    text: str
    reply_markup: dict[str, Any] | None
    kind: str
    batch: str | None
    attempts: int


@dataclass(frozen=True)
class BatchProgress:
    """How far the messages of one batch (a broadcast, say) have got."""

    batch: str
    total: int
    sent: int
    dropped: int

    @property
    def pending(self) -> int:
        return self.total - self.sent - self.dropped

    @property
    def done(self) -> bool:
        return self.pending == 0


def _clip(text: str) -> str:
    return text if len(text) <= REASON_LIMIT else text[: REASON_LIMIT - 1] + "…"


async def enqueue(
    session: AsyncSession,
    *,
    chat_id: int,
    text: str,
    kind: str,
    reply_markup: dict[str, Any] | None = None,
    batch: str | None = None,
    dedup_key: str | None = None,
    not_before: datetime | None = None,
) -> None:
    """Queue a message in the caller's transaction; the caller commits (then wakes the sender).

    `text` is HTML already rendered in the recipient's language; `reply_markup` an inline
    keyboard as a dict (`InlineKeyboardMarkup.model_dump(exclude_none=True)`). A `dedup_key`
    already queued makes this a no-op, so a use case repeated after a crash queues once.
    """
    if not text.strip():
        raise ValueError("an outbox message needs a text")
    if not kind or len(kind) > KIND_LIMIT:
        raise ValueError(f"kind must be 1-{KIND_LIMIT} characters: {kind!r}")
    if batch is not None and not 0 < len(batch) <= BATCH_LIMIT:
        raise ValueError(f"batch must be 1-{BATCH_LIMIT} characters: {batch!r}")
    if dedup_key is not None and not 0 < len(dedup_key) <= DEDUP_KEY_LIMIT:
        raise ValueError(f"dedup_key must be 1-{DEDUP_KEY_LIMIT} characters: {dedup_key!r}")
    now = utcnow()
    when = not_before or now
    values: dict[str, Any] = {
        "chat_id": chat_id,
        "text": text,
        "reply_markup": reply_markup,
        "kind": kind,
        "batch": batch,
        "dedup_key": dedup_key,
        "created_at": now,
        "not_before": when,
        "attempts": 0,
        "next_attempt_at": when,
    }
    if dedup_key is None:
        await session.execute(insert(outbox).values(**values))
        return
    statement = insert_for(session.get_bind().dialect.name, outbox).values(**values)
    await session.execute(statement.on_conflict_do_nothing(index_elements=["dedup_key"]))


def _pending(row: FromClause) -> ColumnElement[bool]:
    return and_(row.c.sent_at.is_(None), row.c.dropped_at.is_(None))


def _is_head(row: FromClause, now: datetime) -> ColumnElement[bool]:
    """No other pending message of the chat comes first or is being sent."""
    other = outbox.alias("p")
    return ~exists().where(
        other.c.chat_id == row.c.chat_id,
        _pending(other),
        other.c.id != row.c.id,
        or_(
            other.c.not_before < row.c.not_before,
            and_(other.c.not_before == row.c.not_before, other.c.id < row.c.id),
            other.c.claimed_until >= now,
        ),
    )


def claim_statement(
    dialect_name: str,
    worker: str,
    *,
    limit: int,
    lease: timedelta,
    chat_spacing: timedelta,
    now: datetime,
) -> Any:
    """The claim as one UPDATE ... RETURNING (separate, so the PostgreSQL form can be checked)."""
    row = outbox.alias("o")
    conditions = [
        _pending(row),
        row.c.next_attempt_at <= now,
        or_(row.c.claimed_until.is_(None), row.c.claimed_until < now),
        _is_head(row, now),
    ]
    if chat_spacing > timedelta(0):
        recent = outbox.alias("q")
        conditions.append(
            ~exists().where(
                recent.c.chat_id == row.c.chat_id, recent.c.sent_at > now - chat_spacing
            )
        )
    ids = select(row.c.id).where(*conditions).order_by(row.c.next_attempt_at, row.c.id).limit(limit)
    if dialect_name == "postgresql":
        ids = ids.with_for_update(skip_locked=True, of=row)
    return (
        update(outbox)
        .where(outbox.c.id.in_(ids.scalar_subquery()))
        .values(claimed_by=worker, claimed_until=now + lease)
        .returning(
            outbox.c.id,
            outbox.c.chat_id,
            outbox.c.text,
            outbox.c.reply_markup,
            outbox.c.kind,
            outbox.c.batch,
            outbox.c.attempts,
            outbox.c.not_before,
        )
    )


async def claim(
    sessions: Sessions,
    worker: str,
    *,
    limit: int,
    lease: timedelta,
    chat_spacing: timedelta = timedelta(0),
    now: datetime | None = None,
) -> list[Claimed]:
    """Take up to `limit` due messages for `worker` (at most one per chat), oldest first."""
    if limit <= 0:
        return []
    now = now or utcnow()
    async with sessions() as session:
        statement = claim_statement(
            session.get_bind().dialect.name,
            worker,
            limit=limit,
            lease=lease,
            chat_spacing=chat_spacing,
            now=now,
        )
        rows = list((await session.execute(statement)).all())
        await session.commit()
    rows.sort(key=lambda r: (r.not_before, r.id))
    return [
        Claimed(r.id, r.chat_id, r.text, r.reply_markup, r.kind, r.batch, r.attempts) for r in rows
    ]


async def renew(sessions: Sessions, worker: str, ids: Sequence[int], *, until: datetime) -> int:
    """Extend the lease on the rows `worker` still holds; returns how many it still has."""
    if not ids:
        return 0
    async with sessions() as session:
        result = await session.execute(
            update(outbox)
            .where(outbox.c.id.in_(ids), outbox.c.claimed_by == worker, _pending(outbox))
            .values(claimed_until=until)
        )
        await session.commit()
    return int(getattr(result, "rowcount", 0))


async def mark_sent(
    sessions: Sessions,
    row_id: int,
    worker: str,
    message_id: int,
    now: datetime | None = None,
) -> bool:
    """Record that Telegram accepted the message; False if the row was no longer ours.

    A message Telegram accepted is marked even if our lease ran out meanwhile: it was sent,
    and marking it keeps a third copy from going out.
    """
    values = {"sent_at": now or utcnow(), "message_id": message_id, "claimed_until": None}
    unsent = and_(outbox.c.id == row_id, outbox.c.sent_at.is_(None))
    async with sessions() as session:
        ours = await session.execute(
            update(outbox).where(unsent, outbox.c.claimed_by == worker).values(**values)
        )
        still_ours = bool(getattr(ours, "rowcount", 0))
        if not still_ours:
            await session.execute(update(outbox).where(unsent).values(claimed_by=worker, **values))
        await session.commit()
    return still_ours


async def reschedule(
    sessions: Sessions, row_id: int, worker: str, *, at: datetime, error: str
) -> bool:
    """Count a failed attempt and let the message be claimed again from `at`."""
    async with sessions() as session:
        result = await session.execute(
            update(outbox)
            .where(outbox.c.id == row_id, outbox.c.claimed_by == worker, _pending(outbox))
            .values(
                attempts=outbox.c.attempts + 1,
                next_attempt_at=at,
                last_error=_clip(error),
                claimed_by=None,
                claimed_until=None,
            )
        )
        await session.commit()
    return bool(getattr(result, "rowcount", 0))


async def release(sessions: Sessions, worker: str, ids: Sequence[int] | None = None) -> int:
    """Give back claims without counting an attempt (all of `worker`'s, or just `ids`)."""
    conditions = [outbox.c.claimed_by == worker, _pending(outbox)]
    if ids is not None:
        if not ids:
            return 0
        conditions.append(outbox.c.id.in_(ids))
    async with sessions() as session:
        result = await session.execute(
            update(outbox).where(*conditions).values(claimed_by=None, claimed_until=None)
        )
        await session.commit()
    return int(getattr(result, "rowcount", 0))


async def release_workers(sessions: Sessions, workers: Sequence[str]) -> int:
    """Give back every claim of these workers (known to be dead)."""
    if not workers:
        return 0
    async with sessions() as session:
        result = await session.execute(
            update(outbox)
            .where(outbox.c.claimed_by.in_(workers), _pending(outbox))
            .values(claimed_by=None, claimed_until=None)
        )
        await session.commit()
    return int(getattr(result, "rowcount", 0))


async def live_claimants(sessions: Sessions, now: datetime | None = None) -> list[str]:
    """Workers holding an unexpired claim on a pending message."""
    now = now or utcnow()
    async with sessions() as session:
        rows = await session.scalars(
            select(outbox.c.claimed_by)
            .where(_pending(outbox), outbox.c.claimed_until >= now)
            .distinct()
        )
        return [r for r in rows if r is not None]


async def drop(
    sessions: Sessions, row_id: int, reason: str, now: datetime | None = None
) -> list[str | None]:
    """Give up one message, keeping the reason; returns its batch in a list (empty if gone)."""
    return await _drop(sessions, outbox.c.id == row_id, reason, now)


async def drop_chat(
    sessions: Sessions, chat_id: int, reason: str, now: datetime | None = None
) -> list[str | None]:
    """Give up every pending message to a chat (blocked, chat not found), keeping the reason.

    Returns the batch of each message dropped.
    """
    return await _drop(sessions, outbox.c.chat_id == chat_id, reason, now)


async def _drop(
    sessions: Sessions, which: ColumnElement[bool], reason: str, now: datetime | None
) -> list[str | None]:
    async with sessions() as session:
        result = await session.execute(
            update(outbox)
            .where(which, _pending(outbox))
            .values(dropped_at=now or utcnow(), drop_reason=_clip(reason), claimed_until=None)
            .returning(outbox.c.batch)
        )
        batches = list(result.scalars())
        await session.commit()
    return batches


async def due_count(sessions: Sessions, now: datetime | None = None) -> int:
    """Messages that are due and first in their chat's queue (claimed or not)."""
    now = now or utcnow()
    row = outbox.alias("o")
    other = outbox.alias("p")
    first = ~exists().where(
        other.c.chat_id == row.c.chat_id,
        _pending(other),
        other.c.id != row.c.id,
        or_(
            other.c.not_before < row.c.not_before,
            and_(other.c.not_before == row.c.not_before, other.c.id < row.c.id),
        ),
    )
    async with sessions() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(row)
            .where(_pending(row), row.c.next_attempt_at <= now, first)
        )
    return int(count or 0)


async def batch_progress(sessions: Sessions, batch: str) -> BatchProgress:
    """Sent, dropped and total messages of a batch."""
    async with sessions() as session:
        total, sent, dropped = (
            await session.execute(
                select(
                    func.count(),
                    func.count(outbox.c.sent_at),
                    func.coalesce(
                        func.sum(
                            case(
                                (
                                    and_(
                                        outbox.c.sent_at.is_(None),
                                        outbox.c.dropped_at.is_not(None),
                                    ),
                                    1,
                                ),
                                else_=0,
                            )
                        ),
                        0,
                    ),
                ).where(outbox.c.batch == batch)
            )
        ).one()
    return BatchProgress(batch, int(total), int(sent), int(dropped))
