"""Leases that the bot's processes share through the database.

A lease is held by one process (its boot id) until a time; the holder renews it while it lives,
and anyone may take it once that time has passed. Taking and renewing are one conditional
statement each, so two processes never both hold a lease. Used for:

- `LEADER`: the process that runs the scheduler (`bot/scheduling/leader.py`);
- `worker:<boot>`: each webhook worker's heartbeat: a worker whose lease ran out is dead, and
  the updates it took and never finished are handled by another;
- `REPLAN`: a signal, not a lease: a worker that planned a job asks the leader to plan again
  (`until` is when it was raised).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Table, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.clock import database_now
from bot.db.models import Lease
from bot.db.upsert import insert_ignore, upsert
from bot.services.updates import WORKER_LEASE

Sessions = async_sessionmaker[AsyncSession]
LEADER = "scheduler"
REPLAN = "replan"
WORKER = WORKER_LEASE
_leases: Table = Lease.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class Held:
    holder: str
    until: datetime


async def take(
    sessions: Sessions, name: str, holder: str, ttl: timedelta, now: datetime | None = None
) -> bool:
    """Take `name` for `holder` (or renew it) until `now + ttl`: True if `holder` holds it now.
    A lease another holds and whose time has not passed is left alone."""
    async with sessions.begin() as session:
        now = now or await database_now(session)
        dialect = session.get_bind().dialect.name
        values = {"name": name, "holder": holder, "until": now + ttl}
        created = await session.execute(insert_ignore(dialect, _leases, values))
        if getattr(created, "rowcount", 0):
            return True
        renewed = await session.execute(
            update(Lease)
            .where(Lease.name == name, or_(Lease.holder == holder, Lease.until < now))
            .values(holder=holder, until=now + ttl)
        )
        return bool(getattr(renewed, "rowcount", 0))


async def give_up(sessions: Sessions, name: str, holder: str) -> None:
    """`holder` lets `name` go (a clean stop): another may take it at once."""
    async with sessions.begin() as session:
        await session.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))


async def held(sessions: Sessions, name: str, now: datetime | None = None) -> Held | None:
    """Who holds `name` now (None: nobody, or the time has passed)."""
    async with sessions() as session:
        now = now or await database_now(session)
        row = (
            await session.execute(
                select(Lease.holder, Lease.until).where(Lease.name == name, Lease.until >= now)
            )
        ).first()
    return None if row is None else Held(row.holder, row.until)


async def live_workers(sessions: Sessions, now: datetime | None = None) -> set[str]:
    """The boot ids of the workers whose heartbeat has not run out."""
    async with sessions() as session:
        now = now or await database_now(session)
        holders = await session.scalars(
            select(Lease.holder).where(Lease.name.startswith(WORKER), Lease.until >= now)
        )
        return set(holders)


async def forget_dead_workers(sessions: Sessions, before: datetime) -> None:
    """Heartbeats that ran out before `before` (their updates were taken over long ago)."""
    async with sessions.begin() as session:
        await session.execute(
            delete(Lease).where(Lease.name.startswith(WORKER), Lease.until < before)
        )


async def raise_signal(sessions: Sessions, name: str, by: str, now: datetime | None = None) -> None:
    async with sessions.begin() as session:
        now = now or await database_now(session)
        dialect = session.get_bind().dialect.name
        values = {"name": name, "holder": by, "until": now}
        await session.execute(upsert(dialect, _leases, values, ["name"]))


async def signal_raised(sessions: Sessions, name: str) -> datetime | None:
    """When the signal `name` was last raised (None: never)."""
    async with sessions() as session:
        raised: datetime | None = await session.scalar(
            select(Lease.until).where(Lease.name == name)
        )
        return raised
