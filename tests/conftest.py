from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Database, prepare_data
from bot.config import Settings
from bot.db import migrate
from bot.db.engine import create_engine, create_session_factory
from bot.i18n import Translations
from bot.questionnaires.loader import load_catalog
from tests.fake_telegram import FakeTelegram
from tests.harness import Harness
from tests.postgres import PostgresDatabases, server_url

CURATOR_ID = 777


ENGINES = ["sqlite", *(["postgresql"] if server_url() else [])]
"""Every test that uses a database runs on each engine: SQLite always, PostgreSQL when
`TEST_DATABASE_URL` names a server (`scripts/test.sh` starts one)."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A module may name the engines its tests run on (`ENGINES_HERE`): the long-polling
    end-to-end scenarios run `python -m bot` as the one process that long polling is, on
    SQLite, its engine; the same scenarios on PostgreSQL would take CI past its 15 minutes on
    two cores. Every in-process test and the webhook workers' tests run on both."""
    if "engine_name" in metafunc.fixturenames and not any(
        "engine_name" in marker.args[0]
        for marker in metafunc.definition.iter_markers("parametrize")
    ):
        only = getattr(metafunc.module, "ENGINES_HERE", ENGINES)
        metafunc.parametrize("engine_name", [e for e in only if e in ENGINES], indirect=True)


RUN_FIRST = (
    "test_webhook_workers",
    "test_end_to_end",
    "test_export",
    "test_webhook",
    "test_backup",
    "test_database_restart",
)
"""Modules whose tests run whole bot processes (seconds to a minute each), by name prefix and
the longest first: started first, they run beside the short ones, and the run does not end
waiting for one of them begun last."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        module = item.path.stem
        return next(
            (n for n, prefix in enumerate(RUN_FIRST) if module.startswith(prefix)),
            len(RUN_FIRST),
        )

    items.sort(key=rank)  # stable: the order within each rank stays


@pytest.fixture(scope="session")
def postgres(worker_id: str) -> Iterator[PostgresDatabases | None]:
    url = server_url()
    if url is None:
        yield None
        return
    databases = PostgresDatabases(url, worker_id)
    yield databases
    databases.drop_all()


@pytest.fixture
def engine_name(request: pytest.FixtureRequest) -> str:
    """Each test that uses a database is made once per engine (`pytest_generate_tests`)."""
    return str(request.param)


@pytest.fixture
def database_url(
    engine_name: str, tmp_path: Path, postgres: PostgresDatabases | None
) -> Iterator[str]:
    """The test's database: an SQLite file, or this process's PostgreSQL database (migrated,
    emptied)."""
    if engine_name == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
        return
    assert postgres is not None
    yield postgres.url_of(postgres.fresh())


@pytest.fixture
def empty_database_url(
    engine_name: str, tmp_path: Path, postgres: PostgresDatabases | None
) -> Iterator[str]:
    """A database with nothing in it, not even the schema (for the migrations' own tests)."""
    if engine_name == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    assert postgres is not None
    name = postgres.create(migrated=False)
    yield postgres.url_of(name)
    postgres.drop(name)


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    telegram = FakeTelegram()
    yield telegram
    assert telegram.pointless_edits() == [], "an edit that changes nothing is refused by Telegram"


@pytest.fixture
def make_settings(fake: FakeTelegram, database_url: str) -> Callable[..., Settings]:
    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "bot_token": fake.token,
            "database_url": database_url,
            "curator_ids": str(CURATOR_ID),
            "org_name": "Школа № 1",
            "_env_file": None,
        }
        values.update(overrides)
        return Settings(**values)

    return make


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


@pytest.fixture(scope="session")
def translations() -> Translations:
    return Translations.load()


SQLITE = "sqlite+aiosqlite:///"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database migrated to the head once per test process; each test starts from a copy
    (running every migration for each of 700 tests took a minute and a half of CI)."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite3"

    async def make() -> None:
        engine = create_engine(f"{SQLITE}{path}")
        await migrate.upgrade(engine)
        await engine.dispose()

    asyncio.run(make())
    return path


@pytest.fixture
def copied_template(database_url: str, migrated_template: Path) -> bool:
    """The test's database is migrated: an SQLite file is a copy of the migrated template, a
    PostgreSQL database was made from its own (False: a file that was there already)."""
    if not database_url.startswith(SQLITE):
        return True
    target = Path(database_url.removeprefix(SQLITE))
    if target.exists():
        return False
    shutil.copyfile(migrated_template, target)
    return True


@pytest.fixture
async def engine(database_url: str, copied_template: bool) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    if not copied_template:
        await migrate.upgrade(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
async def harness(
    fake: FakeTelegram, settings: Settings, engine: AsyncEngine, translations: Translations
) -> AsyncIterator[Harness]:
    await prepare_data(Database(engine, create_session_factory(engine)), settings)
    built = Harness.build(
        fake=fake,
        settings=settings,
        engine=engine,
        translations=translations,
        catalog=load_catalog(translations),
    )
    yield built
    await built.bot.session.close()
    assert fake.unanswered_queries() == [], "every callback query must be answered"
