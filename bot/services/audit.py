"""The audit log: who did what to whose data (never the data itself)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import AuditEntry, utcnow


def log(
    session: AsyncSession,
    action: str,
    *,
    actor: int | None,
    person_id: int | None = None,
    **details: Any,
) -> None:
    session.add(
        AuditEntry(
            at=utcnow(),
            actor_telegram_id=actor,
            action=action,
            person_id=person_id,
            details=details or None,
        )
    )
