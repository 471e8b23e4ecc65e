"""Reading a test's database by SQL, on whichever engine the test runs."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import text

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
