"""What `/healthz` reports: the database reachable, the outbox's backlog, the scheduler's
leader, and how long ago the last update came."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import utcnow
from bot.services import leases, outbox, updates

Sessions = async_sessionmaker[AsyncSession]


@dataclass(frozen=True)
class Health:
    database: bool
    outbox_due: int | None = None
    leader: str | None = None
    leader_until: datetime | None = None
    last_update_age_s: float | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.database

    def as_json(self, boot: str) -> dict[str, object]:
        return {
            "ok": self.ok,
            "worker": boot,
            "database": "reachable" if self.database else "unreachable",
            "outbox_due": self.outbox_due,
            "scheduler_leader": self.leader,
            "this_worker_leads": self.leader == boot,
            "leader_until": self.leader_until.isoformat() if self.leader_until else None,
            "last_update_age_s": self.last_update_age_s,
            **({"error": self.error} if self.error else {}),
        }


async def check(sessions: Sessions, bot_id: int, now: datetime | None = None) -> Health:
    now = now or utcnow()
    try:
        async with sessions() as session:
            await session.execute(text("SELECT 1"))
        due = await outbox.due_count(sessions, now)
        leader = await leases.held(sessions, leases.LEADER, now)
        newest = await updates.last_received(sessions, bot_id)
    except Exception as error:  # the answer is "unhealthy", not a crash
        return Health(database=False, error=type(error).__name__)
    return Health(
        database=True,
        outbox_due=due,
        leader=leader.holder if leader else None,
        leader_until=leader.until if leader else None,
        last_update_age_s=round((now - newest).total_seconds(), 1) if newest else None,
    )
