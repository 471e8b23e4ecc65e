"""Curators: those named in the settings and those other curators added."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Curator, CuratorInvite, Person, utcnow
from bot.domain.roles import AgeGroup
from bot.services import audit, notify, outbox, people, updates
from bot.services.people import Sessions


class CuratorSource(StrEnum):
    SETTINGS = "settings"
    ADDED = "added"


INVITE_PREFIX = "c_"
MINOR_GROUPS = (AgeGroup.UNDER_14.value, AgeGroup.FROM_14_TO_17.value)
INVITE_LIFETIME = timedelta(days=7)


class CuratorChange(StrEnum):
    ADDED = "added"
    ALREADY = "already"
    REMOVED = "removed"
    NOT_CURATOR = "not_curator"
    FROM_SETTINGS = "from_settings"
    SELF = "self"
    NOT_ALLOWED = "not_allowed"  # whoever asks is not a curator (any more)


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
            await outbox.drop_to_former_curator(session, telegram_id)
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


@dataclass(frozen=True)
class Overview:
    curators: list[Curator]
    people: int
    blocked: int


@dataclass(frozen=True)
class StartUp:
    """Curators whose chats get the curators' commands, and those whose chats lose them."""

    reachable: list[int]
    removed: list[int]


async def prepare(sessions: Sessions, curator_ids: Iterable[int]) -> StartUp:
    """At start-up: curators from the settings; old seen updates forgotten."""
    async with sessions.begin() as session:
        removed = await sync_from_settings(session, curator_ids)
        await updates.forget_old_updates(session)
        await session.flush()
        reachable = await session.scalars(
            select(Curator.telegram_id).join(Person, Person.telegram_id == Curator.telegram_id)
        )
        return StartUp(list(reachable), removed)


async def overview(sessions: Sessions) -> Overview:
    async with sessions() as session:
        total, blocked = await people.totals(session)
        return Overview(await list_curators(session), total, blocked)


async def add(sessions: Sessions, org_name: str, telegram_id: int, by: int) -> CuratorChange:
    """A curator adds another; one who has written to the bot before is welcomed."""
    async with sessions.begin() as session:
        if not await is_curator(session, by):
            return CuratorChange.NOT_ALLOWED
        if await is_curator(session, telegram_id):
            return CuratorChange.ALREADY
        session.add(
            Curator(
                telegram_id=telegram_id, source=CuratorSource.ADDED, added_by=by, added_at=utcnow()
            )
        )
        audit.log(session, "curator_added", actor=by, added=telegram_id)
        known = await session.scalar(select(Person).where(Person.telegram_id == telegram_id))
        if known is not None:
            await notify.tell(session, known, "curator-welcome", kind="curator", org=org_name)
        return CuratorChange.ADDED


async def remove(sessions: Sessions, telegram_id: int, by: int) -> CuratorChange:
    async with sessions.begin() as session:
        if not await is_curator(session, by):
            return CuratorChange.NOT_ALLOWED
        row = await session.get(Curator, telegram_id)
        if row is None:
            return CuratorChange.NOT_CURATOR
        if row.source == CuratorSource.SETTINGS:
            return CuratorChange.FROM_SETTINGS
        if telegram_id == by:
            return CuratorChange.SELF
        await session.execute(delete(Curator).where(Curator.telegram_id == telegram_id))
        await outbox.drop_to_former_curator(session, telegram_id)
        audit.log(session, "curator_removed", actor=by, removed=telegram_id)
        return CuratorChange.REMOVED


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def invite(sessions: Sessions, by: int) -> str | None:
    """A new single-use link token for a future curator; None if `by` is not a curator."""
    token = secrets.token_urlsafe(16)
    now = utcnow()
    async with sessions.begin() as session:
        if not await is_curator(session, by):
            return None
        session.add(
            CuratorInvite(
                token_hash=_hash(token),
                created_by=by,
                created_at=now,
                expires_at=now + INVITE_LIFETIME,
            )
        )
        audit.log(session, "curator_invited", actor=by)
    return token


class InviteOutcome(StrEnum):
    JOINED = "joined"
    ALREADY = "already"  # the opener is a curator already: the link stays unused
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    VOID = "void"  # the curator who made it is no longer a curator
    MINOR = "minor"  # a participant under 18 is never made a curator


async def accept_invite(sessions: Sessions, token: str, telegram_id: int) -> InviteOutcome:
    """Whoever opens a valid link becomes a curator, once: the link is claimed by one
    conditional change, so two people opening it at once make one curator."""
    now = utcnow()
    async with sessions.begin() as session:
        found = await session.get(CuratorInvite, _hash(token))
        if found is None:
            return InviteOutcome.UNKNOWN
        if await is_curator(session, telegram_id):
            # Her own link opened again (also the same update after a restart): welcomed again.
            mine = found.used_by == telegram_id
            return InviteOutcome.JOINED if mine else InviteOutcome.ALREADY
        opener = await session.scalar(select(Person).where(Person.telegram_id == telegram_id))
        if opener is not None and opener.age_group in MINOR_GROUPS:
            return InviteOutcome.MINOR
        if found.used_at is not None:
            return InviteOutcome.USED
        if found.expires_at <= now:
            return InviteOutcome.EXPIRED
        if not await is_curator(session, found.created_by):
            return InviteOutcome.VOID
        claimed = await session.execute(
            update(CuratorInvite)
            .where(CuratorInvite.token_hash == found.token_hash, CuratorInvite.used_at.is_(None))
            .values(used_by=telegram_id, used_at=now)
            .execution_options(synchronize_session=False)
        )
        if not getattr(claimed, "rowcount", 0):
            return InviteOutcome.USED
        # The curators there are hear of the new one (who is not one of them yet).
        await notify.tell_curators(
            session,
            "curator-joined",
            kind="curator",
            dedup_key=f"curator-joined:{telegram_id}:{found.token_hash[:16]}",
            id=str(telegram_id),
        )
        session.add(
            Curator(
                telegram_id=telegram_id,
                source=CuratorSource.ADDED,
                added_by=found.created_by,
                added_at=now,
            )
        )
        audit.log(session, "curator_added", actor=found.created_by, added=telegram_id)
        return InviteOutcome.JOINED
