"""`python -m bot` sends 300 outbox messages over HTTP and is killed with SIGKILL half-way."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from bot.db.engine import create_engine, create_session_factory
from bot.services import outbox
from tests.fake_telegram import FakeTelegram
from tests.rows import scalar
from tests.test_end_to_end import polling, running, wait_for

ENGINES_HERE = ["sqlite"]  # long polling is one process: SQLite's (conftest.pytest_generate_tests)
FIRST, COUNT = 10_000, 300
RATE = 100  # messages per second: 300 take about three seconds


async def queue_messages(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session:
            for user_id in range(FIRST, FIRST + COUNT):
                await outbox.enqueue(
                    session,
                    chat_id=user_id,
                    person_id=None,
                    text=f"<b>Напоминание</b> № {user_id}",
                    kind="reminder",
                    batch="e2e",
                )
            await session.commit()
    finally:
        await engine.dispose()


def delivered(fake: FakeTelegram) -> dict[int, int]:
    """How many messages each person got."""
    return {
        user_id: len(fake.bot_messages(user_id))
        for user_id in range(FIRST, FIRST + COUNT)
        if fake.bot_messages(user_id)
    }


@pytest.mark.usefixtures("copied_template")
async def test_a_kill_during_sending_loses_nothing_and_repeats_at_most_one(
    tmp_path: Path, fake: FakeTelegram, database_url: str
) -> None:
    for user_id in range(FIRST, FIRST + COUNT):
        fake.add_user(user_id, f"Участник {user_id}", has_chat=True)
    fake.global_per_second = 150
    fake.fail_randomly("sendMessage", 0.02, 502, "Bad Gateway")
    async with running(fake, tmp_path, database_url) as (bot, _):
        await queue_messages(database_url)
        bot.env.update(OUTBOX_RATE_PER_S=str(RATE), OUTBOX_CHAT_RATE_PER_S="1")
        await bot.start()
        await wait_for(lambda: len(delivered(fake)) >= 100, bot, "the first hundred messages")
        assert await bot.stop(signal.SIGKILL) == -signal.SIGKILL
        before_restart = len(delivered(fake))
        assert before_restart < COUNT, "all sent before the kill: nothing was tested"

        polls = len(fake.calls("getUpdates"))
        started = time.monotonic()
        await bot.start()
        await wait_for(polling(fake, polls), bot, "polling after the restart")
        # The dead process's claims are taken over when their lease (30 s) runs out; a new
        # process never guesses that another is dead (it might be alive in another container).
        await wait_for(
            lambda: len(delivered(fake)) == COUNT,
            bot,
            "every message after the restart",
            timeout=60,
        )
        assert time.monotonic() - started < 45
        assert await bot.stop(signal.SIGTERM) == 0
        fake.end_long_polls()  # or the server waits for the bot's last getUpdates to time out

    counts = delivered(fake)
    assert set(counts) == set(range(FIRST, FIRST + COUNT))
    # Only what was under way at the kill goes twice: at 100 messages a second, one or two (a
    # few more on a loaded machine, where marks wait for the database longer).
    twice = [user_id for user_id, n in counts.items() if n > 1]
    assert len(twice) <= 5 and max(counts.values()) <= 2, twice
    assert not [r for r in fake.refusals if "Too Many Requests" in r[1]]
    unsent = await scalar(
        database_url, "SELECT count(*) FROM outbox WHERE sent_at IS NULL OR message_id IS NULL"
    )
    claimed = await scalar(
        database_url, "SELECT count(*) FROM outbox WHERE claimed_until IS NOT NULL"
    )
    assert (unsent, claimed) == (0, 0)
