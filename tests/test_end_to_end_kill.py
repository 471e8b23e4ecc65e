"""A kill -9 in the middle of an update: the update is handled again after the restart."""

from __future__ import annotations

import signal
from pathlib import Path

from tests.fake_telegram import FakeTelegram
from tests.rows import rows, scalar
from tests.test_end_to_end import polling, running, wait_for

ENGINES_HERE = ["sqlite"]  # long polling is one process: SQLite's (conftest.pytest_generate_tests)
USER = 9601


def last_text(fake: FakeTelegram) -> str:
    """The newest message's text and its buttons' labels."""
    messages = fake.bot_messages(USER)
    if not messages:
        return ""
    labels = " ".join(button["text"] for button in messages[-1].buttons())
    return f"{messages[-1].text_or_empty()} {labels}"


async def test_an_answer_killed_between_claim_and_reply_is_handled_after_the_restart(
    tmp_path: Path, fake: FakeTelegram, database_url: str
) -> None:
    fake.add_user(USER, "Ира")
    async with running(fake, tmp_path, database_url) as (bot, _):
        await bot.start()
        await wait_for(polling(fake, 0), bot, "polling")
        fake.user_message(USER, "/start")
        await wait_for(lambda: "наставником" in last_text(fake), bot, "the greeting")
        for label, expected in (
            ("Хочу быть наставником", "Родитель"),
            ("Педагог", "Даю согласие"),
            ("Даю согласие", "1 / "),
        ):
            screen = fake.last_bot_message(USER)
            fake.press(USER, screen, screen.button(label)["callback_data"])
            await wait_for(lambda e=expected: e in last_text(fake), bot, f"after {label}")  # type: ignore[misc]

        # The answer is taken (and saved), and the bot is killed while showing the next question.
        fake.hold("sendMessage", USER)
        fake.hold("editMessageText", USER)
        fake.user_message(USER, "Соколова Ирина")
        await wait_for(lambda: bool(fake.held), bot, "the reply under way")
        assert await bot.stop(signal.SIGKILL) == -signal.SIGKILL
        fake.release(abandon=True)
        assert "2 / " not in last_text(fake)

        polls = len(fake.calls("getUpdates"))
        await bot.start()
        await wait_for(polling(fake, polls), bot, "polling after the restart")
        # The update was stored when it arrived: the new process handles it again.
        await wait_for(lambda: "2 / " in last_text(fake), bot, "the next question")
        assert "1 / " not in last_text(fake)
        assert "left unfinished by a stopped process" in bot.output()
        assert await bot.stop(signal.SIGTERM) == 0
        fake.end_long_polls()
    # Handled again, the update repeats what the killed process had done before its reply:
    # taking the keyboard off the question, which Telegram refuses as "not modified" (and
    # aiogram-dialog ignores). Nothing else was refused.
    repeated = [r for r in fake.refusals if r[0] == "editMessageReplyMarkup"]
    assert len(repeated) <= 1 and fake.pointless_edits() == repeated
    fake.refusals.clear()

    # The stored JSON's text (PostgreSQL's driver would decode the column).
    names = await rows(
        database_url, "SELECT CAST(value AS TEXT) FROM answers WHERE question_id = 'full_name'"
    )
    unhandled = await scalar(
        database_url, "SELECT count(*) FROM seen_updates WHERE handled_at IS NULL"
    )
    assert names == [('"Соколова Ирина"',)]
    assert unhandled == 0


async def test_an_update_is_stored_then_confirmed_and_kept_until_handled(
    tmp_path: Path, fake: FakeTelegram, database_url: str
) -> None:
    """An update is written down as it arrives and confirmed at once, so that a slow one holds
    nothing back; its content stays in the database only until it is handled."""
    fake.add_user(USER, "Ира")
    async with running(fake, tmp_path, database_url) as (bot, _):
        await bot.start()
        await wait_for(polling(fake, 0), bot, "polling")
        fake.hold("sendMessage", USER)
        update = fake.user_message(USER, "/start")
        await wait_for(lambda: bool(fake.held), bot, "the reply under way")
        confirmed = update["update_id"] + 1
        await wait_for(
            lambda: any(int(c.get("offset") or 0) == confirmed for c in fake.calls("getUpdates")),
            bot,
            "the update confirmed while its reply waits",
        )
        stored = await rows(
            database_url,
            "SELECT payload IS NOT NULL, handled_at FROM seen_updates WHERE update_id = :id",
            id=update["update_id"],
        )
        assert stored == [(1, None)]  # (True on PostgreSQL)
        fake.release()
        await wait_for(lambda: bool(fake.bot_messages(USER)), bot, "the greeting")
        assert await bot.stop(signal.SIGTERM) == 0
        fake.end_long_polls()
    kept = await rows(database_url, "SELECT payload, handled_at IS NOT NULL FROM seen_updates")
    assert kept == [(None, 1)]
