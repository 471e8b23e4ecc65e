"""The async engine and session factory, with SQLite tuned for a bot that writes often."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA secure_delete=ON",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA busy_timeout=5000",
)


POSTGRES_POOL: dict[str, Any] = {
    # A connection the server dropped (a restart) is noticed before use and replaced.
    "pool_pre_ping": True,
    # Connections kept open (one opened past them is closed when given back: a new backend
    # each time); at most 25 a process, with the chats' locks' 16, fits PostgreSQL's default
    # of 100 connections for two workers.
    "pool_size": 20,
    "max_overflow": 5,
    # While the server is away, a request fails in seconds (Telegram sends the update again).
    "pool_timeout": 10,
    "connect_args": {"timeout": 5},
}


def _apply_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _ping_in_one_round_trip(dbapi_connection: Any) -> bool:
    """`pool_pre_ping`'s check before each checkout, as one ";". asyncpg's adapter wraps it in
    BEGIN and ROLLBACK (for pgbouncer's transaction mode, which the bot does not use): three
    round trips, a tenth of a worker's time under load. A dead connection fails it as before."""
    dbapi_connection.autocommit = True
    try:
        dbapi_connection.ping()
    finally:
        dbapi_connection.autocommit = False  # back to the engine's isolation level
    return True


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An engine for `url`; for an SQLite file its folder is created and pragmas are set."""
    parsed = make_url(url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    # JSON keeps text as it is (not \u-escaped): readable, and an erased name is really gone.
    kwargs.setdefault("json_serializer", partial(json.dumps, ensure_ascii=False))
    # An error's text leaves out the statement's values: what people wrote, their names and
    # numbers stay out of the logs (an update is stored whole, and logs outlive a withdrawal).
    kwargs.setdefault("hide_parameters", True)
    if parsed.get_backend_name() == "postgresql":
        for name, value in POSTGRES_POOL.items():
            kwargs.setdefault(name, value)
    engine = create_async_engine(url, **kwargs)
    if parsed.get_driver_name() == "asyncpg" and kwargs.get("pool_pre_ping"):
        engine.sync_engine.dialect.do_ping = _ping_in_one_round_trip  # type: ignore[method-assign]
    if is_sqlite:
        event.listen(engine.sync_engine, "connect", _apply_sqlite_pragmas)
    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def autocommit(sessions: async_sessionmaker[AsyncSession]) -> AsyncEngine:
    """The sessions' engine with each statement its own transaction: for one statement on a
    hot path, without BEGIN, COMMIT and the ORM's session around it (the same pool)."""
    engine = sessions.kw["bind"]
    assert isinstance(engine, AsyncEngine)
    made = _AUTOCOMMIT.get(engine)
    if made is None:
        made = _AUTOCOMMIT[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return made


_AUTOCOMMIT: WeakKeyDictionary[AsyncEngine, AsyncEngine] = WeakKeyDictionary()  # kept no longer
