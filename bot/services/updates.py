"""Updates taken and handled: an update counts as handled only once its handling has finished.

Telegram sends an update again until the poller confirms it (and the poller confirms only what
was handled, see `bot/telegram/polling.py`). Each process has a boot id; taking an update
writes it with that id, and the end of its handling marks it handled in the same transaction
as the dialog state it changed. An update Telegram sends again is then:

- handled already: skipped;
- taken by this boot and still being handled: skipped (the same update fetched twice);
- taken by an earlier boot that never finished it (killed in the middle): taken over and
  handled again. Use cases are safe to repeat (each change is conditional on the state it
  expects), so what the dead process had already done is not done twice.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from enum import StrEnum
from typing import cast

from sqlalchemy import Table, delete, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import SeenUpdate, utcnow
from bot.db.upsert import insert_ignore

KEEP_SEEN_FOR = timedelta(days=2)


def new_boot_id() -> str:
    """A process's identity for the rows it takes: random, never guessed from a pid."""
    return secrets.token_hex(8)


class Taken(StrEnum):
    NEW = "new"
    AGAIN = "again"  # an earlier boot took it and never finished: handled again
    SKIP = "skip"


async def claim_update(
    session: AsyncSession, bot_id: int, update_id: int, boot: str, now: datetime | None = None
) -> Taken:
    now = now or utcnow()
    statement = insert_ignore(
        session.get_bind().dialect.name,
        cast(Table, SeenUpdate.__table__),
        {"bot_id": bot_id, "update_id": update_id, "seen_at": now, "boot": boot},
    )
    if getattr(await session.execute(statement), "rowcount", 0):
        return Taken.NEW
    again = await session.execute(
        update(SeenUpdate)
        .where(
            SeenUpdate.bot_id == bot_id,
            SeenUpdate.update_id == update_id,
            SeenUpdate.handled_at.is_(None),
            SeenUpdate.boot != boot,
        )
        .values(boot=boot, seen_at=now)
    )
    return Taken.AGAIN if getattr(again, "rowcount", 0) else Taken.SKIP


async def mark_handled(
    session: AsyncSession, bot_id: int, update_id: int, boot: str, now: datetime | None = None
) -> None:
    await session.execute(
        update(SeenUpdate)
        .where(
            SeenUpdate.bot_id == bot_id,
            SeenUpdate.update_id == update_id,
            SeenUpdate.boot == boot,
        )
        .values(handled_at=now or utcnow())
    )


def marker(bot_id: int, update_id: int, boot: str) -> Callable[[AsyncSession], Awaitable[None]]:
    """`mark_handled` for a transaction that also writes what the handling changed."""

    async def mark(session: AsyncSession) -> None:
        await mark_handled(session, bot_id, update_id, boot)

    return mark


async def finish(
    sessions: async_sessionmaker[AsyncSession], bot_id: int, update_id: int, boot: str
) -> None:
    """`mark_handled` in a transaction of its own."""
    async with sessions.begin() as session:
        await mark_handled(session, bot_id, update_id, boot)


async def forget_old_updates(session: AsyncSession, now: datetime | None = None) -> int:
    cutoff = (now or utcnow()) - KEEP_SEEN_FOR
    result = await session.execute(delete(SeenUpdate).where(SeenUpdate.seen_at < cutoff))
    return int(getattr(result, "rowcount", 0))
