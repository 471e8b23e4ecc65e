"""A hall scans the QR code: 200 people send /start to a fresh bot within the same second."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from tests.fake_telegram import FakeTelegram
from tests.test_end_to_end import polling, running, wait_for

ENGINES_HERE = ["sqlite"]  # long polling is one process: SQLite's (conftest.pytest_generate_tests)
FIRST, CROWD = 20_000, 200


async def test_two_hundred_people_at_once_all_get_the_greeting(
    tmp_path: Path, fake: FakeTelegram, database_url: str
) -> None:
    fake.global_per_second = 30  # Telegram's pace for one bot
    fake.per_chat_per_second = 1
    people = range(FIRST, FIRST + CROWD)
    for user_id in people:
        fake.add_user(user_id, f"Ученик {user_id}", "ru")
    async with running(fake, tmp_path, database_url) as (bot, _):
        await bot.start()
        await wait_for(polling(fake, 0), bot, "polling")
        started = time.monotonic()
        for user_id in people:
            fake.user_message(user_id, "/start")

        def greeted() -> int:
            return sum(
                1
                for user_id in people
                if any("Здравствуйте" in m.text_or_empty() for m in fake.bot_messages(user_id))
            )

        await wait_for(lambda: greeted() == CROWD, bot, f"{CROWD} greetings", timeout=90)
        elapsed = time.monotonic() - started
        assert await bot.stop(signal.SIGTERM) == 0
    output = bot.output()
    assert "пошло не так" not in "".join(
        m.text_or_empty() for u in people for m in fake.bot_messages(u)
    )
    assert "Traceback" not in output and "QueuePool limit" not in output
    # Telegram's pace bounds it: 200 messages at 30 per second take about seven seconds.
    assert elapsed < 60, elapsed
