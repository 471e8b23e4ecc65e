"""A second hostile review of issue 15 (webhook workers, leases, the operator's tools): each
test shows a defect that an operator, Telegram or a person would meet, and fails until it is
fixed. `tests/test_issue15_review.py` holds the first review; nothing here repeats it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import time_machine
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Database, prepare_data
from bot.config import Settings
from bot.db.engine import create_engine, create_session_factory
from bot.db.models import SeenUpdate, utcnow
from bot.i18n import Translations
from bot.logs import JsonFormatter
from bot.services import outbox
from bot.serving import Worker
from tests.conftest import ENGINES
from tests.fake_telegram import FakeTelegram, FakeTelegramServer
from tests.serve_process import SECRET, ServeProcess, free_port
from tests.test_issue15_review import greetings, listening

PERSON = 7401
GROUP = -100_555_0001
SECRET_HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
POSTGRES_ONLY = pytest.mark.parametrize("engine_name", [e for e in ENGINES if e != "sqlite"])


async def eventually(condition: Callable[[], bool], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.05)
    return condition()


# ---- A TCP proxy in front of PostgreSQL that can stop answering (a frozen server) ---------


@dataclass
class Proxy:
    """Forwards connections to `target`; `freeze()` keeps every connection open but passes
    nothing more either way, as a PostgreSQL server that hangs (a full disk, a SIGSTOP, a
    network partition without resets) looks to its clients."""

    target: tuple[str, int]
    port: int = field(default_factory=free_port)
    frozen: asyncio.Event = field(default_factory=asyncio.Event)
    _server: asyncio.Server | None = None
    _pipes: set[asyncio.Task[None]] = field(default_factory=set)
    _writers: list[asyncio.StreamWriter] = field(default_factory=list)

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)

    def freeze(self) -> None:
        self.frozen.set()

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in self._writers:
            writer.close()
        for pipe in self._pipes:
            pipe.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.append(writer)
        if self.frozen.is_set():
            return  # accepted, never answered
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        self._writers.append(up_writer)
        for source, sink in ((reader, up_writer), (up_reader, writer)):
            pipe = asyncio.create_task(self._pipe(source, sink))
            self._pipes.add(pipe)

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while chunk := await source.read(65536):
                if self.frozen.is_set():
                    await asyncio.Event().wait()  # held, never passed on
                sink.write(chunk)
                await sink.drain()


# ---- One webhook worker in this process ---------------------------------------------------


@dataclass
class Served:
    fake: FakeTelegram
    worker: Worker
    url: str
    base: str

    async def post(self, update: dict[str, Any], timeout: float = 30) -> int:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as http,
            http.post(self.url, data=json.dumps(update), headers=SECRET_HEADERS) as response,
        ):
            return response.status


@contextlib.asynccontextmanager
async def serving(
    fake: FakeTelegram,
    make_settings: Callable[..., Settings],
    database_url: str,
    translations: Translations,
    **overrides: Any,
) -> AsyncIterator[Served]:
    """A `bot.serving.Worker` on a free port of this process, with an engine of its own on
    `database_url`, and Telegram's webhook set to it."""
    engine = create_engine(database_url)
    async with FakeTelegramServer(fake) as server:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        url = f"{base}/telegram/hook"
        settings = make_settings(
            bot_api_url=server.url,
            database_url=database_url,
            webhook_url=url,
            webhook_secret=SECRET,
            webhook_listen=f"127.0.0.1:{port}",
            **overrides,
        )
        db = Database(engine, create_session_factory(engine))
        await prepare_data(db, settings)
        worker = Worker(settings, translations, db)
        stop = asyncio.Event()
        running = asyncio.create_task(worker.run(stop))
        try:
            await listening(port, running)
            await worker.bot.set_webhook(url=url, secret_token=SECRET)
            yield Served(fake, worker, url, base)
        finally:
            stop.set()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(running, timeout=40)
            if not running.done():
                running.cancel()
                await asyncio.gather(running, return_exceptions=True)
            await engine.dispose()


def private_message(update_id: int, text: str, **who: Any) -> dict[str, Any]:
    person = {"id": PERSON, "is_bot": False, "first_name": "Ира", **who}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_700_000_000,
            "chat": {"id": PERSON, "type": "private", "first_name": "Ира"},
            "from": person,
            "text": text,
        },
    }


# ---- 1. A command typed in a group holds back every private message of its sender ---------


async def test_a_command_in_a_group_does_not_delay_the_senders_private_messages(
    fake: FakeTelegram,
    make_settings: Callable[..., Settings],
    database_url: str,
    engine: AsyncEngine,
    translations: Translations,
) -> None:
    """A teacher added the bot to her class's group and typed /start there (a group chat gets
    no answers, by design). `UpdateContextMiddleware` returns before the update is marked
    handled, so it stays unfinished in `seen_updates`, held by this live worker, under the
    teacher's id. From then on every private message of hers waits `LEASE_SECONDS` in
    `Worker._older_first` for that "older update under way" (30 s by default, each time,
    until the worker restarts). She should get her private answer at once, and the group
    update should count as handled (ignored is handled)."""
    fake.add_user(PERSON, "Ира")
    async with serving(fake, make_settings, database_url, translations, lease_seconds=20) as served:
        teacher = {"id": PERSON, "is_bot": False, "first_name": "Ира"}
        group = {"id": GROUP, "type": "supergroup", "title": "7 «Б»"}
        fake._push(
            {
                "message": {
                    "message_id": 5,
                    "date": 1_700_000_000,
                    "chat": group,
                    "from": teacher,
                    "text": "/start",
                    "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
                }
            }
        )
        assert await eventually(lambda: not fake._pending, 5)
        await asyncio.sleep(1.0)  # the group's update is over (nothing to answer there)
        fake.user_message(PERSON, "/start")
        answered = await eventually(lambda: greetings(fake, PERSON) >= 1, within=5.0)
        await eventually(lambda: not len(served.worker.tasks), within=5.0)  # handled to the end
        async with create_session_factory(engine)() as session:
            unfinished = list(
                await session.scalars(
                    select(SeenUpdate.update_id).where(
                        SeenUpdate.user_id == PERSON, SeenUpdate.handled_at.is_(None)
                    )
                )
            )
    assert answered, "her private /start waited for the group's update"
    assert unfinished == [], "the ignored group update is kept unfinished"


# ---- 2. A frozen database: /healthz and Telegram's requests hang --------------------------


@POSTGRES_ONLY
async def test_healthz_answers_503_within_seconds_when_the_database_stops_answering(
    fake: FakeTelegram,
    make_settings: Callable[..., Settings],
    database_url: str,
    translations: Translations,
) -> None:
    """The PostgreSQL server hangs (a full disk, a frozen VM, a partition that drops packets
    without a reset). The load balancer's or the operator's `curl /healthz` waits with no
    answer at all: the check opens a pooled connection (the pre-ping never returns) and no
    statement has a timeout (`bot/db/engine.py` sets a connect timeout only). It should
    answer 503 "database unreachable" within a few seconds, as README promises."""
    url = make_url(database_url)
    proxy = Proxy((url.host or "127.0.0.1", url.port or 5432))
    await proxy.start()
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    try:
        async with serving(fake, make_settings, proxied, translations) as served:
            async with (
                aiohttp.ClientSession() as http,
                http.get(f"{served.base}/healthz") as response,
            ):
                assert response.status == 200
            proxy.freeze()
            started = time.monotonic()
            status: int | None = None
            with contextlib.suppress(TimeoutError):
                async with (
                    aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as http,
                    http.get(f"{served.base}/healthz") as response,
                ):
                    status = response.status
            waited = time.monotonic() - started
            served.worker.webhook.stopping = True
            await proxy.close()  # the connections reset: the worker stops at once
    finally:
        await proxy.close()
    assert status == 503, f"/healthz gave no answer in {waited:.0f} s (status {status})"
    assert waited < 12


@POSTGRES_ONLY
async def test_telegrams_request_fails_fast_when_the_database_stops_answering(
    fake: FakeTelegram,
    make_settings: Callable[..., Settings],
    database_url: str,
    translations: Translations,
) -> None:
    """The same frozen database: Telegram posts a person's update and the request hangs in
    `updates.receive` (no statement timeout), instead of 503 "at once" as the webhook's
    docstring and the issue ("requests fail fast") say; every request Telegram makes piles up
    open until its own timeout. It should get 503 within seconds, and Telegram sends the
    update again later."""
    url = make_url(database_url)
    proxy = Proxy((url.host or "127.0.0.1", url.port or 5432))
    await proxy.start()
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    fake.add_user(PERSON, "Ира")
    try:
        async with serving(fake, make_settings, proxied, translations) as served:
            proxy.freeze()
            started = time.monotonic()
            status: int | None = None
            with contextlib.suppress(TimeoutError):
                status = await served.post(private_message(2_000_001, "Да"), timeout=20)
            waited = time.monotonic() - started
            served.worker.webhook.stopping = True
            await proxy.close()  # the connections reset: the worker stops at once
    finally:
        await proxy.close()
    assert status == 503, f"Telegram's request had no answer in {waited:.0f} s ({status})"
    assert waited < 12


# ---- 3. A database error writes the person's message into the logs ------------------------


async def test_a_database_error_does_not_write_a_persons_message_into_the_logs(
    *,
    fake: FakeTelegram,
    make_settings: Callable[..., Settings],
    database_url: str,
    engine: AsyncEngine,
    translations: Translations,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The database fails while a person's update is stored (SQLite locked past its busy
    timeout by a long write; on PostgreSQL, the server drops the connection in a restart).
    The webhook logs `Could not store update N (<error>)`, and SQLAlchemy's error text carries
    the statement's parameters: the whole update, with the person's name and what they wrote
    (here a phone number), lands in the journal (LOG_FORMAT=json) and stays there after the
    person withdraws consent. The log should name the update and the error, not its content
    (`hide_parameters=True` on the engine)."""
    fake.add_user(PERSON, "Ира")
    phone = "+7 912 345-67-89"
    update = private_message(2_000_002, f"Мой телефон {phone}", last_name="Секретова")
    caplog.set_level(logging.INFO)
    async with serving(fake, make_settings, database_url, translations) as served:
        if engine.dialect.name == "sqlite":
            path = make_url(database_url).database
            assert path is not None
            blocker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            # A long write elsewhere (busy_timeout is 5 s), begun off the event loop: the
            # worker's own write under way (a heartbeat) must be able to finish first.
            await asyncio.to_thread(blocker.execute, "BEGIN IMMEDIATE")
            try:
                status = await served.post(update)
            finally:
                blocker.execute("ROLLBACK")
                blocker.close()
        else:
            async with engine.connect() as locker:
                await locker.execute(text("LOCK TABLE seen_updates IN ACCESS EXCLUSIVE MODE"))
                posting = asyncio.create_task(served.post(update))
                waiting: list[int] = []
                for _ in range(100):
                    await asyncio.sleep(0.1)
                    async with engine.connect() as looking:
                        waiting = list(
                            await looking.scalars(
                                text(
                                    "SELECT pid FROM pg_stat_activity WHERE wait_event_type = "
                                    "'Lock' AND query LIKE 'INSERT INTO seen_updates%'"
                                )
                            )
                        )
                    if waiting:
                        break
                assert waiting, "the insert never waited"
                async with engine.connect() as restarting:  # the server drops that backend
                    await restarting.execute(
                        text("SELECT pg_terminate_backend(:pid)"), {"pid": waiting[0]}
                    )
                status = await posting
                await locker.rollback()
    assert status == 503
    formatter = JsonFormatter()
    journal = "\n".join(formatter.format(record) for record in caplog.records)
    assert "Could not store update 2000002" in journal
    assert phone not in journal, "the person's message is in the log"


# ---- 4. WEBHOOK_URL that Telegram refuses: a traceback and restarts -----------------------


async def test_a_webhook_url_telegram_refuses_is_one_line_and_exit_2(
    tmp_path: Path, fake: FakeTelegram, database_url: str
) -> None:
    """The operator writes WEBHOOK_URL=http://bot.school.ru/telegram (no TLS). Settings accept
    any http URL, `serve_problems` says nothing, and `setWebhook` is refused by Telegram
    ("bad webhook: An HTTPS URL must be provided for webhook"): `python -m bot serve` dies
    with a traceback and exit status 1, so systemd restarts it five times
    (`RestartPreventExitStatus=2` is for wrong settings). The operator should get one line
    naming WEBHOOK_URL and what Telegram said, and exit status 2."""
    async with (
        FakeTelegramServer(fake) as server,
        ServeProcess(fake, server.url, database_url, tmp_path) as serve,
    ):
        serve.env["WEBHOOK_URL"] = "http://bot.school.ru/telegram"
        await serve.start()
        assert serve.process is not None
        code = await asyncio.wait_for(serve.process.wait(), 60)
    said = serve.output()
    assert "Traceback" not in said, said[-3000:]
    assert "WEBHOOK_URL" in said
    assert code == 2


# ---- 5. Outbox claims judged by each process's own clock -----------------------------------


@POSTGRES_ONLY
async def test_a_message_claimed_by_a_live_sender_is_not_claimed_by_one_whose_clock_is_ahead(
    engine: AsyncEngine,
) -> None:
    """Two webhook workers on two servers whose clocks are 40 s apart (NTP stopped on one).
    The leases and heartbeats were moved to the database's clock (first review), but the
    outbox's claims were not: `outbox.claim` compares `claimed_until` with the sender's own
    `utcnow()`. The worker that is behind claims a reminder and is sending it; the one ahead
    sees the lease as run out and claims the same row: the person gets the reminder twice,
    and the worker that is ahead takes every row the other claims. A row held under a live
    lease should be claimed by nobody else, whatever the clocks say."""
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        await outbox.enqueue(
            session,
            chat_id=PERSON,
            person_id=None,
            kind="reminder",
            text="Завтра встреча с наставником",
            dedup_key="review2:clock",
        )
    lease = timedelta(seconds=30)
    with time_machine.travel(utcnow() - timedelta(seconds=40), tick=True):
        slow = await outbox.claim(sessions, "slow", limit=10, lease=lease, now=utcnow())
    assert [row.chat_id for row in slow] == [PERSON]
    fast = await outbox.claim(sessions, "fast", limit=10, lease=lease, now=utcnow())
    assert fast == [], "a row another live sender holds was claimed again"


# ---- 6. An in-memory SQLite database under `serve` -----------------------------------------


async def test_serve_with_an_in_memory_database_answers_or_refuses_to_start(
    tmp_path: Path, fake: FakeTelegram
) -> None:
    """An operator tries the webhook mode without a file: DATABASE_URL=sqlite+aiosqlite:///
    :memory: (it works with long polling). `serve_problems` lets it through (`sqlite_path()`
    is None for `:memory:`, so not even WORKERS>1 is refused); `prepare` migrates an in-memory
    database and throws it away, and the worker opens a new, empty one without migrating: it
    dies with a traceback ("no such table: leases") and exit status 1, which systemd
    restarts. `serve` should refuse an in-memory database in one line (exit status 2), or
    serve from the database it migrated."""
    fake.add_user(PERSON, "Ира")
    async with (
        FakeTelegramServer(fake) as server,
        ServeProcess(fake, server.url, "sqlite+aiosqlite:///:memory:", tmp_path) as serve,
    ):
        await serve.start()
        assert serve.process is not None
        exited = serve.process.wait()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(exited), 20)
        if serve.process.returncode is not None:
            assert serve.process.returncode == 2
            assert "Traceback" not in serve.output()
            return
        assert serve.workers(), serve.output()[-3000:]
        fake.user_message(PERSON, "/start")
        answered = await eventually(lambda: greetings(fake, PERSON) >= 1, within=10)
    assert answered, serve.output()[-3000:]
