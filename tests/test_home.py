"""Home screens by role: a curator's desk with live counts, a participant's next step and their
pair, a parent's child in the programme."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import func, select

from bot.db.models import Consent, Person
from bot.i18n import consent_version
from bot.services import events, privacy
from tests.conftest import CURATOR_ID
from tests.flows import child_asks_for_parent_link, teacher_mentee_signs_up
from tests.harness import Harness
from tests.test_pairs import MENTEE, MENTOR, proposed_pair

CHILD, PARENT, STRANGER = 9801, 9802, 9803


def labels(harness: Harness, user: int) -> list[str]:
    return [b["text"] for b in harness.fake.last_bot_message(user).buttons()]


async def test_a_curators_home_is_her_work_with_live_counts(harness: Harness) -> None:
    await proposed_pair(harness)  # one pair waiting for its agreement
    harness.fake.add_user(CHILD, "Петя")
    await child_asks_for_parent_link(harness, CHILD)  # a child waiting for a parent
    home = await harness.send(CURATOR_ID, "/start")
    text, buttons = home.text_or_empty(), labels(harness, CURATOR_ID)
    assert "кабинет куратора" in text
    assert "👥 Участники · 2 · ждут родителя 1" in buttons
    assert "🤝 Пары · 1 · ждут соглашения 1" in buttons
    assert "🧩 Подбор пар" in buttons and "📅 Встречи-нетворкинги" in buttons
    assert "📊 Выгрузка" in buttons and "🛠 Кураторы" in buttons
    assert not any("Начать участие" in b for b in buttons)
    assert "🙋 Участвовать в программе самому" in buttons

    pairs = await harness.press(CURATOR_ID, "Пары ·")
    assert "Пары (1)" in pairs.text_or_empty()
    await harness.send(CURATOR_ID, "/menu")
    await harness.press(CURATOR_ID, "Участники ·")
    shown = " ".join(m.text_or_empty() for m in harness.fake.bot_messages(CURATOR_ID)[-4:])
    assert "Ждёт согласия родителя" in shown or "ждёт согласия родителя" in shown.lower()
    await harness.press(CURATOR_ID, "Выгрузка")
    assert any(m.document for m in harness.fake.bot_messages(CURATOR_ID)[-3:])


async def test_a_participant_sees_what_comes_next_and_their_pair(harness: Harness) -> None:
    harness.fake.add_user(STRANGER, "Нина")
    await teacher_mentee_signs_up(harness, STRANGER, "Нинина Нина")
    menu = await harness.send(STRANGER, "/menu")
    assert "куратор подбирает пары" in menu.text_or_empty()
    assert "🤝 Моя пара" in labels(harness, STRANGER)

    await proposed_pair(harness)
    menu = await harness.send(MENTEE, "/menu")
    assert "соглашение о наставничестве ждёт вашего ответа" in menu.text_or_empty()
    await harness.press(MENTEE, "Принимаю", harness.fake.bot_messages(MENTEE)[-2])
    menu = await harness.send(MENTEE, "/menu")
    assert "соглашение приняли ещё не все — ждём остальных" in menu.text_or_empty()
    offers = [
        m
        for m in harness.fake.bot_messages(MENTOR)
        if m.buttons() and "Принимаю" in str(m.buttons())
    ]
    await harness.press(MENTOR, "Принимаю", offers[-1])
    menu = await harness.send(MENTEE, "/menu")
    assert "Ваш наставник</b> — Соколова Ирина" in menu.text_or_empty() or (
        "Ваш наставник — Соколова Ирина" in menu.text_or_empty()
    )
    pair = await harness.press(MENTEE, "Моя пара", menu)
    assert "Соколова Ирина" in pair.text_or_empty()
    # On a pause, «Что дальше» says so and how to go on.
    await harness.press(MENTEE, "Поставить пару на паузу", pair)
    menu = await harness.send(MENTEE, "/menu")
    assert "пара на паузе" in menu.text_or_empty()


async def test_a_parent_sees_the_child_and_may_withdraw_the_consent_she_gave(
    harness: Harness,
) -> None:
    fake = harness.fake
    fake.add_user(CHILD, "Петя")
    fake.add_user(PARENT, "Мария")
    fake.add_user(STRANGER, "Сосед")
    link = await child_asks_for_parent_link(harness, CHILD)
    await harness.send(PARENT, f"/start {link}")
    await harness.press(PARENT, "Даю согласие")
    await harness.send(PARENT, "Петрова Мария Ивановна")
    home = await harness.send(PARENT, "/menu")
    assert "Ваш ребёнок в программе" in home.text_or_empty()
    assert "пара ещё подбирается" in home.text_or_empty()
    buttons = labels(harness, PARENT)
    assert "📄 Соглашения ребёнка" in buttons and "⛔ Отозвать согласие за ребёнка" in buttons
    assert not any("Начать участие" in b for b in buttons)

    confirm = await harness.press(PARENT, "Отозвать согласие за ребёнка", home)
    assert "Чьё согласие отозвать" in confirm.text_or_empty()
    await harness.press(PARENT, "Отозвать согласие:", confirm)
    assert "Согласие отозвано" in fake.last_bot_message(PARENT).text_or_empty()
    assert "Ваш родитель отозвал согласие" in fake.last_bot_message(CHILD).text_or_empty()
    async with harness.sessions() as session:
        child = await session.scalar(select(Person).where(Person.telegram_id == CHILD))
        assert child is not None and child.role is None
        withdrawn = await session.scalar(
            select(func.count()).where(Consent.person_id == child.id, Consent.status == "withdrawn")
        )
    assert withdrawn == 1


async def test_only_the_parent_who_consented_may_withdraw(harness: Harness) -> None:
    fake = harness.fake
    fake.add_user(CHILD, "Петя")
    fake.add_user(PARENT, "Мария")
    link = await child_asks_for_parent_link(harness, CHILD)
    await harness.send(PARENT, f"/start {link}")
    await harness.press(PARENT, "Даю согласие")
    await harness.send(PARENT, "Петрова Мария Ивановна")
    async with harness.sessions() as session:
        child_id = await session.scalar(select(Person.id).where(Person.telegram_id == CHILD))
    assert child_id is not None
    version = consent_version(harness.translations)
    assert await privacy.withdraw_for_child(harness.sessions, STRANGER, child_id, version) is None
    assert await privacy.withdraw_for_child(harness.sessions, PARENT, child_id, version)
    assert await privacy.withdraw_for_child(harness.sessions, PARENT, child_id, version) is None


async def test_a_removed_curators_home_buttons_do_nothing(harness: Harness) -> None:
    second = 9804
    harness.fake.add_user(CURATOR_ID, "Ольга")
    harness.fake.add_user(second, "Вера")
    await harness.send(CURATOR_ID, "/start")
    await harness.send(second, "/start")
    await harness.send(CURATOR_ID, f"/curator add {second}")
    home = await harness.send(second, "/menu")
    assert "кабинет куратора" in home.text_or_empty()
    await harness.send(CURATOR_ID, f"/curator remove {second}")
    for label in ("Выгрузка", "Подбор пар", "Кураторы"):
        await harness.press(second, label, home)
        assert harness.last_answer() == {
            "text": "Это действие доступно только кураторам программы.",
            "show_alert": True,
        }
    assert not any(m.document for m in harness.fake.bot_messages(second))


async def test_what_comes_next_says_the_day_of_the_event_and_of_the_choices(
    harness: Harness,
) -> None:
    """The event ahead and the deadline of the choices are said as people say a day, with its
    weekday («чт, 10 декабря, 15:00»), on the home screen and in the invitation to choose."""
    harness.fake.add_user(STRANGER, "Нина")
    await teacher_mentee_signs_up(harness, STRANGER, "Нинина Нина")
    zone = harness.settings.tz
    now = datetime.now(zone)
    starts = (now + timedelta(days=7)).replace(hour=15, minute=0, second=0, microsecond=0)
    event = await events.create(
        harness.sessions,
        title="Встреча «Старт»",
        starts_at=starts,
        place="Актовый зал",
        by=CURATOR_ID,
    )
    assert event is not None
    ru = harness.translations.get("ru")
    when = ru.moment(starts, zone, today=now.date())
    assert re.fullmatch(r"(пн|вт|ср|чт|пт|сб|вс), \d{1,2} [а-я]+( \d{4})?, 15:00", when)
    menu = await harness.send(STRANGER, "/menu")
    assert f"встреча-нетворкинг «Встреча „Старт“» — {when}, Актовый зал" in menu.text_or_empty()

    async with harness.sessions() as session:
        person_id = await session.scalar(select(Person.id).where(Person.telegram_id == STRANGER))
    assert person_id is not None
    version = consent_version(harness.translations)
    await events.check_in(harness.sessions, event.token, person_id, version)
    closed = await events.close(harness.sessions, event.id, by=CURATOR_ID, zone=zone)
    assert closed is events.Closing.CLOSED
    closed_event = await events.get(harness.sessions, event.id)
    assert closed_event is not None and closed_event.choices_until is not None
    until = ru.moment(closed_event.choices_until, zone, today=datetime.now(zone).date())
    await harness.send(STRANGER, "/menu")
    home = next(
        m.text_or_empty()
        for m in reversed(harness.fake.bot_messages(STRANGER))
        if "Что дальше" in m.text_or_empty()
    )
    assert f"выберите наставников, с которыми хотели бы работать, до {until}." in home
    invitation = next(
        m for m in harness.fake.bot_messages(STRANGER) if "Спасибо, что пришли" in m.text_or_empty()
    )
    assert f"Выбор можно менять до {until}." in invitation.text_or_empty()
    assert "«Встреча „Старт“»" in invitation.text_or_empty()
