"""Three webhook workers on PostgreSQL, 200 people answering at once over HTTP, and the worker
that leads the scheduler killed with SIGKILL in the middle: every answer is saved once, every
reply and every meeting reminder is sent once."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest

from bot.db.engine import create_engine, create_session_factory
from bot.db.models import Consent, Meeting, MeetingInvite, Pair, Person, utcnow
from bot.i18n import Translations, consent_version
from tests.fake_telegram import FakeTelegram, FakeTelegramServer
from tests.postgres import PostgresDatabases
from tests.rows import rows
from tests.serve_process import ServeProcess

CROWD_FROM, CROWD = 30_000, 200
PAIRS_FROM, PAIRS = 40_000, 10
WALK = (
    ("Хочу быть наставником", "Родитель"),
    ("Педагог", "Даю согласие"),
    ("Даю согласие", "1 / "),
)


@pytest.fixture
def postgres_url(postgres: PostgresDatabases | None) -> str:
    if postgres is None:
        pytest.fail("several workers need PostgreSQL: set TEST_DATABASE_URL (scripts/test.sh does)")
    return postgres.url_of(postgres.fresh())


async def seed_meetings(database_url: str) -> list[int]:
    """Pairs whose meeting starts in 55 minutes: the reminder an hour before is due now."""
    engine = create_engine(database_url)
    now = utcnow()
    since = now - timedelta(days=7)
    version = consent_version(Translations.load())
    people: list[int] = []
    try:
        async with create_session_factory(engine).begin() as session:
            for n in range(PAIRS):
                ids = []
                for telegram_id, role, category in (
                    (PAIRS_FROM + 2 * n, "mentor", "teacher"),
                    (PAIRS_FROM + 2 * n + 1, "mentee", "student"),
                ):
                    person = Person(
                        telegram_id=telegram_id,
                        first_name="Участник",
                        full_name=f"Участник {telegram_id}",
                        role=role,
                        category=category,
                        age_group="18plus" if role == "mentor" else "14to17",
                        first_seen_at=since,
                        last_seen_at=since,
                    )
                    session.add(person)
                    await session.flush()
                    session.add(
                        Consent(
                            person_id=person.id,
                            status="given",
                            kind="self",
                            text_version=version,
                            at=since,
                        )
                    )
                    ids.append(person.id)
                    people.append(telegram_id)
                pair = Pair(
                    mentor_id=ids[0],
                    mentee_id=ids[1],
                    form="teacher_student",
                    status="active",
                    months=9,
                    created_by=503,
                    created_at=since,
                    started_at=since,
                )
                session.add(pair)
                await session.flush()
                meeting = Meeting(
                    pair_id=pair.id,
                    mentor_id=ids[0],
                    kind="work",
                    starts_at=now + timedelta(minutes=55),
                    place="Кабинет 12",
                    status="planned",
                    created_by=PAIRS_FROM + 2 * n,
                    created_at=since,
                    changed_at=since,
                    version=1,
                )
                session.add(meeting)
                await session.flush()
                session.add(MeetingInvite(meeting_id=meeting.id, person_id=ids[1]))
    finally:
        await engine.dispose()
    return people


def last_text(fake: FakeTelegram, user_id: int) -> str:
    messages = fake.bot_messages(user_id)
    if not messages:
        return ""
    labels = " ".join(button["text"] for button in messages[-1].buttons())
    return f"{messages[-1].text_or_empty()} {labels}"


def reminders(fake: FakeTelegram, user_id: int) -> int:
    return sum("Через час" in m.text_or_empty() for m in fake.bot_messages(user_id))


@pytest.mark.timeout(300)
async def test_three_workers_two_hundred_people_and_the_leader_killed(
    tmp_path: Path, fake: FakeTelegram, postgres_url: str
) -> None:
    in_pairs = await seed_meetings(postgres_url)
    for user_id in in_pairs:
        fake.add_user(user_id, "Участник").has_chat = True  # they have talked to the bot
    crowd = range(CROWD_FROM, CROWD_FROM + CROWD)
    for user_id in crowd:
        fake.add_user(user_id, f"Ученик {user_id}")

    def stuck(user_id: int, expected: str) -> AssertionError:
        return AssertionError(
            f"{user_id} never saw {expected!r}: {last_text(fake, user_id)[:80]}; "
            f"their updates {sent.get(user_id)}; delivered "
            f"{[r for r in fake.webhook_requests if r[0] in sent.get(user_id, [])]}; "
            f"waiting {[u['update_id'] for u in fake._pending]}; answers "
            f"{[q.answer for q in fake.callback_queries.values() if q.user_id == user_id]}; "
            f"messages {[m.text_or_empty()[:20] for m in fake.bot_messages(user_id)]}; "
            f"logged {said_about(sent.get(user_id, []))}"
        )

    def said_about(update_ids: list[int]) -> list[str]:
        return [
            line
            for line in serve.output().splitlines()
            if any(re.search(rf"\b{u}\b", line) for u in update_ids)
        ][-30:]

    async def until(user_id: int, expected: str, patience: float = 150) -> bool:
        give_up = time.monotonic() + patience
        while expected not in last_text(fake, user_id):
            if time.monotonic() > min(give_up, deadline):
                return False
            await asyncio.sleep(0.05)
        return True

    sent: dict[int, list[int]] = {}

    def note(user_id: int, update: dict[str, object]) -> None:
        sent.setdefault(user_id, []).append(int(str(update["update_id"])))

    async def walk(user_id: int) -> None:
        note(user_id, fake.user_message(user_id, "/start"))
        if not await until(user_id, "наставником"):
            raise stuck(user_id, "наставником")
        for label, expected in WALK:
            # As a person does: a tap that changed nothing for a while is made again (a
            # worker killed under it may have shown a screen it never kept).
            # A screen without that button is one on its way to the expected: waited for.
            for _ in range(3):
                screen = fake.last_bot_message(user_id)
                if any(label in button["text"] for button in screen.buttons()):
                    note(
                        user_id, fake.press(user_id, screen, screen.button(label)["callback_data"])
                    )
                if await until(user_id, expected, patience=15):
                    break
            else:
                raise stuck(user_id, expected)
        note(user_id, fake.user_message(user_id, "Иванова Мария"))
        if not await until(user_id, "2 / "):
            raise stuck(user_id, "2 / ")

    async with (
        FakeTelegramServer(fake) as server,
        ServeProcess(
            fake,
            server.url,
            postgres_url,
            tmp_path,
            WORKERS="3",
            LEASE_SECONDS="6",
            MEETING_REMINDERS="1h",
        ) as serve,
    ):
        await serve.start()
        await serve.wait_for(lambda: len(serve.workers()) == 3, "three workers", timeout=120)
        deadline = time.monotonic() + 150
        walking = [asyncio.create_task(walk(user_id)) for user_id in crowd]

        # The leader is killed while the crowd is half way through.
        await serve.wait_for(lambda: len(fake.webhook_requests) >= 400, "the crowd under way")
        _, report = await serve.health()
        leader = str(report["scheduler_leader"])
        pids = serve.workers()
        assert leader in pids, (leader, pids)
        os.kill(pids[leader], signal.SIGKILL)
        killed_at = len(fake.webhook_requests)

        await asyncio.gather(*walking)
        # A new leader is elected and the restarted worker joins.
        await serve.wait_for(
            lambda: len(serve.workers()) == 4, "the killed worker started again", timeout=120
        )

        async def new_leader() -> bool:
            _, again = await serve.health()
            return again["scheduler_leader"] not in (None, leader)

        while not await new_leader():
            assert time.monotonic() < deadline, serve.output()[-5000:]
            await asyncio.sleep(0.2)
        await serve.wait_for(
            lambda: all(reminders(fake, user_id) >= 1 for user_id in in_pairs),
            "every meeting reminder",
        )
        await asyncio.sleep(2)  # a second reminder, if any were to come, would come by now
        assert await serve.stop(signal.SIGTERM) == 0

    output = serve.output()
    assert "Traceback" not in output, output[-5000:]
    assert killed_at < CROWD * 5  # the kill came in the middle
    # Every reply once: one greeting and no screen sent twice.
    sent_texts: dict[int, list[str]] = {}
    for call in fake.calls("sendMessage"):
        sent_texts.setdefault(int(call["chat_id"]), []).append(str(call["text"]))
    for user_id in crowd:
        texts = sent_texts[user_id]
        assert sum("Здравствуйте" in t for t in texts) == 1, (user_id, texts)
        assert len(texts) == len(set(texts)), (user_id, texts)
    assert [reminders(fake, user_id) for user_id in in_pairs] == [1] * len(in_pairs)
    # Every answer saved once, and every update handled.
    [(answers, answerers)] = await rows(
        postgres_url,
        "SELECT count(*), count(DISTINCT person_id) FROM answers WHERE question_id = 'full_name'",
    )
    assert (answers, answerers) == (CROWD, CROWD)
    [(unhandled,)] = await rows(
        postgres_url, "SELECT count(*) FROM seen_updates WHERE handled_at IS NULL"
    )
    assert unhandled == 0
    # An update the killed worker was handling is handled again from the start: it may repeat
    # an edit the dead worker had made, which Telegram refuses as "not modified". Nothing else.
    redone = output.count("handled first") + sum(
        int(n) for n in re.findall(r"(\d+) updates left unfinished by a stopped worker", output)
    )
    repeated = fake.pointless_edits()
    assert len(repeated) <= 2 * redone, (redone, repeated)
    fake.refusals.clear()
