"""One update of a chat at a time, across every process that shares the database.

aiogram holds `lock(key)` around the handling of each update (its FSM middleware). In one
process an `asyncio.Lock` per chat is enough (`SimpleEventIsolation`); webhook workers on
PostgreSQL also take a session-level advisory lock per chat on a connection of their own, so a
dialog never sees two of its updates at once, whichever workers they reach. A worker killed
with SIGKILL loses its connection, and PostgreSQL lets its locks go.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.sql import SQLStorage

LOCK = text("SELECT pg_advisory_lock(:key)")
UNLOCK = text("SELECT pg_advisory_unlock(:key)")


def chat_lock_key(bot_id: int, chat_id: int) -> int:
    """A signed 64-bit number for the chat (PostgreSQL's advisory lock takes a bigint)."""
    digest = hashlib.blake2b(f"{bot_id}:{chat_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class _LocalLocks:
    """An `asyncio.Lock` per key, forgotten when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, key: int) -> AsyncGenerator[None, None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)


class LocalIsolation(BaseEventIsolation):
    """One process: a lock per chat, in memory (and none left behind)."""

    def __init__(self) -> None:
        self._local = _LocalLocks()

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        async with self._local.hold(chat_lock_key(key.bot_id, key.chat_id)):
            yield

    async def close(self) -> None:
        return None


class AdvisoryIsolation(BaseEventIsolation):
    """Several processes on PostgreSQL: the local lock, then the chat's advisory lock, held on a
    connection of `engine` (a pool of its own, so a lock never waits for a handler's
    connection). At most `size` chats are handled at once in this process (the pool's size):
    the others wait their turn here, not for a connection that might time out."""

    def __init__(self, engine: AsyncEngine, size: int) -> None:
        self._engine = engine
        self._local = _LocalLocks()
        self._turns = asyncio.Semaphore(size)

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        number = chat_lock_key(key.bot_id, key.chat_id)
        async with (
            self._local.hold(number),
            self._turns,
            self._engine.connect() as connection,
        ):
            try:
                await connection.execute(LOCK, {"key": number})
                await connection.commit()
            except BaseException:
                await connection.invalidate()  # a lock half taken never goes back to the pool
                raise
            try:
                yield
            finally:
                try:
                    await connection.execute(UNLOCK, {"key": number})
                    await connection.commit()
                except BaseException:
                    await connection.invalidate()  # closing the connection lets the lock go
                    raise

    async def close(self) -> None:
        await self._engine.dispose()


class ReadingIsolation(BaseEventIsolation):
    """`inner`'s lock, and while it is held the shared storage keeps what it reads of the chat
    (read at once: its state, dialog stack and contexts), so an update reads them once."""

    def __init__(self, inner: BaseEventIsolation, storage: SQLStorage) -> None:
        self._inner = inner
        self._storage = storage

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        async with self._inner.lock(key):
            with self._storage.reading(fresh=True):
                yield

    async def close(self) -> None:
        await self._inner.close()
