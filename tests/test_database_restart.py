"""The database restarted under a webhook worker: every connection it had is cut (as a restart
of PostgreSQL cuts them); the next updates are handled on new connections, nothing is lost,
and /healthz says so."""

from __future__ import annotations

import aiohttp
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine
from tests.test_issue15_review import Served, greetings, served  # noqa: F401 (the fixture)

FIRST = 7400


@pytest.mark.parametrize("engine_name", ["postgresql"], indirect=True)
async def test_a_worker_goes_on_after_the_database_cut_its_connections(
    served: Served,  # noqa: F811 (the fixture)
    engine: AsyncEngine,
    database_url: str,
) -> None:
    fake = served.fake
    for n in range(6):
        fake.add_user(FIRST + n, "Ира")
    for n in range(3):
        fake.user_message(FIRST + n, "/start")
    assert await served.wait_for(lambda: all(greetings(fake, FIRST + n) for n in range(3)), 20)

    # Every backend serving this database is terminated, the worker's pooled ones among them.
    admin = create_engine(database_url)
    try:
        async with admin.connect() as connection:
            cut = await connection.scalar(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
    finally:
        await admin.dispose()
    assert cut and cut > 0

    for n in range(3, 6):
        fake.user_message(FIRST + n, "/start")
    assert await served.wait_for(lambda: all(greetings(fake, FIRST + n) for n in range(6)), 20)
    assert [greetings(fake, FIRST + n) for n in range(6)] == [1] * 6
    assert not fake._pending  # every update was answered 200, none waits to be sent again
    async with (
        aiohttp.ClientSession() as http,
        http.get(served.url.rsplit("/", 2)[0] + "/healthz") as response,
    ):
        report = await response.json()
    assert response.status == 200 and report["database"] == "reachable"
