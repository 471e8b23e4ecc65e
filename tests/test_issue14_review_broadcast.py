"""A hostile review of /broadcast (issue 14, part 3): each test shows one defect found by
attacking the feature as a curator, a recipient and Telegram would, through the real Dispatcher
and the fake Bot API. Each fails while the defect is there."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.config import Settings
from bot.db.models import SeenUpdate, utcnow
from bot.factory import create_sender
from bot.services import broadcasts, outbox
from bot.telegram.broadcast_progress import BroadcastProgress
from bot.telegram.outbox_sender import OutboxSender
from tests.conftest import CURATOR_ID as CURATOR
from tests.fake_telegram import Message
from tests.harness import Harness
from tests.test_broadcast import (
    E1,
    E3,
    M1,
    M2,
    PNG,
    SECOND,
    compose,
    got,
    only_broadcast,
    progress_loop,
    sender_paused,
    world,
)


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(curator_ids=f"{CURATOR},{SECOND}")


def paced_sender(harness: Harness, on_wait: Callable[[float], Awaitable[None]]) -> OutboxSender:
    """A sender on a clock of its own: every wait it makes (Telegram's pace, a 429's
    `retry_after`) passes at once, after `on_wait` has run in the middle of it."""
    ticks = [0.0]

    async def sleep(seconds: float) -> None:
        await on_wait(seconds)
        ticks[0] += seconds

    return create_sender(
        harness.settings,
        harness.sessions,
        harness.bot,
        harness.translations,
        rate_per_s=1000,
        chat_rate_per_s=1000,
        clock=lambda: ticks[0],
        sleep=sleep,
    )


async def tap_now(harness: Harness, user: int, message: Message, data: str) -> None:
    """A press handled at once by the Dispatcher (while the sender is in the middle of a wait),
    without draining the outbox as `Harness.press` does."""
    update = harness.fake.press(user, message, data)
    harness.fake._pending.remove(update)
    await harness.dispatcher.feed_raw_update(harness.bot, update)


async def started(harness: Harness, label: str, text: str = "Собрание отменяется") -> Message:
    """The curator's broadcast of `text` to the audience `label`, queued while the outbox
    waits; returns the progress message."""
    await compose(harness, CURATOR, text)
    confirm = await harness.press(CURATOR, label)
    with sender_paused(harness):
        await harness.press(CURATOR, "Отправить", confirm)
    progress = got(harness, CURATOR)[-1]
    assert progress.text_or_empty().startswith("📣 Рассылка: отправлено 0 из")
    return progress


async def test_a_stop_during_a_429_wait_still_lets_the_held_message_go(harness: Harness) -> None:
    """The sender holds the message while it waits out a 429 (a retry_after under half the
    30 s lease); «Остановить» drops the row, but the sender never looks again and sends it when
    the wait is over. The same at Telegram's pace: the messages a sender has claimed ahead
    (about two seconds' worth, 50 at 25/s) all go after the stop."""
    await world(harness)
    progress = await started(harness, "Тем, кто без пары")  # E3 only
    stop = progress.button("Остановить")["callback_data"]
    harness.fake.fail("sendMessage", 429, "Too Many Requests: retry after 5", retry_after=5)
    answers: list[str] = []

    async def during(seconds: float) -> None:
        if seconds >= 1 and not answers:  # in the middle of the 429's wait
            await tap_now(harness, CURATOR, progress, stop)
            answers.append(str(harness.last_answer()["text"]))

    await paced_sender(harness, during).drain()
    assert answers == ["Рассылка остановлена: получили 0 из 1."]
    assert (await only_broadcast(harness)).status == "cancelled"
    assert got(harness, E3) == [], "sent five seconds after the curator stopped it"


async def test_a_caption_that_fits_is_split_from_its_photo_and_the_photo_sent_twice(
    harness: Harness,
) -> None:
    """Telegram counts a caption's characters after parsing its HTML; the delivery measures the
    HTML source (each «&» is five there), so a caption of 959 characters goes as a photo without
    it and then a text; a 429 on that text sends the whole message again: the photo twice."""
    await world(harness)
    harness.fake.files["AgAC-photo"] = PNG
    photo = [{"file_id": "AgAC-photo", "file_unique_id": "u1", "width": 90, "height": 90}]
    caption = " ".join(["Встреча & чай."] * 64)
    assert len(caption) == 959
    await compose(harness, CURATOR, None, photo=photo, caption=caption)
    confirm = await harness.press(CURATOR, "Тем, кто без пары")  # E3 only
    with sender_paused(harness):
        await harness.press(CURATOR, "Отправить", confirm)
    harness.fake.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)

    async def during(seconds: float) -> None:
        return None

    await paced_sender(harness, during).drain()
    shapes = [("photo" if m.photo else "text", m.caption or m.text) for m in got(harness, E3)]
    assert shapes == [("photo", caption)], [(kind, (text or "")[:20]) for kind, text in shapes]


async def test_a_wall_clock_stepped_back_freezes_the_progress_message(harness: Harness) -> None:
    """The gap between two edits is measured on the wall clock against the time stored with
    the last edit: after the clock steps back an hour (NTP, a restored VM) the progress message
    is not edited for an hour; the broadcast ended long ago and still reads «отправлено 0»."""
    await world(harness)
    progress = await started(harness, "Наставникам")
    await harness.sender.drain()
    assert [len(got(harness, user)) for user in (M1, M2)] == [1, 1]
    # Ten seconds later by the real time, but the clock was stepped back an hour meanwhile.
    _, edits = await progress_loop(harness, 10 - 3600)
    assert (await only_broadcast(harness)).status == "done"
    assert progress.text == "✅ Рассылка завершена: доставлено 2 из 2"
    assert edits == 1


async def stopped_midway(harness: Harness) -> tuple[Message, int]:
    """A broadcast to all five stopped after M1 got it and M2 turned out to have blocked the
    bot, while E1's message is in flight; returns the progress message and E1's outbox row."""
    await world(harness)
    progress = await started(harness, "Всем")
    rows = await outbox.claim(harness.sessions, "other", limit=3, lease=timedelta(seconds=30))
    assert [row.chat_id for row in rows] == [M1, M2, E1]
    await outbox.mark_sent(harness.sessions, rows[0].id, 1)
    await outbox.drop(harness.sessions, "blocked", chat_id=M2)
    await harness.press(CURATOR, "Остановить", progress)
    assert harness.last_answer()["text"] == "Рассылка остановлена: получили 1 из 5."
    _, edits = await progress_loop(harness, 5)
    assert edits == 1 and progress.text == "⏹ Рассылка остановлена: получили 1 из 5"
    return progress, rows[2].id


async def test_a_stopped_broadcast_never_tells_how_many_blocked_the_bot(harness: Harness) -> None:
    """The final count of delivered, blocked and failed comes only to a broadcast that ran to
    its end; a stopped one says how many got it, and the one who blocked the bot is never
    counted anywhere the curator sees."""
    progress, _ = await stopped_midway(harness)
    await progress_loop(harness, 10)
    await harness.sender.drain()
    messages = got(harness, CURATOR)
    told = [m.text_or_empty() for m in messages[messages.index(progress) :]]
    assert any("заблокировал" in text for text in told), told


async def test_a_message_in_flight_at_the_stop_is_never_counted(harness: Harness) -> None:
    """«Остановить» lets the message in flight go (it is marked sent when Telegram accepts
    it), but once the stopped progress message was shown it is never looked at again: it says
    one got it when two did."""
    progress, in_flight = await stopped_midway(harness)
    await outbox.mark_sent(harness.sessions, in_flight, 2)  # Telegram accepted it after all
    await progress_loop(harness, 10)
    assert progress.text == "⏹ Рассылка остановлена: получили 2 из 5"


class Killed(BaseException):
    """The process dies here (SIGKILL): no error handler runs, nothing more is stored."""


async def test_a_kill_after_the_progress_message_leaves_a_second_one_stuck_at_zero(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after Telegram took the progress message and before its id was stored: the tap
    is handled again after the restart (the broadcast is not queued twice, rightly), and a
    second progress message is sent; the first stays «отправлено 0 из 2» with a live
    «Остановить» under it for ever. (The confirmation's own message, whose id is known before
    anything is sent, could become the progress message.)"""
    await world(harness)
    await compose(harness, CURATOR, "Собрание отменяется")
    confirm = await harness.press(CURATOR, "Наставникам")
    show_progress = broadcasts.show_progress

    async def killed(*args: object, **kwargs: object) -> bool:
        raise Killed

    monkeypatch.setattr(broadcasts, "show_progress", killed)
    tap = harness.fake.press(CURATOR, confirm, confirm.button("Отправить")["callback_data"])
    harness.fake._pending.remove(tap)
    with pytest.raises(Killed):
        await harness.dispatcher.feed_raw_update(harness.bot, tap)
    # The next process takes over the unfinished update (Telegram sends it again).
    monkeypatch.setattr(broadcasts, "show_progress", show_progress)
    async with harness.sessions.begin() as session:
        await session.execute(
            update(SeenUpdate)
            .where(SeenUpdate.update_id == tap["update_id"])
            .values(handled_at=None, boot="dead-boot")
        )
    await harness.dispatcher.feed_raw_update(harness.bot, tap)
    await harness.sender.drain()
    await progress_loop(harness, 5)
    assert [len(got(harness, user)) for user in (M1, M2)] == [1, 1]
    progress = ("📣 Рассылка:", "✅ Рассылка завершена:")
    shown = [m.text for m in got(harness, CURATOR) if m.text_or_empty().startswith(progress)]
    assert shown == ["✅ Рассылка завершена: доставлено 2 из 2"], shown


async def test_the_final_count_adds_up_when_a_recipient_withdrew_after_queuing(
    harness: Harness,
) -> None:
    """A recipient who withdraws consent while the broadcast waits takes its outbox row with
    them (rightly); the final count then says «доставлено 2» of 3 with nobody blocked and
    nothing failed: its figures no longer add up to the total, and the curator cannot tell
    where the third went."""
    await world(harness)
    await started(harness, "Наставляемым")  # E1, E2, E3
    with sender_paused(harness):
        await harness.send(E3, "/privacy")
        await harness.press(E3, "Отозвать согласие")
        await harness.press(E3, "Да, отозвать")
    assert "данные удалены" in got(harness, E3)[-1].text_or_empty()
    assert "Собрание отменяется" not in [m.text for m in got(harness, E3)]
    await harness.sender.drain()
    await progress_loop(harness, 5)
    await harness.sender.drain()
    [final] = [
        m.text_or_empty()
        for m in got(harness, CURATOR)
        if m.text_or_empty().startswith("📣 Рассылка завершена.")
    ]
    assert sum(int(n) for n in re.findall(r"\d+", final)) == 3, final


async def test_a_kill_during_the_last_edit_leaves_the_progress_message_unfinished_for_ever(
    harness: Harness,
) -> None:
    """The edit is claimed (its text stored as shown) before Telegram is asked; for the last
    edit the claim also marks the end as shown. Killed while that request is under way, the
    next process never tries again: the message says «отправлено 0 из 2» with «Остановить»
    under it although the broadcast ended."""
    await world(harness)
    progress = await started(harness, "Наставникам")
    await harness.sender.drain()
    harness.fake.hold("editMessageText")
    dying = BroadcastProgress(
        harness.sessions,
        harness.bot,
        harness.translations,
        now=lambda: utcnow() + timedelta(seconds=5),
    )
    step = asyncio.create_task(dying.step())
    deadline = asyncio.get_running_loop().time() + 5
    while not harness.fake.held and asyncio.get_running_loop().time() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.01)
    assert harness.fake.held, "the last edit was never asked for"
    step.cancel()  # killed while the edit is under way
    with contextlib.suppress(asyncio.CancelledError):
        await step
    harness.fake.release(abandon=True)
    assert (await only_broadcast(harness)).status == "done"
    await progress_loop(harness, 10)  # the next process
    assert progress.text == "✅ Рассылка завершена: доставлено 2 из 2"
