"""Reading a test's database by SQL, on whichever engine the test runs.

Write portable SQL: `:name` parameters, booleans as `IS TRUE` (or compared with `true`), no
`sqlite_master` or PRAGMA. A JSON column comes back decoded on PostgreSQL and as its text on
SQLite: `as_json` takes either for a column that holds objects or lists; for one that may hold
a bare string, select `CAST(column AS TEXT)` (the stored text on both) and decode that.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.db.engine import create_engine


async def rows(database_url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return [tuple(row) for row in await connection.execute(text(sql), params)]
    finally:
        await engine.dispose()


def rows_now(database_url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """`rows` from a test that is not async."""
    return asyncio.run(rows(database_url, sql, **params))


async def scalar(database_url: str, sql: str, **params: Any) -> Any:
    """The first column of the only row `sql` gives (a count, a status), or None if none."""
    found = await rows(database_url, sql, **params)
    assert len(found) <= 1, found
    return found[0][0] if found else None


async def execute(database_url: str, sql: str, **params: Any) -> int:
    """Run a statement that changes the database, committed; how many rows it touched."""
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            return int((await connection.execute(text(sql), params)).rowcount)
    finally:
        await engine.dispose()


def as_json(stored: Any) -> Any:
    """A JSON column's object or list as PostgreSQL's driver gives it (decoded) or SQLite's
    (text)."""
    return json.loads(stored) if isinstance(stored, str | bytes) else stored


def sqlite_file(database_url: str) -> Path | None:
    """The file of an SQLite database; None on another engine."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)
