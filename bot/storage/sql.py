"""An aiogram `BaseStorage` on SQLAlchemy, keyed on the whole `StorageKey`.

The database is the truth; a process keeps what it has read or written in memory (long polling
runs as one process: Telegram refuses a second poller), so reads cost nothing after the first.
Webhook workers share the database (`shared=True`): another worker may have moved a dialog on
since, so what was read is kept only while the chat's lock is held (`reading()`, which the
isolation opens): then the chat's rows (its state, dialog stack and contexts) are read at once,
with the first read. Inside `batch()` (one per update) writes are collected and stored together
when it ends.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, cast

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey
from sqlalchemy import Table, and_, delete, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from bot.db.models import FsmRecord, utcnow
from bot.db.upsert import upsert

_KEY_COLUMNS = ["bot_id", "chat_id", "user_id", "thread_id", "business_connection_id", "destiny"]
Key = tuple[int, int, int, int, str, str]
Chat = tuple[int, int, int, int, str]  # a key without its destiny: whose rows they are
AlsoWrite = Callable[[AsyncSession], Awaitable[None]]


@dataclass(frozen=True)
class _Entry:
    state: str | None
    data: dict[str, Any]

    @property
    def empty(self) -> bool:
        return self.state is None and not self.data


_EMPTY = _Entry(None, {})


@dataclass
class _Reads:
    """What is known of the chats read while their lock is held (shared storage)."""

    entries: dict[Key, _Entry]
    chats: set[Chat]


def _key(key: StorageKey) -> Key:
    return (
        key.bot_id,
        key.chat_id,
        key.user_id,
        key.thread_id or 0,
        key.business_connection_id or "",
        key.destiny,
    )


def _where(key: Key | Chat) -> ColumnElement[bool]:
    """The row of a key, or the rows of a chat (a key without its destiny)."""
    columns = _KEY_COLUMNS[: len(key)]
    return and_(
        *(getattr(FsmRecord, name) == value for name, value in zip(columns, key, strict=True))
    )


class SQLStorage(BaseStorage):
    """State and data (JSON) in the `fsm_storage` table; a row goes when both are empty."""

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], *, shared: bool = False
    ) -> None:
        self._sessions = session_factory
        self._shared = shared
        self._kept: dict[Key, _Entry] = {}
        self._batch: ContextVar[dict[Key, _Entry] | None] = ContextVar("fsm_batch", default=None)
        self._read: ContextVar[_Reads | None] = ContextVar("fsm_read", default=None)

    @property
    def _cache(self) -> dict[Key, _Entry]:
        """What this process knows: all it read (one process), or what was read under the
        chat's lock (shared; outside it, nothing)."""
        if not self._shared:
            return self._kept
        read = self._read.get()
        return read.entries if read is not None else {}

    @contextmanager
    def reading(self, *, fresh: bool = False) -> Iterator[None]:
        """While a chat's lock is held (`fresh`: a scope of its own, though a task started
        under another chat's lock inherits that one's): what is read is kept until it is let
        go. Else the scope already open, if any."""
        if not self._shared or (not fresh and self._read.get() is not None):
            yield
            return
        token = self._read.set(_Reads({}, set()))
        try:
            yield
        finally:
            self._read.reset(token)

    @classmethod
    def from_engine(cls, engine: AsyncEngine, *, shared: bool = False) -> SQLStorage:
        return cls(async_sessionmaker(engine, expire_on_commit=False), shared=shared)

    async def _entry(self, key: Key) -> _Entry:
        entry = self._cache.get(key)
        if entry is None:
            read = self._read.get() if self._shared else None
            if read is not None:
                return await self._read_chat(read, key)
            async with self._sessions() as session:
                row = (
                    await session.execute(
                        select(FsmRecord.state, FsmRecord.data).where(_where(key))
                    )
                ).first()
            entry = _Entry(row[0], dict(row[1] or {})) if row else _EMPTY
            self._cache[key] = entry
        return entry

    async def _read_chat(self, read: _Reads, key: Key) -> _Entry:
        """All of the chat's rows in one query: its other destinies are read next."""
        chat: Chat = key[:5]
        if chat not in read.chats:
            read.chats.add(chat)
            async with self._sessions() as session:
                rows = await session.execute(
                    select(FsmRecord.destiny, FsmRecord.state, FsmRecord.data).where(_where(chat))
                )
                for destiny, state, data in rows:
                    read.entries.setdefault((*chat, destiny), _Entry(state, dict(data or {})))
        return read.entries.setdefault(key, _EMPTY)

    async def _put(self, key: Key, entry: _Entry) -> None:
        if self._cache.get(key) == entry:
            return  # nothing changed: nothing to write
        self._cache[key] = entry
        batch = self._batch.get()
        if batch is not None:
            batch[key] = entry
        else:
            await self._store({key: entry})

    async def _store(self, entries: Mapping[Key, _Entry], also: AlsoWrite | None = None) -> None:
        if not entries and also is None:
            return
        async with self._sessions.begin() as session:
            if also is not None:
                await also(session)
            dialect = session.get_bind().dialect.name
            table = cast(Table, FsmRecord.__table__)
            now = utcnow()
            rows = []
            for key, entry in entries.items():
                if entry.empty:
                    await session.execute(delete(FsmRecord).where(_where(key)))
                else:
                    values = dict(zip(_KEY_COLUMNS, key, strict=True))
                    values.update(state=entry.state, data=entry.data or None, updated_at=now)
                    rows.append(values)
            if rows:
                statement = upsert(dialect, table, rows[0], _KEY_COLUMNS)
                await session.execute(statement, rows)

    @asynccontextmanager
    async def batch(self, also: AlsoWrite | None = None) -> AsyncIterator[None]:
        """Collect this update's writes and store them together at the end, in one transaction
        with `also` (the update marked handled)."""
        pending: dict[Key, _Entry] = {}
        token = self._batch.set(pending)
        interrupted = False
        try:
            with self.reading():
                yield
        except asyncio.CancelledError:
            interrupted = True
            raise
        finally:
            self._batch.reset(token)
            if interrupted:
                # The bot is stopping: neither handled nor half-stored; the update is handled
                # again at the next start, from the dialog state it found.
                for key in pending:
                    self._cache.pop(key, None)
            else:  # done, or failed (the error handlers answered): handled
                await self._store(pending, also)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        internal = _key(key)
        current = await self._entry(internal)
        await self._put(internal, _Entry(value, current.data))

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._entry(_key(key))).state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not isinstance(data, Mapping):
            raise TypeError(f"data must be a mapping, not {type(data).__name__}")
        internal = _key(key)
        current = await self._entry(internal)
        await self._put(internal, _Entry(current.state, copy.deepcopy(dict(data))))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return copy.deepcopy((await self._entry(_key(key))).data)

    def forget_user(self, user_id: int) -> None:
        """Drop what is cached for a person whose rows were deleted in the database."""
        for key in [k for k in self._cache if k[2] == user_id]:
            del self._cache[key]

    async def close(self) -> None:
        """The engine is owned by the application, which disposes of it."""
