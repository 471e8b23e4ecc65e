"""The durable outbox: messages nobody is waiting for, stored with the change that causes them.

A use case queues a message (`bot/services/notify.py`) in its own transaction, so the message
exists exactly when the change does, and wakes the sender after its commit. A row holds no
text: a translation key, its arguments and buttons, with the people it names by id
(`outbox_mentions`); it is rendered when it is sent, in the recipient's language of that day
(`notify.render`). A withdrawal deletes every row to or about the person; sent rows are purged
after `OUTBOX_KEEP_DAYS`. A row may carry a photo or a file (`outbox_files`).

The sender (`bot/telegram/outbox_sender.py`) works through the table with the functions here,
each one short transaction, so no connection is held while Telegram is called.

Claims. A sender (one per process, named by its boot id) takes rows by writing its id into
`claimed_by` with a lease (`claimed_until`), which it renews while it holds them; a row whose
lease ran out (its process died) is claimable again. A claim is one statement, `UPDATE ...
WHERE id IN (SELECT ... LIMIT n) RETURNING`; on PostgreSQL the inner SELECT is `FOR UPDATE
SKIP LOCKED`. A sender never claims again a row it still holds, whatever the clocks say.

Order. Rows go out in the order of their ids; only the head of a chat's queue (no older
pending row of that chat that is due) is claimable, so a chat's messages arrive in order, also
while an older one waits for a retry. A message that may not go out at night (`quiet`) and is
claimed at night is put off to the morning (`not_before`) and no longer holds its chat.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Table,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy import update as sql_update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.clock import lease_clock
from bot.db.models import OutboxFile, OutboxMention, OutboxMessage, utcnow
from bot.db.upsert import insert_for

Sessions = async_sessionmaker[AsyncSession]

outbox = cast(Table, OutboxMessage.__table__)

REASON_LIMIT = 500
KIND_LIMIT = 32
BATCH_LIMIT = 64
DEDUP_KEY_LIMIT = 128


@dataclass(frozen=True)
class Claimed:
    """A row taken by a sender: what to render and where to send it."""

    id: int
    chat_id: int
    person_id: int | None
    key: str | None
    args: dict[str, Any]
    text: str | None  # written before messages were rendered when sent
    buttons: Any
    file_id: int | None
    quiet: bool
    kind: str


def _clip(text: str) -> str:
    return text if len(text) <= REASON_LIMIT else text[: REASON_LIMIT - 1] + "…"


async def enqueue(
    session: AsyncSession,
    *,
    chat_id: int,
    person_id: int | None,
    kind: str,
    key: str | None = None,
    args: dict[str, Any] | None = None,
    text: str | None = None,
    buttons: Any = None,
    mentions: Iterable[int] = (),
    file_id: int | None = None,
    quiet: bool = False,
    batch: str | None = None,
    dedup_key: str | None = None,
    not_before: datetime | None = None,
) -> bool:
    """Queue a message in the caller's transaction; the caller commits (then wakes the sender).

    `key` and `args` are rendered when the message is sent (`text` is sent as it is: for a
    text with nobody's data in it); `mentions` are the ids of the people it names. A
    `dedup_key` already queued makes this a no-op (False), so the same business event queues
    once.
    """
    if key is None and not (text or "").strip() and file_id is None:
        raise ValueError("an outbox message needs a key or a text (or a file)")
    if not kind or len(kind) > KIND_LIMIT:
        raise ValueError(f"kind must be 1-{KIND_LIMIT} characters: {kind!r}")
    if batch is not None and not 0 < len(batch) <= BATCH_LIMIT:
        raise ValueError(f"batch must be 1-{BATCH_LIMIT} characters: {batch!r}")
    if dedup_key is not None and not 0 < len(dedup_key) <= DEDUP_KEY_LIMIT:
        raise ValueError(f"dedup_key must be 1-{DEDUP_KEY_LIMIT} characters: {dedup_key!r}")
    now = utcnow()
    values = {
        "chat_id": chat_id,
        "person_id": person_id,
        "kind": kind,
        "key": key,
        "args": args or None,
        "text": text,
        "buttons": buttons,
        "file_id": file_id,
        "quiet": quiet,
        "batch": batch,
        "dedup_key": dedup_key,
        "created_at": now,
        "not_before": not_before,
        "attempts": 0,
    }
    statement = insert_for(session.get_bind().dialect.name, outbox).values(**values)
    if dedup_key is not None:
        statement = statement.on_conflict_do_nothing(index_elements=["dedup_key"])
    row_id = await session.scalar(statement.returning(outbox.c.id))
    if row_id is None:
        return False
    named = sorted(set(mentions))
    if named:
        await session.execute(
            insert(OutboxMention), [{"message_id": row_id, "person_id": p} for p in named]
        )
    return True


async def add_file(session: AsyncSession, kind: str, filename: str, content: bytes) -> int:
    """A photo or a document for messages queued in the same transaction; returns its id."""
    if kind not in ("photo", "document"):
        raise ValueError(f"a file is a photo or a document, not {kind!r}")
    row = OutboxFile(kind=kind, filename=filename, content=content, created_at=utcnow())
    session.add(row)
    await session.flush()
    return row.id


def _pending(row: FromClause) -> ColumnElement[bool]:
    return and_(row.c.sent_at.is_(None), row.c.dropped_at.is_(None))


def _due(row: FromClause, now: datetime) -> ColumnElement[bool]:
    """Not put off (a message due at once has no time: a wall clock stepping back holds
    nothing), or put off until a time that has come."""
    return or_(row.c.not_before.is_(None), row.c.not_before <= now)


def claim_statement(
    dialect_name: str,
    boot: str,
    *,
    limit: int,
    lease: timedelta,
    now: datetime,
    held: Sequence[int] = (),
) -> Any:
    """The claim as one UPDATE ... RETURNING (separate, so the PostgreSQL form can be checked)."""
    row, older = outbox.alias("o"), outbox.alias("p")
    clock = lease_clock(dialect_name, now)  # leases by the database's clock; the rest by `now`
    head = ~exists().where(
        older.c.chat_id == row.c.chat_id,
        _pending(older),
        older.c.id < row.c.id,
        _due(older, now),
    )
    conditions = [
        _pending(row),
        _due(row, now),
        or_(row.c.claimed_until.is_(None), row.c.claimed_until < clock),
        head,
    ]
    if held:
        conditions.append(row.c.id.not_in(list(held)))
    ids = select(row.c.id).where(*conditions).order_by(row.c.id).limit(limit)
    if dialect_name == "postgresql":
        ids = ids.with_for_update(skip_locked=True, of=row)
    columns = [outbox.c[name] for name in Claimed.__dataclass_fields__]
    return (
        sql_update(outbox)
        .where(outbox.c.id.in_(ids.scalar_subquery()))
        .values(claimed_by=boot, claimed_until=clock + lease)
        .returning(*columns)
    )


async def claim(
    sessions: Sessions,
    boot: str,
    *,
    limit: int,
    lease: timedelta,
    held: Sequence[int] = (),
    now: datetime | None = None,
    morning: Callable[[datetime], datetime] | None = None,
) -> list[Claimed]:
    """Take up to `limit` due messages for `boot` (at most one per chat), oldest first.

    `morning(now)`: the time quiet messages may go out (now itself in the daytime); a quiet
    message claimed before it is put off until then instead of being returned.
    """
    if limit <= 0:
        return []
    now = now or utcnow()
    async with sessions.begin() as session:
        statement = claim_statement(
            session.get_bind().dialect.name, boot, limit=limit, lease=lease, now=now, held=held
        )
        rows = [Claimed(**r._asdict()) for r in (await session.execute(statement)).all()]
        later = morning(now) if morning is not None else now
        night = [r.id for r in rows if r.quiet and later > now]
        if night:
            await session.execute(
                sql_update(outbox)
                .where(outbox.c.id.in_(night))
                .values(not_before=later, claimed_by=None, claimed_until=None)
            )
    return sorted((r for r in rows if r.id not in night), key=lambda r: r.id)


async def renew(
    sessions: Sessions,
    boot: str,
    ids: Sequence[int],
    *,
    lease: timedelta,
    now: datetime | None = None,
) -> set[int]:
    """Extend the lease on the rows `boot` still holds to `lease` from now (the database's
    clock on PostgreSQL); returns their ids."""
    if not ids:
        return set()
    async with sessions.begin() as session:
        clock = lease_clock(session.get_bind().dialect.name, now or utcnow())
        result = await session.execute(
            sql_update(outbox)
            .where(outbox.c.id.in_(ids), outbox.c.claimed_by == boot, _pending(outbox))
            .values(claimed_until=clock + lease)
            .returning(outbox.c.id)
        )
        return set(result.scalars())


async def reload(sessions: Sessions, row_id: int, boot: str) -> Claimed | None:
    """A row `boot` holds, as it is now; None if it is no longer pending (a withdrawal deleted
    it, say) or no longer ours."""
    columns = [outbox.c[name] for name in Claimed.__dataclass_fields__]
    async with sessions() as session:
        row = (
            await session.execute(
                select(*columns).where(
                    outbox.c.id == row_id, outbox.c.claimed_by == boot, _pending(outbox)
                )
            )
        ).first()
    return None if row is None else Claimed(**row._asdict())


async def still_ours(sessions: Sessions, boot: str, ids: Sequence[int]) -> set[int]:
    """Of the rows `boot` holds, those still pending and its own (one read by their keys)."""
    if not ids:
        return set()
    async with sessions() as session:
        found = await session.scalars(
            select(outbox.c.id).where(
                outbox.c.id.in_(list(ids)), outbox.c.claimed_by == boot, _pending(outbox)
            )
        )
        return set(found)


async def put_off(sessions: Sessions, row_id: int, boot: str, *, until: datetime) -> None:
    """A row `boot` holds goes back, not to be claimed before `until`."""
    async with sessions.begin() as session:
        await session.execute(
            sql_update(outbox)
            .where(outbox.c.id == row_id, outbox.c.claimed_by == boot)
            .values(not_before=until, claimed_by=None, claimed_until=None)
        )


async def mark_sent(
    sessions: Sessions, row_id: int, message_id: int, now: datetime | None = None
) -> None:
    """Telegram accepted the message (marked even if another sender took the row meanwhile:
    it was sent, and marking it keeps a third copy from going out)."""
    async with sessions.begin() as session:
        await session.execute(
            sql_update(outbox)
            .where(outbox.c.id == row_id, outbox.c.sent_at.is_(None))
            .values(sent_at=now or utcnow(), message_id=message_id, claimed_until=None)
        )


async def mark_all_sent(sessions: Sessions, marks: dict[int, tuple[int, datetime]]) -> None:
    """`mark_sent` for many rows in one transaction: each row's (message id, time sent)."""
    if not marks:
        return
    async with sessions.begin() as session:
        await session.execute(
            sql_update(outbox)
            .where(outbox.c.id == bindparam("row_id"), outbox.c.sent_at.is_(None))
            .values(
                sent_at=bindparam("at", type_=outbox.c.sent_at.type),
                message_id=bindparam("sent_id"),
                claimed_until=None,
            ),
            [
                {"row_id": row_id, "sent_id": message_id, "at": at}
                for row_id, (message_id, at) in marks.items()
            ],
        )


async def note_failure(sessions: Sessions, row_id: int, error: str) -> None:
    """A failed attempt, kept for the operator; the sender retries it itself."""
    async with sessions.begin() as session:
        await session.execute(
            sql_update(outbox)
            .where(outbox.c.id == row_id)
            .values(attempts=outbox.c.attempts + 1, last_error=_clip(error))
        )


async def release(sessions: Sessions, boot: str, ids: Sequence[int] | None = None) -> int:
    """Give back claims (all of `boot`'s, or just `ids`) without counting an attempt."""
    conditions = [outbox.c.claimed_by == boot, _pending(outbox)]
    if ids is not None:
        if not ids:
            return 0
        conditions.append(outbox.c.id.in_(ids))
    async with sessions.begin() as session:
        result = await session.execute(
            sql_update(outbox).where(*conditions).values(claimed_by=None, claimed_until=None)
        )
        return int(getattr(result, "rowcount", 0))


async def drop(
    sessions: Sessions,
    reason: str,
    *,
    row_id: int | None = None,
    chat_id: int | None = None,
    now: datetime | None = None,
) -> int:
    """Give up one message, or every pending message to a chat (blocked), keeping the reason."""
    which = outbox.c.id == row_id if row_id is not None else outbox.c.chat_id == chat_id
    async with sessions.begin() as session:
        result = await session.execute(
            sql_update(outbox)
            .where(which, _pending(outbox))
            .values(dropped_at=now or utcnow(), drop_reason=_clip(reason), claimed_until=None)
        )
        return int(getattr(result, "rowcount", 0))


async def file_of(sessions: Sessions, file_id: int) -> OutboxFile | None:
    async with sessions() as session:
        return await session.get(OutboxFile, file_id)


async def remember_file(sessions: Sessions, file_id: int, telegram_file_id: str) -> None:
    """The file is on Telegram's servers now: later messages send it by its id."""
    async with sessions.begin() as session:
        await session.execute(
            sql_update(OutboxFile)
            .where(OutboxFile.id == file_id, OutboxFile.telegram_file_id.is_(None))
            .values(telegram_file_id=telegram_file_id[:256])
        )


async def due_count(sessions: Sessions, now: datetime | None = None) -> int:
    """Pending messages that are due (claimed or not)."""
    now = now or utcnow()
    async with sessions() as session:
        count = await session.scalar(
            select(func.count()).where(_pending(outbox), _due(outbox, now))
        )
    return int(count or 0)


async def forget(session: AsyncSession, person_id: int, telegram_id: int) -> None:
    """In a withdrawal: every message to the person or naming them goes, sent or not."""
    about = select(OutboxMention.message_id).where(OutboxMention.person_id == person_id)
    await session.execute(
        delete(OutboxMessage).where(
            or_(OutboxMessage.chat_id == telegram_id, OutboxMessage.id.in_(about))
        )
    )


async def purge(sessions: Sessions, keep: timedelta, now: datetime | None = None) -> int:
    """Sent and dropped messages older than `keep` go, with files no message uses any more."""
    cutoff = (now or utcnow()) - keep
    async with sessions.begin() as session:
        result = await session.execute(
            delete(OutboxMessage).where(
                or_(OutboxMessage.sent_at < cutoff, OutboxMessage.dropped_at < cutoff)
            )
        )
        used = select(OutboxMessage.file_id).where(OutboxMessage.file_id.is_not(None))
        await session.execute(delete(OutboxFile).where(OutboxFile.id.not_in(used)))
        return int(getattr(result, "rowcount", 0))


CURATORS_KEYS = ("curator-%", "broadcast-final%")
"""Messages only a curator gets: notices to curators, a broadcast's final count."""


async def drop_to_former_curator(session: AsyncSession, telegram_id: int) -> None:
    """Curators' messages not yet sent to someone who is no longer a curator never go."""
    await session.execute(
        sql_update(outbox)
        .where(
            outbox.c.chat_id == telegram_id,
            or_(*(outbox.c.key.like(pattern) for pattern in CURATORS_KEYS)),
            _pending(outbox),
        )
        .values(dropped_at=utcnow(), drop_reason="not_curator", claimed_until=None)
    )


async def batch_counts(session: AsyncSession, batches: Sequence[str]) -> dict[str, dict[str, int]]:
    """How each batch's messages stand: "sent", "pending", and the dropped ones by reason (a
    message dropped and then sent anyway, being in flight, counts as sent)."""
    if not batches:
        return {}
    state = case(
        (outbox.c.sent_at.is_not(None), "sent"),
        (outbox.c.dropped_at.is_(None), "pending"),
        else_=func.coalesce(outbox.c.drop_reason, "dropped"),
    )
    rows = await session.execute(
        select(outbox.c.batch, state, func.count())
        .where(outbox.c.batch.in_(list(batches)))
        .group_by(outbox.c.batch, state)
    )
    counts: dict[str, dict[str, int]] = {batch: {} for batch in batches}
    for batch, outcome, number in rows:
        counts[str(batch)][str(outcome)] = int(number)
    return counts


async def drop_batch(session: AsyncSession, batch: str, reason: str, now: datetime) -> int:
    """In the caller's transaction: a batch's messages not yet sent never go (one a sender is
    sending at this moment may still arrive, and is then marked sent). A claimed row keeps its
    lease, so that `in_flight` knows it may still go; its sender lets it go (`let_go`) when it
    finds it dropped."""
    result = await session.execute(
        sql_update(outbox)
        .where(outbox.c.batch == batch, _pending(outbox))
        .values(dropped_at=now, drop_reason=_clip(reason))
    )
    return int(getattr(result, "rowcount", 0))


async def let_go(sessions: Sessions, row_id: int, boot: str) -> None:
    """A row `boot` holds was dropped meanwhile: it is not sent, and no longer in flight."""
    async with sessions.begin() as session:
        await session.execute(
            sql_update(outbox)
            .where(
                outbox.c.id == row_id,
                outbox.c.claimed_by == boot,
                outbox.c.sent_at.is_(None),
                outbox.c.dropped_at.is_not(None),
                outbox.c.claimed_until.is_not(None),
            )
            .values(claimed_until=None)
        )


async def in_flight(
    session: AsyncSession, batches: Sequence[str], reason: str, now: datetime, settle: timedelta
) -> set[str]:
    """The batches with a message dropped for `reason` that a sender may still be sending: it
    was claimed when dropped (its lease still runs, its sender has not let it go), it is not
    marked sent, and it was dropped less than `settle` ago (a drop time in the future, the wall
    clock stepped back, counts as long ago)."""
    if not batches:
        return set()
    rows = await session.scalars(
        select(outbox.c.batch)
        .where(
            outbox.c.batch.in_(list(batches)),
            outbox.c.sent_at.is_(None),
            outbox.c.drop_reason == reason,
            outbox.c.claimed_until > lease_clock(session.get_bind().dialect.name, now),
            outbox.c.dropped_at > now - settle,
            outbox.c.dropped_at <= now,
        )
        .distinct()
    )
    return {str(batch) for batch in rows}


async def drop_batch_to(
    session: AsyncSession, batch: str, chat_id: int, reason: str, now: datetime
) -> int:
    """`drop_batch` for one chat only (a person who has answered what the batch asks)."""
    result = await session.execute(
        sql_update(outbox)
        .where(outbox.c.batch == batch, outbox.c.chat_id == chat_id, _pending(outbox))
        .values(dropped_at=now, drop_reason=_clip(reason), claimed_until=None)
    )
    return int(getattr(result, "rowcount", 0))


async def queued(session: AsyncSession, dedup_key: str) -> bool:
    """Whether a message with this `dedup_key` was queued (sent or not)."""
    found = await session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.dedup_key == dedup_key)
    )
    return found is not None
