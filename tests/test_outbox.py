"""The durable outbox and its sender, against the in-process fake Bot API."""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.db.engine import create_engine, create_session_factory
from bot.db.models import OutboxFile, OutboxMessage, Person, utcnow
from bot.factory import create_bot, create_sender
from bot.i18n import Translations
from bot.services import notify, outbox
from bot.services.notify import Button, Name
from bot.telegram.callbacks import CallbackAnswers
from bot.telegram.outbox_sender import OutboxSender
from bot.telegram.retry import RetryPolicy
from tests.fake_telegram import FakeSession, FakeTelegram

Sessions = async_sessionmaker[AsyncSession]
FAST_RETRIES = RetryPolicy(backoff_base=0.01, backoff_max=0.02, transient_attempts=3)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def sessions(engine: AsyncEngine) -> Sessions:
    return create_session_factory(engine)


@pytest.fixture
def make_sender(
    fake: FakeTelegram, settings: Settings, sessions: Sessions, translations: Translations
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
        return create_sender(settings, factory, bot, translations, **options)

    return make


def people(fake: FakeTelegram, first: int, count: int) -> list[int]:
    ids = list(range(first, first + count))
    for user_id in ids:
        fake.add_user(user_id, f"Участник {user_id}", has_chat=True)
    return ids


async def queue(sessions: Sessions, *messages: tuple[int, str], **options: Any) -> None:
    async with sessions.begin() as session:
        for chat_id, text in messages:
            await outbox.enqueue(
                session, chat_id=chat_id, person_id=None, text=text, kind="reminder", **options
            )


async def person(sessions: Sessions, telegram_id: int, **fields: Any) -> Person:
    async with sessions.begin() as session:
        now = utcnow()
        found = Person(telegram_id=telegram_id, first_seen_at=now, last_seen_at=now, **fields)
        session.add(found)
    return found


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
        await outbox.enqueue(session, chat_id=user, person_id=None, text="отменено", kind="x")
        await session.rollback()
    await queue(sessions, (user, "<b>Ваш родитель дал согласие</b>"))
    assert await make_sender().drain() == 1
    assert texts(fake, user) == ["Ваш родитель дал согласие"]
    (row,) = await rows(sessions)
    assert row.sent_at is not None and row.message_id == fake.last_bot_message(user).message_id


async def test_a_dedup_key_names_one_event_and_queues_it_once(
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


async def test_a_message_is_rendered_when_it_is_sent_in_the_language_and_names_of_that_day(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    """The row keeps a key, arguments and ids; what is sent is what holds at sending time."""
    mentor_chat, mentee_chat = people(fake, 100, 2)
    mentor = await person(sessions, mentor_chat, locale="ru", full_name="Лебедев Андрей")
    mentee = await person(sessions, mentee_chat, locale="ru", full_name="Волков Даниил")
    async with sessions.begin() as session:
        await notify.tell(
            session,
            mentor,
            "pair-ended",
            kind="pair",
            buttons=[[Button("btn-continue", notify.CONTINUE)]],
            partner=Name(mentee.id),
        )
        await notify.tell(
            session, mentee, "extension-offer", kind="pair", partner=Name(mentor.id), months=3
        )
    stored = await rows(sessions)
    assert all(r.text is None and r.key for r in stored)
    assert "Волков" not in str([(r.args, r.buttons) for r in stored])  # no name is stored
    # Before it goes out, the mentor switches to English and the mentee corrects the name.
    async with sessions.begin() as session:
        await session.execute(update(Person).where(Person.id == mentor.id).values(locale="en"))
        changed = await session.get(Person, mentee.id)
        assert changed is not None
        changed.full_name = "Волков Данила"
    assert await make_sender().drain() == 2
    sent = fake.last_bot_message(mentor_chat)
    assert "The curator has ended your mentoring pair with Волков Данила" in sent.text_or_empty()
    assert sent.buttons()[0]["text"] == "Continue" or sent.buttons()[0]["callback_data"] == "home"
    assert (
        "Лебедев Андрей предлагает продлить" in fake.last_bot_message(mentee_chat).text_or_empty()
    )


async def test_a_withdrawal_takes_every_message_naming_the_person(sessions: Sessions) -> None:
    mentor = await person(sessions, 100, full_name="Лебедев Андрей")
    mentee = await person(sessions, 101, full_name="Волков Даниил")
    curator = await person(sessions, 102)
    async with sessions.begin() as session:
        await notify.tell(session, mentor, "pair-active", kind="pair", partner=Name(mentee.id))
        await notify.tell(
            session,
            curator,
            "curator-ask-replace",
            kind="request",
            asker=Name(mentee.id),
            partner=Name(mentor.id),
            reason="долго",
        )
        await notify.tell(session, mentee, "pair-active", kind="pair", partner=Name(mentor.id))
        await notify.tell(
            session, curator, "curator-welcome", kind="x", org="Школа", about=[mentee.id]
        )
        await notify.tell(session, mentor, "curator-welcome", kind="x", org="Школа")
    async with sessions.begin() as session:
        await session.execute(update(OutboxMessage).values(sent_at=utcnow()))  # some sent
        await outbox.forget(session, mentee.id, mentee.telegram_id)
    left = await rows(sessions)
    assert [(r.chat_id, r.key) for r in left] == [(100, "curator-welcome")]


async def test_sent_messages_are_purged_after_their_days(sessions: Sessions) -> None:
    await queue(sessions, (100, "старое"), (100, "свежее"), (100, "ждёт"))
    old, fresh, _ = await rows(sessions)
    async with sessions.begin() as session:
        file_id = await outbox.add_file(session, "photo", "p.png", PNG)
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == old.id)
            .values(sent_at=utcnow() - timedelta(days=31), file_id=file_id)
        )
        await session.execute(
            update(OutboxMessage).where(OutboxMessage.id == fresh.id).values(sent_at=utcnow())
        )
    assert await outbox.purge(sessions, timedelta(days=30)) == 1
    assert [r.text for r in await rows(sessions)] == ["свежее", "ждёт"]
    async with sessions() as session:
        assert (await session.scalars(select(OutboxFile))).all() == []


async def test_a_photo_and_a_file_go_out_and_the_upload_is_used_again(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    chats = people(fake, 100, 3)
    recipients = [await person(sessions, chat, locale="ru") for chat in chats]
    async with sessions.begin() as session:
        photo = await outbox.add_file(session, "photo", "poster.png", PNG)
        document = await outbox.add_file(session, "document", "отчёт.xlsx", b"PK\x03\x04data")
        for recipient in recipients:
            await notify.tell(
                session,
                recipient,
                "curator-welcome",
                kind="broadcast",
                file_id=photo,
                org="Школа № 1",
            )
        await notify.tell(
            session,
            recipients[0],
            "curator-welcome",
            kind="export",
            file_id=document,
            org="Школа № 1",
        )
    # At full speed, with a slow first upload: the messages that carry the photo wait for it,
    # then send the photo by its id (it goes up once however many go out at once).
    fake.hold("sendPhoto")
    sending = asyncio.create_task(make_sender(rate_per_s=200).drain())
    try:
        deadline = asyncio.get_running_loop().time() + 10
        while not fake.held and asyncio.get_running_loop().time() < deadline:  # noqa: ASYNC110 (the fake has no event for it)
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.3)  # the others are due meanwhile
        assert len(fake.held) == 1  # they wait for the first upload, not calling Telegram
    finally:
        fake.release()
    assert await sending == 4
    for chat in chats:
        picture = fake.bot_messages(chat)[0]
        assert picture.photo and "Школа № 1" in (picture.caption or "")
    assert fake.bot_messages(chats[0])[1].document is not None
    uploads = [c["photo"] for c in fake.calls("sendPhoto")]
    assert isinstance(uploads[0], dict) and all(isinstance(u, str) for u in uploads[1:])


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
    assert [r.text for r in pending] == ["завтра"]  # not due yet, and it held nobody back


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


async def test_a_5xx_is_retried_and_the_chats_next_message_waits_behind_it(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    first, second = people(fake, 100, 2)
    fake.fail("sendMessage", 502, "Bad Gateway", times=2)
    await queue(sessions, (second, "первое"), (first, "другой чат"), (second, "второе"))
    assert await make_sender(retry_base=0.05).drain() == 3
    assert texts(fake, second) == ["первое", "второе"]
    failed = [r for r in await rows(sessions) if r.attempts]
    assert sum(r.attempts for r in failed) == 2
    assert all(r.last_error and "Bad Gateway" in r.last_error for r in failed)


async def test_a_403_drops_the_chats_pending_messages_and_marks_the_person_blocked(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    blocked, other = people(fake, 100, 2)
    fake.users[blocked].blocked_bot = True
    await person(sessions, blocked)
    await queue(sessions, (blocked, "1"), (other, "1"), (blocked, "2"), (blocked, "3"))
    assert await make_sender().drain() == 1
    assert texts(fake, other) == ["1"]
    assert len([c for c in fake.calls("sendMessage") if int(c["chat_id"]) == blocked]) == 1
    dropped = [r for r in await rows(sessions) if r.chat_id == blocked]
    assert [(r.sent_at, r.drop_reason) for r in dropped] == [(None, "blocked")] * 3
    async with sessions() as session:
        found = await session.scalar(select(Person).where(Person.telegram_id == blocked))
    assert found is not None and found.is_blocked


async def test_refusals_are_final_and_kept_with_their_reason(
    fake: FakeTelegram,
    sessions: Sessions,
    make_sender: Callable[..., OutboxSender],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An unknown chat, a bad message, and errors that never go away (401, 404) are dropped:
    nothing is retried forever."""
    (user, other, third) = people(fake, 100, 3)
    stranger = 999  # never opened the bot
    fake.add_user(stranger, "Незнакомец")
    await queue(sessions, (stranger, "1"), (stranger, "2"), (user, "a <x> b"), (user, "дальше"))
    with caplog.at_level(logging.ERROR):
        assert await make_sender().drain() == 1
    assert texts(fake, user) == ["дальше"]
    for chat, status, words in ((other, 401, "Unauthorized"), (third, 404, "Not Found")):
        await queue(sessions, (chat, "снова и снова?"))
        fake.fail("sendMessage", status, words)
        assert await make_sender().drain() == 0
    reasons = {(r.chat_id, r.text): r.drop_reason for r in await rows(sessions)}
    assert reasons[(stranger, "1")] == reasons[(stranger, "2")] == "chat_not_found"
    assert reasons[(user, "a <x> b")] == (
        'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 2'
    )
    assert "Unauthorized" in str(reasons[(other, "снова и снова?")])
    assert "Not Found" in str(reasons[(third, "снова и снова?")])
    assert "Telegram refused outbox message" in caplog.text
    assert len(fake.calls("sendMessage")) == 5  # each tried once (the second to 999: dropped)


async def test_two_senders_on_one_database_never_send_a_message_twice(
    fake: FakeTelegram, database_url: str, make_sender: Callable[..., OutboxSender]
) -> None:
    chats = people(fake, 1000, 100)
    engines = [create_engine(database_url) for _ in range(2)]  # two processes, in effect
    try:
        factories = [create_session_factory(e) for e in engines]
        await queue(factories[0], *[(chat, f"{chat}: {n}") for n in range(2) for chat in chats])
        # Each holds at most 60 rows at once (two seconds at 30/s): neither can take all 100 chats.
        senders = [make_sender(f, boot=f"boot{i}", rate_per_s=30) for i, f in enumerate(factories)]
        sent = await asyncio.gather(*(s.drain() for s in senders))
        assert sum(sent) == 200 and min(sent) > 0, sent
        for chat in chats:
            assert texts(fake, chat) == [f"{chat}: 0", f"{chat}: 1"]
    finally:
        for engine in engines:
            await engine.dispose()


async def test_a_live_claim_of_another_sender_is_respected(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    """Another process, even on the same host with the same pid (two containers), holds its
    rows while its lease lasts: a boot id is never taken for dead."""
    (user,) = people(fake, 100, 1)
    await queue(sessions, (user, "занято"))
    claimed = await outbox.claim(sessions, "other-boot", limit=10, lease=timedelta(minutes=1))
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
    # A sender claimed them and died.
    started = time.monotonic()
    lease = timedelta(seconds=1)
    assert len(await outbox.claim(sessions, "dead-boot", limit=10, lease=lease)) == 3
    assert await make_sender().drain() == 3
    assert time.monotonic() - started >= 0.9
    assert all(texts(fake, chat) == ["после сбоя"] for chat in chats)


async def test_a_row_held_is_never_claimed_again_when_the_wall_clock_jumps_ahead(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    """The send is slow; meanwhile the wall clock jumps past the lease in the database. The
    same sender must not claim its own row again and send it twice."""
    (user,) = people(fake, 100, 1)
    await queue(sessions, (user, "один раз"))
    jump = timedelta(0)

    def clock() -> datetime:
        return utcnow() + jump

    fake.hold("sendMessage")
    sender = make_sender(now=clock, lease=2.0)
    stop = asyncio.Event()
    running = asyncio.create_task(sender.run(stop))
    for _ in range(200):
        if fake.held:
            break
        await asyncio.sleep(0.01)
    jump = timedelta(hours=1)  # every lease in the database now looks run out
    sender.wake()
    await asyncio.sleep(0.3)  # the sender claims again meanwhile
    fake.release()
    await asyncio.sleep(0.3)
    stop.set()
    await running
    assert texts(fake, user) == ["один раз"]
    assert len(fake.calls("sendMessage")) == 1


async def test_a_wall_clock_stepping_back_stops_no_chat_and_keeps_the_order(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    (user,) = people(fake, 100, 1)
    await queue(sessions, *[(user, f"{n}") for n in range(4)])
    # The messages were queued "in the future" of the stepped-back clock: still they go, in
    # order, at the chat's pace (kept on the monotonic clock).
    back = utcnow() - timedelta(hours=1)
    started = time.monotonic()
    assert await make_sender(now=lambda: back, chat_rate_per_s=20).drain() == 4
    assert texts(fake, user) == ["0", "1", "2", "3"]
    assert time.monotonic() - started < 3
    times = [m.at for m in fake.bot_messages(user)]
    assert all(b - a >= 0.045 for a, b in itertools.pairwise(times)), times


async def test_a_quiet_message_claimed_at_night_waits_for_the_morning(
    fake: FakeTelegram, sessions: Sessions, make_sender: Callable[..., OutboxSender]
) -> None:
    """Quiet hours hold when a late reminder is finally sent, not only when it is planned;
    a message that is not quiet goes at once, and the waiting one holds nobody back."""
    (user,) = people(fake, 100, 1)
    night = datetime(2026, 12, 3, 20, 30, tzinfo=UTC)  # 23:30 in Moscow
    await queue(sessions, (user, "напоминание"), quiet=True, not_before=night)
    await queue(sessions, (user, "встреча через час"), not_before=night)
    sender = make_sender(now=lambda: night)
    assert await sender.drain() == 1
    assert texts(fake, user) == ["встреча через час"]
    reminder = (await rows(sessions))[0]
    assert reminder.sent_at is None and reminder.claimed_by is None
    assert reminder.not_before == datetime(2026, 12, 4, 6, 0, tzinfo=UTC)  # 09:00 in Moscow
    morning = datetime(2026, 12, 4, 6, 0, 1, tzinfo=UTC)
    assert await make_sender(now=lambda: morning).drain() == 1
    assert texts(fake, user)[-1] == "напоминание"


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
        "postgresql", "boot", limit=5, lease=timedelta(seconds=60), now=utcnow(), held=[1, 2]
    )
    sql = str(statement.compile(dialect=postgresql.dialect()))  # type: ignore[no-untyped-call]
    assert "FOR UPDATE OF o SKIP LOCKED" in sql
    assert "RETURNING" in sql and "NOT IN" in sql


async def test_enqueue_refuses_what_cannot_be_sent(sessions: Sessions) -> None:
    async with sessions() as session:
        with pytest.raises(ValueError, match="key or a text"):
            await outbox.enqueue(session, chat_id=1, person_id=None, text="  ", kind="reminder")
        with pytest.raises(ValueError, match="kind"):
            await outbox.enqueue(session, chat_id=1, person_id=None, text="x", kind="k" * 40)
        with pytest.raises(TypeError, match="argument"):
            await notify.tell(session, Person(id=1, telegram_id=1), "x", kind="x", when=object())
