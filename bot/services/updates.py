"""Updates received and handled: an update counts as handled only once its handling finished.

The poller (`bot/telegram/polling.py`) stores each batch of updates as it arrives (`receive`:
the update's content, and the boot id of the process that took it) before it confirms them to
Telegram, so one slow update never holds back the ones after it. The end of an update's
handling marks it handled, in the same transaction as the dialog state it changed, and drops
its content. An update that a process took and never finished (it was killed) is handled again:
at the next start (`unfinished`), or when Telegram sends it again (`claim_update`, for updates
fed in directly). Use cases are safe to repeat (each change is conditional on the state it
expects), so what the dead process had already done is not done twice.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable, Collection, Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import Table, Text, delete, exists, func, literal, null, or_, select, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from bot.db.clock import database_now
from bot.db.engine import autocommit
from bot.db.models import Lease, SeenUpdate, utcnow
from bot.db.upsert import insert_for, insert_ignore

logger = logging.getLogger(__name__)

Sessions = async_sessionmaker[AsyncSession]
KEEP_SEEN_FOR = timedelta(days=2)
WORKER_LEASE = "worker:"  # a webhook worker's heartbeat: `leases.WORKER` + its boot id
_seen = cast(Table, SeenUpdate.__table__)


def new_boot_id() -> str:
    """A process's identity for the rows it takes: random, never guessed from a pid."""
    return secrets.token_hex(8)


class Taken(StrEnum):
    NEW = "new"
    AGAIN = "again"  # an earlier boot took it and never finished: handled again
    SKIP = "skip"


def _holder_gone(now: datetime) -> Any:
    """The boot that took the update is not a live webhook worker (no heartbeat lease in force;
    in long polling there are none: an earlier boot is a stopped process)."""
    return ~exists().where(
        Lease.name == literal(WORKER_LEASE) + SeenUpdate.boot, Lease.until >= now
    )


def _superseded() -> Any:
    """A later update of the same sender has been handled."""
    later = aliased(SeenUpdate)
    return exists().where(
        later.bot_id == SeenUpdate.bot_id,
        later.user_id == SeenUpdate.user_id,
        later.update_id > SeenUpdate.update_id,
        later.handled_at.is_not(None),
    )


async def _take(
    session: AsyncSession, bot_id: int, boot: str, *conditions: Any, seen: datetime | None = None
) -> list[tuple[int, Any]]:
    """Unfinished updates that match `conditions` and whose holder is gone, taken by `boot`:
    their ids and contents, oldest first. Each is taken by a compare-and-set on the holder it
    was seen with, so of two workers that look at once only one takes it (a condition on
    another table would not be checked again against a row changed meanwhile).

    One whose sender has had a later update handled since is not handled again but counted as
    handled: the person went on from what they saw, and the old update would undo it (a
    /start handled again after the answers that followed would start them over)."""
    now = await database_now(session)  # a heartbeat is judged by the database's clock
    unfinished = (SeenUpdate.bot_id == bot_id, SeenUpdate.handled_at.is_(None))
    orphaned = (
        *unfinished,
        or_(SeenUpdate.boot.is_(None), SeenUpdate.boot != boot),
        _holder_gone(now),
        *conditions,
    )
    passed = await session.execute(
        update(SeenUpdate)
        .where(*orphaned, _superseded())
        .values(handled_at=now, payload=null(), replies=null())
        .returning(SeenUpdate.update_id)
        .execution_options(synchronize_session=False)
    )
    for (update_id,) in passed:
        logger.warning(
            "Update %s was left unfinished; its sender has gone on: not redone", update_id
        )
    seen_with = await session.execute(
        select(SeenUpdate.update_id, SeenUpdate.boot).where(*orphaned)
    )
    holders: dict[str | None, list[int]] = {}
    for update_id, holder in seen_with:
        holders.setdefault(holder, []).append(update_id)
    taken: list[tuple[int, Any]] = []
    for holder, ids in holders.items():
        rows = await session.execute(
            update(SeenUpdate)
            .where(
                *unfinished,
                SeenUpdate.update_id.in_(ids),
                SeenUpdate.boot.is_(None) if holder is None else SeenUpdate.boot == holder,
            )
            .values(boot=boot, **({"seen_at": seen} if seen is not None else {}))
            .returning(SeenUpdate.update_id, SeenUpdate.payload)
        )
        taken += [(update_id, payload) for update_id, payload in rows]
    return sorted(taken, key=lambda row: row[0])


async def receive(
    sessions: Sessions, bot_id: int, boot: str, updates: Sequence[dict[str, Any]]
) -> dict[int, Taken]:
    """Store a batch as it arrives (one transaction); the ids to handle now: those new, and
    those an earlier boot never finished (`Taken.AGAIN`). The others are handled or under way
    here."""
    if not updates:
        return {}
    now = utcnow()
    rows = [
        {
            "bot_id": bot_id,
            "update_id": u["update_id"],
            "seen_at": now,
            "boot": boot,
            "payload": u,
            "user_id": sender_of(u),
        }
        for u in updates
    ]
    async with sessions.begin() as session:
        statement = insert_for(session.get_bind().dialect.name, _seen).values(rows)
        fresh = await session.scalars(
            statement.on_conflict_do_nothing().returning(_seen.c.update_id)
        )
        taken = dict.fromkeys(fresh, Taken.NEW)
        rest = [u["update_id"] for u in updates if u["update_id"] not in taken]
        if rest:
            for update_id, _ in await _take(
                session, bot_id, boot, _seen.c.update_id.in_(rest), seen=now
            ):
                logger.warning("Update %s was left unfinished by a stopped process", update_id)
                taken[update_id] = Taken.AGAIN
    return taken


def sender_of(update: dict[str, Any]) -> int | None:
    """The Telegram id of whoever an update comes from (a message, a press, a block ...)."""
    for name, event in update.items():
        if name != "update_id" and isinstance(event, dict):
            sender = event.get("from")
            if isinstance(sender, dict) and isinstance(sender.get("id"), int):
                return int(sender["id"])
    return None


async def forget_contents_of(session: AsyncSession, telegram_id: int) -> None:
    """In a withdrawal: what the person's updates said is not kept (only that they came)."""
    await session.execute(
        update(SeenUpdate)
        .where(SeenUpdate.user_id == telegram_id)
        .values(payload=null(), replies=null())
    )


async def _take_unfinished(
    sessions: Sessions, bot_id: int, boot: str, *conditions: Any
) -> list[tuple[int, dict[str, Any]]]:
    """Unfinished updates with their content that match `conditions`, taken by `boot`."""
    async with sessions.begin() as session:
        rows = await _take(session, bot_id, boot, SeenUpdate.payload.is_not(None), *conditions)
    return [(u, p) for u, p in rows if isinstance(p, dict)]


async def forget_contents_naming(session: AsyncSession, needles: Collection[str]) -> None:
    """In a withdrawal: others' updates kept to be redone (a dead worker's) that name the
    person (a curator's search typed with it) are not kept: they count as handled."""
    if not needles:
        return
    stored = sql_cast(SeenUpdate.payload, Text)
    naming = (
        SeenUpdate.payload.is_not(None),
        or_(*(stored.contains(needle, autoescape=True) for needle in needles)),
    )
    for unfinished_too in (True, False):
        changes: dict[str, Any] = {"payload": null(), "replies": null()}
        where = [*naming]
        if unfinished_too:
            where.append(SeenUpdate.handled_at.is_(None))
            changes["handled_at"] = utcnow()
        await session.execute(
            update(SeenUpdate)
            .where(*where)
            .values(**changes)
            .execution_options(synchronize_session=False)
        )


async def unfinished(sessions: Sessions, bot_id: int, boot: str) -> list[dict[str, Any]]:
    """At start-up: the updates earlier boots took and never finished, taken over, oldest first."""
    found = await _take_unfinished(sessions, bot_id, boot)
    if found:
        logger.warning("%d updates were left unfinished by a stopped process", len(found))
    return [payload for _, payload in found]


async def take_over_orphans(
    sessions: Sessions,
    bot_id: int,
    boot: str,
    *,
    older_than: timedelta,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """Webhook workers: the updates taken by a worker no longer alive (its heartbeat lease ran
    out) and never finished, taken over by `boot` (one conditional statement: no two workers
    take the same, and none is taken from a live worker), oldest first. Only those received
    more than `older_than` ago."""
    now = now or utcnow()
    found = await _take_unfinished(
        sessions,
        bot_id,
        boot,
        SeenUpdate.seen_at < now - older_than,
    )
    if found:
        logger.warning("%d updates left unfinished by a stopped worker: handled here", len(found))
    return [payload for _, payload in found]


async def older_first(
    sessions: Sessions, bot_id: int, boot: str, user_id: int, update_id: int
) -> tuple[list[dict[str, Any]], bool]:
    """Before a worker handles `update_id` of `user_id`: the sender's older updates a dead
    worker left unfinished, taken over to be handled first, in order (the person saw their
    replies and went on: the new update is handled on the state they left); and whether older
    ones are still under way elsewhere (the new one waits for them)."""
    older = (
        SeenUpdate.user_id == user_id,
        SeenUpdate.update_id < update_id,
        SeenUpdate.payload.is_not(None),
    )
    unfinished = (SeenUpdate.bot_id == bot_id, SeenUpdate.handled_at.is_(None), *older)
    async with sessions() as session:  # nearly always none: one read by the sender's index
        if (await session.execute(select(SeenUpdate.update_id).where(*unfinished))).first() is None:
            return [], False
    async with sessions.begin() as session:
        taken = await _take(session, bot_id, boot, *older)
        ids = [u for u, _ in taken]
        waiting = await session.scalar(
            select(func.count()).where(*unfinished, SeenUpdate.update_id.not_in(ids))
        )
    for redone, _ in taken:
        logger.warning("Update %s left unfinished by a stopped worker: handled first", redone)
    return [p for _, p in taken if isinstance(p, dict)], bool(waiting)


async def last_received(sessions: Sessions, bot_id: int) -> datetime | None:
    """When the newest update arrived (None: none kept)."""
    async with sessions() as session:
        newest: datetime | None = await session.scalar(
            select(func.max(SeenUpdate.seen_at)).where(SeenUpdate.bot_id == bot_id)
        )
        return newest


async def claim_update(
    session: AsyncSession, bot_id: int, update_id: int, boot: str, now: datetime | None = None
) -> Taken:
    """Take an update fed in directly (not through `receive`)."""
    now = now or utcnow()
    statement = insert_ignore(
        session.get_bind().dialect.name,
        _seen,
        {"bot_id": bot_id, "update_id": update_id, "seen_at": now, "boot": boot},
    )
    if getattr(await session.execute(statement), "rowcount", 0):
        return Taken.NEW
    again = await _take(session, bot_id, boot, SeenUpdate.update_id == update_id, seen=now)
    if not again:
        return Taken.SKIP
    logger.warning("Update %s was left unfinished by a stopped process", update_id)
    return Taken.AGAIN


async def mark_handled(
    session: AsyncSession, bot_id: int, update_id: int, boot: str, now: datetime | None = None
) -> None:
    """Handled (by `boot`: a late mark of a boot that lost the update counts for nothing); its
    content is not kept."""
    await session.execute(
        update(SeenUpdate)
        .where(*_held(bot_id, update_id, boot))
        .values(handled_at=now or utcnow(), payload=null(), replies=null())
    )


def _held(bot_id: int, update_id: int, boot: str) -> tuple[Any, ...]:
    """The update, while `boot` holds it."""
    return (
        SeenUpdate.bot_id == bot_id,
        SeenUpdate.update_id == update_id,
        SeenUpdate.boot == boot,
    )


async def resume(
    session: AsyncSession, bot_id: int, update_id: int, boot: str
) -> list[dict[str, Any]] | None:
    """An update handled again (its worker was killed), once its chat is held: the replies its
    first handling sent, in order. None if it is not to be redone after all: another boot took
    it since, or its sender has had a later update handled meanwhile (they went on from what
    they saw; the old update would undo it). That one counts as handled."""
    row = (
        await session.execute(
            select(SeenUpdate.boot, SeenUpdate.replies, _superseded()).where(
                SeenUpdate.bot_id == bot_id,
                SeenUpdate.update_id == update_id,
                SeenUpdate.handled_at.is_(None),
            )
        )
    ).first()
    if row is None or row[0] != boot:
        logger.info("Update %s is handled elsewhere; not redone here", update_id)
        return None
    _, replies, moot = row
    if moot:
        logger.warning("Update %s: its sender has gone on meanwhile; not redone", update_id)
        await mark_handled(session, bot_id, update_id, boot)
        return None
    return list(replies or [])


async def note_replies(
    sessions: Sessions, bot_id: int, update_id: int, boot: str, replies: list[dict[str, Any]]
) -> None:
    """What the update's handling has sent so far (Telegram accepted it), while `boot` holds
    it: handled again, it is not sent twice. One statement, its own transaction (one for each
    message sent: the cheapest there is)."""
    async with autocommit(sessions).connect() as connection:
        await connection.execute(
            _seen.update()
            .where(
                _seen.c.bot_id == bot_id,
                _seen.c.update_id == update_id,
                _seen.c.boot == boot,
                _seen.c.handled_at.is_(None),
            )
            .values(replies=replies)
        )


def marker(bot_id: int, update_id: int, boot: str) -> Callable[[AsyncSession], Awaitable[None]]:
    """`mark_handled` for a transaction that also writes what the handling changed."""

    async def mark(session: AsyncSession) -> None:
        await mark_handled(session, bot_id, update_id, boot)

    return mark


async def finish(sessions: Sessions, bot_id: int, update_id: int, boot: str) -> None:
    """`mark_handled` in a transaction of its own."""
    async with sessions.begin() as session:
        await mark_handled(session, bot_id, update_id, boot)


async def forget_old_updates(session: AsyncSession, now: datetime | None = None) -> int:
    cutoff = (now or utcnow()) - KEEP_SEEN_FOR
    result = await session.execute(delete(SeenUpdate).where(SeenUpdate.seen_at < cutoff))
    return int(getattr(result, "rowcount", 0))
