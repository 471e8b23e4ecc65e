"""An aiogram `BaseStorage` on SQLAlchemy, keyed on the whole `StorageKey`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey
from sqlalchemy import Table, and_, delete, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from bot.db.models import FsmRecord, utcnow
from bot.db.upsert import upsert

_KEY_COLUMNS = ["bot_id", "chat_id", "user_id", "thread_id", "business_connection_id", "destiny"]


def _key_values(key: StorageKey) -> dict[str, Any]:
    return {
        "bot_id": key.bot_id,
        "chat_id": key.chat_id,
        "user_id": key.user_id,
        "thread_id": key.thread_id or 0,
        "business_connection_id": key.business_connection_id or "",
        "destiny": key.destiny,
    }


def _where(key: StorageKey) -> ColumnElement[bool]:
    return and_(*(getattr(FsmRecord, name) == value for name, value in _key_values(key).items()))


class SQLStorage(BaseStorage):
    """State and data (JSON) in the `fsm_storage` table; a row goes when both are empty."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    @classmethod
    def from_engine(cls, engine: AsyncEngine) -> SQLStorage:
        return cls(async_sessionmaker(engine, expire_on_commit=False))

    async def _row(self, session: AsyncSession, key: StorageKey) -> FsmRecord | None:
        result = await session.execute(select(FsmRecord).where(_where(key)))
        return result.scalar_one_or_none()

    async def _write(self, key: StorageKey, **fields: Any) -> None:
        async with self._sessions.begin() as session:
            row = await self._row(session, key)
            state = fields.get("state", row.state if row else None)
            data = fields.get("data", row.data if row else None)
            if state is None and not data:
                if row is not None:
                    await session.execute(delete(FsmRecord).where(_where(key)))
                return
            values = {**_key_values(key), "state": state, "data": data or None}
            values["updated_at"] = utcnow()
            dialect = session.get_bind().dialect.name
            table = cast(Table, FsmRecord.__table__)
            await session.execute(upsert(dialect, table, values, _KEY_COLUMNS))

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._write(key, state=value)

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._sessions() as session:
            result = await session.execute(select(FsmRecord.state).where(_where(key)))
            return result.scalar_one_or_none()

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not isinstance(data, Mapping):
            raise TypeError(f"data must be a mapping, not {type(data).__name__}")
        await self._write(key, data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._sessions() as session:
            result = await session.execute(select(FsmRecord.data).where(_where(key)))
            data = result.scalar_one_or_none()
            return dict(data) if data else {}

    async def close(self) -> None:
        """The engine is owned by the application, which disposes of it."""
