"""A hostile review of issue 15 (PostgreSQL, webhook workers, one leader): each test here shows
a defect found by attacking the change as operators, Telegram and people would; each fails
until the defect is fixed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from sqlalchemy import Text, cast, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Database, prepare_data
from bot.config import Settings
from bot.db.engine import create_session_factory
from bot.db.models import Person, SeenUpdate, utcnow
from bot.i18n import Translations, consent_version
from bot.services import leases, people, privacy, updates
from bot.serving import Worker
from tests.conftest import ENGINES
from tests.fake_telegram import FakeTelegram, FakeTelegramServer
from tests.flows import mentor_signs_up
from tests.harness import Harness
from tests.serve_process import SECRET, free_port

SECOND = timedelta(seconds=1)
PERSON = 7301


def text_message(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    who = {"id": user_id, "is_bot": False, "first_name": "Ира"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_700_000_000,
            "chat": {"id": user_id, "type": "private", "first_name": "Ира"},
            "from": who,
            "text": text,
        },
    }


# ---- 1. Clocks: leases and heartbeats compare one process's clock with another's ----------


@pytest.mark.parametrize("engine_name", [e for e in ENGINES if e != "sqlite"])
async def test_a_worker_whose_clock_is_40_s_behind_is_not_taken_for_dead(
    engine: AsyncEngine,
) -> None:
    """Two servers whose clocks are 40 s apart (NTP not running on one of them). The slow one
    has just renewed its heartbeat and the leader lease, and holds an update it is handling:
    the other must neither take the lease nor redo the update (that answers the person twice,
    and the slow worker's own mark of it is then refused). Both use the database's clock once
    fixed. Several processes need PostgreSQL (WORKERS>1 on SQLite is refused), so this runs
    there only."""
    sessions = create_session_factory(engine)
    with time_machine.travel(utcnow() - 40 * SECOND, tick=True):
        assert await leases.take(sessions, leases.WORKER + "slow", "slow", 15 * SECOND)
        assert await leases.take(sessions, leases.LEADER, "slow", 30 * SECOND)
        assert set(
            await updates.receive(sessions, 42, "slow", [text_message(1, PERSON, "Да")])
        ) == {1}
    assert await leases.take(sessions, leases.WORKER + "fast", "fast", 15 * SECOND)
    assert await leases.live_workers(sessions) == {"slow", "fast"}
    assert not await leases.take(sessions, leases.LEADER, "fast", 30 * SECOND)
    taken = await updates.take_over_orphans(sessions, 42, "fast", older_than=10 * SECOND)
    assert taken == []


# ---- 2. A withdrawal leaves the person's name in others' updates kept for redoing ----------


async def test_a_withdrawn_persons_name_in_another_persons_kept_update_is_erased(
    harness: Harness,
) -> None:
    """A curator typed the mentor's surname into a search; the worker handling it was killed, so
    the update (with its text) waits in `seen_updates` to be redone. The mentor withdraws
    consent: their own updates' contents go (`updates.forget_contents_of`), and so do the
    stored dialogs that name them (`privacy._forget_dialogs_naming`), but the curator's kept
    update still says the surname."""
    surname = "Мосин"
    harness.fake.add_user(7302, "Пётр")
    await mentor_signs_up(harness, 7302, f"{surname} Пётр Ильич")
    curator_search = text_message(1_000_001, 777, surname)
    assert await updates.receive(harness.sessions, harness.bot.id, "dead", [curator_search])
    async with harness.sessions() as session:
        mentor = await session.scalar(select(Person.id).where(Person.telegram_id == 7302))
    assert mentor is not None
    assert (
        await privacy.withdraw(harness.sessions, mentor, consent_version(harness.translations))
        is not None
    )
    async with harness.sessions() as session:
        naming = list(
            await session.scalars(
                select(SeenUpdate.update_id).where(cast(SeenUpdate.payload, Text).contains(surname))
            )
        )
    assert naming == [], "the withdrawn mentor's surname is still kept in an update"


# ---- 3. A webhook worker in this process, behind the fake Telegram's webhook --------------


@dataclass
class Served:
    fake: FakeTelegram
    worker: Worker
    url: str

    async def wait_for(self, condition: Callable[[], bool], within: float) -> bool:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if condition():
                return True
            await asyncio.sleep(0.05)
        return condition()


@pytest.fixture
async def served(
    fake: FakeTelegram,
    make_settings: Callable[..., Settings],
    engine: AsyncEngine,
    translations: Translations,
) -> AsyncIterator[Served]:
    """One worker (`bot.serving.Worker`) listening on a free port, Telegram's webhook set to it
    (LEASE_SECONDS=6: a leader's lease, and the longest a person's update waits for older
    ones)."""
    async with FakeTelegramServer(fake) as server:
        port = free_port()
        url = f"http://127.0.0.1:{port}/telegram/hook"
        settings = make_settings(
            bot_api_url=server.url,
            webhook_url=url,
            webhook_secret=SECRET,
            webhook_listen=f"127.0.0.1:{port}",
            lease_seconds=6,
        )
        db = Database(engine, create_session_factory(engine))
        await prepare_data(db, settings)
        worker = Worker(settings, translations, db)
        stop = asyncio.Event()
        running = asyncio.create_task(worker.run(stop))
        try:
            await listening(port, running)
            await worker.bot.set_webhook(url=url, secret_token=SECRET)
            yield Served(fake, worker, url)
        finally:
            stop.set()
            await asyncio.wait_for(running, timeout=30)


async def listening(port: int, running: asyncio.Task[None]) -> None:
    for _ in range(200):
        assert not running.done(), "the worker stopped"
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.close()
        await writer.wait_closed()
        return
    raise AssertionError("the worker never listened")


def greetings(fake: FakeTelegram, user_id: int) -> int:
    return len([m for m in fake.bot_messages(user_id) if "Здравствуйте" in m.text_or_empty()])


async def test_an_update_whose_handling_failed_does_not_hold_back_the_senders_next(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database blinks (a restart under load) while a worker begins a person's update: its
    handling fails and is logged. The update stays unfinished, held by this live worker, so
    nobody ever redoes it while the worker lives, and every later update of that person waits
    `LEASE_SECONDS` for it (`Worker._older_first` sees an older one "under way"): with the
    default 30 s, each of their taps answers half a minute late, until the worker restarts."""
    fake = served.fake
    fake.add_user(PERSON, "Ира")
    real_arrive = people.arrive
    blinks = iter([True])

    async def arrive(*args: Any, **kwargs: Any) -> Any:
        if next(blinks, False):
            raise ConnectionRefusedError("the database restarts")
        return await real_arrive(*args, **kwargs)

    monkeypatch.setattr(people, "arrive", arrive)
    fake.user_message(PERSON, "/start")
    # Telegram heard 200 (the update left its queue), and the worker's handling of it ended.
    assert await served.wait_for(lambda: not fake._pending and not len(served.worker.tasks), 5)
    assert greetings(fake, PERSON) == 0
    fake.user_message(PERSON, "/start")
    assert await served.wait_for(lambda: greetings(fake, PERSON) >= 1, within=3.0), (
        "the person's next message waited for the failed one"
    )
    assert await served.wait_for(lambda: not len(served.worker.tasks), 5)  # and was handled
    # The person was told «Что-то пошло не так… попробуйте ещё раз»: the failed update is over
    # (handled), not kept unfinished with its text for a live worker that will never redo it.
    async with served.worker.db.sessions() as session:
        left = list(
            await session.scalars(
                select(SeenUpdate.update_id).where(
                    SeenUpdate.user_id == PERSON, SeenUpdate.handled_at.is_(None)
                )
            )
        )
    assert left == []


async def test_a_forged_request_with_a_non_utf8_secret_header_is_refused_with_401(
    served: Served,
) -> None:
    """A forged request whose secret header holds bytes that are not UTF-8: aiohttp gives the
    header as text with surrogates, `.encode()` raises, and the request gets 500 (with a
    traceback in the log) instead of the 401 every other forged request gets."""
    host, port = "127.0.0.1", int(served.url.split(":")[2].split("/")[0])
    body = b'{"update_id": 1}'
    request = (
        b"POST /telegram/hook HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"X-Telegram-Bot-Api-Secret-Token: \xff\xfe-forged\r\n"
        b"Content-Type: application/json\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body
    )
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(request)
    await writer.drain()
    status_line = await asyncio.wait_for(reader.readline(), timeout=10)
    writer.close()
    await writer.wait_closed()
    assert status_line.split()[1] == b"401"
