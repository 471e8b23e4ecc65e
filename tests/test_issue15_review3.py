"""Review of "a reply is sent once though its update is handled twice" (`bot.telegram.sent`),
the note as one autocommit statement, and the webhook workers' chat-wide FSM reads.

Each test is what a person would meet after a worker was killed (SIGKILL) between the replies
it sent and the handled mark, and the update was handled again.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey
from aiogram.types import Update
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine
from bot.db.models import utcnow
from bot.services import updates
from bot.storage import SQLStorage
from bot.storage.isolation import AdvisoryIsolation, LocalIsolation, ReadingIsolation
from bot.telegram.handling import UpdateTasks, workflow_of
from tests.conftest import CURATOR_ID
from tests.flows import child_asks_for_parent_link
from tests.harness import Harness
from tests.test_dialog_ids import Killed, restart
from tests.test_events import create_event

CHILD, DAD, MOM, NEWCOMER, MENTOR = 15_301, 15_302, 15_303, 15_304, 15_305
NAME = "Воронцова Ксения Игоревна"


def said(harness: Harness, user: int) -> list[str]:
    return [m.text_or_empty() for m in harness.fake.bot_messages(user)]


async def killed_after_replying(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, update: dict[str, Any]
) -> None:
    """The poller (or a webhook worker) stores `update` as it arrives and handles it; the
    process dies (SIGKILL) after the replies went out and before the dialog is stored and the
    update marked handled."""
    bot = harness.bot
    harness.fake._pending.clear()
    taken = await updates.receive(harness.sessions, bot.id, harness.dispatcher["boot"], [update])
    assert update["update_id"] in taken

    async def dies(*args: object, **kwargs: object) -> None:
        raise Killed

    with monkeypatch.context() as patched:
        patched.setattr(updates, "mark_handled", dies)
        with pytest.raises(Killed):
            await harness.dispatcher.feed_raw_update(bot, update, received=True)


async def handle_left_over(restarted: Harness, *, sweep: bool) -> None:
    """What the dead process left is handled again: at the next start in long polling
    (`updates.unfinished`), or by the webhook leader's sweep (`take_over_orphans`)."""
    bot, boot = restarted.bot, restarted.dispatcher["boot"]
    if sweep:
        later = utcnow() + timedelta(seconds=1)
        payloads = await updates.take_over_orphans(
            restarted.sessions, bot.id, boot, older_than=timedelta(0), now=later
        )
    else:
        payloads = await updates.unfinished(restarted.sessions, bot.id, boot)
    assert payloads
    tasks = UpdateTasks(restarted.dispatcher, bot, workflow_of(restarted.dispatcher, bot))
    for payload in payloads:
        tasks.start(Update.model_validate(payload, context={"bot": bot}), redone=True)
    await tasks.finish(grace=30)
    assert len(tasks) == 0


# ---- a redo that goes another way: its own reply reaches the person -------------------------


async def test_a_parent_whose_link_is_answered_meanwhile_is_told_so_when_his_open_is_redone(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both parents got the child's consent link. Dad opens it; a webhook worker shows him the
    consent screen and is killed before it stores the dialog. Mom opens the same link on
    another worker and declines. The leader's sweep takes Dad's /start over: the link is used
    now, and the /start answers «По этой ссылке уже ответили»: Dad's consent screen says so.
    (The review found that answer taken for the consent screen the killed worker sent, same
    chat, same place: nothing was sent, and Dad was left with a consent screen whose buttons
    belonged to a dialog never stored.)"""
    fake = harness.fake
    for user, name in ((CHILD, "Петя"), (DAD, "Иван"), (MOM, "Мария")):
        fake.add_user(user, name)
    link = await child_asks_for_parent_link(harness, CHILD)
    await killed_after_replying(harness, monkeypatch, fake.user_message(DAD, f"/start {link}"))
    assert fake.last_bot_message(DAD).button("Даю согласие")

    restarted = restart(harness)  # another webhook worker
    try:
        await restarted.send(MOM, f"/start {link}")
        await restarted.press(MOM, "Не даю согласия")
        assert "не храним данных ребёнка" in said(restarted, MOM)[-1]
        await handle_left_over(restarted, sweep=True)
        assert "По этой ссылке уже ответили" in said(restarted, DAD)[-1], said(restarted, DAD)
        assert len(said(restarted, DAD)) == 1  # the screen he had, edited: no dead buttons
        assert not fake.last_bot_message(DAD).buttons()
    finally:
        await restarted.bot.session.close()


async def test_a_check_in_redone_after_the_meeting_closed_says_it_is_over(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Long polling. A newcomer scans the meeting's QR code: «first tell a little about
    yourself, then I check you in» and the greeting are sent; meanwhile the curator closes the
    meeting, and the process is killed before the newcomer's dialog is stored. At the next start
    the check-in is handled again, finds the meeting closed and answers «Встреча … уже
    завершилась: отметиться на ней нельзя», and the newcomer reads it. (The review found it
    taken for the first message the killed process sent: it never reached the newcomer, who
    went on believing they would be checked in.)"""
    fake = harness.fake
    payload = await create_event(harness)
    fake.add_user(NEWCOMER, "Лена")
    opened = fake.user_message(NEWCOMER, f"/start {payload}")
    await killed_after_replying(harness, monkeypatch, opened)
    assert "сначала расскажите немного о себе" in said(harness, NEWCOMER)[-2]
    # The same process handled the curator's close just before it died.
    await harness.send(CURATOR_ID, "/event")
    await harness.press(CURATOR_ID, "Нетворкинг")
    await harness.press(CURATOR_ID, "Завершить встречу")
    await harness.press(CURATOR_ID, "Да, завершить")
    assert "Встреча завершена" in said(harness, CURATOR_ID)[-1]

    restarted = restart(harness)  # long polling: the next start
    try:
        await handle_left_over(restarted, sweep=False)
        assert any("уже завершилась" in t for t in said(restarted, NEWCOMER)), said(
            restarted, NEWCOMER
        )
    finally:
        await restarted.bot.session.close()


# ---- guards: properties the change must keep (these pass) ------------------------------------


async def test_a_check_in_redone_twice_sends_each_reply_once(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guard. Two kills in a row: the first right after «first tell about yourself» was sent
    and noted (before the greeting), the second after the redo sent the greeting. At the third
    start the newcomer still has one notice and one greeting, and the greeting works."""
    fake = harness.fake
    payload = await create_event(harness)
    fake.add_user(NEWCOMER, "Лена")
    opened = fake.user_message(NEWCOMER, f"/start {payload}")
    real_note = updates.note_replies

    async def noted_then_killed(*args: Any, **kwargs: Any) -> None:
        await real_note(*args, **kwargs)
        raise Killed  # SIGKILL right after the first note: nothing after it runs

    async def dies(*args: object, **kwargs: object) -> None:
        raise Killed

    fake._pending.clear()
    bot = harness.bot
    await updates.receive(harness.sessions, bot.id, harness.dispatcher["boot"], [opened])
    with monkeypatch.context() as patched:
        patched.setattr(updates, "note_replies", noted_then_killed)
        patched.setattr(updates, "mark_handled", dies)
        with pytest.raises(Killed):
            await harness.dispatcher.feed_raw_update(bot, opened, received=True)
    assert len(said(harness, NEWCOMER)) == 1

    second = restart(harness)
    third = restart(harness)
    try:
        [left] = await updates.unfinished(second.sessions, second.bot.id, second.dispatcher["boot"])
        with monkeypatch.context() as patched:
            patched.setattr(updates, "mark_handled", dies)
            with pytest.raises(Killed):
                await second.dispatcher.feed_raw_update(
                    second.bot, left, received=True, redone=True
                )
        assert len(said(harness, NEWCOMER)) == 2
        await handle_left_over(third, sweep=False)
        texts = said(third, NEWCOMER)
        assert len(texts) == 2 and "сначала расскажите" in texts[0], texts
        await third.press(NEWCOMER, "Мне нужен наставник")
        assert third.last_answer()["text"] is None  # not «this button no longer works»
    finally:
        await second.bot.session.close()
        await third.bot.session.close()


async def test_a_withdrawal_leaves_nothing_of_an_update_a_killed_worker_left(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guard. She types her full name; the worker sends the next question, notes it, and is
    killed. Before anything takes that update over she withdraws her consent: the update she
    left (her name in its text and her Telegram names) and the replies noted on it are gone
    from seen_updates with the rest of her data."""
    fake = harness.fake
    fake.add_user(MENTOR, "Ксения", last_name="Воронцова", username="ksenia_v")
    await harness.send(MENTOR, "/start")
    await harness.press(MENTOR, "Хочу быть наставником")
    await harness.press(MENTOR, "Родитель")
    await harness.press(MENTOR, "Даю согласие")
    await killed_after_replying(harness, monkeypatch, fake.user_message(MENTOR, NAME))
    assert "2 / " in said(harness, MENTOR)[-1]

    restarted = restart(harness)
    try:
        await restarted.send(MENTOR, "/privacy")
        # The dialog the killed worker never stored still names the question before as its
        # screen, whose keyboard that worker took off: /privacy takes it off again, which
        # Telegram refuses as "not modified" (the kill's, not the withdrawal's concern here).
        assert [m for m, _ in fake.pointless_edits()] == ["editMessageReplyMarkup"]
        fake.refusals.clear()
        await restarted.press(MENTOR, "Отозвать согласие")
        await restarted.press(MENTOR, "Да, отозвать")
        assert "данные удалены" in said(restarted, MENTOR)[-1]
    finally:
        await restarted.bot.session.close()
    async with harness.engine.connect() as connection:
        rows = (
            await connection.execute(
                text("SELECT update_id, payload, replies FROM seen_updates WHERE user_id = :u"),
                {"u": MENTOR},
            )
        ).all()
        everything = " ".join(
            str(tuple(row)) for row in await connection.execute(text("SELECT * FROM seen_updates"))
        )
    assert rows and all(r.payload is None and r.replies is None for r in rows), rows
    for needle in (NAME, "Воронцова", "ksenia_v"):
        assert needle not in everything


async def test_a_worker_waiting_for_a_chat_reads_what_the_one_before_stored(
    engine: AsyncEngine, database_url: str
) -> None:
    """Guard. Two webhook workers (two shared storages, two isolations; on PostgreSQL each
    with its advisory locks). The first holds the chat, has read its rows and moves the dialog
    on; the second, waiting for the chat (it read the chat outside the lock, as an update's
    preparation may), must see the new stack once it holds the chat, not a copy read before."""
    inner: list[BaseEventIsolation]
    if engine.dialect.name == "postgresql":
        engines = [create_engine(database_url) for _ in range(2)]
        inner = [AdvisoryIsolation(e, 2) for e in engines]
    else:
        engines = []
        one = LocalIsolation()  # one process on SQLite
        inner = [one, one]
    storages = [SQLStorage.from_engine(engine, shared=True) for _ in range(2)]
    first_worker, second_worker = (
        ReadingIsolation(isolation, storage)
        for isolation, storage in zip(inner, storages, strict=True)
    )
    stack = StorageKey(bot_id=42, chat_id=7, user_id=7, destiny="aiogd_stack")
    await SQLStorage.from_engine(engine).set_data(stack, {"intents": ["a"]})
    held = asyncio.Event()

    async def first() -> None:
        async with first_worker.lock(stack), storages[0].batch():
            assert await storages[0].get_data(stack) == {"intents": ["a"]}
            held.set()
            await asyncio.sleep(0.2)
            await storages[0].set_data(stack, {"intents": ["b"]})

    async def second() -> dict[str, Any]:
        await held.wait()
        assert await storages[1].get_data(stack) == {"intents": ["a"]}
        async with second_worker.lock(stack), storages[1].batch():
            return await storages[1].get_data(stack)

    try:
        _, seen = await asyncio.gather(first(), second())
    finally:
        for made in engines:
            await made.dispose()
    assert seen == {"intents": ["b"]}
