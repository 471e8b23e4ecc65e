"""Pairs hardened (issue 11): a double tap on every button of pairs and /match changes the
state once, and each defect of the issue has a test of its own.

A double tap is two presses sent before the bot has handled either: both carry the message as
it was, with the button. The state must change once; the second press gets a short alert, or
changes nothing on screen (no edit at all: Telegram refuses an edit that changes nothing).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select, update

from bot.db.models import (
    Agreement,
    AgreementLink,
    AuditEntry,
    Extension,
    OutboxMessage,
    Pair,
    PairRule,
    utcnow,
)
from bot.domain.names import with_initials
from bot.domain.roles import Role
from bot.i18n import consent_version
from bot.scheduling import tasks
from bot.services import agreements, reminders
from bot.services.agreements import Answered, Extended
from bot.services.reminders import Context
from tests.conftest import CURATOR_ID
from tests.fake_scheduler import FakeScheduler
from tests.fake_telegram import Message
from tests.flows import (
    approve_all,
    mentee_signs_up,
    mentor_signs_up,
    teacher_mentee_signs_up,
    teacher_mentor_signs_up,
)
from tests.harness import Harness
from tests.test_pairs import MENTEE, MENTEE_2, MENTEE_3, MENTOR, proposed_pair, working_pair

MENTOR_2, MENTEE_4, MENTEE_5, TEEN, PARENT, CURATOR_2 = 9631, 9632, 9633, 9641, 9642, 9643
AGREEMENT = "🤝 Соглашение о наставничестве"  # the first line of an agreement
STILL_SEARCHING = "Пока мы не нашли вам наставника"
SOMETHING_WRONG = "Что-то пошло не так"
LINK_BASE = "https://t.me/mentor_bot?start="
MOSCOW = ZoneInfo("Europe/Moscow")  # the school's zone in the settings


# ---- helpers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Taps:
    """How the two presses of a double tap were answered, and what the bot did on screen."""

    first: dict[str, Any]
    second: dict[str, Any]
    refused_edits: list[tuple[str, str]]  # edits Telegram refused: they changed nothing
    said: list[str]  # messages the bot sent the person meanwhile


async def double_tap(harness: Harness, user: int, message: Message, label: str) -> Taps:
    """The person presses the button whose label contains `label` twice, both presses sent
    before the bot has handled the first."""
    fake = harness.fake
    data = message.button(label)["callback_data"]
    refused, seen = len(fake.pointless_edits()), len(fake.bot_messages(user))
    fake.press(user, message, data)
    fake.press(user, message, data)
    await harness.deliver()
    first, second = (q.answer for q in list(fake.callback_queries.values())[-2:])
    assert first is not None and second is not None
    said = [m.text_or_empty() for m in fake.bot_messages(user)[seen:]]
    return Taps(first, second, fake.pointless_edits()[refused:], said)


def second_tap_changed_nothing(taps: Taps) -> None:
    """The repeated press got a short alert, or nothing at all: the screen stays as it is."""
    assert taps.second["show_alert"] is True or taps.second["text"] is None
    assert not any(SOMETHING_WRONG in text for text in taps.said), taps.said
    assert taps.refused_edits == [], "the second tap drew the screen again as it was"


async def count(harness: Harness, model: Any, *where: Any) -> int:
    async with harness.sessions() as session:
        found = await session.scalar(select(func.count()).select_from(model).where(*where))
    return int(found or 0)


def told(harness: Harness, user: int, part: str) -> int:
    """How many of the bot's messages to this person contain `part`."""
    return sum(part in m.text_or_empty() for m in harness.fake.bot_messages(user))


def newest(harness: Harness, user: int, part: str) -> Message:
    """The bot's newest message to this person that contains `part`."""
    return next(m for m in reversed(harness.fake.bot_messages(user)) if part in m.text_or_empty())


async def the_pair(harness: Harness) -> Pair:
    async with harness.sessions() as session:
        [pair] = (await session.scalars(select(Pair))).all()
    return pair


async def agreement_rows(harness: Harness) -> list[tuple[str, str, int | None]]:
    async with harness.sessions() as session:
        rows = await session.execute(
            select(Agreement.side, Agreement.kind, Agreement.signer_telegram_id)
        )
        return [(side, kind, signer) for side, kind, signer in rows]


async def link_opened_by(harness: Harness) -> list[int | None]:
    async with harness.sessions() as session:
        return list(await session.scalars(select(AgreementLink.parent_telegram_id)))


def agreement_link(harness: Harness, user: int) -> str:
    """The payload of the newest link for a parent the bot sent this teenager."""
    text = newest(harness, user, "?start=a_").text_or_empty()
    return text.split("?start=", 1)[1].split()[0]


def labels(message: Message) -> list[str]:
    return [b["text"] for b in message.buttons()]


async def teen_pair(harness: Harness) -> str:
    """A parent-mentor and a 14–17-year-old who consented alone (no parent in the bot), made
    a pair: the link for a parent the teenager got."""
    fake = harness.fake
    for user, name in ((CURATOR_ID, "Ольга"), (MENTOR, "Игорь"), (PARENT, "Мама")):
        fake.add_user(user, name)
    fake.add_user(TEEN, "Саша", username="sasha_teen")
    await mentor_signs_up(harness, MENTOR, "Смирнов Игорь")
    await mentee_signs_up(harness, TEEN, "Петров Саша")
    await harness.send(CURATOR_ID, "/match")
    await approve_all(harness)
    return agreement_link(harness, TEEN)


async def ask_to_extend(harness: Harness) -> Message:
    """A working pair whose mentor asks to extend it: the offer the mentee got."""
    await working_pair(harness)
    await harness.send(MENTOR, "/pair")
    await harness.press(MENTOR, "Продлить на 3 месяца")
    return newest(harness, MENTEE, "предлагает продлить")


async def extensions(harness: Harness) -> list[Extension]:
    async with harness.sessions() as session:
        return list((await session.scalars(select(Extension).order_by(Extension.id))).all())


MENTORS = {MENTOR: "Соколова Ирина", MENTOR_2: "Орлов Олег"}
MENTEES = {
    MENTEE: "Павлов Павел",
    MENTEE_2: "Нинина Нина",
    MENTEE_3: "Олегов Олег",
    MENTEE_4: "Лебедева Ольга",
    MENTEE_5: "Зайцев Иван",
}


async def teachers(harness: Harness, mentors: list[int], mentees: list[int]) -> None:
    """The curator, teacher-mentors (two places each) and teacher-mentees, signed up."""
    harness.fake.add_user(CURATOR_ID, "Ольга")
    for user in mentors:
        harness.fake.add_user(user, MENTORS[user].split()[1])
        await teacher_mentor_signs_up(harness, user, MENTORS[user])
    for user in mentees:
        harness.fake.add_user(user, MENTEES[user].split()[1])
        await teacher_mentee_signs_up(harness, user, MENTEES[user])


def mentee_on(screen: Message) -> int:
    """The mentee of the pair a review screen shows («Пара N из M», then «mentor → mentee»)."""
    shown = screen.text_or_empty().split("\n")[1].split(" → ")[1].strip()
    return next(user for user, name in MENTEES.items() if name == shown)


# ---- a double tap on every button of pairs and /match --------------------------------------
# The agreement and the extension offer


async def test_double_tap_accept_records_one_answer_and_one_notice_each(harness: Harness) -> None:
    await proposed_pair(harness)
    taps = await double_tap(harness, MENTEE, newest(harness, MENTEE, AGREEMENT), "Принимаю")
    assert taps.first == {"text": "Спасибо! Ждём, когда ответят остальные.", "show_alert": False}
    assert taps.second == {"text": "Вы уже ответили на это соглашение.", "show_alert": True}
    assert await count(harness, Agreement) == 1
    second_tap_changed_nothing(taps)

    taps = await double_tap(harness, MENTOR, newest(harness, MENTOR, AGREEMENT), "Принимаю")
    assert "пара начинает работу" in str(taps.first["text"])
    assert taps.second == {"text": "Это соглашение больше не ждёт ответа.", "show_alert": True}
    assert await count(harness, Agreement) == 2
    assert (await the_pair(harness)).status == "active"
    assert told(harness, MENTEE, "Пара сложилась") == 1
    assert told(harness, MENTOR, "Пара сложилась") == 1
    assert told(harness, CURATOR_ID, "Пара начала работу") == 1
    second_tap_changed_nothing(taps)


async def test_double_tap_decline_asks_why_once(harness: Harness) -> None:
    await proposed_pair(harness)
    offer = newest(harness, MENTEE, AGREEMENT)
    taps = await double_tap(harness, MENTEE, offer, "Не принимаю")
    assert labels(offer)[-2:] == ["Другая причина", "⬅️ Назад"]
    assert await count(harness, Agreement) == 0
    second_tap_changed_nothing(taps)


async def test_double_tap_a_decline_reason_declines_once(harness: Harness) -> None:
    await proposed_pair(harness)
    offer = newest(harness, MENTEE, AGREEMENT)
    await harness.press(MENTEE, "Не принимаю", offer)
    taps = await double_tap(harness, MENTEE, offer, "Не подходит время")
    assert taps.first == {
        "text": "Вы отказались от соглашения. Куратор подберёт другую пару.",
        "show_alert": False,
    }
    assert taps.second == {"text": "Это соглашение больше не ждёт ответа.", "show_alert": True}
    assert offer.buttons() == []
    assert await count(harness, Agreement) == 1
    assert (await the_pair(harness)).status == "ended"
    assert told(harness, CURATOR_ID, "Соглашение не принято") == 1
    assert told(harness, MENTOR, "не сложилась") == 1
    assert told(harness, MENTEE, "не сложилась") == 1
    second_tap_changed_nothing(taps)


async def test_double_tap_back_shows_the_two_answers_once(harness: Harness) -> None:
    await proposed_pair(harness)
    offer = newest(harness, MENTEE, AGREEMENT)
    await harness.press(MENTEE, "Не принимаю", offer)
    taps = await double_tap(harness, MENTEE, offer, "Назад")
    assert labels(offer) == ["✅ Принимаю", "❌ Не принимаю"]
    assert await count(harness, Agreement) == 0
    second_tap_changed_nothing(taps)


@pytest.mark.parametrize(
    ("label", "answer", "months", "both_told", "curators_told"),
    [
        ("Продлить", "Продлили.", 12, "теперь срок — 12 месяцев.", "Пара продлена"),
        ("Не продлевать", "Хорошо, пара не продлевается.", 9, "не согласовано", "Продление не"),
    ],
    ids=["agree", "decline"],
)
async def test_double_tap_an_answer_to_an_extension_counts_once(
    harness: Harness, *, label: str, answer: str, months: int, both_told: str, curators_told: str
) -> None:
    offer = await ask_to_extend(harness)
    taps = await double_tap(harness, MENTEE, offer, label)
    assert taps.first == {"text": answer, "show_alert": False}
    assert taps.second == {"text": "Вы уже ответили на это предложение.", "show_alert": True}
    [extension] = await extensions(harness)
    assert extension.accepted is (months == 12) and extension.answered_at is not None
    assert (await the_pair(harness)).months == months
    assert told(harness, MENTOR, both_told) == told(harness, MENTEE, both_told) == 1
    assert told(harness, CURATOR_ID, curators_told) == 1
    second_tap_changed_nothing(taps)


# /pair


async def test_double_tap_pause_never_resumes_and_tells_each_side_once(harness: Harness) -> None:
    await working_pair(harness)
    screen = await harness.send(MENTEE, "/pair")
    taps = await double_tap(harness, MENTEE, screen, "Поставить пару на паузу")
    assert taps.second == {"text": "Пара уже на паузе.", "show_alert": True}
    assert "Статус: на паузе" in screen.text_or_empty()
    assert (await the_pair(harness)).paused_at is not None
    for user in (MENTOR, MENTEE):
        assert told(harness, user, "⏸ Ваша пара (") == 1
        assert told(harness, user, "снова работает") == 0
    assert told(harness, CURATOR_ID, "Пара на паузе") == 1
    second_tap_changed_nothing(taps)


async def test_double_tap_resume_resumes_once(harness: Harness) -> None:
    await working_pair(harness)
    screen = await harness.send(MENTEE, "/pair")
    await harness.press(MENTEE, "Поставить пару на паузу", screen)
    taps = await double_tap(harness, MENTEE, screen, "Снять паузу")
    assert taps.second == {"text": "Пара уже снята с паузы.", "show_alert": True}
    assert "Статус: работает" in screen.text_or_empty()
    assert (await the_pair(harness)).paused_at is None
    assert told(harness, MENTOR, "▶️ Ваша пара (") == 1
    assert told(harness, MENTEE, "▶️ Ваша пара (") == 1
    assert told(harness, CURATOR_ID, "Пара снова работает") == 1
    second_tap_changed_nothing(taps)


async def test_double_tap_extend_asks_once(harness: Harness) -> None:
    await working_pair(harness)
    screen = await harness.send(MENTOR, "/pair")
    taps = await double_tap(harness, MENTOR, screen, "Продлить на 3 месяца")
    assert taps.second == {"text": "Предложение продлить уже ждёт ответа.", "show_alert": True}
    assert "✅ Предложение продлить отправлено." in screen.text_or_empty()
    assert await count(harness, Extension) == 1
    assert told(harness, MENTEE, "предлагает продлить") == 1
    second_tap_changed_nothing(taps)


async def test_double_tap_ask_for_another_mentor_and_the_reason_twice_ask_once(
    harness: Harness,
) -> None:
    await proposed_pair(harness)
    screen = await harness.send(MENTEE, "/pair")
    taps = await double_tap(harness, MENTEE, screen, "Попросить другого наставника")
    assert "Напишите коротко, почему" in screen.text_or_empty()
    harness.fake.user_message(MENTEE, "Не совпадаем по времени")
    harness.fake.user_message(MENTEE, "Не совпадаем по времени")
    await harness.deliver()
    assert told(harness, CURATOR_ID, "просит заменить наставника") == 1
    assert await count(harness, AuditEntry, AuditEntry.action == "pair_replace_asked") == 1
    second_tap_changed_nothing(taps)


async def test_double_tap_the_waiting_agreement_sends_it_once(harness: Harness) -> None:
    await proposed_pair(harness)
    screen = await harness.send(MENTEE, "/pair")
    # The clock stands still: the service sends the agreement again once a minute at most.
    with time_machine.travel(datetime.now(UTC).replace(second=30), tick=False):
        taps = await double_tap(harness, MENTEE, screen, "📄 Соглашение: Соколова Ирина")
    assert "✅ Отправили отдельным сообщением ниже." in screen.text_or_empty()
    assert told(harness, MENTEE, AGREEMENT) == 2  # the first, and the one sent again
    second_tap_changed_nothing(taps)


async def test_double_tap_new_link_for_a_parent_sends_one_link_that_works(
    harness: Harness,
) -> None:
    first_link = await teen_pair(harness)
    screen = await harness.send(TEEN, "/pair")
    taps = await double_tap(harness, TEEN, screen, "🔗 Новая ссылка для родителя")
    assert told(harness, TEEN, "?start=a_") == 2  # the first, and one new
    new_link = agreement_link(harness, TEEN)
    assert new_link != first_link
    offer = await harness.send(PARENT, f"/start {new_link}")
    assert "для вашего ребёнка — Петров Саша." in offer.text_or_empty()
    second_tap_changed_nothing(taps)


# /match


async def test_double_tap_approve_all_makes_each_pair_once(harness: Harness) -> None:
    await teachers(harness, [MENTOR], [MENTEE])
    proposal = await harness.send(CURATOR_ID, "/match")
    await double_tap(harness, CURATOR_ID, proposal, "Утвердить все")  # to the summary, once
    assert "Отправить соглашения 1 паре" in proposal.text_or_empty()
    assert await count(harness, Pair) == 0  # nothing is sent before the summary is confirmed
    taps = await double_tap(harness, CURATOR_ID, proposal, "Отправить соглашения")
    assert "Утверждено пар: 1" in proposal.text_or_empty()
    assert await count(harness, Pair) == 1
    assert told(harness, MENTOR, AGREEMENT) == 1
    assert told(harness, MENTEE, AGREEMENT) == 1
    second_tap_changed_nothing(taps)


async def review(harness: Harness) -> Message:
    """Two mentors, two mentees: /match, then «Просмотреть по одной»; the first pair's screen."""
    await teachers(harness, [MENTOR, MENTOR_2], [MENTEE, MENTEE_2])
    await harness.send(CURATOR_ID, "/match")
    screen = await harness.press(CURATOR_ID, "Просмотреть по одной")
    assert "Пара 1 из 2" in screen.text_or_empty()
    return screen


# «Принять»: test_a_double_tap_on_accept_in_the_review_never_decides_the_next_pair, below.
@pytest.mark.parametrize(
    ("label", "then", "summary", "rules"),
    [
        ("Пропустить", "Принять", "принято 1, пропущено 1, «никогда» — 0", 0),
        ("Никогда не ставить", "Пропустить", "принято 0, пропущено 1, «никогда» — 1", 1),
    ],
    ids=["skip", "never"],
)
async def test_double_tap_a_review_decision_decides_one_pair(
    harness: Harness, *, label: str, then: str, summary: str, rules: int
) -> None:
    screen = await review(harness)
    taps = await double_tap(harness, CURATOR_ID, screen, label)
    assert taps.second == {"text": "Эта пара уже решена.", "show_alert": True}
    assert "Пара 2 из 2" in screen.text_or_empty()
    assert await count(harness, PairRule) == rules
    assert summary in (await harness.press(CURATOR_ID, then, screen)).text_or_empty()
    second_tap_changed_nothing(taps)


async def test_double_tap_another_mentor_then_a_mentor_decides_one_pair(
    harness: Harness,
) -> None:
    screen = await review(harness)
    shown = screen.text_or_empty()
    other = "Орлов О." if "Соколова Ирина →" in shown else "Соколова И."
    choose = await double_tap(harness, CURATOR_ID, screen, "Другой наставник")
    assert "Выберите другого наставника" in screen.text_or_empty()
    chosen = await double_tap(harness, CURATOR_ID, screen, other)
    assert "Пара 2 из 2" in screen.text_or_empty()
    summary = await harness.press(CURATOR_ID, "Пропустить", screen)
    assert "принято 1, пропущено 1" in summary.text_or_empty()
    second_tap_changed_nothing(chosen)
    second_tap_changed_nothing(choose)


async def test_double_tap_send_agreements_makes_the_pairs_once(harness: Harness) -> None:
    screen = await review(harness)
    await harness.press(CURATOR_ID, "Принять", screen)
    summary = await harness.press(CURATOR_ID, "Принять", screen)
    assert "Отправить соглашения 2 парам" in summary.text_or_empty()
    taps = await double_tap(harness, CURATOR_ID, summary, "Отправить соглашения")
    assert "Утверждено пар: 2" in summary.text_or_empty()
    assert await count(harness, Pair) == 2
    assert told(harness, MENTEE, AGREEMENT) == told(harness, MENTEE_2, AGREEMENT) == 1
    assert told(harness, MENTOR, AGREEMENT) + told(harness, MENTOR_2, AGREEMENT) == 2
    second_tap_changed_nothing(taps)


async def test_double_tap_another_way_of_matching_switches_once(harness: Harness) -> None:
    await teachers(harness, [MENTOR], [MENTEE])
    proposal = await harness.send(CURATOR_ID, "/match")
    assert "Предложение пар (больше всего пар)" in proposal.text_or_empty()
    taps = await double_tap(harness, CURATOR_ID, proposal, "Другой способ подбора")
    assert "Предложение пар (лучшее совпадение)" in proposal.text_or_empty()
    second_tap_changed_nothing(taps)


async def test_double_tap_excel_sends_one_workbook(harness: Harness) -> None:
    await teachers(harness, [MENTOR], [MENTEE])
    proposal = await harness.send(CURATOR_ID, "/match")
    taps = await double_tap(harness, CURATOR_ID, proposal, "Excel")
    workbooks = [m for m in harness.fake.bot_messages(CURATOR_ID) if m.document]
    assert len(workbooks) == 1
    second_tap_changed_nothing(taps)


# /pairs


async def pair_card(harness: Harness) -> Message:
    """A pair waiting for its agreement, opened in /pairs."""
    await proposed_pair(harness)
    await harness.send(CURATOR_ID, "/pairs")
    return await harness.press(CURATOR_ID, "Павлов Павел")


async def test_double_tap_paper_agreement_records_it_once(harness: Harness) -> None:
    card = await pair_card(harness)
    taps = await double_tap(harness, CURATOR_ID, card, "Бумажное соглашение получено")
    assert taps.first == {"text": "Бумажное соглашение отмечено.", "show_alert": False}
    assert "Статус: работает" in card.text_or_empty()
    assert await count(harness, Agreement, Agreement.kind == "paper") == 2
    assert await count(harness, AuditEntry, AuditEntry.action == "paper_agreement") == 1
    assert told(harness, MENTEE, "Пара сложилась") == 1
    assert told(harness, MENTOR, "Пара сложилась") == 1
    assert told(harness, CURATOR_ID, "Пара начала работу") == 1
    second_tap_changed_nothing(taps)
    # The pair works now: «no longer works» would tell the curator the opposite.
    assert taps.second == {"text": "Соглашение этой пары уже отмечено.", "show_alert": True}


async def test_double_tap_end_pair_and_its_reason_twice_end_it_once(harness: Harness) -> None:
    card = await pair_card(harness)
    taps = await double_tap(harness, CURATOR_ID, card, "Завершить пару")
    assert "Почему пара завершается?" in card.text_or_empty()
    harness.fake.user_message(CURATOR_ID, "Переезд в другой город")
    harness.fake.user_message(CURATOR_ID, "Переезд в другой город")
    await harness.deliver()
    assert (await the_pair(harness)).status != "ended"  # asked first, and only once
    [confirm] = [
        m
        for m in harness.fake.bot_messages(CURATOR_ID)
        if any("Да, завершить пару" in b["text"] for b in m.buttons())
    ]
    ended = await double_tap(harness, CURATOR_ID, confirm, "Да, завершить пару")
    assert ended.second["show_alert"] is True
    assert (await the_pair(harness)).status == "ended"
    assert await count(harness, AuditEntry, AuditEntry.action == "pair_ended") == 1
    assert told(harness, CURATOR_ID, "Пара завершена.") == 1
    assert told(harness, MENTEE, "Куратор завершил вашу наставническую пару") == 1
    assert told(harness, MENTOR, "Куратор завершил вашу наставническую пару") == 1
    second_tap_changed_nothing(taps)


async def test_double_tap_a_mentee_when_pairing_by_hand_makes_one_pair(harness: Harness) -> None:
    await teachers(harness, [MENTOR], [MENTEE])
    await harness.send(CURATOR_ID, "/pairs")
    await harness.press(CURATOR_ID, "Пара вручную")
    screen = await harness.press(CURATOR_ID, "Соколова Ирина · 2")
    taps = await double_tap(harness, CURATOR_ID, screen, "Павлов Павел")
    assert "Утверждено пар: 1" in str(taps.first["text"])
    assert await count(harness, Pair) == 1
    assert told(harness, MENTOR, AGREEMENT) == 1
    assert told(harness, MENTEE, AGREEMENT) == 1
    second_tap_changed_nothing(taps)


async def test_double_tap_open_the_pair_under_a_request_opens_it_once(harness: Harness) -> None:
    await proposed_pair(harness)
    await harness.send(MENTEE, "/pair")
    await harness.press(MENTEE, "Попросить другого наставника")
    await harness.send(MENTEE, "Не совпадаем по времени")
    request = newest(harness, CURATOR_ID, "просит заменить наставника")
    taps = await double_tap(harness, CURATOR_ID, request, "Открыть пару")
    assert told(harness, CURATOR_ID, "Пара 1: Соколова Ирина → Павлов Павел") == 1
    second_tap_changed_nothing(taps)


# Buttons that only lead to another screen


@pytest.mark.parametrize(
    ("user", "command", "before", "label", "shown"),
    [
        (CURATOR_ID, "/pairs", [], "Павлов Павел", "Пара 1: Соколова Ирина → Павлов Павел"),
        (CURATOR_ID, "/pairs", [], "Приказ для пар без приказа", "Напишите номер и дату"),
        (CURATOR_ID, "/pairs", [], "Пара вручную", "Выберите наставника"),
        (CURATOR_ID, "/pairs", ["Павлов Павел"], "Назад", "Пары (1)"),
        (CURATOR_ID, "/match", [], "Просмотреть по одной", "Пара 1 из 1"),
        (CURATOR_ID, "/match", [], "Отменить", "Предложение пар"),
        (MENTEE, "/pair", [], "Закрыть", "Соколова Ирина"),
    ],
    ids=[
        "pairs-open",
        "pairs-order",
        "pairs-by-hand",
        "pairs-back",
        "match-review",
        "match-discard",
        "pair-close",
    ],
)
async def test_double_tap_a_way_through_the_screens_moves_once(
    harness: Harness, *, user: int, command: str, before: list[str], label: str, shown: str
) -> None:
    await proposed_pair(harness)  # a pair in /pairs; and a second mentee for /match:
    harness.fake.add_user(MENTEE_2, "Нина")
    await teacher_mentee_signs_up(harness, MENTEE_2, "Нинина Нина")
    screen = await harness.send(user, command)
    for step in before:
        await harness.press(user, step, screen)
    taps = await double_tap(harness, user, screen, label)
    assert shown in screen.text_or_empty()
    second_tap_changed_nothing(taps)


# ---- one person never signs both sides -----------------------------------------------------


async def test_the_mentor_opening_the_teenagers_parent_link_is_refused_and_signs_nothing(
    harness: Harness,
) -> None:
    link = await teen_pair(harness)
    refused = await harness.send(MENTOR, f"/start {link}")
    assert refused.text_or_empty() == (
        "Эта ссылка — для родителя. Перешлите её родителю, а не открывайте сами."
    )
    assert refused.buttons() == []
    assert set(await link_opened_by(harness)) == {None}
    pair = await the_pair(harness)
    assert await agreements.may_answer(harness.sessions, pair.id, Role.MENTEE, MENTOR) is (
        Answered.NOT_YOURS
    )
    # /pair offers the mentor their own side only, never the teenager's.
    screen = await harness.send(MENTOR, "/pair")
    assert [b for b in labels(screen) if "Соглашение" in b] == ["📄 Соглашение: Петров Саша"]
    assert "Для вашего ребёнка" not in screen.text_or_empty()
    await harness.press(MENTOR, "Принимаю", newest(harness, MENTOR, AGREEMENT))
    assert await agreement_rows(harness) == [("mentor", "self", MENTOR)]
    assert (await the_pair(harness)).status == "waiting"


async def test_a_curator_opening_the_parent_link_is_refused_and_the_parent_signs_the_teen_side(
    harness: Harness,
) -> None:
    link = await teen_pair(harness)
    refused = await harness.send(CURATOR_ID, f"/start {link}")
    assert "Куратор не подписывает соглашение за родителя по ссылке" in refused.text_or_empty()
    assert set(await link_opened_by(harness)) == {None}

    offer = await harness.send(PARENT, f"/start {link}")
    assert "для вашего ребёнка — Петров Саша." in offer.text_or_empty()
    await harness.press(PARENT, "Принимаю", offer)
    assert await agreement_rows(harness) == [("mentee", "parent", PARENT)]
    pair = await the_pair(harness)
    assert await agreements.may_answer(harness.sessions, pair.id, Role.MENTOR, PARENT) is (
        Answered.NOT_YOURS
    )
    assert (await the_pair(harness)).status == "waiting"  # the mentor has not answered


# ---- extensions ----------------------------------------------------------------------------


async def test_an_extension_asked_again_after_a_decline_reaches_the_other_side(
    harness: Harness,
) -> None:
    declined = await ask_to_extend(harness)
    await harness.press(MENTEE, "Не продлевать", declined)
    screen = await harness.send(MENTOR, "/pair")
    await harness.press(MENTOR, "Продлить на 3 месяца", screen)
    assert "✅ Предложение продлить отправлено." in screen.text_or_empty()
    offer = newest(harness, MENTEE, "предлагает продлить")
    assert offer.message_id != declined.message_id
    assert labels(offer) == ["✅ Продлить", "Не продлевать"]
    await harness.press(MENTEE, "Продлить", offer)
    assert [(e.accepted) for e in await extensions(harness)] == [False, True]
    assert (await the_pair(harness)).months == 12


async def test_both_sides_asking_to_extend_at_once_open_one_request(harness: Harness) -> None:
    await working_pair(harness)
    pair = await the_pair(harness)
    outcomes = await asyncio.gather(
        agreements.ask_extension(harness.sessions, pair.id, pair.mentor_id),
        agreements.ask_extension(harness.sessions, pair.id, pair.mentee_id),
    )
    assert sorted(outcomes) == sorted([Extended.ASKED, Extended.ALREADY])
    assert await count(harness, Extension, Extension.answered_at.is_(None)) == 1
    await harness.sender.drain()
    offers = told(harness, MENTOR, "предлагает продлить") + told(
        harness, MENTEE, "предлагает продлить"
    )
    assert offers == 1


async def test_an_extension_beyond_twelve_months_is_refused_with_the_reason(
    harness: Harness,
) -> None:
    offer = await ask_to_extend(harness)
    await harness.press(MENTEE, "Продлить", offer)
    assert (await the_pair(harness)).months == 12
    screen = await harness.send(MENTOR, "/pair")
    await harness.press(MENTOR, "Продлить на 3 месяца", screen)
    assert harness.last_answer() == {
        "text": "Соглашение о наставничестве заключается не больше чем на 12 месяцев: "
        "продлить эту пару уже нельзя.",
        "show_alert": True,
    }
    assert await count(harness, Extension) == 1
    assert told(harness, MENTEE, "предлагает продлить") == 1
    pair = await the_pair(harness)
    assert await agreements.ask_extension(harness.sessions, pair.id, pair.mentee_id, 1) is (
        Extended.LIMIT
    )


# ---- /match: one pair at a time ------------------------------------------------------------


async def test_a_double_tap_on_accept_in_the_review_never_decides_the_next_pair(
    harness: Harness,
) -> None:
    screen = await review(harness)
    taps = await double_tap(harness, CURATOR_ID, screen, "Принять")
    assert taps.second == {"text": "Эта пара уже решена.", "show_alert": True}
    assert "Пара 2 из 2" in screen.text_or_empty()  # still on screen, still undecided:
    assert labels(screen)[:2] == ["✅ Принять", "⏭ Пропустить"]
    summary = await harness.press(CURATOR_ID, "Пропустить", screen)
    assert "Просмотрено: принято 1, пропущено 1, «никогда» — 0." in summary.text_or_empty()
    assert "Отправить соглашения 1 паре" in summary.text_or_empty()
    assert await count(harness, Pair) == 0  # nothing is made before the summary is confirmed


async def test_the_review_tells_every_mentee_left_without_a_pair_once(harness: Harness) -> None:
    await teachers(harness, [MENTOR, MENTOR_2], list(MENTEES))  # 4 places, 5 mentees
    proposal = await harness.send(CURATOR_ID, "/match")
    assert "у подходящих наставников нет мест" in proposal.text_or_empty()
    screen = await harness.press(CURATOR_ID, "Просмотреть по одной")
    decided: dict[str, list[int]] = {"Принять": [], "Пропустить": [], "Никогда не ставить": []}
    for label in ("Принять", "Пропустить", "Никогда не ставить", "Принять"):
        decided[label].append(mentee_on(screen))
        await harness.press(CURATOR_ID, label, screen)
    assert "принято 2, пропущено 1, «никогда» — 1" in screen.text_or_empty()
    await harness.press(CURATOR_ID, "Отправить соглашения", screen)
    assert "Утверждено пар: 2" in screen.text_or_empty()
    paired = decided["Принять"]
    left = [m for m in MENTEES if m not in paired]
    assert len(left) == 3  # skipped, «никогда», and the one the proposal left unmatched
    for mentee in left:
        assert told(harness, mentee, STILL_SEARCHING) == 1
        assert told(harness, mentee, AGREEMENT) == 0
    for mentee in paired:
        assert told(harness, mentee, STILL_SEARCHING) == 0
        assert told(harness, mentee, AGREEMENT) == 1


async def test_an_old_proposal_never_tells_a_mentee_paired_since_that_none_was_found(
    harness: Harness,
) -> None:
    await teachers(harness, [MENTOR], [MENTEE, MENTEE_2, MENTEE_3])  # 2 places, 3 mentees
    harness.fake.add_user(CURATOR_2, "Вера")
    await harness.send(CURATOR_2, "/start")
    await harness.send(CURATOR_ID, f"/curator add {CURATOR_2}")
    old = await harness.send(CURATOR_ID, "/match")
    [unmatched] = [
        user
        for user, name in MENTEES.items()
        if f"• {with_initials(name)} — " in old.text_or_empty()
    ]
    # Meanwhile a new mentor comes, and another curator pairs that mentee by hand.
    harness.fake.add_user(MENTOR_2, "Олег")
    await teacher_mentor_signs_up(harness, MENTOR_2, MENTORS[MENTOR_2])
    await harness.send(CURATOR_2, "/pairs")
    await harness.press(CURATOR_2, "Пара вручную")
    await harness.press(CURATOR_2, "Орлов Олег · 2")
    await harness.press(CURATOR_2, MENTEES[unmatched])
    assert told(harness, unmatched, AGREEMENT) == 1

    await approve_all(harness, old)
    assert "Утверждено пар: 2" in old.text_or_empty()
    assert told(harness, unmatched, STILL_SEARCHING) == 0
    assert await count(harness, Pair) == 3


# ---- /pairs finds people as they are written -----------------------------------------------


async def test_pairs_search_finds_a_name_with_yo_in_any_case(harness: Harness) -> None:
    harness.fake.add_user(CURATOR_ID, "Ольга")
    for user, name in ((MENTOR, "Пётр"), (MENTEE, "Павел")):
        harness.fake.add_user(user, name)
    await teacher_mentor_signs_up(harness, MENTOR, "Семёнов Пётр")
    await teacher_mentee_signs_up(harness, MENTEE, "Павлов Павел")
    await harness.send(CURATOR_ID, "/match")
    await approve_all(harness)
    for query in ("семенов", "СЕМЕНОВ", "Семёнов", "сЕмЁн", "петр"):
        found = await harness.send(CURATOR_ID, f"/pairs {query}")
        assert "Пары (1)" in found.text_or_empty(), query
        assert "Семёнов Пётр → Павлов Павел" in found.text_or_empty(), query
    assert "Пары (0)" in (await harness.send(CURATOR_ID, "/pairs семёнова")).text_or_empty()


# ---- a pair never waits forever ------------------------------------------------------------


async def test_an_agreement_lost_while_blocked_is_answered_from_pair(harness: Harness) -> None:
    fake = harness.fake
    await teachers(harness, [MENTOR], [MENTEE])
    proposal = await harness.send(CURATOR_ID, "/match")
    # The curator approves as the mentee blocks the bot: the agreement finds the chat closed.
    summary = await harness.press(CURATOR_ID, "Утвердить все", proposal)
    fake.press(CURATOR_ID, summary, summary.button("Отправить соглашения")["callback_data"])
    fake.block(MENTEE)
    await harness.deliver()
    assert (await the_pair(harness)).status == "waiting"
    assert told(harness, MENTEE, AGREEMENT) == 0
    assert (
        await count(
            harness,
            OutboxMessage,
            OutboxMessage.chat_id == MENTEE,
            OutboxMessage.dropped_at.is_not(None),
        )
        == 1
    )
    fake.unblock(MENTEE)
    await harness.deliver()

    screen = await harness.send(MENTEE, "/pair")
    assert "Соглашение о наставничестве ждёт вашего ответа" in screen.text_or_empty()
    await harness.press(MENTEE, "📄 Соглашение: Соколова Ирина", screen)
    assert "✅ Отправили отдельным сообщением ниже." in screen.text_or_empty()
    offer = newest(harness, MENTEE, AGREEMENT)
    assert "Куратор подобрал вам наставника:\n\n👤 Соколова Ирина — " in offer.text_or_empty()
    await harness.press(MENTEE, "Принимаю", offer)
    assert await agreement_rows(harness) == [("mentee", "self", MENTEE)]


async def test_a_teenager_gets_a_new_parent_link_from_pair_and_the_old_one_stops_working(
    harness: Harness,
) -> None:
    old = await teen_pair(harness)
    async with harness.sessions.begin() as session:
        expired = utcnow() - timedelta(seconds=1)
        await session.execute(update(AgreementLink).values(expires_at=expired))
    refused = await harness.send(PARENT, f"/start {old}")
    assert "Срок действия ссылки истёк (она действует 7 дней)" in refused.text_or_empty()

    screen = await harness.send(TEEN, "/pair")
    assert "Соглашение ждёт подписи родителя" in screen.text_or_empty()
    await harness.press(TEEN, "🔗 Новая ссылка для родителя", screen)
    new = agreement_link(harness, TEEN)
    assert new != old
    stale = await harness.send(PARENT, f"/start {old}")
    assert "Для вашего ребёнка" not in stale.text_or_empty() and stale.buttons() == []
    assert set(await link_opened_by(harness)) == {None}  # no link has a parent yet
    offer = await harness.send(PARENT, f"/start {new}")
    assert "для вашего ребёнка — Петров Саша." in offer.text_or_empty()
    await harness.press(PARENT, "Принимаю", offer)
    assert await agreement_rows(harness) == [("mentee", "parent", PARENT)]


REMINDER = "⏰ Напоминаем: соглашение о наставничестве ждёт ответа"


async def test_whoever_has_not_answered_is_reminded_once_after_three_days_in_the_daytime(
    harness: Harness,
) -> None:
    made = datetime(2026, 11, 30, 19, 0, tzinfo=UTC)  # a Monday, 22:00 in Moscow
    scheduler = FakeScheduler()
    version = consent_version(harness.translations)
    zone = harness.settings.tz
    assert zone == MOSCOW
    ctx = Context(
        harness.sessions, harness.translations, scheduler, zone, version, link_base=LINK_BASE
    )
    with time_machine.travel(made, tick=False) as clock:
        await proposed_pair(harness)
        await harness.press(MENTEE, "Принимаю", newest(harness, MENTEE, AGREEMENT))
        pair = await the_pair(harness)
        await tasks.replan(ctx)
        job = scheduler.jobs[f"agreement:{pair.id}"]
        # Three days on it is 22:00: the reminder waits for the morning.
        assert job.at == datetime(2026, 12, 4, 9, 0, tzinfo=MOSCOW)
        clock.move_to(made + timedelta(days=2))
        assert await scheduler.run_due(ctx, datetime.now(UTC)) == []
        clock.move_to(made + timedelta(days=3))
        await reminders.agreement_reminder(ctx, pair_id=pair.id)  # due, but in the night
        await harness.sender.drain()
        assert told(harness, MENTOR, REMINDER) == 0
        clock.move_to(job.at)
        assert await scheduler.run_due(ctx, datetime.now(UTC)) == [job.id]
        await harness.sender.drain()
        clock.shift(timedelta(days=2))  # and never again: planned anew, run again
        await tasks.replan(ctx)
        await scheduler.run_due(ctx, datetime.now(UTC))
        await reminders.agreement_reminder(ctx, pair_id=pair.id)
        await harness.sender.drain()
    assert told(harness, MENTOR, REMINDER) == 1
    assert told(harness, MENTEE, REMINDER) == 0  # the mentee has answered
    reminder = newest(harness, MENTOR, REMINDER)
    assert labels(reminder) == ["✅ Принимаю", "❌ Не принимаю"]
    await harness.press(MENTOR, "Принимаю", reminder)
    assert (await the_pair(harness)).status == "active"


async def test_pairs_shows_a_pair_waiting_over_seven_days_and_whose_answer_it_waits_for(
    harness: Harness,
) -> None:
    late = "⏳ Ждут соглашения дольше 7 дней (1):"
    with time_machine.travel(datetime(2026, 11, 30, 8, 0, tzinfo=UTC), tick=False) as clock:
        await teen_pair(harness)
        clock.shift(timedelta(days=6, hours=23))
        assert late not in (await harness.send(CURATOR_ID, "/pairs")).text_or_empty()
        clock.shift(timedelta(hours=2))
        listing = await harness.send(CURATOR_ID, "/pairs")
        assert late in listing.text_or_empty()
        assert (
            "1. Смирнов Игорь → Петров Саша: ждём наставника, родителя наставляемого"
            in listing.text_or_empty()
        )
        await harness.press(MENTOR, "Принимаю", newest(harness, MENTOR, AGREEMENT))
        listing = await harness.send(CURATOR_ID, "/pairs")
    assert "1. Смирнов Игорь → Петров Саша: ждём родителя наставляемого" in listing.text_or_empty()


# ---- contacts once the pair works ----------------------------------------------------------


async def test_pair_shows_a_minors_username_to_the_mentor_only_once_the_pair_works(
    harness: Harness,
) -> None:
    link = await teen_pair(harness)
    before = await harness.send(MENTOR, "/pair")
    assert "@sasha_teen" not in before.text_or_empty()
    assert "Контакты появятся, когда соглашение примут все." in before.text_or_empty()
    await harness.press(MENTOR, "Принимаю", newest(harness, MENTOR, AGREEMENT))
    mentor_agreed = await harness.send(MENTOR, "/pair")
    assert "@sasha_teen" not in mentor_agreed.text_or_empty()  # the parent has not agreed yet
    offer = await harness.send(PARENT, f"/start {link}")
    await harness.press(PARENT, "Принимаю", offer)
    assert (await the_pair(harness)).status == "active"
    working = await harness.send(MENTOR, "/pair")
    assert "Написать в Telegram: @sasha_teen" in working.text_or_empty()
