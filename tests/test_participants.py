"""/participants for curators: numbers, search by name, paper consent for a child."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import AuditEntry, Consent, Person
from tests.conftest import CURATOR_ID
from tests.flows import child_asks_for_parent_link, mentor_signs_up
from tests.harness import Harness

MENTOR, CHILD, STRANGER = 6001, 6002, 6003


async def test_counts_and_search(harness: Harness) -> None:
    fake = harness.fake
    fake.add_user(CURATOR_ID, "Ольга")
    fake.add_user(MENTOR, "Игорь")
    await mentor_signs_up(harness, MENTOR, "Смирнов Игорь <script>")
    overview = await harness.send(CURATOR_ID, "/participants")
    assert "Родитель · наставник: 1" in overview.text_or_empty()
    assert "Согласий: 1" in overview.text_or_empty()
    found = await harness.send(CURATOR_ID, "/participants смирнов")
    assert "найден 1 участник" in found.text_or_empty()
    assert "Смирнов Игорь <script>" in found.text_or_empty()
    assert "анкета: заполнена" in found.text_or_empty()
    nobody = await harness.send(CURATOR_ID, "/participants Петров")
    assert "никого не нашлось" in nobody.text_or_empty()


async def test_only_curators_see_participants(harness: Harness) -> None:
    harness.fake.add_user(STRANGER, "Вася")
    reply = await harness.send(STRANGER, "/participants")
    assert "Я не знаю команды /participants" in reply.text_or_empty()


async def test_paper_consent_for_a_child_waiting_for_a_parent(harness: Harness) -> None:
    fake = harness.fake
    fake.add_user(CURATOR_ID, "Ольга")
    fake.add_user(CHILD, "Петя")
    fake.add_user(STRANGER, "Вася")
    await child_asks_for_parent_link(harness, CHILD)
    await harness.send(CURATOR_ID, "/participants")
    pending = fake.last_bot_message(CURATOR_ID)
    assert "Ждёт согласия родителя: Петя" in pending.text_or_empty()
    data = pending.button("Бумажное согласие")["callback_data"]

    # A forged press by someone who is not a curator does nothing.
    fake.press(STRANGER, pending, data)
    await harness.deliver()
    async with harness.sessions() as session:
        assert (await session.scalars(select(Consent))).all() == []

    await harness.press(CURATOR_ID, "Бумажное согласие", pending)
    async with harness.sessions() as session:
        [given] = (await session.scalars(select(Consent))).all()
        assert (given.kind, given.recorded_by) == ("paper", CURATOR_ID)
        child = await session.scalar(select(Person).where(Person.telegram_id == CHILD))
        assert child is not None and child.age_group == "under14"
        actions = (await session.scalars(select(AuditEntry.action))).all()
        assert "paper_consent" in actions
    assert "бумажное согласие" in fake.last_bot_message(CHILD).text_or_empty()
    assert "Анкета наставляемого" in (await harness.send(CHILD, "/start")).text_or_empty()
    # Pressing again (or an old copy of the button) changes nothing.
    fake.press(CURATOR_ID, pending, data)
    await harness.deliver()
    async with harness.sessions() as session:
        assert len((await session.scalars(select(Consent))).all()) == 1
