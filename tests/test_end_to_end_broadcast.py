"""A broadcast to 300 people through `python -m bot` against the fake Bot API over HTTP.

The curator writes /broadcast, the message, «Всем», «Отправить», as in Telegram. Telegram's
pace is enforced, some sends are refused with 429 and 502 (and some edits with 502), ten people
have blocked the bot; the bot is killed with SIGKILL in the middle and started again. Everyone
else gets the message exactly once, the progress message was edited (never to the same text,
never twice within three seconds), and the final count is right.

The kill comes while the sends under way are held by the fake (so none was accepted and not
yet marked); the dead process's claims are then released in the database, as their lease
(30 s) would run out: tests/test_end_to_end_outbox.py waits that out for real.
"""

from __future__ import annotations

import signal
import time
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from bot.db.engine import create_engine, create_session_factory
from bot.db.models import Consent, Person
from bot.i18n import Translations, consent_version
from tests.fake_telegram import FakeTelegram
from tests.rows import execute, rows, scalar
from tests.test_end_to_end import CURATOR, BotProcess, polling, running, wait_for

ENGINES_HERE = ["sqlite"]  # long polling is one process: SQLite's (conftest.pytest_generate_tests)
FIRST, COUNT = 30_000, 300
BLOCKED = set(range(FIRST, FIRST + 300, 30))  # ten of them
TEXT = "Собрание наставников в пятницу в 15:00, актовый зал"
DONE = "✅ Рассылка завершена: доставлено 290 из 300"
FINAL = "📣 Рассылка завершена. Доставлено 290, заблокировали бота 10, не доставлено 0."


async def seed(database_url: str) -> None:
    """300 participants with consent, half mentors and half mentees (in the migrated
    database)."""
    engine = create_engine(database_url)
    try:
        version = consent_version(Translations.load())
        now = datetime.now(UTC)
        async with create_session_factory(engine).begin() as session:
            people = [
                Person(
                    telegram_id=user,
                    first_name=f"Участник {user}",
                    role="mentor" if user % 2 else "mentee",
                    category="teacher",
                    first_seen_at=now,
                    last_seen_at=now,
                )
                for user in range(FIRST, FIRST + COUNT)
            ]
            session.add_all(people)
            await session.flush()
            session.add_all(
                Consent(person_id=p.id, status="given", kind="self", text_version=version, at=now)
                for p in people
            )
    finally:
        await engine.dispose()


def received(fake: FakeTelegram) -> dict[int, int]:
    return {
        user: sum(1 for m in fake.bot_messages(user) if m.text == TEXT)
        for user in range(FIRST, FIRST + COUNT)
    }


async def marked(database_url: str) -> int:
    query = "SELECT count(*) FROM outbox WHERE batch LIKE 'bc:%' AND sent_at IS NOT NULL"
    return int(await scalar(database_url, query))


def curator_sees(fake: FakeTelegram, part: str) -> bool:
    return any(part in m.text_or_empty() for m in fake.bot_messages(CURATOR))


async def tap(fake: FakeTelegram, bot: BotProcess, label: str, then: str) -> None:
    screen = fake.last_bot_message(CURATOR)
    fake.press(CURATOR, screen, screen.button(label)["callback_data"])
    await wait_for(lambda: curator_sees(fake, then), bot, f"«{then}» after «{label}»")


@pytest.mark.usefixtures("copied_template")
async def test_a_broadcast_to_300_reaches_everyone_once_through_a_kill(
    tmp_path: Path, fake: FakeTelegram, database_url: str
) -> None:
    fake.add_user(CURATOR, "Ольга", has_chat=True)
    for user in range(FIRST, FIRST + COUNT):
        fake.add_user(user, f"Участник {user}", has_chat=True, blocked_bot=user in BLOCKED)
    fake.global_per_second = 80
    edits: list[tuple[float, str]] = []
    edit = fake._api_editmessagetext

    async def timed_edit(params: dict[str, Any]) -> dict[str, Any]:
        result = await edit(params)
        edits.append((time.monotonic(), str(params.get("text"))))
        return result

    fake._api_editmessagetext = timed_edit  # type: ignore[method-assign]

    async def all_accepted_marked() -> bool:
        return await marked(database_url) == sum(received(fake).values())

    async with running(fake, tmp_path, database_url) as (bot, _):
        await seed(database_url)
        bot.env.update(OUTBOX_RATE_PER_S="50", OUTBOX_CHAT_RATE_PER_S="1")
        await bot.start()
        await wait_for(polling(fake, 0), bot, "polling")

        fake.user_message(CURATOR, "/broadcast")
        await wait_for(lambda: curator_sees(fake, "Пришлите сообщение"), bot, "the compose screen")
        fake.user_message(CURATOR, TEXT)
        await wait_for(lambda: curator_sees(fake, "Кому отправить"), bot, "the audience screen")
        assert "👥 Всем · 300" in [b["text"] for b in fake.last_bot_message(CURATOR).buttons()]
        await tap(fake, bot, "Всем", "Отправить 300 получателям?")

        fake.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, times=3)
        fake.fail_randomly("sendMessage", 0.03, 502, "Bad Gateway")
        fake.fail_randomly("editMessageText", 0.2, 502, "Bad Gateway")
        await tap(fake, bot, "Отправить", "Рассылка: отправлено 0 из 300")
        await wait_for(lambda: sum(received(fake).values()) >= 100, bot, "a hundred sent")

        # Killed while sends are under way (held, so none is half done).
        fake.hold("sendMessage")
        await wait_for(lambda: bool(fake.held), bot, "sends under way")
        # What Telegram accepted before is marked sent.
        await wait_for(all_accepted_marked, bot, "marks")
        assert await bot.stop(signal.SIGKILL) == -signal.SIGKILL
        fake.release(abandon=True)
        before = sum(received(fake).values())
        assert before < COUNT - len(BLOCKED), "all sent before the kill: nothing was tested"
        # As if the dead one's leases ran out.
        await execute(database_url, "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL")

        polls = len(fake.calls("getUpdates"))
        await bot.start()
        await wait_for(polling(fake, polls), bot, "polling after the restart")
        await wait_for(lambda: curator_sees(fake, FINAL), bot, "the final count", timeout=40)
        await wait_for(lambda: curator_sees(fake, DONE), bot, "the progress message's end")
        assert await bot.stop(signal.SIGTERM) == 0
        fake.end_long_polls()

    counts = received(fake)
    assert {user for user, n in counts.items() if n} == set(range(FIRST, FIRST + COUNT)) - BLOCKED
    assert max(counts.values()) == 1, [user for user, n in counts.items() if n > 1]
    [progress] = [m for m in fake.bot_messages(CURATOR) if m.text == DONE]
    assert progress.edits >= 2 and progress.reply_markup is None
    assert [m.text for m in fake.bot_messages(CURATOR)].count(FINAL) == 1
    # Never the same text twice in a row, never two edits within three seconds (the HTTP
    # round trips may bring two a little closer than the bot's own clock had them).
    assert all(a[1] != b[1] for a, b in pairwise(edits))
    assert all(b[0] - a[0] >= 2 for a, b in pairwise(edits)), edits
    assert not [r for r in fake.refusals if "Too Many Requests" in r[1]]
    outcomes = dict(
        await rows(
            database_url,
            "SELECT coalesce(drop_reason, 'sent'), count(*) FROM outbox"
            " WHERE batch LIKE 'bc:%' GROUP BY 1",
        )
    )
    status = await rows(database_url, "SELECT status, total FROM broadcasts")
    blocked = await scalar(database_url, "SELECT count(*) FROM people WHERE is_blocked IS TRUE")
    assert outcomes == {"sent": 290, "blocked": 10}
    assert status == [("done", 300)] and blocked == 10
