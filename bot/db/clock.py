"""Whose clock decides who is alive: the database's.

Webhook workers may run on machines whose clocks disagree (NTP stopped on one): a heartbeat or a
lease written by one and read by another is compared with the database server's clock, read in
the same transaction. SQLite's processes share one machine, and its clock.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import utcnow


async def database_now(session: AsyncSession) -> datetime:
    if session.get_bind().dialect.name == "postgresql":
        now: datetime | None = await session.scalar(select(func.clock_timestamp()))
        if now is not None:
            return now
    return utcnow()


def lease_clock(dialect_name: str, now: datetime) -> Any:
    """What a lease in a row is written with and compared to, in SQL: the database's clock on
    PostgreSQL (`clock_timestamp()`, one for every worker whatever its machine says), `now`
    on SQLite (one machine)."""
    if dialect_name == "postgresql":
        return func.clock_timestamp(type_=DateTime(timezone=True))
    return now
