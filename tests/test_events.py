"""Networking events: a curator's event, check-in by the link (also through onboarding),
closing it, and the choices that follow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from bot.db.models import Attendance, Choice, Event, OutboxMessage, Person
from bot.i18n import consent_version
from bot.scheduling import tasks
from bot.services.reminders import Context
from tests.conftest import CURATOR_ID
from tests.fake_scheduler import FakeScheduler
from tests.fake_telegram import Message
from tests.flows import mentee_fills_questionnaire, mentee_signs_up, mentor_signs_up
from tests.harness import Harness

MENTOR, MENTOR_2, MENTEE, NEWCOMER, ABSENT = 9501, 9502, 9503, 9504, 9505


def text(harness: Harness, user: int) -> str:
    return harness.fake.last_bot_message(user).text_or_empty()


async def person_id(harness: Harness, telegram_id: int) -> int:
    async with harness.sessions() as session:
        found = await session.scalar(select(Person.id).where(Person.telegram_id == telegram_id))
    assert found is not None
    return found


async def create_event(harness: Harness) -> str:
    """The curator creates an event; returns the check-in payload."""
    harness.fake.add_user(CURATOR_ID, "Ольга")
    await harness.send(CURATOR_ID, "/event")
    assert "Встреч пока нет" in text(harness, CURATOR_ID)
    await harness.press(CURATOR_ID, "Новая встреча")
    await harness.send(CURATOR_ID, "ok")
    assert "от 3 до 150" in harness.fake.bot_messages(CURATOR_ID)[-2].text_or_empty()
    await harness.send(CURATOR_ID, "Нетворкинг <7 классы> & наставники")
    await harness.send(CURATOR_ID, "когда-нибудь")
    assert "Не понял дату" in harness.fake.bot_messages(CURATOR_ID)[-2].text_or_empty()
    await harness.send(CURATOR_ID, "завтра")  # a day without a time: the time is asked for
    assert "Во сколько" in harness.fake.bot_messages(CURATOR_ID)[-2].text_or_empty()
    await harness.send(CURATOR_ID, "05.12.2030 15:00")  # ahead for years: a past one is refused
    card = await harness.send(CURATOR_ID, "Актовый зал")
    assert "Нетворкинг <7 классы> & наставники" in card.text_or_empty()
    # The day as people say it, with its weekday (and its year, which is not this one).
    assert "🗓 чт, 5 декабря 2030, 15:00" in card.text_or_empty()
    assert "Отметились: 0" in card.text_or_empty()
    return card.text_or_empty().split("?start=", 1)[1].split()[0]


async def test_a_curator_creates_an_event_and_shows_its_qr_code(harness: Harness) -> None:
    payload = await create_event(harness)
    assert payload.startswith("e_") and len(payload) <= 64
    card = harness.fake.last_bot_message(CURATOR_ID)
    await harness.press(CURATOR_ID, "QR-код")
    poster = [m for m in harness.fake.bot_messages(CURATOR_ID) if m.document][-1]
    assert poster.document_content.startswith(b"\x89PNG")  # type: ignore[attr-defined]
    assert "наводят камеру" in (poster.caption or "")  # tests/test_printables.py: the rest
    again = harness.fake.last_bot_message(CURATOR_ID)
    assert again.message_id > poster.message_id and again.button("Обновить")  # buttons below
    assert card.buttons() == []  # the older card lost its buttons
    await harness.press(CURATOR_ID, "Обновить")
    assert harness.last_answer() == {"text": "Новых отметок нет.", "show_alert": True}
    async with harness.sessions() as session:
        [event] = (await session.scalars(select(Event))).all()
    assert event.starts_at == datetime(2030, 12, 5, 12, 0, tzinfo=UTC)  # 15:00 in Moscow


async def test_check_in_by_the_link_and_twice_is_harmless(harness: Harness) -> None:
    payload = await create_event(harness)
    harness.fake.add_user(MENTOR, "Игорь")
    await mentor_signs_up(harness, MENTOR, "Смирнов Игорь")
    assert (
        "Вы отмечены на встрече"
        in (await harness.send(MENTOR, f"/start {payload}")).text_or_empty()
    )
    assert "уже отмечены" in (await harness.send(MENTOR, f"/start {payload}")).text_or_empty()
    assert "не работает" in (await harness.send(MENTOR, "/start e_nosuchevent")).text_or_empty()
    await harness.press(CURATOR_ID, "Обновить")
    assert "Отметились: 1 (наставников: 1, наставляемых: 0)" in text(harness, CURATOR_ID)
    who = await harness.press(CURATOR_ID, "Кто пришёл")
    assert "1. Смирнов Игорь — наставник, Родитель" in who.text_or_empty()
    async with harness.sessions() as session:
        assert len((await session.scalars(select(Attendance))).all()) == 1


async def test_a_newcomer_is_checked_in_after_onboarding_even_through_a_restart(
    harness: Harness,
) -> None:
    payload = await create_event(harness)
    harness.fake.add_user(NEWCOMER, "Лена")
    reply = await harness.send(NEWCOMER, f"/start {payload}")
    assert (
        "сначала расскажите немного о себе"
        in harness.fake.bot_messages(NEWCOMER)[-2].text_or_empty()
    )
    assert "Кем вы хотите быть" in reply.text_or_empty()
    await harness.press(NEWCOMER, "Мне нужен наставник")
    await harness.press(NEWCOMER, "Ученик")
    await harness.press(NEWCOMER, "14–17")
    await harness.press(NEWCOMER, "Даю согласие")
    restarted = Harness.build(
        fake=harness.fake,
        settings=harness.settings,
        engine=harness.engine,
        translations=harness.translations,
        catalog=harness.dispatcher["catalog"],
    )
    await mentee_fills_questionnaire(restarted, NEWCOMER, "Лена Котова")
    said = [m.text_or_empty() for m in harness.fake.bot_messages(NEWCOMER)]
    assert any("И вы отмечены на встрече «Нетворкинг" in t for t in said)
    async with harness.sessions() as session:
        assert [a.person_id for a in await session.scalars(select(Attendance))] == [
            await person_id(harness, NEWCOMER)
        ]
    await restarted.bot.session.close()


async def close_with_three(harness: Harness) -> str:
    payload = await create_event(harness)
    for user, name in ((MENTOR, "Игорь"), (MENTOR_2, "Анна"), (MENTEE, "Саша")):
        harness.fake.add_user(user, name)
    await mentor_signs_up(harness, MENTOR, "Смирнов Игорь")
    await mentor_signs_up(harness, MENTOR_2, "Белова Анна")
    await mentee_signs_up(harness, MENTEE, "Петров Саша")
    for user in (MENTOR, MENTOR_2, MENTEE):
        await harness.send(user, f"/start {payload}")
    await harness.send(CURATOR_ID, "/event")
    await harness.press(CURATOR_ID, "Нетворкинг")
    await harness.press(CURATOR_ID, "Завершить встречу")
    await harness.press(CURATOR_ID, "Да, завершить")
    assert "Встреча завершена" in text(harness, CURATOR_ID)
    return payload


async def test_closing_invites_everyone_who_came_to_choose(harness: Harness) -> None:
    payload = await close_with_three(harness)
    invite = harness.fake.last_bot_message(MENTEE)
    assert "Выберите до трёх наставников" in invite.text_or_empty()
    assert "Отметьте наставляемых" in text(harness, MENTOR)
    harness.fake.add_user(ABSENT, "Вова")
    assert "уже завершилась" in (await harness.send(ABSENT, f"/start {payload}")).text_or_empty()

    board = await harness.press(MENTEE, "Выбрать", invite)
    assert "Смирнов Игорь" in board.text_or_empty() and "Белова Анна" in board.text_or_empty()
    assert "Петров Саша" not in board.text_or_empty()  # not oneself
    assert "+7" not in board.text_or_empty()  # no contacts on the cards
    numbers = {
        name: line.split(".")[0]
        for line in board.text_or_empty().splitlines()
        for name in ("Смирнов Игорь", "Белова Анна")
        if name in line
    }
    await harness.press(MENTEE, f"№{numbers['Белова Анна']}")
    await harness.press(MENTEE, f"№{numbers['Смирнов Игорь']}")
    await harness.press(MENTEE, "Сохранить")
    assert "Выбор сохранён" in text(harness, MENTEE)
    await harness.press(MENTEE, "Сохранить")
    assert harness.last_answer()["text"] == "Этот выбор уже сохранён."

    mentor_invite = harness.fake.last_bot_message(MENTOR)
    await harness.press(MENTOR, "Выбрать", mentor_invite)
    await harness.press(MENTOR, "№1")
    await harness.press(MENTOR, "Сохранить")

    async with harness.sessions() as session:
        rows = (await session.scalars(select(Choice).order_by(Choice.rank))).all()
    mentee, mentor, mentor_2 = (
        await person_id(harness, MENTEE),
        await person_id(harness, MENTOR),
        await person_id(harness, MENTOR_2),
    )
    assert {(r.chooser_id, r.chosen_id, r.rank) for r in rows} == {
        (mentee, mentor_2, 1),
        (mentee, mentor, 2),
        (mentor, mentee, None),
    }
    await harness.press(CURATOR_ID, "Кто кого выбрал")
    overview = text(harness, CURATOR_ID)
    assert "Петров Саша (наставляемый) → 1) Белова Анна, 2) Смирнов Игорь (взаимно)" in overview


async def test_choices_refuse_what_is_not_allowed(harness: Harness) -> None:
    await close_with_three(harness)
    invite = harness.fake.last_bot_message(MENTEE)
    event_data = invite.button("Выбрать")["callback_data"]
    board = await harness.press(MENTEE, "Выбрать", invite)
    # A forged card: oneself.
    intent = board.button("Сохранить")["callback_data"].split("\x1d")[0]
    me = await person_id(harness, MENTEE)
    await harness.press_data(MENTEE, board, f"{intent}\x1dc:{me}")
    assert "больше не работает" in str(harness.last_answer()["text"])
    # Someone who did not come presses a copy of the invitation's button.
    harness.fake.add_user(ABSENT, "Вова")
    await mentee_signs_up(harness, ABSENT, "Вова Сидоров")
    own = await harness.send(ABSENT, "/menu")
    forged = Message(
        own.message_id,
        ABSENT,
        True,
        own.text,
        reply_markup={"inline_keyboard": [[{"text": "Выбрать", "callback_data": event_data}]]},
    )
    harness.fake.messages[ABSENT][own.message_id] = forged
    await harness.press_data(ABSENT, forged, event_data)
    assert harness.last_answer()["text"] == "Выбирать могут те, кто отметился на встрече."
    # The menu leads to the choices while they are open; after the deadline nothing changes.
    menu = await harness.send(MENTEE, "/menu")
    board = await harness.press(MENTEE, "Выбор после встречи", menu)
    with time_machine.travel(datetime.now(UTC) + timedelta(days=4), tick=False):
        await harness.press(MENTEE, "№1", board)
        assert "Время выбора после этой встречи закончилось" in str(harness.last_answer()["text"])
        menu = await harness.send(MENTEE, "/menu")
        assert not [b for b in menu.buttons() if "Выбор после встречи" in b["text"]]
    async with harness.sessions() as session:
        assert (await session.scalars(select(Choice))).all() == []


async def test_one_reminder_to_those_who_have_not_chosen(harness: Harness) -> None:
    await close_with_three(harness)
    await harness.press(MENTEE, "Выбрать", harness.fake.last_bot_message(MENTEE))
    await harness.press(MENTEE, "№1")
    await harness.press(MENTEE, "Сохранить")
    scheduler = FakeScheduler()
    ctx = Context(
        harness.sessions,
        harness.translations,
        scheduler,
        harness.settings.tz,
        consent_version(harness.translations),
    )
    await tasks.replan(ctx)
    job = scheduler.jobs["choices:1"]
    with time_machine.travel(job.at, tick=False):
        await scheduler.run_due(ctx, job.at)
        await tasks.replan(ctx)
        await scheduler.run_due(ctx, job.at)
        await harness.sender.drain()
    reminded = {
        user: sum("ещё можно выбрать" in t.text_or_empty() for t in harness.fake.bot_messages(user))
        for user in (MENTOR, MENTOR_2, MENTEE)
    }
    assert reminded == {MENTOR: 1, MENTOR_2: 1, MENTEE: 0}


async def test_a_withdrawal_erases_check_ins_choices_and_messages(harness: Harness) -> None:
    await close_with_three(harness)
    await harness.press(MENTEE, "Выбрать", harness.fake.last_bot_message(MENTEE))
    await harness.press(MENTEE, "№1")
    await harness.press(MENTEE, "Сохранить")
    await harness.press(MENTOR, "Выбрать", harness.fake.last_bot_message(MENTOR))
    await harness.press(MENTOR, "№1")
    await harness.press(MENTOR, "Сохранить")
    mentee = await person_id(harness, MENTEE)
    await harness.send(MENTEE, "/privacy")
    await harness.press(MENTEE, "Отозвать согласие")
    await harness.press(MENTEE, "Да, отозвать")
    async with harness.sessions() as session:
        assert await session.get(Attendance, (1, mentee)) is None
        left = (await session.scalars(select(Choice))).all()
        assert all(mentee not in (c.chooser_id, c.chosen_id) for c in left)
        texts = (
            await session.scalars(select(OutboxMessage.text).where(OutboxMessage.chat_id == MENTEE))
        ).all()
        assert texts == []


async def test_matching_one_events_attendees_takes_their_choices_into_account(
    harness: Harness,
) -> None:
    await close_with_three(harness)
    board = await harness.press(MENTEE, "Выбрать", harness.fake.last_bot_message(MENTEE))
    number = next(
        line.split(".")[0] for line in board.text_or_empty().splitlines() if "Белова Анна" in line
    )
    await harness.press(MENTEE, f"№{number}")
    await harness.press(MENTEE, "Сохранить")
    await harness.send(CURATOR_ID, "/event")
    await harness.press(CURATOR_ID, "Нетворкинг")
    proposal = await harness.press(CURATOR_ID, "Подобрать пары")
    assert "Все пары — по выбору участников" in proposal.text_or_empty()
    one = await harness.press(CURATOR_ID, "Просмотреть по одной", proposal)
    assert "1-й выбор наставляемого" in one.text_or_empty()
    assert "Белова Анна → Петров Саша" in one.text_or_empty()
