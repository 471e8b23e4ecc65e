"""Questionnaire answers per second through the real Dispatcher and database.

Run: `.venv/bin/python benchmarks/questionnaire_throughput.py [--people 150]
[--database-url URL] [--workers 0 1 2] [--probe DIR] [--profile DIR] [--code DIR]`

People are signed up (consent given, questionnaire open) before the clock starts; then each
answers the typed questions of the mentor questionnaire.

By default (and with `--workers 0`) the bot runs in this process: one update at a time through
`Dispatcher.feed_raw_update` with a recording Bot (the in-process fake Bot API, no network);
a latency is one update's handling, answers per second is answers / their total time.

With `--workers N` (several: `--workers 1 2`, or repeated) the bot runs as real processes,
`python -m bot serve` with WORKERS=N, behind the fake Bot API over HTTP, which delivers the
updates to its webhook (`benchmarks/webhook_load.py`): everyone answers at once, each person's
next answer sent when the reply to the previous one has arrived; a latency is from the update
being queued at the fake to the reply reaching it; answers per second is answers / the wall
time of that phase. WORKERS>1 needs PostgreSQL.

`--database-url`: SQLite (the default; each configuration gets a new file, in the given file's
folder if one is named) or `postgresql+asyncpg://user@host:port/postgres` (each configuration
gets a new database on that server, created through its `postgres` database and dropped after).
The run fails (exit 1) unless every answer was stored exactly once.

Two baselines, measured once per run in this process on the same recording Bot: a bare
aiogram echo bot, and the same questionnaire screens on aiogram-dialog with its state in
memory and no database (`baseline_dialog_per_s`; `ratio_dialog` is ours divided by it: what
durability costs). Prints one JSON line per configuration (`workers`: null in-process), with
`speedup_vs_1` for N>1 when one worker was measured in the same run, and for served runs the
CPU seconds the workers, this process (the fake Telegram and the load) and PostgreSQL's
backends of the run's database (a local server; backends that exited meanwhile not counted)
used, and the whole machine's busy CPU seconds and share (other people's work included).

`--probe DIR`: served workers count their SQL statements (and the time each took), transactions,
pool checkouts and waits, new connections, log records, garbage collections, CPU time and
context switches (`benchmarks/probe/sitecustomize.py`, loaded into the children only); the
timed phase's counts, summed over the workers, go to `DIR/<engine>-w<N>/timed.json`, and a
summary per answer to stderr (BENCH_PROBE_CPROFILE=1: also cProfile of that phase).

`--code DIR`: served workers run `bot/` from DIR, a copy of the checkout (bot/, locales/,
questionnaires/) with a change to try, so that a change is measured against the same run's
baseline without touching the checkout others work in.

`--profile DIR`: served runs record each worker with py-spy (`pip install py-spy`) during the
timed phase, one file of collapsed stacks per worker (`<engine>-w<N>-<pid>.txt`, for
`flamegraph.pl` or speedscope).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from datetime import UTC, datetime

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.filters import CommandStart
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Message
from aiogram_dialog import Dialog, DialogManager, StartMode, Window, setup_dialogs
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Row
from aiogram_dialog.widgets.text import Const, Format

from benchmarks.webhook_load import (
    BenchmarkFailed,
    check_stored,
    fresh_database,
    probe_summary,
    served_run,
)
from bot.config import Settings
from bot.db import migrate
from bot.db.engine import create_engine
from bot.i18n import Translations
from bot.questionnaires import engine
from bot.questionnaires.loader import load_catalog
from tests.fake_telegram import FakeSession, FakeTelegram
from tests.harness import Harness

FIRST_ID = 100_000
# The first typed questions a teacher-mentor meets, with answers that pass.
TYPED_ANSWERS = ("Иванова Мария Петровна", "Физика и астрономия", "15")
TYPED_QUESTIONS = ("full_name", "subject_taught", "experience_years")


async def sign_up(harness: Harness, user_id: int) -> None:
    harness.fake.add_user(user_id, f"Участник {user_id}", "ru")
    await harness.send(user_id, "/start")
    await harness.press(user_id, "Хочу быть наставником")
    await harness.press(user_id, "Педагог")
    await harness.press(user_id, "Даю согласие")


async def timed(dispatcher: Dispatcher, bot: Bot, updates: list[dict[str, Any]]) -> list[float]:
    latencies = []
    for update in updates:
        started = time.perf_counter()
        await dispatcher.feed_raw_update(bot, update)
        latencies.append(time.perf_counter() - started)
    return latencies


async def questionnaire_run(people: int, database_url: str) -> list[float]:
    fake = FakeTelegram()
    settings = Settings(bot_token=fake.token, database_url=database_url, _env_file=None)
    engine = create_engine(settings.database_url)
    await migrate.upgrade(engine)
    translations = Translations.load()
    harness = Harness.build(
        fake=fake,
        settings=settings,
        engine=engine,
        translations=translations,
        catalog=load_catalog(translations),
    )
    users = range(FIRST_ID, FIRST_ID + people)
    for user_id in users:
        await sign_up(harness, user_id)
    updates = [fake.user_message(user_id, answer) for answer in TYPED_ANSWERS for user_id in users]
    fake._pending.clear()
    latencies = await timed(harness.dispatcher, harness.bot, updates)
    await harness.bot.session.close()
    await engine.dispose()
    await check_stored(database_url, users, TYPED_QUESTIONS)
    return latencies


async def echo_run(count: int) -> list[float]:
    fake = FakeTelegram()
    bot = Bot(fake.token, session=FakeSession(fake))
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    fake.add_user(FIRST_ID, "Эхо", "ru")
    updates = [fake.user_message(FIRST_ID, f"сообщение {n}") for n in range(count)]
    fake._pending.clear()
    latencies = await timed(dispatcher, bot, updates)
    await bot.session.close()
    return latencies


class Screens(StatesGroup):
    question = State()


async def dialog_run(people: int) -> list[float]:
    """The same typed questions, on aiogram-dialog alone: state in memory, no database."""
    translations = Translations.load()
    i18n = translations.get("ru")
    questionnaire = load_catalog(translations).get("intake_mentor")
    shown = [q for q in questionnaire.questions if q.id in TYPED_QUESTIONS]

    async def getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
        number = int(dialog_manager.dialog_data.get("n", 0))
        question = shown[min(number, len(shown) - 1)]
        title = i18n.plain("qn-title-intake_mentor")
        progress = i18n("qn-progress", position=number + 1, total=11)
        error = dialog_manager.dialog_data.get("error")
        text = f"<b>{title}</b> · {progress}\n\n{i18n(question.text_key)}"
        return {"text": text + (f"\n\n⚠️ {i18n(error)}" if error else "")}

    today = datetime.now(UTC).date()

    async def on_text(message: Message, widget: MessageInput, manager: DialogManager) -> None:
        number = int(manager.dialog_data.get("n", 0))
        checked = engine.check_typed(shown[number], message.text or "", today)
        if isinstance(checked, engine.Invalid):
            manager.dialog_data["error"] = checked.key
            return
        manager.dialog_data.update(n=number + 1, error=None)

    async def start(message: Message, dialog_manager: DialogManager) -> None:
        await dialog_manager.start(Screens.question, mode=StartMode.RESET_STACK)

    fake = FakeTelegram()
    bot = Bot(
        fake.token, session=FakeSession(fake), default=DefaultBotProperties(parse_mode="HTML")
    )
    dispatcher = Dispatcher(storage=MemoryStorage())
    dispatcher.message.register(start, CommandStart())
    dispatcher.include_router(
        Dialog(
            Window(
                Format("{text}"),
                Row(Button(Const("⬅️"), id="back"), Button(Const("➡️"), id="skip")),
                MessageInput(on_text),
                getter=getter,
                state=Screens.question,
            )
        )
    )
    setup_dialogs(dispatcher)
    users = range(FIRST_ID, FIRST_ID + people)
    for user_id in users:
        fake.add_user(user_id, f"Участник {user_id}", "ru")
        await dispatcher.feed_raw_update(bot, fake.user_message(user_id, "/start"))
    updates = [fake.user_message(user_id, answer) for answer in TYPED_ANSWERS for user_id in users]
    fake._pending.clear()
    latencies = await timed(dispatcher, bot, updates)
    await bot.session.close()
    return latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def engine_of(database_url: str | None) -> str:
    return "postgresql" if database_url and database_url.startswith("postgresql") else "sqlite"


async def configuration(
    args: argparse.Namespace, workers: int, directory: Path
) -> tuple[list[float], float, dict[str, Any]]:
    """One configuration on a database of its own: latencies, answers per second, extras."""
    label = f"w{workers}" if workers else "inprocess"
    async with fresh_database(args.database_url, directory, label) as url:
        if not workers:
            latencies = await questionnaire_run(args.people, url)
            return latencies, len(latencies) / sum(latencies), {}
        users = range(FIRST_ID, FIRST_ID + args.people)
        profile = None
        probe = args.probe / f"{engine_of(args.database_url)}-{label}" if args.probe else None
        if args.profile is not None:
            profile = args.profile / f"{engine_of(args.database_url)}-{label}"
        result = await served_run(
            url,
            workers,
            users,
            TYPED_ANSWERS,
            directory,
            profile=profile,
            probe=probe,
            code=args.code,
            log_level=args.log_level,
        )
        await check_stored(url, users, TYPED_QUESTIONS)
        if probe is not None:
            summary = probe_summary(probe / "timed.json", len(result.latencies))
            print(f"{engine_of(args.database_url)}, workers={workers}:\n{summary}", file=sys.stderr)
        if "Traceback" in result.log:
            tail = result.log[result.log.index("Traceback") :][:3000]
            logging.warning("serve logged a traceback (the answers were all stored):\n%s", tail)
        extras = {
            "wall_s": round(result.wall_s, 2),
            "cpu_workers_s": round(result.cpu_workers_s, 2),
            "cpu_load_s": round(result.cpu_load_s, 2),
            **(
                {"cpu_postgres_s": round(result.cpu_postgres_s, 2)}
                if result.cpu_postgres_s is not None
                else {}
            ),
            "cpu_machine_s": round(result.cpu_machine_s, 2),
            "machine_busy": round(result.machine_busy, 2),
        }
        return result.latencies, len(result.latencies) / result.wall_s, extras


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument(
        "--database-url",
        help="sqlite+aiosqlite:///… or postgresql+asyncpg://…/postgres (default: SQLite)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        action="extend",
        help="serve with N worker processes over HTTP (0: in this process); several allowed",
    )
    parser.add_argument("--profile", type=Path, help="record served workers with py-spy here")
    parser.add_argument("--probe", type=Path, help="count SQL, pool and logs in served workers")
    parser.add_argument(
        "--code", type=Path, help="served workers run the bot from this copy of the checkout"
    )
    parser.add_argument("--log-level", default="INFO", help="LOG_LEVEL of served workers")
    args = parser.parse_args()
    args.workers = args.workers or [0]
    if any(n < 0 for n in args.workers):
        parser.error("--workers: 0 (in this process) or more")
    if engine_of(args.database_url) == "sqlite" and any(n > 1 for n in args.workers):
        parser.error("WORKERS>1 needs PostgreSQL (--database-url postgresql+asyncpg://…)")
    for name in ("profile", "probe", "code"):
        if getattr(args, name) is not None:
            setattr(args, name, getattr(args, name).resolve())
    if args.profile is not None:
        args.profile.mkdir(parents=True, exist_ok=True)
    return args


async def main(args: argparse.Namespace) -> None:
    logging.basicConfig(level=logging.WARNING)
    configurations = args.workers
    engine_name = engine_of(args.database_url)
    echo = await echo_run(len(TYPED_ANSWERS) * args.people)
    dialog = await dialog_run(args.people)
    echo_per_s = len(echo) / sum(echo)
    dialog_per_s = len(dialog) / sum(dialog)
    one_worker: float | None = None
    with tempfile.TemporaryDirectory() as directory:
        for workers in configurations:
            try:
                answers, answers_per_s, extras = await configuration(args, workers, Path(directory))
            except BenchmarkFailed as failure:
                raise SystemExit(f"workers={workers}: {failure}") from None
            if workers == 1:
                one_worker = answers_per_s
            line: dict[str, Any] = {
                "engine": engine_name,
                "workers": workers or None,
                "people": args.people,
                "answers": len(answers),
                "answers_per_s": round(answers_per_s, 1),
                "p50_ms": round(statistics.median(answers) * 1000, 2),
                "p99_ms": round(percentile(answers, 0.99) * 1000, 2),
                "baseline_echo_per_s": round(echo_per_s, 1),
                "ratio": round(answers_per_s / echo_per_s, 3),
                "baseline_dialog_per_s": round(dialog_per_s, 1),
                "ratio_dialog": round(answers_per_s / dialog_per_s, 3),
                **extras,
            }
            if workers > 1 and one_worker is not None:
                line["speedup_vs_1"] = round(answers_per_s / one_worker, 2)
            print(json.dumps(line), flush=True)


if __name__ == "__main__":
    asyncio.run(main(arguments()))
