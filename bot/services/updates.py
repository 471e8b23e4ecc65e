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
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import Table, delete, func, null, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import SeenUpdate, utcnow
from bot.db.upsert import insert_for, insert_ignore

logger = logging.getLogger(__name__)

Sessions = async_sessionmaker[AsyncSession]
KEEP_SEEN_FOR = timedelta(days=2)
_seen = cast(Table, SeenUpdate.__table__)


def new_boot_id() -> str:
    """A process's identity for the rows it takes: random, never guessed from a pid."""
    return secrets.token_hex(8)


class Taken(StrEnum):
    NEW = "new"
    AGAIN = "again"  # an earlier boot took it and never finished: handled again
    SKIP = "skip"


def _taken_over(bot_id: int, boot: str, ids: Sequence[int]) -> Any:
    """Updates of `ids` an earlier boot took and never finished, taken by `boot`."""
    return (
        update(SeenUpdate)
        .where(
            SeenUpdate.bot_id == bot_id,
            SeenUpdate.update_id.in_(ids),
            SeenUpdate.handled_at.is_(None),
            SeenUpdate.boot != boot,
        )
        .values(boot=boot, seen_at=utcnow())
        .returning(SeenUpdate.update_id)
    )


async def receive(
    sessions: Sessions, bot_id: int, boot: str, updates: Sequence[dict[str, Any]]
) -> set[int]:
    """Store a batch as it arrives (one transaction); the ids to handle now: those new, and
    those an earlier boot never finished. The others are handled or under way here."""
    if not updates:
        return set()
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
        taken = set(fresh)
        rest = [u["update_id"] for u in updates if u["update_id"] not in taken]
        if rest:
            again = set(await session.scalars(_taken_over(bot_id, boot, rest)))
            for update_id in again:
                logger.warning("Update %s was left unfinished by a stopped process", update_id)
            taken |= again
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
        update(SeenUpdate).where(SeenUpdate.user_id == telegram_id).values(payload=null())
    )


async def _take_unfinished(
    sessions: Sessions, bot_id: int, boot: str, *conditions: Any
) -> list[tuple[int, dict[str, Any]]]:
    """Unfinished updates (with their content) that match `conditions`, taken by `boot` in one
    conditional statement, oldest first."""
    async with sessions.begin() as session:
        rows = await session.execute(
            update(SeenUpdate)
            .where(
                SeenUpdate.bot_id == bot_id,
                SeenUpdate.handled_at.is_(None),
                SeenUpdate.payload.is_not(None),
                *conditions,
            )
            .values(boot=boot)
            .returning(SeenUpdate.update_id, SeenUpdate.payload)
        )
        return sorted((u, p) for u, p in rows.all() if isinstance(p, dict))


async def unfinished(sessions: Sessions, bot_id: int, boot: str) -> list[dict[str, Any]]:
    """At start-up: the updates earlier boots took and never finished, taken over, oldest first."""
    found = await _take_unfinished(sessions, bot_id, boot, SeenUpdate.boot != boot)
    if found:
        logger.warning("%d updates were left unfinished by a stopped process", len(found))
    return [payload for _, payload in found]


async def take_over_orphans(
    sessions: Sessions,
    bot_id: int,
    boot: str,
    live: set[str],
    *,
    older_than: timedelta,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """Webhook workers: the updates taken by a worker no longer alive (not in `live`) and never
    finished, taken over by `boot` (one conditional statement: no two workers take the same),
    oldest first. Only those received more than `older_than` ago, so that a worker's own
    updates are never taken while its first heartbeat is under way."""
    cutoff = (now or utcnow()) - older_than
    found = await _take_unfinished(
        sessions,
        bot_id,
        boot,
        or_(SeenUpdate.boot.is_(None), SeenUpdate.boot.not_in(sorted(live | {boot}))),
        SeenUpdate.seen_at < cutoff,
    )
    if found:
        logger.warning("%d updates left unfinished by a stopped worker: handled here", len(found))
    return [payload for _, payload in found]


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
    again = await session.scalars(_taken_over(bot_id, boot, [update_id]))
    if again.first() is None:
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
        .where(
            SeenUpdate.bot_id == bot_id,
            SeenUpdate.update_id == update_id,
            SeenUpdate.boot == boot,
        )
        .values(handled_at=now or utcnow(), payload=null())
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
