"""The durable outbox and its sender, against the in-process fake Bot API."""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import socket
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.db.engine import create_engine, create_session_factory
from bot.db.models import OutboxMessage, Person, utcnow
from bot.factory import create_bot
from bot.services import outbox
from bot.services.outbox import BatchProgress
from bot.telegram.callbacks import CallbackAnswers
from bot.telegram.outbox_sender import OutboxSender
from bot.telegram.retry import RetryPolicy
from tests.fake_telegram import FakeSession, FakeTelegram

Sessions = async_sessionmaker[AsyncSession]
FAST_RETRIES = RetryPolicy(backoff_base=0.01, backoff_max=0.02, transient_attempts=3)


@pytest.fixture
def sessions(engine: AsyncEngine) -> Sessions:
    return create_session_factory(engine)


@pytest.fixture
def make_sender(
    fake: FakeTelegram, settings: Settings, sessions: Sessions
) -> Callable[..., OutboxSender]:
    def make(factory: Sessions | None = None, **options: Any) -> OutboxSender:
        factory = factory or sessions
        bot = create_bot(
            settings,
            factory,
            CallbackAnswers(),
            session=FakeSession(fake),
            retry_policy=FAST_RETRIES,
        )
        options.setdefault("rate_per_s", 400)
        options.setdefault("chat_rate_per_s", 50)
        options.setdefault("poll_interval", 0.05)
        options.setdefault("retry_base", 0.2)
        return OutboxSender(factory, bot, **options)

    return make


def people(fake: FakeTelegram, first: int, count: int) -> list[int]:
    ids = list(range(first, first + count))
    for user_id in ids:
        fake.add_user(user_id, f"Участник {user_id}", has_chat=True)
    return ids


async def queue(sessions: Sessions, *messages: tuple[int, str], **options: Any) -> None:
    async with sessions() as session:
        for chat_id, text in messages:
            await outbox.enqueue(session, chat_id=chat_id, text=text, kind="reminder", **options)
        await session.commit()


async def rows(sessions: Sessions) -> list[OutboxMessage]:
    async with sessions() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def texts(fake: FakeTelegram, chat_id: int) -> list[str]:
    return [m.text_or_empty() for m in fake.bot_messages(chat_id)]


async def test_a_message_of_a_rolled_back_change_is_never_sent(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    (user,) = people(fake, 100, 1)
    async with sessions() as session:
        await outbox.enqueue(session, chat_id=user, text="отменено", kind="withdrawal")
        await session.rollback()
    await queue(sessions, (user, "<b>Ваш родитель дал согласие</b>"))
    assert await make_sender().drain() == 1
    assert texts(fake, user) == ["Ваш родитель дал согласие"]
    (row,) = await rows(sessions)
    assert row.sent_at is not None and row.message_id == fake.last_bot_message(user).message_id


async def test_a_dedup_key_queues_once(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    (user,) = people(fake, 100, 1)
    for _ in range(2):  # a use case repeated after a crash
        await queue(sessions, (user, "Согласие получено"), dedup_key="consent:42")
    await queue(sessions, (user, "Другое"), dedup_key="consent:43")
    assert len(await rows(sessions)) == 2
    assert await make_sender().drain() == 2
    assert await make_sender().drain() == 0
    assert texts(fake, user) == ["Согласие получено", "Другое"]


async def test_a_keyboard_goes_with_the_message(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    (user,) = people(fake, 100, 1)
    keyboard = {"inline_keyboard": [[{"text": "Открыть", "callback_data": "survey:1"}]]}
    await queue(sessions, (user, "Опрос"), reply_markup=keyboard)
    await make_sender().drain()
    assert fake.last_bot_message(user).button("Открыть")["callback_data"] == "survey:1"


async def test_each_chat_gets_its_messages_in_order_and_at_its_pace(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    chats = people(fake, 100, 3)
    fake.per_chat_per_second = 10
    later = utcnow() + timedelta(hours=1)
    await queue(sessions, (chats[0], "завтра"), not_before=later)
    await queue(sessions, *[(chat, f"{chat}: {n}") for n in range(4) for chat in chats])
    assert await make_sender(chat_rate_per_s=10).drain() == 12
    for chat in chats:
        assert texts(fake, chat) == [f"{chat}: {n}" for n in range(4)]
        times = [m.at for m in fake.bot_messages(chat)]
        assert all(b - a >= 0.095 for a, b in itertools.pairwise(times)), times
    assert not [r for r in fake.refusals if "Too Many Requests" in r[1]]
    pending = [r for r in await rows(sessions) if r.sent_at is None]
    assert [r.text for r in pending] == ["завтра"]  # not due yet


async def test_a_429_pauses_every_send_for_retry_after(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    chats = people(fake, 100, 5)
    await queue(sessions, *[(chat, "напоминание") for chat in chats])
    fake.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    started = time.monotonic()
    assert await make_sender().drain() == 5
    assert all(len(texts(fake, chat)) == 1 for chat in chats)
    # The first send met the 429; none went before retry_after was over.
    assert min(m.at for chat in chats for m in fake.bot_messages(chat)) >= started + 1.0
    assert all(r.attempts == 0 for r in await rows(sessions))  # waited, not failed


async def test_a_5xx_is_retried_then_the_message_waits_for_its_turn(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    first, second = people(fake, 100, 2)
    fake.fail("sendMessage", 502, "Bad Gateway", times=2)
    await queue(sessions, (first, "один"))
    sender = make_sender()
    assert await sender.drain() == 1  # retried inside the call
    assert texts(fake, first) == ["один"]

    # A longer outage: the retry middleware gives up, the row is put back with a backoff, and
    # the chat's next message waits behind it.
    fake.fail("sendMessage", 502, "Bad Gateway", times=3)
    await queue(sessions, (second, "первое"), (second, "второе"))
    assert await sender.drain() == 0
    head, after = [r for r in await rows(sessions) if r.chat_id == second]
    assert head.attempts == 1 and head.last_error and "Bad Gateway" in head.last_error
    assert head.next_attempt_at > utcnow() and head.claimed_by is None
    assert after.sent_at is None and after.attempts == 0
    await asyncio.sleep(0.25)
    assert await sender.drain() == 2
    assert texts(fake, second) == ["первое", "второе"]


async def test_a_403_drops_the_chats_pending_messages_and_marks_the_person_blocked(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    blocked, other = people(fake, 100, 2)
    fake.users[blocked].blocked_bot = True
    async with sessions() as session:
        now = utcnow()
        session.add(Person(telegram_id=blocked, first_seen_at=now, last_seen_at=now))
        await session.commit()
    await queue(sessions, (blocked, "1"), (other, "1"), (blocked, "2"), (blocked, "3"))
    assert await make_sender().drain() == 1
    assert texts(fake, other) == ["1"]
    assert len([c for c in fake.calls("sendMessage") if int(c["chat_id"]) == blocked]) == 1
    dropped = [r for r in await rows(sessions) if r.chat_id == blocked]
    assert [(r.sent_at, r.drop_reason) for r in dropped] == [(None, "blocked")] * 3
    assert all(r.dropped_at is not None for r in dropped)
    async with sessions() as session:
        person = await session.scalar(select(Person).where(Person.telegram_id == blocked))
    assert person is not None and person.is_blocked


async def test_an_unknown_chat_and_a_bad_message_are_dropped_with_the_reason(
    fake: FakeTelegram,
    sessions: Sessions,
    make_sender: Callable[..., OutboxSender],
    caplog: pytest.LogCaptureFixture,
) -> None:
    (user,) = people(fake, 100, 1)
    stranger = 999  # never opened the bot
    fake.add_user(stranger, "Незнакомец")
    await queue(sessions, (stranger, "1"), (stranger, "2"), (user, "a <x> b"), (user, "дальше"))
    with caplog.at_level(logging.ERROR):
        assert await make_sender().drain() == 1
    assert texts(fake, user) == ["дальше"]
    reasons = {(r.chat_id, r.text): r.drop_reason for r in await rows(sessions)}
    assert reasons[(stranger, "1")] == reasons[(stranger, "2")] == "chat_not_found"
    assert reasons[(user, "a <x> b")] == (
        'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 2'
    )
    assert "Telegram refused outbox message" in caplog.text


async def test_two_senders_on_one_database_never_send_a_message_twice(
    fake: FakeTelegram, database_url: str, make_sender: Callable[..., OutboxSender]
) -> None:
    chats = people(fake, 1000, 100)
    engines = [create_engine(database_url) for _ in range(2)]  # two processes, in effect
    try:
        factories = [create_session_factory(e) for e in engines]
        await queue(factories[0], *[(chat, f"{chat}: {n}") for n in range(2) for chat in chats])
        senders = [make_sender(f, worker_id=f"host{i}:1:a") for i, f in enumerate(factories)]
        sent = await asyncio.gather(*(s.drain() for s in senders))
        assert sum(sent) == 200 and min(sent) > 0, sent
        for chat in chats:
            assert texts(fake, chat) == [f"{chat}: 0", f"{chat}: 1"]
        assert all(r.sent_at is not None for r in await rows(factories[1]))
        senders_used = {r.claimed_by for r in await rows(factories[1])}
        assert senders_used == {"host0:1:a", "host1:1:a"}
    finally:
        for engine in engines:
            await engine.dispose()


async def test_a_live_claim_of_another_sender_is_respected(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    (user,) = people(fake, 100, 1)
    await queue(sessions, (user, "занято"))
    claimed = await outbox.claim(sessions, "elsewhere:1:x", limit=10, lease=timedelta(minutes=1))
    assert len(claimed) == 1
    stop = asyncio.Event()
    asyncio.get_running_loop().call_later(0.3, stop.set)
    await make_sender().run(stop)
    assert fake.bot_messages(user) == []


async def test_a_claim_whose_lease_ran_out_is_taken_over(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    chats = people(fake, 100, 3)
    await queue(sessions, *[(chat, "после сбоя") for chat in chats])
    # A sender on another machine claimed them and died.
    lease = timedelta(seconds=0.3)
    assert len(await outbox.claim(sessions, "elsewhere:1:x", limit=10, lease=lease)) == 3
    started = time.monotonic()
    assert await make_sender().drain() == 3
    assert time.monotonic() - started >= 0.25
    assert all(texts(fake, chat) == ["после сбоя"] for chat in chats)


async def test_claims_of_a_dead_process_on_this_host_are_taken_over_at_once(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    (user,) = people(fake, 100, 1)
    await queue(sessions, (user, "после kill -9"))
    # The process before a restart (same host, same pid in a container, another token).
    gone = f"{socket.gethostname()}:{os.getpid()}:before"
    await outbox.claim(sessions, gone, limit=10, lease=timedelta(hours=1))
    started = time.monotonic()
    assert await make_sender().drain() == 1
    assert time.monotonic() - started < 1


async def test_progress_of_a_batch_is_reported(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    chats = people(fake, 100, 10)
    fake.users[chats[3]].blocked_bot = True
    await queue(sessions, *[(chat, "Рассылка") for chat in chats], batch="broadcast-1")
    await queue(sessions, (chats[0], "не из рассылки"))
    reports: list[BatchProgress] = []

    async def report(progress: BatchProgress) -> None:
        reports.append(progress)

    sender = make_sender(rate_per_s=100, on_progress=report, progress_interval=0.02)
    assert await sender.drain() == 10
    assert reports, "no progress reported"
    assert reports[-1] == BatchProgress("broadcast-1", total=10, sent=9, dropped=1)
    assert reports[-1].done
    done = [r.sent + r.dropped for r in reports]
    assert done == sorted(done) and len(reports) > 1
    assert await outbox.batch_progress(sessions, "broadcast-1") == reports[-1]


async def test_the_sender_wakes_on_new_messages_and_stops_promptly(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    chats = people(fake, 100, 40)
    sender = make_sender(rate_per_s=20, poll_interval=10)
    stop = asyncio.Event()
    running = asyncio.create_task(sender.run(stop))
    await asyncio.sleep(0.1)
    await queue(sessions, (chats[0], "сразу"))
    sender.wake()
    await asyncio.sleep(0.2)
    assert texts(fake, chats[0]) == ["сразу"]  # long before the next poll

    await queue(sessions, *[(chat, "много") for chat in chats[1:]])
    sender.wake()
    await asyncio.sleep(0.3)
    stop.set()
    started = time.monotonic()
    await asyncio.wait_for(running, 2)
    assert time.monotonic() - started < 0.5
    left = [r for r in await rows(sessions) if r.sent_at is None]
    assert 0 < len(left) < 39
    assert all(r.claimed_by is None for r in left)  # given back for the next start
    assert len(fake.calls("sendMessage")) == 40 - len(left)


def test_postgresql_claims_skip_locked_rows() -> None:
    statement = outbox.claim_statement(
        "postgresql",
        "w:1:a",
        limit=5,
        lease=timedelta(seconds=60),
        chat_spacing=timedelta(seconds=1),
        now=utcnow(),
    )
    sql = str(statement.compile(dialect=postgresql.dialect()))  # type: ignore[no-untyped-call]
    assert "FOR UPDATE OF o SKIP LOCKED" in sql
    assert "RETURNING" in sql


async def test_enqueue_refuses_what_cannot_be_sent(sessions: Sessions) -> None:
    async with sessions() as session:
        with pytest.raises(ValueError, match="text"):
            await outbox.enqueue(session, chat_id=1, text="  ", kind="reminder")
        with pytest.raises(ValueError, match="kind"):
            await outbox.enqueue(session, chat_id=1, text="x", kind="k" * 40)
