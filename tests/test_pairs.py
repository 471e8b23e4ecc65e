"""Pairs: the proposal, approval (never beyond a mentor's places), agreements, /pair."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import openpyxl
import time_machine
from sqlalchemy import select

from bot.db.models import Agreement, Curator, Extension, Pair, Person, utcnow
from bot.domain.reminders import months_later
from bot.i18n import consent_version
from bot.scheduling import tasks
from bot.services import pairs, proposals
from bot.services.pairs import Refusal
from bot.services.reminders import Context
from tests.conftest import CURATOR_ID
from tests.fake_scheduler import FakeScheduler
from tests.flows import (
    approve_all,
    mentee_signs_up,
    mentor_signs_up,
    teacher_mentee_signs_up,
    teacher_mentor_signs_up,
)
from tests.harness import Harness

MENTOR, MENTEE, MENTEE_2, MENTEE_3, STRANGER = 9601, 9602, 9603, 9604, 9605


def text(harness: Harness, user: int) -> str:
    return harness.fake.last_bot_message(user).text_or_empty()


async def ids(harness: Harness, *telegram_ids: int) -> list[int]:
    async with harness.sessions() as session:
        found = {
            p.telegram_id: p.id
            for p in await session.scalars(
                select(Person).where(Person.telegram_id.in_(telegram_ids))
            )
        }
    return [found[t] for t in telegram_ids]


async def proposed_pair(harness: Harness) -> None:
    """A teacher-mentor and a teacher-mentee whom the curator's approval made a pair."""
    for user, name in ((CURATOR_ID, "Ольга"), (MENTOR, "Ирина"), (MENTEE, "Павел")):
        harness.fake.add_user(user, name)
    await teacher_mentor_signs_up(harness, MENTOR, "Соколова Ирина")
    await teacher_mentee_signs_up(harness, MENTEE, "Павлов Павел")
    await harness.send(CURATOR_ID, "/match")
    await approve_all(harness)


async def working_pair(harness: Harness) -> None:
    """The same pair, with the agreement accepted by both."""
    await proposed_pair(harness)
    fake = harness.fake
    await harness.press(MENTEE, "Принимаю", fake.last_bot_message(MENTEE))
    await harness.press(MENTOR, "Принимаю", fake.last_bot_message(MENTOR))


async def test_match_approve_and_both_accept(harness: Harness) -> None:
    fake = harness.fake
    fake.add_user(CURATOR_ID, "Ольга")
    fake.add_user(MENTOR, "Ирина", username="irina_teacher")
    fake.add_user(MENTEE, "Павел")
    await teacher_mentor_signs_up(harness, MENTOR, "Соколова Ирина")
    await teacher_mentee_signs_up(harness, MENTEE, "Павлов Павел")
    proposal = await harness.send(CURATOR_ID, "/match")
    # One summary line, then the pair nobody chose (so it needs a look), with its reasons.
    assert "1 пара для 1 наставляемого (100 %)" in proposal.text_or_empty()
    assert "Посмотрите внимательнее — 1 пара, которую никто не выбирал:" in (
        proposal.text_or_empty()
    )
    assert "1. Соколова И. → Павлов П.: общие темы: 📐 Методика преподавания" in (
        proposal.text_or_empty()
    )
    await harness.press(CURATOR_ID, "Другой способ")
    assert "лучшее совпадение" in text(harness, CURATOR_ID)
    await approve_all(harness)
    assert "Утверждено пар: 1" in text(harness, CURATOR_ID)

    to_mentor = fake.last_bot_message(MENTOR)
    # Each side sees who the other is, as far as the work needs, and no contacts yet.
    offer = to_mentor.text_or_empty()
    assert "Вот кто будет с вами работать:\n\n👤 Павлов Павел — " in offer
    assert "С чем нужна помощь: 📐 Методика преподавания" in offer
    assert "Своими словами: «Хочу научиться вести уроки интереснее»" in offer
    assert "Удобно обоим: Выходные" in offer
    assert "«учитель – учитель»" in offer
    offer = fake.last_bot_message(MENTEE).text_or_empty()
    assert "Куратор подобрал вам наставника:\n\n👤 Соколова Ирина — Педагог" in offer
    assert "Чем занимается: Математика" in offer
    assert "@irina_teacher" not in offer
    to_mentee = fake.last_bot_message(MENTEE)
    # A forged answer from someone else changes nothing.
    fake.add_user(STRANGER, "Вова")
    await harness.send(STRANGER, "/start")
    data = to_mentee.button("Принимаю")["callback_data"]
    own = fake.last_bot_message(STRANGER)
    own.reply_markup = {"inline_keyboard": [[{"text": "Принимаю", "callback_data": data}]]}
    await harness.press_data(STRANGER, own, data)
    assert harness.last_answer()["text"] == "Это соглашение не для вас."

    await harness.press(MENTEE, "Принимаю", to_mentee)
    assert harness.last_answer()["text"] == "Спасибо! Ждём, когда ответят остальные."
    assert to_mentee.reply_markup is None
    # The answered agreement stays as a record: the date, the partner, what it waits for,
    # and whom to ask.
    kept = to_mentee.text_or_empty()
    today = datetime.now(ZoneInfo("Europe/Moscow")).strftime("%d.%m.%Y")
    assert kept.startswith(f"✅ Вы приняли соглашение о наставничестве {today}")
    assert "👤 Соколова Ирина — Педагог" in kept
    assert "⏳ Ждём ответа: наставника." in kept
    assert "Куратор программы — написать" in kept
    assert "tg://user?id=777" in [e.url for e in to_mentee.entities]
    await harness.press(MENTOR, "Принимаю", to_mentor)
    assert "пара работает" in to_mentor.text_or_empty()
    assert "пара начинает работу" in str(harness.last_answer()["text"])
    assert "Пара сложилась" in text(harness, MENTEE)
    assert "Пара начала работу" in text(harness, CURATOR_ID)
    async with harness.sessions() as session:
        [pair] = (await session.scalars(select(Pair))).all()
        agreements = (await session.scalars(select(Agreement))).all()
    assert (pair.status, pair.form, pair.months) == ("active", "teacher_teacher", 9)
    assert {(a.side, a.accepted, a.kind) for a in agreements} == {
        ("mentor", True, "self"),
        ("mentee", True, "self"),
    }
    mine = await harness.send(MENTEE, "/pair")
    assert "👤 Соколова Ирина — Педагог" in mine.text_or_empty()
    start = datetime.now(ZoneInfo("Europe/Moscow"))
    end = months_later(start, 9)
    assert f"срок — 9 месяцев: с {start:%d.%m.%Y} по {end:%d.%m.%Y}" in mine.text_or_empty()
    assert "@irina_teacher" in mine.text_or_empty()
    theirs = await harness.send(MENTOR, "/pair")
    assert "попросите куратора познакомить вас" in theirs.text_or_empty()  # no @username
    again = await harness.send(CURATOR_ID, "/match")
    assert "некого объединять" in again.text_or_empty()


async def test_a_decline_frees_both_and_tells_the_curator(harness: Harness) -> None:
    fake = harness.fake
    await proposed_pair(harness)
    offer = fake.last_bot_message(MENTEE)
    await harness.press(MENTEE, "Не принимаю", offer)  # first: why?
    assert [b["text"] for b in offer.buttons()][-2:] == ["Другая причина", "⬅️ Назад"]
    await harness.press(MENTEE, "Назад", offer)
    assert [b["text"] for b in offer.buttons()] == ["✅ Принимаю", "❌ Не принимаю"]
    await harness.press(MENTEE, "Не принимаю", offer)
    await harness.press(MENTEE, "Не подходит время", offer)
    assert offer.buttons() == []
    curator = text(harness, CURATOR_ID)
    assert "Соглашение не принято" in curator
    assert "Кто отказался: наставляемый (или его родитель). Причина: Не подходит время." in curator
    assert "остаётесь в программе" in text(harness, MENTOR)
    offers = [m for m in fake.bot_messages(MENTOR) if "Соглашение о наставн" in m.text_or_empty()]
    await harness.press(MENTOR, "Принимаю", offers[-1])
    assert harness.last_answer()["text"] == "Это соглашение больше не ждёт ответа."
    # They were a pair once: the matching never proposes them again.
    again = await harness.send(CURATOR_ID, "/match")
    assert "Соколова И. → Павлов П." not in again.text_or_empty()


async def test_two_curators_approving_at_once_never_exceed_a_mentors_places(
    harness: Harness,
) -> None:
    fake = harness.fake
    for user, name in (
        (MENTOR, "Ирина"),
        (MENTEE, "Павел"),
        (MENTEE_2, "Нина"),
        (MENTEE_3, "Олег"),
    ):
        fake.add_user(user, name)
    await teacher_mentor_signs_up(harness, MENTOR, "Соколова Ирина")  # two places
    await teacher_mentee_signs_up(harness, MENTEE, "Павлов Павел")
    await teacher_mentee_signs_up(harness, MENTEE_2, "Нинина Нина")
    await teacher_mentee_signs_up(harness, MENTEE_3, "Олегов Олег")
    mentor, *mentees = await ids(harness, MENTOR, MENTEE, MENTEE_2, MENTEE_3)
    version = consent_version(harness.translations)

    second_curator = 9699
    async with harness.sessions.begin() as session:
        session.add(Curator(telegram_id=second_curator, source="added", added_at=utcnow()))

    async def approve(chosen: list[int], by: int) -> proposals.Approval:
        return await proposals.approve(
            harness.sessions,
            version,
            [(mentor, mentee, None) for mentee in chosen],
            by=by,
            link_base="https://t.me/mentor_bot?start=",
        )

    first, second = await asyncio.gather(
        approve(mentees[:2], CURATOR_ID), approve(mentees[1:], second_curator)
    )
    made = len(first.made) + len(second.made)
    assert made == 2  # the mentor's two places, however the two approvals interleave
    reasons = {why for _, _, why in first.refused + second.refused}
    assert reasons <= {Refusal.NO_PLACE, Refusal.MENTEE_TAKEN}
    async with harness.sessions() as session:
        live = (await session.scalars(select(Pair).where(Pair.status == "waiting"))).all()
    assert len(live) == 2 and len({p.mentee_id for p in live}) == 2


async def test_a_withdrawal_ends_the_pair_and_the_partner_is_told_without_why(
    harness: Harness,
) -> None:
    await proposed_pair(harness)
    await harness.send(MENTEE, "/privacy")
    await harness.press(MENTEE, "Отозвать согласие")
    await harness.press(MENTEE, "Да, отозвать")
    told = text(harness, MENTOR)
    assert "пара завершилась" in told and "отозвал" not in told and "Павлов" not in told
    async with harness.sessions() as session:
        [pair] = (await session.scalars(select(Pair))).all()
    assert (pair.status, pair.end_reason) == ("ended", "withdrawn")
    assert "некого объединять" in (await harness.send(CURATOR_ID, "/match")).text_or_empty()


async def test_a_teenagers_parent_accepts_by_a_forwarded_link(harness: Harness) -> None:
    fake = harness.fake
    parent, other = 9611, 9612
    for user, name in ((CURATOR_ID, "Ольга"), (MENTOR, "Игорь"), (MENTEE, "Саша")):
        fake.add_user(user, name)
    fake.add_user(parent, "Мама")
    fake.add_user(other, "Сосед")
    await mentor_signs_up(harness, MENTOR, "Смирнов Игорь")  # a parent-mentor, an adult
    await mentee_signs_up(harness, MENTEE, "Петров Саша")  # 14–17, consented alone
    await harness.send(CURATOR_ID, "/match")
    await approve_all(harness)
    told = text(harness, MENTEE)
    assert "принимает родитель" in told and "?start=a_" in told
    payload = told.split("?start=", 1)[1].split()[0]
    # A button forwards it with a few words from the teenager: who asks, and why.
    share = fake.last_bot_message(MENTEE).button("Переслать родителю")["url"]
    assert share.startswith("https://t.me/share/url?url=")
    assert unquote(share.split("url=", 1)[1].split("&text=")[0]).endswith(f"?start={payload}")
    assert "соглашение за меня принимаешь ты" in unquote(share.split("&text=", 1)[1])
    assert "для родителя" in (await harness.send(MENTEE, f"/start {payload}")).text_or_empty()
    offer = await harness.send(parent, f"/start {payload}")
    assert "для вашего ребёнка — Петров Саша." in offer.text_or_empty()
    assert "уже ответили" in (await harness.send(other, f"/start {payload}")).text_or_empty()
    await harness.press(parent, "Принимаю", offer)
    assert harness.last_answer()["text"] == "Спасибо! Ждём, когда ответят остальные."
    await harness.press(MENTOR, "Принимаю", fake.last_bot_message(MENTOR))
    async with harness.sessions() as session:
        [pair] = (await session.scalars(select(Pair))).all()
        agreements = {a.side: a for a in await session.scalars(select(Agreement))}
    assert pair.status == "active" and pair.form == "employer_student"
    assert (agreements["mentee"].kind, agreements["mentee"].signer_telegram_id) == (
        "parent",
        parent,
    )


async def test_pairs_order_paper_agreement_end_and_a_pair_by_hand(harness: Harness) -> None:
    fake = harness.fake
    for user, name in ((CURATOR_ID, "Ольга"), (MENTOR, "Ирина"), (MENTEE, "Павел")):
        fake.add_user(user, name)
    fake.add_user(MENTEE_2, "Нина")
    await teacher_mentor_signs_up(harness, MENTOR, "Соколова Ирина")
    await teacher_mentee_signs_up(harness, MENTEE, "Павлов Павел")
    await harness.send(CURATOR_ID, "/match")
    await approve_all(harness)
    listing = await harness.send(CURATOR_ID, "/pairs")
    assert "Соколова Ирина → Павлов Павел · ждёт соглашения" in listing.text_or_empty()
    card = await harness.press(CURATOR_ID, "Павлов Павел")
    # Whose answer is missing, side by side.
    assert "Соглашение: Наставник ⏳ · Наставляемый ⏳" in card.text_or_empty()
    await harness.press(MENTOR, "Принимаю", fake.last_bot_message(MENTOR))
    await harness.press(CURATOR_ID, "Назад", card)
    card = await harness.press(CURATOR_ID, "Павлов Павел")
    day = datetime.now(ZoneInfo("Europe/Moscow"))
    assert f"Соглашение: Наставник ✅ {day:%d.%m} · Наставляемый ⏳" in card.text_or_empty()
    await harness.press(CURATOR_ID, "Бумажное соглашение", card)
    assert harness.last_answer()["text"] == "Бумажное соглашение отмечено."
    assert "Статус: работает" in card.text_or_empty()
    assert f"Наставляемый 📄 {day:%d.%m}" in card.text_or_empty()
    end = months_later(day, 9)
    assert f"Работает с {day:%d.%m.%Y} по {end:%d.%m.%Y}" in card.text_or_empty()
    assert "Пара сложилась" in text(harness, MENTEE)
    assert "Пара начала работу" in text(harness, CURATOR_ID)  # curators hear of it too
    await harness.press(CURATOR_ID, "Назад", card)
    await harness.press(CURATOR_ID, "Приказ", card)
    await harness.send(CURATOR_ID, "вчера")
    assert "Не понял" in fake.bot_messages(CURATOR_ID)[-2].text_or_empty()
    await harness.send(CURATOR_ID, "15-о от 01.12.2026")
    assert "записан для пар: 1" in fake.bot_messages(CURATOR_ID)[-2].text_or_empty()
    assert "приказ № 15-о от 01.12.2026" in text(harness, CURATOR_ID)

    # A second mentee, paired by hand with the mentor's second place.
    await teacher_mentee_signs_up(harness, MENTEE_2, "Нинина Нина")
    await harness.send(CURATOR_ID, "/pairs")
    await harness.press(CURATOR_ID, "Пара вручную")
    await harness.press(CURATOR_ID, "Соколова Ирина · 1")
    await harness.press(CURATOR_ID, "Нинина Нина")
    assert "Утверждено пар: 1" in str(harness.last_answer()["text"])
    assert "Соглашение о наставничестве" in text(harness, MENTEE_2)

    await harness.press(CURATOR_ID, "Павлов Павел")
    await harness.press(CURATOR_ID, "Завершить пару")
    confirm = await harness.send(CURATOR_ID, "Переезд в другой город")
    # What will happen, and to whom, is asked once before anything is done.
    assert "Завершить пару 1?" in confirm.text_or_empty()
    assert "Наставник и наставляемый получат сообщение" in confirm.text_or_empty()
    async with harness.sessions() as session:
        assert (await session.get(Pair, 1)).status == "active"  # type: ignore[union-attr]
    await harness.press(CURATOR_ID, "Да, завершить пару", confirm)
    recent = [m.text_or_empty() for m in fake.bot_messages(CURATOR_ID)[-4:]]
    assert "Пара завершена." in recent
    # The other curators are told, with the reason; the one who ended it has her answer.
    told = [m.text_or_empty() for m in fake.bot_messages(CURATOR_ID)]
    assert not any(t.startswith("Пара завершена: ") for t in told)
    assert "Куратор завершил вашу наставническую пару (Соколова Ирина)" in text(harness, MENTEE)
    async with harness.sessions() as session:
        ended = await session.scalar(select(Pair).where(Pair.status == "ended"))
    assert ended is not None and ended.end_reason == "Переезд в другой город"


async def test_review_one_by_one_and_another_mentor(harness: Harness) -> None:
    fake = harness.fake
    mentor_2 = 9621
    for user, name in ((CURATOR_ID, "Ольга"), (MENTOR, "Ирина"), (MENTEE, "Павел")):
        fake.add_user(user, name)
    fake.add_user(MENTEE_2, "Нина")
    fake.add_user(mentor_2, "Олег")
    await teacher_mentor_signs_up(harness, MENTOR, "Соколова Ирина")
    await teacher_mentor_signs_up(harness, mentor_2, "Орлов Олег")
    await teacher_mentee_signs_up(harness, MENTEE, "Павлов Павел")
    await teacher_mentee_signs_up(harness, MENTEE_2, "Нинина Нина")
    await harness.send(CURATOR_ID, "/match")
    first = await harness.press(CURATOR_ID, "Просмотреть по одной")
    assert "Пара 1 из 2" in first.text_or_empty()
    await harness.press(CURATOR_ID, "Принять", first)
    second = fake.last_bot_message(CURATOR_ID)
    assert "Пара 2 из 2" in second.text_or_empty()
    proposed_mentor = (
        "Соколова Ирина" if "Соколова Ирина →" in second.text_or_empty() else "Орлов Олег"
    )
    other = "Орлов Олег" if proposed_mentor == "Соколова Ирина" else "Соколова Ирина"
    first_mentor = "Соколова Ирина" if "Соколова Ирина →" in first.text_or_empty() else "Орлов Олег"
    picker = await harness.press(CURATOR_ID, "Другой наставник", second)
    # Mentors with a free place, by surname and initials, with their places: the pair accepted
    # a moment ago takes a place of its mentor already.
    taken = 1 if first_mentor == other else 0
    short = "Орлов О." if other == "Орлов Олег" else "Соколова И."
    assert f"{short} — {taken} из 2" in [b["text"] for b in picker.buttons()]
    summary = await harness.press(CURATOR_ID, short)
    assert "Отправить соглашения 2 парам: 4 участникам?" in summary.text_or_empty()
    async with harness.sessions() as session:
        assert (await session.scalars(select(Pair))).all() == []  # nothing until confirmed
    await harness.press(CURATOR_ID, "Отправить соглашения", summary)
    assert "Утверждено пар: 2" in text(harness, CURATOR_ID)
    async with harness.sessions() as session:
        made = (await session.scalars(select(Pair))).all()
    assert len(made) == 2 and {p.status for p in made} == {"waiting"}


async def test_a_mentee_left_without_a_pair_is_told_kindly(harness: Harness) -> None:
    fake = harness.fake
    people = ((CURATOR_ID, "Ольга"), (MENTOR, "Ирина"), (MENTEE, "Павел"), (MENTEE_2, "Нина"))
    for user, name in people:
        fake.add_user(user, name)
    fake.add_user(MENTEE_3, "Олег")
    await teacher_mentor_signs_up(harness, MENTOR, "Соколова Ирина")  # two places
    for user, name in (
        (MENTEE, "Павлов Павел"),
        (MENTEE_2, "Нинина Нина"),
        (MENTEE_3, "Олегов Олег"),
    ):
        await teacher_mentee_signs_up(harness, user, name)
    proposal = await harness.send(CURATOR_ID, "/match")
    assert "у подходящих наставников нет мест" in proposal.text_or_empty()
    await approve_all(harness)
    searching = [
        user
        for user in (MENTEE, MENTEE_2, MENTEE_3)
        if any("остаётесь в поиске" in m.text_or_empty() for m in fake.bot_messages(user))
    ]
    assert len(searching) == 1


async def test_a_mentee_asks_for_another_mentor_and_the_curator_opens_the_pair(
    harness: Harness,
) -> None:
    fake = harness.fake
    await proposed_pair(harness)
    mine = await harness.send(MENTEE, "/pair")
    await harness.press(MENTEE, "Попросить другого наставника", mine)
    await harness.send(MENTEE, "Не совпадаем по времени")
    assert "Просьба передана куратору" in text(harness, MENTEE)
    request = fake.last_bot_message(CURATOR_ID)
    assert "Павлов Павел просит заменить наставника (Соколова Ирина)" in request.text_or_empty()
    assert "Не совпадаем по времени" in request.text_or_empty()
    assert not any("Не совпадаем" in m.text_or_empty() for m in fake.bot_messages(MENTOR))
    card = await harness.press(CURATOR_ID, "Открыть пару", request)
    assert "Пара 1" in card.text_or_empty() and card.button("Завершить пару")
    # A mentor may not ask on behalf of the mentee: the service checks the side.
    async with harness.sessions() as session:
        mentor_id = await session.scalar(select(Person.id).where(Person.telegram_id == MENTOR))
    assert mentor_id is not None
    assert not await pairs.ask(
        harness.sessions, 1, mentor_id, kind=pairs.Ask.REPLACE, reason="x", message_id=1
    )


async def test_proposal_excel_never_rule_search_and_a_forged_approval(harness: Harness) -> None:
    fake = harness.fake
    people = ((CURATOR_ID, "Ольга"), (MENTOR, "Ирина"), (MENTEE, "Павел"), (MENTEE_2, "Нина"))
    for user, name in people:
        fake.add_user(user, name)
    fake.add_user(STRANGER, "Вова")
    await teacher_mentor_signs_up(harness, MENTOR, "Соколова Ирина")
    await teacher_mentee_signs_up(harness, MENTEE, "Павлов Павел")
    await teacher_mentee_signs_up(harness, MENTEE_2, "Нинина Нина")
    proposal = await harness.send(CURATOR_ID, "/match")
    await harness.press(CURATOR_ID, "Excel", proposal)
    [sheet_message] = [m for m in fake.bot_messages(CURATOR_ID) if m.document]
    book = openpyxl.load_workbook(io.BytesIO(sheet_message.document_content))  # type: ignore[attr-defined]
    rows = list(book.active.iter_rows(values_only=True)) if book.active else []
    assert rows[0] == ("№", "Наставник", "Наставляемый", "Почему (или почему без пары)")
    assert {row[2] for row in rows[1:]} == {"Павлов Павел", "Нинина Нина"}
    # A forged "approve" from someone who is not a curator: the button was never theirs.
    screen = fake.last_bot_message(CURATOR_ID)
    data = screen.button("Утвердить все")["callback_data"]
    own = await harness.send(STRANGER, "/start")
    await harness.press_data(STRANGER, own, data)
    async with harness.sessions() as session:
        assert (await session.scalars(select(Pair))).all() == []
    # Never these two: the proposal leaves them apart.
    await harness.press(CURATOR_ID, "Просмотреть по одной", screen)
    first = fake.last_bot_message(CURATOR_ID).text_or_empty()
    await harness.press(CURATOR_ID, "Никогда не ставить")
    again = await harness.send(CURATOR_ID, "/match")
    left_apart = first.split("\n")[1]
    assert left_apart not in again.text_or_empty()
    await harness.send(CURATOR_ID, "/match")
    await approve_all(harness)
    found = await harness.send(CURATOR_ID, "/pairs нинина")
    expected = "Пары (0)" if "Нинина Нина" in left_apart else "Пары (1)"
    assert expected in found.text_or_empty()
    nobody = await harness.send(CURATOR_ID, "/pairs Петров")
    assert "Пары (0)" in nobody.text_or_empty()


def test_months_later_keeps_the_wall_clock_and_the_month_end() -> None:
    start = datetime(2026, 1, 31, 10, 30, tzinfo=ZoneInfo("Europe/Moscow"))
    assert months_later(start, 1) == datetime(2026, 2, 28, 10, 30, tzinfo=start.tzinfo)
    assert months_later(start, 13) == datetime(2027, 2, 28, 10, 30, tzinfo=start.tzinfo)
    assert months_later(datetime(2027, 11, 30, tzinfo=UTC), 3) == datetime(2028, 2, 29, tzinfo=UTC)


async def test_a_pair_is_completed_when_its_agreement_runs_out(harness: Harness) -> None:
    await working_pair(harness)
    scheduler = FakeScheduler()
    ctx = Context(
        harness.sessions,
        harness.translations,
        scheduler,
        harness.settings.tz,
        consent_version(harness.translations),
    )
    await tasks.replan(ctx)
    job = next(j for j in scheduler.jobs.values() if j.id.startswith("complete:"))
    async with harness.sessions() as session:
        [pair] = (await session.scalars(select(Pair))).all()
    assert pair.started_at is not None
    assert job.at.astimezone(UTC) == months_later(
        pair.started_at.astimezone(harness.settings.tz), 9
    ).astimezone(UTC)
    with time_machine.travel(job.at + timedelta(minutes=1), tick=False):
        await scheduler.run_due(ctx, job.at + timedelta(minutes=1))
        await harness.sender.drain()
    async with harness.sessions() as session:
        [pair] = (await session.scalars(select(Pair))).all()
    assert pair.status == "completed"
    # The final survey's invitation follows at once, or in the morning if it is night now.
    told = [m.text_or_empty() for m in harness.fake.bot_messages(MENTEE)[-2:]]
    assert any("Срок соглашения истёк" in t for t in told), told
    assert "завершила работу по сроку" in text(harness, CURATOR_ID)


async def test_pause_and_an_extension_both_sides_agree_to(harness: Harness) -> None:
    fake = harness.fake
    await working_pair(harness)

    mine = await harness.send(MENTEE, "/pair")
    await harness.press(MENTEE, "Поставить пару на паузу", mine)
    assert "Статус: на паузе" in mine.text_or_empty()
    assert "на паузе" in text(harness, MENTOR)
    await harness.press(MENTEE, "Снять паузу", mine)
    assert "Статус: работает" in mine.text_or_empty()

    theirs = await harness.send(MENTOR, "/pair")
    await harness.press(MENTOR, "Продлить на 3 месяца", theirs)
    assert "Предложение продлить отправлено" in theirs.text_or_empty()
    await harness.press(MENTOR, "Продлить на 3 месяца", theirs)
    assert harness.last_answer() == {
        "text": "Предложение продлить уже ждёт ответа.",
        "show_alert": True,
    }
    offer = fake.last_bot_message(MENTEE)
    assert "предлагает продлить наставничество ещё на 3 месяца." in offer.text_or_empty()
    data = offer.button("Продлить")["callback_data"]
    fake.press(MENTEE, offer, data)
    fake.press(MENTEE, offer, data)  # a double tap
    await harness.deliver()
    assert "уже ответили" in str(harness.last_answer()["text"])
    async with harness.sessions() as session:
        [pair] = (await session.scalars(select(Pair))).all()
        [extension] = (await session.scalars(select(Extension))).all()
    assert pair.months == 12 and extension.accepted is True and extension.answered_at is not None
    assert "теперь срок — 12 месяцев." in text(harness, MENTOR)
