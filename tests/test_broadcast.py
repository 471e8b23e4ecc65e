"""/broadcast through the real Dispatcher and the fake Telegram: a curator's message (text with
its formatting, or a photo with a caption), an audience with how many it reaches, a preview as
the recipients see it, «✅ Отправить»; the progress message edited by the progress loop, the
final count; «⏹ Остановить» midway. Bad input, double, late and forged taps, a removed curator
and a participant asking for /broadcast change nothing and say so."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, func, select

from bot.config import Settings
from bot.db.models import (
    Attendance,
    Broadcast,
    Campaign,
    CampaignInvite,
    Consent,
    Curator,
    Event,
    OutboxMessage,
    Pair,
    Person,
    utcnow,
)
from bot.domain.broadcasts import Audience
from bot.i18n import consent_version
from bot.services import broadcasts, curators, outbox
from bot.services.broadcasts import Content, Outcome, Target
from bot.telegram.broadcast_progress import BroadcastProgress
from tests.conftest import CURATOR_ID as CURATOR
from tests.fake_telegram import Message
from tests.harness import Harness

SECOND = 778  # another curator
M1, M2, M3, E1, E2, E3, E4, E5, PARENT = range(8101, 8110)
REACHED = (M1, M2, E1, E2, E3)  # consent in force, a role, not blocked
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
STICKER = {
    "file_id": "st1",
    "file_unique_id": "u",
    "type": "regular",
    "width": 1,
    "height": 1,
    "is_animated": False,
    "is_video": False,
}


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(curator_ids=f"{CURATOR},{SECOND}")


async def world(harness: Harness) -> dict[str, int]:
    """M1–E1 a working pair, M2–E2 a pair waiting for its agreement, E3 unpaired (a consent on
    paper); not reached: E4 (consent to an older text), E5 (withdrew), M3 (blocked the bot), a
    parent (no role). An event E1 and E4 came to, one nobody came to; an open campaign E1 and
    E2 have not answered (M1 has), a closed one."""
    now = utcnow()
    version = consent_version(harness.translations)
    harness.fake.add_user(CURATOR, "Ольга", has_chat=True)
    harness.fake.add_user(SECOND, "Вера", has_chat=True)
    people = {
        M1: ("mentor", "given", "self", version, False),
        M2: ("mentor", "given", "self", version, False),
        M3: ("mentor", "given", "self", version, True),
        E1: ("mentee", "given", "self", version, False),
        E2: ("mentee", "given", "parent", version, False),
        E3: ("mentee", "given", "paper", None, False),
        E4: ("mentee", "given", "self", "old", False),
        E5: ("mentee", "withdrawn", None, None, False),
        PARENT: (None, None, None, None, False),
    }
    ids: dict[int, int] = {}
    async with harness.sessions.begin() as session:
        for telegram_id, (role, status, kind, text_version, blocked) in people.items():
            harness.fake.add_user(telegram_id, f"Участник {telegram_id}", has_chat=True)
            person = Person(
                telegram_id=telegram_id,
                first_name=f"Участник {telegram_id}",
                role=role,
                category=None if role is None else "teacher",
                first_seen_at=now,
                last_seen_at=now,
                is_blocked=blocked,
            )
            session.add(person)
            await session.flush()
            ids[telegram_id] = person.id
            if status is not None:
                # An older consent given first: the newest one is the one in force.
                session.add(
                    Consent(
                        person_id=person.id,
                        status="given",
                        kind="self",
                        text_version=version,
                        at=now - timedelta(days=30),
                    )
                )
                await session.flush()
                session.add(
                    Consent(
                        person_id=person.id,
                        status=status,
                        kind=kind,
                        text_version=text_version,
                        at=now,
                    )
                )
        for mentor, mentee, status in ((M1, E1, "active"), (M2, E2, "waiting")):
            session.add(
                Pair(
                    mentor_id=ids[mentor],
                    mentee_id=ids[mentee],
                    form="teacher_teacher",
                    status=status,
                    months=9,
                    created_by=CURATOR,
                    created_at=now,
                )
            )
        came = Event(
            title="Нетворкинг <7 классы>",
            starts_at=now,
            place="Актовый зал",
            token="tok1",
            created_by=CURATOR,
            created_at=now,
        )
        empty = Event(
            title="Пустая встреча",
            starts_at=now - timedelta(days=1),
            place="Кабинет 2",
            token="tok2",
            created_by=CURATOR,
            created_at=now,
        )
        session.add_all([came, empty])
        await session.flush()
        session.add_all(
            [Attendance(event_id=came.id, person_id=ids[p], checked_in_at=now) for p in (E1, E4)]
        )
        campaigns = {}
        for kind, status in (("interim", "open"), ("adhoc", "closed")):
            campaign = Campaign(
                kind=kind,
                year=2026,
                opens_on=date(2026, 12, 1),
                due_on=date(2026, 12, 20),
                audience="active_pairs",
                questionnaires={},
                status=status,
                created_at=now,
            )
            session.add(campaign)
            await session.flush()
            campaigns[status] = campaign.id
            for invited, answered in ((M1, now), (E1, None), (E2, None)):
                session.add(
                    CampaignInvite(
                        campaign_id=campaign.id,
                        person_id=ids[invited],
                        role=people[invited][0] or "mentee",
                        invited_at=now,
                        due_on=date(2026, 12, 20),
                        answered_at=answered,
                    )
                )
    return {
        "event": came.id,
        "empty": empty.id,
        "open": campaigns["open"],
        "closed": campaigns["closed"],
    }


def labels(message: Message) -> list[str]:
    return [str(b["text"]) for b in message.buttons()]


def got(harness: Harness, user: int) -> list[Message]:
    return harness.fake.bot_messages(user)


@contextmanager
def sender_paused(harness: Harness) -> Iterator[None]:
    """The outbox waits (as it would for Telegram's pace) while updates are handled."""
    drain = harness.sender.drain

    async def wait() -> int:
        return 0

    harness.sender.drain = wait  # type: ignore[method-assign]
    try:
        yield
    finally:
        harness.sender.drain = drain  # type: ignore[method-assign]


async def compose(harness: Harness, user: int, text: str | None, **content: Any) -> Message:
    """`/broadcast`, then the message; returns the audience screen."""
    screen = await harness.send(user, "/broadcast")
    assert "Пришлите сообщение для участников" in screen.text_or_empty()
    return await harness.send(user, text, **content)


async def progress_loop(harness: Harness, seconds: float) -> tuple[BroadcastProgress, int]:
    """One look of the progress loop as if `seconds` had passed since now."""
    loop = BroadcastProgress(
        harness.sessions,
        harness.bot,
        harness.translations,
        outbox_wake=harness.sender.wake,
        now=lambda: utcnow() + timedelta(seconds=seconds),
    )
    return loop, await loop.step()


async def outbox_rows(harness: Harness, broadcast_id: int) -> int:
    async with harness.sessions() as session:
        found = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.batch == broadcasts.batch_of(broadcast_id))
        )
    return int(found or 0)


async def only_broadcast(harness: Harness) -> Broadcast:
    async with harness.sessions() as session:
        found = list(await session.scalars(select(Broadcast)))
    assert len(found) == 1
    return found[0]


async def test_a_text_broadcast_reaches_its_audience_once_with_progress_and_a_final_count(
    harness: Harness,
) -> None:
    refs = await world(harness)
    fake = harness.fake

    # What cannot be broadcast is refused clearly, and the screen waits for a message.
    await compose(harness, CURATOR, "   ")
    assert "Сообщение пустое" in got(harness, CURATOR)[-2].text_or_empty()
    await harness.send(CURATOR, None, sticker=STICKER)
    assert "разослать нельзя" in got(harness, CURATOR)[-2].text_or_empty()
    await harness.send(CURATOR, "я" * 4097)
    assert "В тексте 4\xa0097 знаков" in got(harness, CURATOR)[-2].text_or_empty()
    assert "не больше 4\xa0096" in got(harness, CURATOR)[-2].text_or_empty()

    # The curator's formatting is kept, and what they typed is not taken for HTML.
    text = "Важно: собрание в пятницу & <не опаздывайте>"
    screen = await harness.send(
        CURATOR, text, entities=[{"type": "bold", "offset": 0, "length": 5}]
    )
    assert "Кому отправить сообщение?" in screen.text_or_empty()
    assert labels(screen)[:5] == [
        "👥 Всем · 5",
        "Наставникам · 2",
        "Наставляемым · 3",
        "Тем, кто без пары · 1",
        "Работающим парам · 2",
    ]

    # An event: those who came (with consent in force); an event nobody came to is refused.
    screen = await harness.press(CURATOR, "Участникам встречи")
    assert [label.rsplit(" · ", 1)[1] for label in labels(screen)[:2]] == ["1", "0"]
    assert labels(screen)[0].startswith("Нетворкинг <7 классы>")
    await harness.press(CURATOR, "Пустая встреча")
    assert "никому не придёт" in harness.last_answer()["text"]
    assert harness.last_answer()["show_alert"]
    # A campaign: the open one only, counting those who have not answered.
    await harness.press(CURATOR, "Назад")
    screen = await harness.press(CURATOR, "Не ответившим на опрос")
    assert labels(screen) == ["Промежуточный, до 20.12 · 2", "⬅️ Назад"]
    await harness.press(CURATOR, "Назад")

    # The preview is the message as the recipients get it; then the question with the count.
    confirm = await harness.press(CURATOR, "Всем")
    preview = got(harness, CURATOR)[-2]
    assert preview.text == text and [(e.type, e.offset, e.length) for e in preview.entities] == [
        ("bold", 0, 5)
    ]
    assert "Кому: всем участникам." in confirm.text_or_empty()
    assert "Отправить 5 получателям?" in confirm.text_or_empty()

    # A double tap: both presses arrive before either is handled; one broadcast goes out.
    send = confirm.button("Отправить")["callback_data"]
    fake.press(CURATOR, confirm, send)
    fake.press(CURATOR, confirm, send)
    await harness.deliver()
    broadcast = await only_broadcast(harness)
    assert (broadcast.total, broadcast.status, broadcast.audience) == (5, "sending", "everyone")
    assert await outbox_rows(harness, broadcast.id) == 5
    for user in REACHED:
        [message] = got(harness, user)
        assert message.text == text and message.entities[0].type == "bold"
    for user in (M3, E4, E5, PARENT):
        assert got(harness, user) == []
    progress = next(m for m in got(harness, CURATOR) if "Рассылка:" in m.text_or_empty())
    assert progress.text == "📣 Рассылка: отправлено 0 из 5"
    assert labels(progress) == ["⏹ Остановить"]
    assert broadcast.progress_message_id == progress.message_id

    # The progress loop: everything is sent, so the broadcast is done, but the message was
    # shown a moment ago (the confirmation, edited into it): it is edited only three seconds
    # after its last edit.
    before_edit = copy.deepcopy(progress)
    _, edits = await progress_loop(harness, 1)
    assert edits == 0 and progress.edits == 1
    assert (await only_broadcast(harness)).status == "done"
    await harness.sender.drain()
    final = got(harness, CURATOR)[-1]
    assert (
        final.text == "📣 Рассылка завершена. Доставлено 5, заблокировали бота 0, не доставлено 0."
    )
    _, edits = await progress_loop(harness, 3.5)
    assert edits == 1
    assert progress.text == "✅ Рассылка завершена: доставлено 5 из 5"
    assert progress.reply_markup is None
    _, edits = await progress_loop(harness, 10)  # nothing more to show: no edit at all
    assert edits == 0 and progress.edits == 2

    # «Остановить» pressed late (the button as it was before the last edit): nothing to stop.
    await harness.press(CURATOR, "Остановить", before_edit)
    assert harness.last_answer() == {
        "text": "Рассылка уже завершена: остановить нечего.",
        "show_alert": True,
    }
    for user in REACHED:
        assert len(got(harness, user)) == 1
    assert refs["event"] != refs["empty"]


async def test_two_curators_broadcast_at_once_a_photo_and_a_text_both_arrive_whole(
    harness: Harness,
) -> None:
    await world(harness)
    fake = harness.fake
    fake.files["AgAC-photo"] = PNG
    photo = [{"file_id": "AgAC-photo", "file_unique_id": "u1", "width": 90, "height": 90}]

    await compose(harness, CURATOR, None, photo=photo, caption="я" * 1025)
    assert "В подписи 1\xa0025 знаков" in got(harness, CURATOR)[-2].text_or_empty()
    await harness.send(CURATOR, None, photo=photo, caption="Фото с <встречи>")
    first = await harness.press(CURATOR, "Всем")
    preview = got(harness, CURATOR)[-2]
    assert preview.photo and preview.caption == "Фото с <встречи>"
    await compose(harness, SECOND, "Напоминание для пар")
    second = await harness.press(SECOND, "Работающим парам")
    assert "Отправить 2 получателям?" in second.text_or_empty()

    with sender_paused(harness):
        await harness.press(CURATOR, "Отправить", first)
        await harness.press(SECOND, "Отправить", second)
    async with harness.sessions() as session:
        made = {b.created_by: b for b in await session.scalars(select(Broadcast))}
    assert made[CURATOR].total == 5 and made[SECOND].total == 2
    assert made[CURATOR].file_id is not None
    await harness.sender.drain()
    for user in REACHED:
        messages = got(harness, user)
        assert messages[0].photo and messages[0].caption == "Фото с <встречи>"
        assert fake.files and messages[0].document_content == PNG  # type: ignore[attr-defined]
        if user in (M1, E1):  # in both audiences: each message once, in the order sent
            assert [m.text for m in messages[1:]] == ["Напоминание для пар"]
        else:
            assert len(messages) == 1
    # Sent by the id Telegram gave the file: nothing was uploaded.
    assert all(isinstance(call["photo"], str) for call in fake.calls("sendPhoto"))

    # A progress message the curator deleted is left alone; the final count comes all the same.
    gone = got(harness, SECOND)[-1]
    assert gone.text == "📣 Рассылка: отправлено 0 из 2"
    del fake.messages[SECOND][gone.message_id]
    _, edits = await progress_loop(harness, 5)
    assert edits == 1  # the first curator's
    assert got(harness, CURATOR)[-1].text == "✅ Рассылка завершена: доставлено 5 из 5"
    await harness.sender.drain()
    for curator, count in ((CURATOR, 5), (SECOND, 2)):
        assert got(harness, curator)[-1].text == (
            f"📣 Рассылка завершена. Доставлено {count}, заблокировали бота 0, не доставлено 0."
        )
    tried = len(fake.calls("editMessageText"))
    assert (await progress_loop(harness, 10))[1] == 0
    assert len(fake.calls("editMessageText")) == tried


async def test_a_stop_midway_drops_the_rest_and_forged_or_late_taps_stop_nothing(
    harness: Harness,
) -> None:
    await world(harness)
    await compose(harness, SECOND, "Срочно: изменение расписания")
    confirm = await harness.press(SECOND, "Всем")
    with sender_paused(harness):
        await harness.press(SECOND, "Отправить", confirm)
    broadcast = await only_broadcast(harness)
    progress = got(harness, SECOND)[-1]
    assert progress.text == "📣 Рассылка: отправлено 0 из 5"

    # Two are taken by the sender: one is delivered, the other is in flight at the stop.
    rows = await outbox.claim(harness.sessions, "test", limit=2, lease=timedelta(seconds=30))
    assert len(rows) == 2
    await outbox.mark_sent(harness.sessions, rows[0].id, 1)
    _, edits = await progress_loop(harness, 3.5)
    assert edits == 1 and progress.text == "📣 Рассылка: отправлено 1 из 5"
    _, edits = await progress_loop(harness, 4)  # the same text: never edited to it again
    assert edits == 0

    # Another curator's press on it (forged: the button was never theirs), and forged data.
    forged = Message(
        90_001,
        CURATOR,
        True,
        "x",
        reply_markup={
            "inline_keyboard": [
                [{"text": "a", "callback_data": f"bc:{broadcast.id}:stop"}],
                [{"text": "b", "callback_data": "bc:99999:stop"}],
                [{"text": "c", "callback_data": "bc:²:stop"}],
            ]
        },
    )
    harness.fake.messages.setdefault(CURATOR, {})[forged.message_id] = forged
    with sender_paused(harness):  # (the test holds two rows: the sender would wait)
        answers = []
        for label in ("a", "b", "c"):
            await harness.press(CURATOR, label, forged)
            answers.append(harness.last_answer()["text"])
        assert answers == [
            "Эту рассылку запустил другой куратор: остановить её может только он.",
            "Такой рассылки нет.",
            "Такой рассылки нет.",
        ]
        assert (await only_broadcast(harness)).status == "sending"

        before = copy.deepcopy(progress)
        await harness.press(SECOND, "Остановить", progress)
        assert harness.last_answer() == {
            "text": "Рассылка остановлена: получили 1 из 5.",
            "show_alert": False,
        }
        await outbox.mark_sent(harness.sessions, rows[1].id, 2)  # the one in flight went
    await harness.press(SECOND, "Остановить", before)
    assert harness.last_answer()["text"] == "Рассылка уже остановлена."
    assert (await only_broadcast(harness)).status == "cancelled"
    await harness.sender.drain()
    assert sum(len(got(harness, user)) for user in REACHED) == 0  # the test marked, not sent
    async with harness.sessions() as session:
        reasons = list(
            await session.scalars(
                select(OutboxMessage.drop_reason).where(OutboxMessage.sent_at.is_(None))
            )
        )
    assert reasons == ["cancelled"] * 3

    # The loop shows it stopped, with how many got it, without the button; a 429 on that edit
    # is tried again later (three seconds after that attempt).
    harness.fake.fail("editMessageText", 429, "Too Many Requests: retry after 1", retry_after=1)
    _, edits = await progress_loop(harness, 8)
    assert edits == 0 and progress.text == "📣 Рассылка: отправлено 1 из 5"
    _, edits = await progress_loop(harness, 11)
    assert edits == 1 and progress.text == "⏹ Рассылка остановлена: получили 2 из 5"
    assert progress.reply_markup is None
    assert (await progress_loop(harness, 20))[1] == 0


async def test_a_removed_curator_and_a_participant_cannot_broadcast(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    await world(harness)
    with caplog.at_level(logging.WARNING, logger="bot.handlers.broadcast"):
        answer = await harness.send(E1, "/broadcast")
    assert "только кураторам" in answer.text_or_empty()
    assert any(f"Refused /broadcast to {E1}" in r.getMessage() for r in caplog.records)

    await compose(harness, SECOND, "Всем привет")
    confirm = await harness.press(SECOND, "Наставникам")
    async with harness.sessions.begin() as session:
        await session.execute(delete(Curator).where(Curator.telegram_id == SECOND))
    await harness.press(SECOND, "Отправить", confirm)
    assert "только кураторам" in harness.last_answer()["text"]
    version = consent_version(harness.translations)
    direct = await broadcasts.start(
        harness.sessions,
        by=SECOND,
        chat_id=SECOND,
        content=Content("Всем привет"),
        target=Target(Audience.MENTORS),
        version=version,
        source="direct",
    )
    assert direct.outcome is Outcome.NOT_CURATOR
    async with harness.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Broadcast)) == 0
    assert not [m for user in REACHED for m in got(harness, user) if m.text == "Всем привет"]

    # The use case's own checks: nobody, and an event that is gone.
    nobody = await broadcasts.start(
        harness.sessions,
        by=CURATOR,
        chat_id=CURATOR,
        content=Content("x"),
        target=Target(Audience.EVENT, 424242),
        version=version,
        source="gone",
    )
    assert nobody.outcome is Outcome.UNAVAILABLE
    assert (await broadcasts.stop(harness.sessions, 1, by=SECOND)).outcome is Outcome.NOT_CURATOR


async def test_a_curator_removed_while_their_broadcasts_go_gets_no_more_of_them(
    harness: Harness,
) -> None:
    """The second curator's broadcasts go on reaching everyone after they are removed (nobody
    stops one: not they, no longer a curator, nor another curator, whose it is not), but their
    progress messages are edited no more and no final count comes to them, not even one queued
    before the removal."""
    await world(harness)

    async def start(label: str) -> Message:
        with sender_paused(harness):
            await compose(harness, SECOND, "Собрание отменяется")
            confirm = await harness.press(SECOND, label)
            await harness.press(SECOND, "Отправить", confirm)
        return got(harness, SECOND)[-1]

    first = await start("Наставникам")  # M1, M2
    await harness.sender.drain()
    with sender_paused(harness):  # its final count is queued, not yet sent
        _, edits = await progress_loop(harness, 5)
    assert edits == 1 and first.text == "✅ Рассылка завершена: доставлено 2 из 2"
    second = await start("Тем, кто без пары")  # E3
    assert second.text == "📣 Рассылка: отправлено 0 из 1"

    await curators.prepare(harness.sessions, [CURATOR])  # a start-up without SECOND
    with sender_paused(harness):
        await harness.press(SECOND, "Остановить", second)
        assert "только кураторам" in harness.last_answer()["text"]
        forged = Message(
            90_002,
            CURATOR,
            True,
            "x",
            reply_markup={
                "inline_keyboard": [
                    [{"text": "a", "callback_data": second.button("Остановить")["callback_data"]}]
                ]
            },
        )
        harness.fake.messages.setdefault(CURATOR, {})[forged.message_id] = forged
        await harness.press(CURATOR, "a", forged)
        assert "запустил другой куратор" in harness.last_answer()["text"]

    await harness.sender.drain()
    assert [m.text for m in got(harness, E3)] == ["Собрание отменяется"]
    _, edits = await progress_loop(harness, 10)
    assert edits == 0 and second.text == "📣 Рассылка: отправлено 0 из 1"
    await harness.sender.drain()
    async with harness.sessions() as session:
        statuses = list(await session.scalars(select(Broadcast.status).order_by(Broadcast.id)))
    assert statuses == ["done", "done"]
    told = [m.text_or_empty() for m in got(harness, SECOND)]
    assert not [text for text in told if "Доставлено" in text], told
    assert (await progress_loop(harness, 20))[1] == 0
