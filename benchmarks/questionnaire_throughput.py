"""Questionnaire answers per second through the real Dispatcher and database.

Run: `.venv/bin/python benchmarks/questionnaire_throughput.py [--people 150]`

People are signed up (consent given, questionnaire open) before the clock starts; then each
answers the typed questions of the mentor questionnaire, one update at a time, through
`Dispatcher.feed_raw_update` with the bot's SQLite database and a recording Bot (the in-process
fake Bot API, no network). A bare aiogram echo bot on the same recording Bot is the baseline.
Prints one JSON line.
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

from aiogram import Bot, Dispatcher
from aiogram.types import Message
from sqlalchemy import func, select

from bot.config import Settings
from bot.db import migrate
from bot.db.engine import create_engine
from bot.db.models import Answer
from bot.i18n import Translations
from bot.questionnaires.loader import load_catalog
from tests.fake_telegram import FakeSession, FakeTelegram
from tests.harness import Harness

FIRST_ID = 100_000
# The first typed questions a teacher-mentor meets, with answers that pass.
TYPED_ANSWERS = ("Иванова Мария Петровна", "Физика и астрономия", "15")


async def sign_up(harness: Harness, user_id: int) -> None:
    harness.fake.add_user(user_id, f"Участник {user_id}", "ru")
    await harness.send(user_id, "/start")
    await harness.press(user_id, "Хочу быть наставником")
    await harness.press(user_id, "Педагог")
    await harness.press(user_id, "Согласен")


async def timed(dispatcher: Dispatcher, bot: Bot, updates: list[dict[str, Any]]) -> list[float]:
    latencies = []
    for update in updates:
        started = time.perf_counter()
        await dispatcher.feed_raw_update(bot, update)
        latencies.append(time.perf_counter() - started)
    return latencies


async def questionnaire_run(people: int, directory: Path) -> list[float]:
    fake = FakeTelegram()
    database = directory / "bench.sqlite3"
    settings = Settings(
        bot_token=fake.token,
        database_url=f"sqlite+aiosqlite:///{database}",
        _env_file=None,  # type: ignore[call-arg]
    )
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
    expected = {"full_name", "subject_taught", "experience_years"}
    async with harness.sessions() as session:
        stored = await session.scalar(
            select(func.count()).select_from(Answer).where(Answer.question_id.in_(expected))
        )
    if stored != len(updates):
        raise SystemExit(f"only {stored} of {len(updates)} answers were stored")
    await harness.bot.session.close()
    await engine.dispose()
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


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--people", type=int, default=150)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as directory:
        answers = await questionnaire_run(args.people, Path(directory))
    echo = await echo_run(len(answers))
    answers_per_s = len(answers) / sum(answers)
    echo_per_s = len(echo) / sum(echo)
    print(
        json.dumps(
            {
                "answers": len(answers),
                "answers_per_s": round(answers_per_s, 1),
                "p50_ms": round(statistics.median(answers) * 1000, 2),
                "p99_ms": round(percentile(answers, 0.99) * 1000, 2),
                "baseline_echo_per_s": round(echo_per_s, 1),
                "ratio": round(answers_per_s / echo_per_s, 3),
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
