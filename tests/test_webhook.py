"""`python -m bot serve`: Telegram's webhook, over HTTP, with the secret token checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import cli
from tests.fake_telegram import FakeTelegram, FakeTelegramServer
from tests.rows import rows
from tests.serve_process import SECRET, ServeProcess

PERSON, STRANGER = 7101, 7102


def greeted(fake: FakeTelegram, user_id: int) -> bool:
    return any("Здравствуйте" in m.text_or_empty() for m in fake.bot_messages(user_id))


async def test_a_person_talks_through_the_webhook_and_forged_requests_are_refused(
    tmp_path: Path, fake: FakeTelegram, database_url: str
) -> None:
    fake.add_user(PERSON, "Ира")
    fake.add_user(STRANGER, "Кто-то")
    async with (
        FakeTelegramServer(fake) as server,
        ServeProcess(fake, server.url, database_url, tmp_path) as serve,
    ):
        await serve.start()
        await serve.wait_for(serve.workers, "the worker listening")
        assert fake.webhook is not None
        assert (fake.webhook.url, fake.webhook.secret_token) == (serve.hook, SECRET)
        assert {"message", "callback_query"} <= set(fake.webhook.allowed_updates or [])

        fake.user_message(PERSON, "/start")
        await serve.wait_for(lambda: greeted(fake, PERSON), "the greeting")
        screen = fake.last_bot_message(PERSON)
        fake.press(PERSON, screen, screen.button("Хочу быть наставником")["callback_data"])
        await serve.wait_for(
            lambda: (
                "Родитель" in " ".join(b["text"] for b in fake.last_bot_message(PERSON).buttons())
            ),
            "the next screen",
        )
        assert fake.calls("getUpdates") == []  # a webhook, not polling

        # Forged requests: none is handled, each refused as Telegram's client would see it.
        update = {
            "update_id": 99_000,
            "message": {
                "message_id": 1,
                "date": 1_700_000_000,
                "chat": {"id": STRANGER, "type": "private", "first_name": "Кто-то"},
                "from": {"id": STRANGER, "is_bot": False, "first_name": "Кто-то"},
                "text": "/start",
            },
        }
        body = json.dumps(update).encode()
        secret = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        assert await serve.post(body) == 401
        assert await serve.post(body, {"X-Telegram-Bot-Api-Secret-Token": "wrong" * 5}) == 401
        assert await serve.post(b"not json at all", secret) == 400
        assert await serve.post(b'{"no": "update_id"}', secret) == 400
        assert await serve.post(b'[{"update_id": 1}]', secret) == 400
        assert await serve.post(b'{"update_id": "1"}', secret) == 400
        assert await serve.post("\udcff".encode("utf-8", "surrogatepass"), secret) == 400
        status, report = await serve.health()
        assert status == 200 and report["database"] == "reachable"
        assert report["worker"] in serve.workers()
        assert isinstance(report["last_update_age_s"], float)
        assert isinstance(report["outbox_due"], int)

        # The same update sent twice (Telegram did not hear the first answer) is handled once.
        fake.user_message(STRANGER, "/start")
        await serve.wait_for(lambda: greeted(fake, STRANGER), "the stranger's greeting")
        assert await serve.post(body, secret) == 200
        assert await serve.post(body, secret) == 200
        await serve.wait_for(
            lambda: (
                len([m for m in fake.bot_messages(STRANGER) if "Здравствуйте" in m.text_or_empty()])
                == 2
            ),
            "the forged-free update's greeting",
        )
        assert await serve.stop() == 0

    output = serve.output()
    assert output.count("refused (401)") == 2
    assert output.count("not an update") == 5
    assert "Traceback" not in output
    greetings = [m for m in fake.bot_messages(STRANGER) if "Здравствуйте" in m.text_or_empty()]
    assert len(greetings) == 2  # one from the fake's update, one from update 99000, once
    [(handled,)] = await rows(
        database_url, "SELECT count(*) FROM seen_updates WHERE update_id = 99000"
    )
    assert handled == 1


def run_serve(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], **env: str
) -> tuple[int, str]:
    """`python -m bot serve` in this process: its exit code and what it said on stderr."""
    for name in ("WEBHOOK_URL", "WEBHOOK_SECRET", "WORKERS", "DATABASE_URL", "MODE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BOT_TOKEN", "1:abc")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as exit_:
        cli.main([] if "MODE" in env else ["serve"])
    return int(exit_.value.code or 0), capsys.readouterr().err


def test_serve_says_what_it_needs_in_one_line_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    sqlite = f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3"
    code, said = run_serve(monkeypatch, capsys, DATABASE_URL=sqlite)
    assert code == 2
    assert "WEBHOOK_URL is not set" in said and "WEBHOOK_SECRET is not set" in said
    code, said = run_serve(
        monkeypatch,
        capsys,
        DATABASE_URL=sqlite,
        WEBHOOK_URL="https://bot.example.org/hook",
        WEBHOOK_SECRET="s" * 20,
        WORKERS="3",
    )
    assert code == 2
    assert said.strip().splitlines() == [
        "WORKERS=3 needs PostgreSQL (DATABASE_URL=postgresql+asyncpg://...): SQLite has one "
        "writer. With SQLite, use WORKERS=1."
    ]
    code, said = run_serve(
        monkeypatch, capsys, WEBHOOK_SECRET="has spaces in it, which Telegram refuses"
    )
    assert code == 2
    assert said.startswith("Setting WEBHOOK_SECRET is invalid")
    code, said = run_serve(monkeypatch, capsys, MODE="webhook", DATABASE_URL=sqlite)
    assert code == 2 and "WEBHOOK_URL is not set" in said  # MODE=webhook: serve
    assert not (tmp_path / "data").exists()  # nothing was started
