"""The questionnaire benchmark over HTTP: `python -m bot serve` against the fake Bot API.

The fake Bot API (`tests/fake_telegram`, served over HTTP in this process) delivers updates to
the webhook `serve` sets, as Telegram does (up to `max_connections` requests at once); the
workers run as real processes (`tests/serve_process.py`). The load generator lives in this
process too, so it shares the machine's cores with the workers: `cpu_*` in the result says who
used them.

People sign up first, untimed, through the webhook (as `sign_up` does in-process); then the
clock starts and everyone answers the typed questions at once, each person's answers one after
another: an answer is sent when the bot's reply to the previous one (the next question's
«N / » in a new message) has reached the fake. A latency is from the update being queued at the
fake to that reply reaching the fake.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import secrets
import signal
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.db.engine import create_engine
from bot.db.models import Answer, Person
from tests.fake_telegram import FakeTelegram, FakeTelegramServer
from tests.serve_process import ServeProcess

# The reply to an answer: the next question, «<b>Анкета наставника</b> · 2 / 11».
PROGRESS = re.compile(r"· (\d+) / \d+")
SIGN_UP = ("Хочу быть наставником", "Педагог", "Даю согласие")
STEP_TIMEOUT = 120.0  # seconds a person waits for one reply before the run fails
PROBE = Path(__file__).resolve().parent / "probe"  # its sitecustomize counts in the children


class BenchmarkFailed(Exception):
    """The run did not do what it should (a reply never came, an answer not stored once)."""


class BenchTelegram(FakeTelegram):
    """The fake Bot API, noting when each chat's questionnaire replies arrive and waking whoever
    waits for that chat."""

    def __init__(self) -> None:
        super().__init__()
        self.replies: dict[tuple[int, int], float] = {}  # (chat, position) -> perf_counter
        self.reply_counts: Counter[tuple[int, int]] = Counter()
        self._changed: dict[int, asyncio.Event] = {}

    async def call(self, method: str, params: dict[str, Any]) -> Any:
        result = await super().call(method, params)
        chat = params.get("chat_id")
        if chat is not None:
            chat_id = int(chat)
            if method == "sendMessage":
                found = PROGRESS.search(str(params.get("text", "")))
                if found:
                    key = (chat_id, int(found[1]))
                    self.replies.setdefault(key, time.perf_counter())
                    self.reply_counts[key] += 1
            event = self._changed.get(chat_id)
            if event is not None:
                event.set()
        return result

    def replied(self, chat_id: int, position: int) -> Callable[[], bool]:
        """Whether the question at `position` has been sent to the chat."""
        return lambda: (chat_id, position) in self.replies

    async def until(
        self, chat_id: int, condition: Callable[[], bool], what: str, alive: Callable[[], bool]
    ) -> None:
        """Wait until `condition` holds, woken by each Bot API call in the chat."""
        event = self._changed.setdefault(chat_id, asyncio.Event())
        deadline = time.monotonic() + STEP_TIMEOUT
        while True:
            event.clear()
            if condition():
                return
            if not alive():
                raise BenchmarkFailed(f"serve exited while {chat_id} waited for {what}")
            left = deadline - time.monotonic()
            if left <= 0:
                raise BenchmarkFailed(f"{what} never came to {chat_id} in {STEP_TIMEOUT:.0f} s")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), min(left, 1.0))


class BenchServe(ServeProcess):
    def alive(self) -> bool:
        return self.process is not None and self.process.returncode is None


@contextlib.asynccontextmanager
async def recorded(pids: Sequence[int], profile: Path | None) -> AsyncIterator[None]:
    """py-spy records each of these processes (only while the block runs) into
    `<profile>-<pid>.txt`, collapsed stacks of the time on a CPU."""
    if profile is None:
        yield
        return
    spy = Path(sys.executable).with_name("py-spy")
    spies = [
        await asyncio.create_subprocess_exec(
            str(spy),
            "record",
            "--pid",
            str(pid),
            "--format",
            "raw",
            "--output",
            f"{profile}-{pid}.txt",
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        for pid in pids
    ]
    await asyncio.sleep(1.0)  # attached
    try:
        yield
    finally:
        for process in spies:
            process.send_signal(signal.SIGINT)
        await asyncio.gather(*(process.wait() for process in spies))


@contextlib.asynccontextmanager
async def probed(pids: Sequence[int], probe: Path | None) -> AsyncIterator[None]:
    """The probe's counts (`probe/sitecustomize.py`) before and after the block: their
    difference, summed over the workers, goes to `<probe>/timed.json`."""
    if probe is None:
        yield
        return

    async def snapshot() -> dict[str, float]:
        before = _snapshots(probe)
        for pid in pids:
            os.kill(pid, signal.SIGUSR1)
        deadline = time.monotonic() + 10
        while len(_snapshots(probe) - before) < len(pids):
            if time.monotonic() > deadline:
                raise BenchmarkFailed("the probe wrote nothing: is it on the workers' path?")
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.05)  # the files written whole
        return _summed(_snapshots(probe) - before)

    first = await snapshot()
    yield
    last = await snapshot()
    timed = {name: last[name] - first.get(name, 0) for name in last}
    _write(probe / "timed.json", json.dumps(timed, indent=1))


def _troubles(log: str) -> str:
    """What serve logged above INFO, and its last lines."""
    lines = log.splitlines()
    worse = [line for line in lines if " WARNING " in line or " ERROR " in line]
    return "\n".join(
        ["serve's warnings and errors:", *worse[-40:], "its last lines:", *lines[-30:]]
    )


def _folder(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _snapshots(probe: Path) -> set[Path]:
    probe.mkdir(parents=True, exist_ok=True)
    return set(probe.glob("*-*.json"))


def _summed(paths: set[Path]) -> dict[str, float]:
    total: Counter[str] = Counter()
    for path in paths:
        total.update(json.loads(path.read_text(encoding="utf-8")))
    return dict(total)


def probe_summary(path: Path, answers: int) -> str:
    """The probe's timed counts per answer: how many, and the time they took, biggest first."""
    counts: dict[str, float] = json.loads(path.read_text(encoding="utf-8"))
    names = sorted({name.rsplit(" ", 1)[0] for name in counts})
    rows = [
        (
            counts.get(f"{name} s", 0.0) / answers * 1000,
            counts.get(f"{name} n", 0.0) / answers,
            name,
        )
        for name in names
    ]
    rows.sort(key=lambda row: (-row[0], -row[1]))
    lines = [f"{'ms/answer':>10} {'n/answer':>9}  what (summed over workers, timed phase)"]
    lines += [f"{ms:10.2f} {n:9.2f}  {name}" for ms, n, name in rows if max(ms, n) >= 0.01]
    return "\n".join(lines)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _descendants(pid: int) -> list[int]:
    found = []
    for child in _children(pid):
        found.append(child)
        found.extend(_descendants(child))
    return found


def cpu_of(pids: Sequence[int]) -> dict[int, float]:
    """User and system CPU seconds of each of these processes so far (those gone: none)."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            found[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return found


def cpu_seconds(pids: Sequence[int]) -> float:
    return sum(cpu_of(pids).values())


async def postgres_backends(database_url: str) -> list[int]:
    """The server processes connected to this database (none for SQLite, or a server that is
    not on this machine: their CPU is then not counted)."""
    parsed = make_url(database_url)
    if parsed.get_backend_name() != "postgresql" or parsed.host not in ("127.0.0.1", "localhost"):
        return []
    dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        rows = await connection.fetch(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    finally:
        await connection.close()
    return [int(row["pid"]) for row in rows]


def machine_ticks() -> tuple[int, int]:
    """(busy, all) CPU ticks of the whole machine since boot."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return sum(fields) - idle, sum(fields)


@dataclass
class ServedResult:
    latencies: list[float]
    wall_s: float
    cpu_workers_s: float
    cpu_load_s: float
    cpu_postgres_s: float | None
    cpu_machine_s: float
    machine_busy: float
    log: str


async def sign_up(fake: BenchTelegram, user_id: int, alive: Callable[[], bool]) -> None:
    fake.user_message(user_id, "/start")
    labels = [*SIGN_UP]

    def shows(label: str) -> Callable[[], bool]:
        def check() -> bool:
            messages = fake.bot_messages(user_id)
            return bool(messages) and any(label in b["text"] for b in messages[-1].buttons())

        return check

    for label in labels:
        await fake.until(user_id, shows(label), f"the button {label!r}", alive)
        screen = fake.last_bot_message(user_id)
        fake.press(user_id, screen, screen.button(label)["callback_data"])
    await fake.until(user_id, fake.replied(user_id, 1), "the first question", alive)


async def answer_all(
    fake: BenchTelegram, user_id: int, answers: Sequence[str], alive: Callable[[], bool]
) -> list[float]:
    latencies = []
    for position, answer in enumerate(answers, start=2):
        queued = time.perf_counter()
        fake.user_message(user_id, answer)
        await fake.until(user_id, fake.replied(user_id, position), f"question {position}", alive)
        latencies.append(fake.replies[user_id, position] - queued)
    return latencies


async def served_run(
    database_url: str,
    workers: int,
    users: Sequence[int],
    answers: Sequence[str],
    directory: Path,
    *,
    profile: Path | None = None,
    probe: Path | None = None,
    code: Path | None = None,
    log_level: str = "INFO",
) -> ServedResult:
    fake = BenchTelegram()
    for user_id in users:
        fake.add_user(user_id, f"Участник {user_id}", "ru")
    place = _folder(directory / f"serve-w{workers}-{secrets.token_hex(3)}")  # its log, its own
    async with FakeTelegramServer(fake) as server:
        serve = BenchServe(fake, server.url, database_url, place, WORKERS=str(workers))
        serve.env["LOG_LEVEL"] = log_level
        if code is not None:  # a copy of the checkout with a change to try
            serve.env["PYTHONPATH"] = str(code)
        if probe is not None:
            serve.env["PYTHONPATH"] = f"{PROBE}{os.pathsep}{serve.env['PYTHONPATH']}"
            serve.env["BENCH_PROBE_DIR"] = str(probe)
        await serve.start()
        try:
            deadline = time.monotonic() + 60
            while len(serve.workers()) < workers:
                if not serve.alive() or time.monotonic() > deadline:
                    raise BenchmarkFailed(f"the workers did not start:\n{serve.output()[-4000:]}")
                await asyncio.sleep(0.05)
            await asyncio.gather(*(sign_up(fake, u, serve.alive) for u in users))
            assert serve.process is not None
            processes = [serve.process.pid, *_descendants(serve.process.pid)]
            workers_before, load_before = cpu_seconds(processes), cpu_seconds([os.getpid()])
            backends_before = cpu_of(await postgres_backends(database_url))
            busy_before, all_before = machine_ticks()
            pids = list(serve.workers().values())
            async with recorded(pids, profile), probed(pids, probe):
                started = time.perf_counter()
                per_person = await asyncio.gather(
                    *(answer_all(fake, u, answers, serve.alive) for u in users)
                )
                wall = time.perf_counter() - started
            busy_after, all_after = machine_ticks()
            cpu_workers = cpu_seconds(processes) - workers_before
            cpu_load = cpu_seconds([os.getpid()]) - load_before
            backends_after = cpu_of(await postgres_backends(database_url))
            cpu_postgres = (
                sum(cpu - backends_before.get(pid, 0.0) for pid, cpu in backends_after.items())
                if backends_after
                else None
            )
            await asyncio.sleep(0.3)  # a reply sent twice would show here
        except BenchmarkFailed as failure:
            await serve.stop()
            raise BenchmarkFailed(f"{failure}\n{_troubles(serve.output())}") from None
        finally:
            exit_code = await serve.stop()
    log = serve.output()
    if exit_code != 0:
        raise BenchmarkFailed(f"serve exited with {exit_code}:\n{log[-4000:]}")
    twice = {key: n for key, n in fake.reply_counts.items() if n > 1}
    if twice:
        raise BenchmarkFailed(f"replies sent more than once: {sorted(twice)[:10]}")
    if fake.pointless_edits():
        raise BenchmarkFailed(f"edits Telegram refused: {fake.pointless_edits()[:3]}")
    return ServedResult(
        latencies=[latency for person in per_person for latency in person],
        wall_s=wall,
        cpu_workers_s=cpu_workers,
        cpu_load_s=cpu_load,
        cpu_postgres_s=cpu_postgres,
        cpu_machine_s=(busy_after - busy_before) / os.sysconf("SC_CLK_TCK"),
        machine_busy=(busy_after - busy_before) / max(1, all_after - all_before),
        log=log,
    )


async def check_stored(database_url: str, users: Sequence[int], questions: Sequence[str]) -> None:
    """Every person has an answer to each of `questions` stored, and only one."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(Person.telegram_id, Answer.question_id)
                .join(Person, Person.id == Answer.person_id)
                .where(Answer.question_id.in_(questions))
            )
            found = Counter((telegram_id, question) for telegram_id, question in rows.all())
    finally:
        await engine.dispose()
    wanted = Counter((user_id, question) for user_id in users for question in questions)
    if found != wanted:
        missing = sorted((wanted - found).elements())[:5]
        extra = sorted((found - wanted).elements())[:5]
        raise BenchmarkFailed(
            f"{sum(found.values())} answers stored, {sum(wanted.values())} expected "
            f"(missing e.g. {missing}, extra e.g. {extra})"
        )


@contextlib.asynccontextmanager
async def fresh_database(url: str | None, directory: Path, label: str) -> AsyncIterator[str]:
    """A database of its own for one configuration, gone afterwards: an SQLite file (in the
    given file's folder, else in `directory`), or a new database on the PostgreSQL server."""
    parsed = make_url(url) if url else None
    if parsed is None or parsed.get_backend_name() == "sqlite":
        given = Path(parsed.database) if parsed is not None and parsed.database else None
        folder = given.parent if given is not None else directory
        path = folder / f"bench-{label}-{secrets.token_hex(3)}.sqlite3"
        try:
            yield f"sqlite+aiosqlite:///{path}"
        finally:
            for leftover in folder.glob(f"{path.name}*"):  # the file, its -wal and -shm
                leftover.unlink()
        return
    if parsed.get_backend_name() != "postgresql":
        raise BenchmarkFailed(f"--database-url: SQLite or PostgreSQL, not {parsed.drivername}")
    name = f"bench_{label}_{secrets.token_hex(4)}"
    admin = parsed.set(drivername="postgresql", database="postgres")
    dsn = admin.render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        connection = await asyncpg.connect(dsn)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()
