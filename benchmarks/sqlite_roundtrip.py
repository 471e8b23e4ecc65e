"""The cost of one database round trip through SQLAlchemy's async engine and aiosqlite.

Run: `.venv/bin/python benchmarks/sqlite_roundtrip.py`. Prints one JSON line: the mean time of
a `SELECT 1` and of a one-row insert with its commit, in milliseconds. An update that answers a
questionnaire question makes about ten such round trips, so this bounds its speed.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.db.engine import create_engine

SELECTS = 2000
INSERTS = 500


async def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        engine = create_engine(f"sqlite+aiosqlite:///{directory}/roundtrip.sqlite3")
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (a INTEGER)"))
        async with engine.connect() as connection:
            started = time.perf_counter()
            for _ in range(SELECTS):
                await connection.execute(text("SELECT 1"))
            select_ms = (time.perf_counter() - started) / SELECTS * 1000
        sessions = async_sessionmaker(engine)
        started = time.perf_counter()
        for _ in range(INSERTS):
            async with sessions() as session:
                await session.execute(text("INSERT INTO t VALUES (1)"))
                await session.commit()
        insert_ms = (time.perf_counter() - started) / INSERTS * 1000
        await engine.dispose()
    print(json.dumps({"select_ms": round(select_ms, 3), "insert_commit_ms": round(insert_ms, 3)}))


if __name__ == "__main__":
    asyncio.run(main())
