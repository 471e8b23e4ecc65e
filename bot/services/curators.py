"""Curators: those named in the settings and those other curators added."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Curator, utcnow


class CuratorSource(StrEnum):
    SETTINGS = "settings"
    ADDED = "added"


class CuratorChange(StrEnum):
    ADDED = "added"
    ALREADY = "already"
    REMOVED = "removed"
    NOT_CURATOR = "not_curator"
    FROM_SETTINGS = "from_settings"
    SELF = "self"


async def sync_from_settings(session: AsyncSession, curator_ids: Iterable[int]) -> list[int]:
    """Make the "settings" curators exactly those in `CURATOR_IDS`; added ones stay.

    Returns the ids that are no longer curators.
    """
    wanted = set(curator_ids)
    rows = {row.telegram_id: row for row in (await session.scalars(select(Curator))).all()}
    removed = []
    for telegram_id, row in rows.items():
        if row.source == CuratorSource.SETTINGS and telegram_id not in wanted:
            await session.delete(row)
            removed.append(telegram_id)
    for telegram_id in wanted:
        existing = rows.get(telegram_id)
        if existing is None:
            session.add(
                Curator(telegram_id=telegram_id, source=CuratorSource.SETTINGS, added_at=utcnow())
            )
        elif existing.source != CuratorSource.SETTINGS:
            existing.source = CuratorSource.SETTINGS
    return removed


async def is_curator(session: AsyncSession, telegram_id: int) -> bool:
    found = await session.scalar(
        select(Curator.telegram_id).where(Curator.telegram_id == telegram_id)
    )
    return found is not None


async def list_curators(session: AsyncSession) -> list[Curator]:
    return list((await session.scalars(select(Curator).order_by(Curator.added_at))).all())


async def add_curator(session: AsyncSession, telegram_id: int, added_by: int) -> CuratorChange:
    if await is_curator(session, telegram_id):
        return CuratorChange.ALREADY
    session.add(
        Curator(
            telegram_id=telegram_id,
            source=CuratorSource.ADDED,
            added_by=added_by,
            added_at=utcnow(),
        )
    )
    return CuratorChange.ADDED


async def remove_curator(session: AsyncSession, telegram_id: int, removed_by: int) -> CuratorChange:
    row = await session.get(Curator, telegram_id)
    if row is None:
        return CuratorChange.NOT_CURATOR
    if row.source == CuratorSource.SETTINGS:
        return CuratorChange.FROM_SETTINGS
    if telegram_id == removed_by:
        return CuratorChange.SELF
    await session.execute(delete(Curator).where(Curator.telegram_id == telegram_id))
    return CuratorChange.REMOVED
