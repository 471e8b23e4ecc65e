"""Curators: from the settings, added by a curator, with their own commands."""

from __future__ import annotations

from bot.app import Database, prepare_data
from bot.db.engine import create_session_factory
from bot.services import curators
from tests.conftest import CURATOR_ID
from tests.harness import Harness

USER = 2002


async def test_non_curator_does_not_get_curator_command(harness: Harness) -> None:
    harness.fake.add_user(USER, "Аня")
    reply = await harness.send(USER, "/curator add 1")
    assert "Я не знаю команды /curator" in reply.text_or_empty()
    async with harness.sessions() as session:
        assert not await curators.is_curator(session, 1)


async def test_curator_sees_overview_and_adds_and_removes_a_curator(harness: Harness) -> None:
    harness.fake.add_user(CURATOR_ID, "Ольга")
    harness.fake.add_user(USER, "Новый куратор", "en")
    await harness.send(USER, "/start")  # the new curator has opened the bot
    overview = await harness.send(CURATOR_ID, "/curator")
    assert f"{CURATOR_ID}" in overview.text_or_empty()
    assert "В боте 2 человека" in overview.text_or_empty()

    added = await harness.send(CURATOR_ID, f"/curator add {USER}")
    assert f"Куратор {USER} добавлен" in added.text_or_empty()
    welcome = harness.fake.last_bot_message(USER)
    assert "You are now a curator" in welcome.text_or_empty()
    assert ("chat:2002", "ru") in harness.fake.commands
    names = [c["command"] for c in harness.fake.commands[("chat:2002", "")]]
    assert "curator" in names
    assert "/curator" in (await harness.send(USER, "/help")).text_or_empty()

    again = await harness.send(CURATOR_ID, f"/curator add {USER}")
    assert "уже куратор" in again.text_or_empty()
    removed = await harness.send(CURATOR_ID, f"/curator remove {USER}")
    assert "больше не куратор" in removed.text_or_empty()
    assert ("chat:2002", "") not in harness.fake.commands
    async with harness.sessions() as session:
        assert not await curators.is_curator(session, USER)


async def test_settings_curator_cannot_be_removed_by_command(harness: Harness) -> None:
    harness.fake.add_user(CURATOR_ID, "Ольга")
    reply = await harness.send(CURATOR_ID, f"/curator remove {CURATOR_ID}")
    assert "CURATOR_IDS" in reply.text_or_empty()
    bad = await harness.send(CURATOR_ID, "/curator add <script>")
    assert "Не понял id" in bad.text_or_empty()


async def test_curator_gets_curator_commands_on_first_contact(harness: Harness) -> None:
    harness.fake.add_user(CURATOR_ID, "Ольга")
    await harness.send(CURATOR_ID, "/start")
    names = [c["command"] for c in harness.fake.commands[(f"chat:{CURATOR_ID}", "ru")]]
    assert names[-1] == "curator"
    assert {"start", "help", "menu", "language", "cancel"} <= set(names)


async def test_settings_are_the_source_of_settings_curators(harness: Harness) -> None:
    db = Database(harness.engine, create_session_factory(harness.engine))
    await curators.add(harness.sessions, "Школа", 5, by=CURATOR_ID)
    settings = harness.settings.model_copy(update={"curator_ids": frozenset({9})})
    _, removed = await prepare_data(db, settings)
    assert removed == [CURATOR_ID]
    async with harness.sessions() as session:
        assert not await curators.is_curator(session, CURATOR_ID)
        assert await curators.is_curator(session, 9)
        assert await curators.is_curator(session, 5)  # added by a curator: stays
