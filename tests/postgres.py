"""PostgreSQL for the tests: each test process has a migrated database of its own, emptied
before each test.

`TEST_DATABASE_URL` names a server (`postgresql+asyncpg://user@host:port/postgres`): `scripts/
test.sh` starts a throw-away one; any server where the user may create databases will do. Each
test process migrates a template database once and copies it (`CREATE DATABASE … TEMPLATE`);
before each test, whatever connections a test left are closed and every table is emptied with
its ids started again (a copy per test took half a second, an emptying takes a few
milliseconds). The migrations' own tests get a new empty database each.
"""

from __future__ import annotations

import asyncio
import os
import secrets

import asyncpg
from sqlalchemy.engine import make_url

from bot.db import migrate
from bot.db.engine import create_engine
from bot.db.models import Base

URL_VARIABLE = "TEST_DATABASE_URL"


def server_url() -> str | None:
    url = os.environ.get(URL_VARIABLE, "").strip()
    return url or None


class PostgresDatabases:
    def __init__(self, url: str, worker: str) -> None:
        self._url = make_url(url)
        self._prefix = f"mb_{worker}_{os.getpid()}"
        self._template: str | None = None
        self._reused: str | None = None

    def url_of(self, name: str) -> str:
        return self._url.set(database=name).render_as_string(hide_password=False)

    def _dsn(self) -> str:
        return self._url.set(drivername="postgresql").render_as_string(hide_password=False)

    async def _admin(self, *statements: str) -> None:
        connection = await asyncpg.connect(self._dsn())
        try:
            for statement in statements:
                await connection.execute(statement)
        finally:
            await connection.close()

    def template(self) -> str:
        """The migrated template's name (made at the first call of this process)."""
        if self._template is None:
            name = f"{self._prefix}_template"

            async def make() -> None:
                await self._admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
                engine = create_engine(self.url_of(name))
                await migrate.upgrade(engine)
                await engine.dispose()

            asyncio.run(make())
            self._template = name
        return self._template

    def create(self, *, migrated: bool = True) -> str:
        """A new database (a copy of the template, or empty); its name."""
        name = f"{self._prefix}_{secrets.token_hex(4)}"
        source = f' TEMPLATE "{self.template()}"' if migrated else ""
        asyncio.run(self._admin(f'CREATE DATABASE "{name}"{source}'))
        return name

    def fresh(self) -> str:
        """This process's database, as the migrations left it; its name."""
        if self._reused is None:
            self._reused = self.create()
            return self._reused
        tables = ", ".join(f'"{name}"' for name in Base.metadata.tables)

        async def empty() -> None:
            dsn = self._url.set(drivername="postgresql", database=self._reused)
            connection = await asyncpg.connect(dsn.render_as_string(hide_password=False))
            try:
                await connection.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                await connection.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            finally:
                await connection.close()

        asyncio.run(empty())
        return self._reused

    def drop(self, name: str) -> None:
        asyncio.run(self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def drop_all(self) -> None:
        for name in (self._reused, self._template):
            if name is not None:
                self.drop(name)
