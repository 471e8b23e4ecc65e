"""Questionnaire answers per second through the real Dispatcher and database.

Run: `.venv/bin/python benchmarks/questionnaire_throughput.py [--people 150]`

People are signed up (consent given, questionnaire open) before the clock starts; then each
answers the typed questions of the mentor questionnaire, one update at a time, through
`Dispatcher.feed_raw_update` with the bot's SQLite database and a recording Bot (the in-process
fake Bot API, no network). Two baselines run on the same recording Bot: a bare aiogram echo
bot, and the same questionnaire screens on aiogram-dialog with its state in memory and no
database (`baseline_dialog_per_s`; `ratio_dialog` is ours divided by it: what durability costs).
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
from sqlalchemy import func, select

from bot.config import Settings
from bot.db import migrate
from bot.db.engine import create_engine
from bot.db.models import Answer
from bot.i18n import Translations
from bot.questionnaires import engine
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
    await harness.press(user_id, "Даю согласие")


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
        _env_file=None,
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


class Screens(StatesGroup):
    question = State()


async def dialog_run(people: int) -> list[float]:
    """The same typed questions, on aiogram-dialog alone: state in memory, no database."""
    translations = Translations.load()
    i18n = translations.get("ru")
    questionnaire = load_catalog(translations).get("intake_mentor")
    wanted = ("full_name", "subject_taught", "experience_years")
    shown = [q for q in questionnaire.questions if q.id in wanted]

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


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--people", type=int, default=150)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as directory:
        answers = await questionnaire_run(args.people, Path(directory))
    echo = await echo_run(len(answers))
    dialog = await dialog_run(args.people)
    answers_per_s = len(answers) / sum(answers)
    echo_per_s = len(echo) / sum(echo)
    dialog_per_s = len(dialog) / sum(dialog)
    print(
        json.dumps(
            {
                "answers": len(answers),
                "answers_per_s": round(answers_per_s, 1),
                "p50_ms": round(statistics.median(answers) * 1000, 2),
                "p99_ms": round(percentile(answers, 0.99) * 1000, 2),
                "baseline_echo_per_s": round(echo_per_s, 1),
                "ratio": round(answers_per_s / echo_per_s, 3),
                "baseline_dialog_per_s": round(dialog_per_s, 1),
                "ratio_dialog": round(answers_per_s / dialog_per_s, 3),
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
