"""`python -m bot` as a child process against the fake Bot API over HTTP, with restarts."""

from __future__ import annotations

import asyncio
import inspect
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, closing
from pathlib import Path

import pytest

from bot.db.migrate import revisions
from tests.conftest import SQLITE
from tests.fake_telegram import FakeTelegram, FakeTelegramServer, Message
from tests.rows import as_json, rows, sqlite_file

ENGINES_HERE = ["sqlite"]  # long polling is one process: SQLite's (conftest.pytest_generate_tests)
RU_USER, EN_USER, CURATOR = 501, 502, 503
ROOT = Path(__file__).resolve().parent.parent


def bot_env(fake: FakeTelegram, url: str, database: str | Path) -> dict[str, str]:
    """The bot's environment; `database` is a URL (the test's `database_url`) or an SQLite
    file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))}
    env.update(
        BOT_TOKEN=fake.token,
        BOT_API_URL=url,
        DATABASE_URL=database if isinstance(database, str) else f"{SQLITE}{database}",
        CURATOR_IDS=str(CURATOR),
        ORG_NAME="Лицей <№ 2> & Co",
        LOG_LEVEL="INFO",
        PYTHONPATH=str(ROOT),
    )
    return env


class BotProcess:
    def __init__(self, env: dict[str, str], log: Path, cwd: Path) -> None:
        self.env, self.log, self.cwd = env, log, cwd
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self.log.open("a") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                env=self.env,
                cwd=self.cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    async def stop(self, sig: int) -> int:
        """Send `sig` (0: none, just wait) and return the exit code."""
        assert self.process is not None
        if sig and self.process.returncode is None:
            self.process.send_signal(sig)
        return await asyncio.wait_for(self.process.wait(), 20)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


async def wait_for(
    condition: Callable[[], object | Awaitable[object]],
    bot: BotProcess,
    what: str,
    timeout: float = 60,  # a loaded machine (CI runs two test processes) starts a bot slowly
) -> None:
    """Wait until `condition` (a function, or an async one: a look into the database) holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        holds = condition()
        if inspect.isawaitable(holds):
            holds = await holds
        if holds:
            return
        assert bot.process is not None
        if bot.process.returncode is not None:
            pytest.fail(f"the bot exited while waiting for {what}:\n{bot.output()}")
        await asyncio.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}; the bot said:\n{bot.output()[-5000:]}")


@asynccontextmanager
async def running(
    fake: FakeTelegram, tmp_path: Path, database_url: str | None = None
) -> AsyncIterator[tuple[BotProcess, str]]:
    """The fake Bot API served over HTTP and the bot (not started yet) on `database_url` (an
    SQLite file under data/ if none); the bot and its database's URL."""
    database = database_url or f"{SQLITE}{tmp_path / 'data' / 'bot.sqlite3'}"
    async with FakeTelegramServer(fake) as server:
        bot = BotProcess(bot_env(fake, server.url, database), tmp_path / "bot.log", tmp_path)
        try:
            yield bot, database
        finally:
            if bot.process is not None and bot.process.returncode is None:
                bot.process.kill()
                await bot.process.wait()


def texts(fake: FakeTelegram, chat_id: int) -> list[str]:
    return [m.text_or_empty() for m in fake.bot_messages(chat_id)]


async def dialog_stack(database_url: str, user_id: int) -> list[str]:
    """The states of a person's open dialogs, bottom first, as stored (all of it saved)."""
    stored = dict(
        await rows(
            database_url,
            "SELECT destiny, data FROM fsm_storage WHERE user_id = :user",
            user=user_id,
        )
    )
    stack = as_json(stored.get("aiogd:stack:", "{}")).get("intents", [])
    contexts = [stored.get(f"aiogd:context:{intent}") for intent in stack]
    return [as_json(c)["state"] for c in contexts if c is not None]


def polling(fake: FakeTelegram, since: int) -> Callable[[], bool]:
    return lambda: len(fake.calls("getUpdates")) > since


async def test_bot_answers_over_http_and_survives_a_crash(
    tmp_path: Path, fake: FakeTelegram, database_url: str
) -> None:
    fake.add_user(RU_USER, "Петя <3", "ru")
    fake.add_user(EN_USER, "Ann & Bob", "en")

    async def at_the_language_screen() -> bool:
        stack = await dialog_stack(database_url, RU_USER)
        return stack == ["OnboardingSG:role", "LanguageSG:choose"]

    async with running(fake, tmp_path, database_url) as (bot, _):
        await bot.start()
        await wait_for(polling(fake, 0), bot, "polling")
        assert ("default", "ru") in fake.commands and ("default", "en") in fake.commands
        assert fake.commands[("default", "en")][0]["description"] == "Start and open the main menu"

        fake.user_message(RU_USER, "/start")
        fake.user_message(EN_USER, "/start")
        await wait_for(
            lambda: fake.bot_messages(RU_USER) and fake.bot_messages(EN_USER),
            bot,
            "replies to /start",
        )
        ru_menu = fake.last_bot_message(RU_USER)
        assert "Здравствуйте, Петя <3!" in ru_menu.text_or_empty()
        assert "Лицей <№ 2> & Co" in ru_menu.text_or_empty()
        assert "Hello, Ann & Bob!" in fake.last_bot_message(EN_USER).text_or_empty()

        # Half-way through a dialog: the language screen is open ...
        fake.press(RU_USER, ru_menu, ru_menu.button("Язык")["callback_data"])
        await wait_for(
            lambda: "Выберите язык" in fake.last_bot_message(RU_USER).text_or_empty(),
            bot,
            "the language screen",
        )
        language_screen: Message = fake.last_bot_message(RU_USER)
        # The screen is shown before its state is stored: a crash in between loses that one step.
        await wait_for(at_the_language_screen, bot, "the dialog state in the database")

        # ... when the process dies without warning.
        assert await bot.stop(signal.SIGKILL) == -signal.SIGKILL
        sent_before = len(fake.calls("sendMessage"))
        polls = len(fake.calls("getUpdates"))
        await bot.start()
        await wait_for(polling(fake, polls), bot, "polling after the restart")

        # The dialog goes on at the same step.
        fake.press(RU_USER, language_screen, language_screen.button("English")["callback_data"])
        await wait_for(
            lambda: "What would you like to be" in fake.last_bot_message(RU_USER).text_or_empty(),
            bot,
            "the first screen in English after the restart",
        )
        assert len(fake.calls("sendMessage")) == sent_before  # edited in place, nothing repeated
        # The query is answered right after the screen is shown.
        await wait_for(lambda: fake.unanswered_queries() == [], bot, "the callback answer")

        # A person who pastes fifteen messages at once gets every reply despite flood control
        # (outside any dialog: one answer each).
        before = len(fake.bot_messages(EN_USER))
        fake.user_message(EN_USER, "/cancel")
        await wait_for(lambda: len(fake.bot_messages(EN_USER)) > before, bot, "/cancel")
        fake.per_chat_per_second = 4
        before = len(fake.bot_messages(EN_USER))
        for number in range(15):
            fake.user_message(EN_USER, f"message {number}")
        await wait_for(
            lambda: len(fake.bot_messages(EN_USER)) == before + 15,
            bot,
            "fifteen replies",
            timeout=60,
        )
        replies = texts(fake, EN_USER)[before:]
        assert (
            replies.count(
                "I did not understand that. Open the menu with /menu or the help with /help."
            )
            == 15
        )
        assert "Flood control on sendMessage" in bot.output()

        assert await bot.stop(signal.SIGTERM) == 0

    people = dict(await rows(database_url, "SELECT telegram_id, locale FROM people"))
    assert people == {RU_USER: "en", EN_USER: None}
    file = sqlite_file(database_url)
    if file is not None:  # SQLite only: the bot set the file to write ahead (read without it)
        with closing(sqlite3.connect(file)) as connection:
            assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_curator_gets_curator_commands_in_own_chat(
    tmp_path: Path, fake: FakeTelegram, database_url: str
) -> None:
    fake.add_user(CURATOR, "Ольга Петровна", "ru")
    async with running(fake, tmp_path, database_url) as (bot, _):
        await bot.start()
        await wait_for(polling(fake, 0), bot, "polling")
        assert not any(scope.startswith("chat:") for scope, _ in fake.commands)  # not opened yet
        fake.user_message(CURATOR, "/help")
        await wait_for(lambda: fake.bot_messages(CURATOR), bot, "the reply to /help")
        assert "/curator" in fake.last_bot_message(CURATOR).text_or_empty()
        scoped = fake.commands[(f"chat:{CURATOR}", "ru")]
        assert "curator" in [c["command"] for c in scoped]
        assert "curator" not in [c["command"] for c in fake.commands[("default", "ru")]]
        assert await bot.stop(signal.SIGTERM) == 0


async def test_wrong_token_stops_with_one_clear_line(
    tmp_path: Path, fake: FakeTelegram, database_url: str
) -> None:
    async with running(fake, tmp_path, database_url) as (bot, _):
        bot.env["BOT_TOKEN"] = "42:wrong"
        await bot.start()
        assert await bot.stop(0) == 2
        assert bot.output().strip().splitlines()[-1] == (
            "Telegram refused BOT_TOKEN (Unauthorized): copy the token from @BotFather again."
        )


def run_cli(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_missing_token_stops_with_one_clear_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "BOT_TOKEN"}
    env["PYTHONPATH"] = str(ROOT)
    result = run_cli(env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Setting BOT_TOKEN is not set: put the token from @BotFather into .env as "
        "BOT_TOKEN=123456:ABC... (see .env.example)."
    ]


def test_check_and_migrate_commands(tmp_path: Path, empty_database_url: str) -> None:
    """On an empty database; an SQLite file's folder is made as well."""
    file = sqlite_file(empty_database_url) and tmp_path / "db" / "bot.sqlite3"
    env = dict(
        os.environ,
        BOT_TOKEN="1:abc",
        PYTHONPATH=str(ROOT),
        DATABASE_URL=f"{SQLITE}{file}" if file else empty_database_url,
    )
    check = run_cli("check", env=env, cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert "OK" in check.stdout
    migrate = run_cli("migrate", env=env, cwd=tmp_path)
    assert migrate.returncode == 0, migrate.stderr
    assert f"revision {revisions()[-1]}" in migrate.stdout
    assert file is None or file.exists()
