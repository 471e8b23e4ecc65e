"""Updates already taken: Telegram sends unconfirmed updates again after a restart."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import SeenUpdate, utcnow
from bot.db.upsert import insert_ignore

KEEP_SEEN_FOR = timedelta(days=2)


async def claim_update(
    session: AsyncSession, bot_id: int, update_id: int, now: datetime | None = None
) -> bool:
    """Record the update as taken; False if it was taken before."""
    statement = insert_ignore(
        session.get_bind().dialect.name,
        cast(Table, SeenUpdate.__table__),
        {"bot_id": bot_id, "update_id": update_id, "seen_at": now or utcnow()},
    )
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


async def forget_old_updates(session: AsyncSession, now: datetime | None = None) -> int:
    cutoff = (now or utcnow()) - KEEP_SEEN_FOR
    result = await session.execute(delete(SeenUpdate).where(SeenUpdate.seen_at < cutoff))
    return int(getattr(result, "rowcount", 0))
