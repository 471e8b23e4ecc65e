"""The SQL FSM storage behaves as aiogram's own storages do, and keeps the whole key."""

from __future__ import annotations

import pytest
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine
from bot.db.models import FsmRecord
from bot.storage import SQLStorage

KEY = StorageKey(bot_id=42, chat_id=-1001, user_id=2)


@pytest.fixture
def storage(engine: AsyncEngine) -> SQLStorage:
    return SQLStorage.from_engine(engine)


async def rows(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(FsmRecord)) or 0)


async def test_set_state(storage: SQLStorage) -> None:
    assert await storage.get_state(KEY) is None
    await storage.set_state(KEY, "state")
    assert await storage.get_state(KEY) == "state"
    await storage.set_state(KEY, State("st", group_name="Group"))
    assert await storage.get_state(KEY) == "Group:st"
    await storage.set_state(KEY, None)
    assert await storage.get_state(KEY) is None


async def test_set_data(storage: SQLStorage) -> None:
    assert await storage.get_data(KEY) == {}
    await storage.set_data(KEY, {"foo": "bar", "nested": {"n": [1, 2]}, "ru": "Привет"})
    assert await storage.get_data(KEY) == {"foo": "bar", "nested": {"n": [1, 2]}, "ru": "Привет"}
    await storage.set_data(KEY, {})
    assert await storage.get_data(KEY) == {}


async def test_update_data_and_get_value(storage: SQLStorage) -> None:
    assert await storage.update_data(KEY, {"foo": "bar"}) == {"foo": "bar"}
    assert await storage.update_data(KEY, {"baz": "spam"}) == {"foo": "bar", "baz": "spam"}
    assert await storage.get_value(KEY, "foo") == "bar"
    assert await storage.get_value(KEY, "missing") is None
    assert await storage.get_value(KEY, "missing", "default") == "default"


async def test_state_and_data_are_independent(storage: SQLStorage) -> None:
    await storage.set_state(KEY, "s")
    await storage.set_data(KEY, {"a": 1})
    await storage.set_state(KEY, None)
    assert await storage.get_data(KEY) == {"a": 1}
    await storage.set_state(KEY, "t")
    await storage.set_data(KEY, {})
    assert await storage.get_state(KEY) == "t"


async def test_every_part_of_the_key_counts(storage: SQLStorage) -> None:
    variants = [
        KEY,
        StorageKey(bot_id=42, chat_id=-1001, user_id=2, destiny="aiogd:stack:"),
        StorageKey(bot_id=42, chat_id=-1001, user_id=2, thread_id=5),
        StorageKey(bot_id=42, chat_id=-1001, user_id=2, business_connection_id="bc"),
        StorageKey(bot_id=43, chat_id=-1001, user_id=2),
        StorageKey(bot_id=42, chat_id=-1002, user_id=2),
        StorageKey(bot_id=42, chat_id=-1001, user_id=3),
    ]
    for index, key in enumerate(variants):
        await storage.set_data(key, {"i": index})
        await storage.set_state(key, f"s{index}")
    for index, key in enumerate(variants):
        assert await storage.get_data(key) == {"i": index}
        assert await storage.get_state(key) == f"s{index}"


async def test_empty_key_leaves_no_row(storage: SQLStorage, engine: AsyncEngine) -> None:
    await storage.set_state(KEY, "s")
    await storage.set_data(KEY, {"a": 1})
    assert await rows(engine) == 1
    await storage.set_state(KEY, None)
    await storage.set_data(KEY, {})
    assert await rows(engine) == 0


async def test_survives_a_new_engine(storage: SQLStorage, database_url: str) -> None:
    await storage.set_state(KEY, "s")
    await storage.set_data(KEY, {"a": [1, "б"]})
    other = create_engine(database_url)
    try:
        again = SQLStorage.from_engine(other)
        assert await again.get_state(KEY) == "s"
        assert await again.get_data(KEY) == {"a": [1, "б"]}
    finally:
        await other.dispose()


async def test_data_must_be_a_mapping(storage: SQLStorage) -> None:
    with pytest.raises(TypeError):
        await storage.set_data(KEY, ["not", "a", "dict"])  # type: ignore[arg-type]


async def test_a_batch_is_stored_when_it_ends(storage: SQLStorage, engine: AsyncEngine) -> None:
    async with storage.batch():
        await storage.set_state(KEY, "s")
        await storage.set_data(KEY, {"a": 1})
        assert await storage.get_state(KEY) == "s"  # seen at once by this process
        assert await rows(engine) == 0  # stored when the batch ends
    assert await rows(engine) == 1
    async with storage.batch():
        await storage.set_state(KEY, None)
        await storage.set_data(KEY, {})
    assert await rows(engine) == 0


async def test_returned_data_is_a_copy(storage: SQLStorage) -> None:
    await storage.set_data(KEY, {"nested": {"n": 1}})
    data = await storage.get_data(KEY)
    data["nested"]["n"] = 2
    assert await storage.get_data(KEY) == {"nested": {"n": 1}}


async def test_shared_storage_reads_a_chat_once_under_its_lock_and_nothing_beyond(
    engine: AsyncEngine,
) -> None:
    """Webhook workers: under the chat's lock the chat's rows (state, stack, contexts) are read
    in one query and kept; another key of the same chat read then costs nothing; once the lock
    is let go, a change another worker made is seen."""
    writer = SQLStorage.from_engine(engine)
    shared = SQLStorage.from_engine(engine, shared=True)
    stack, context = (
        StorageKey(bot_id=42, chat_id=7, user_id=7, destiny=d) for d in ("stack", "ctx")
    )
    await writer.set_state(KEY, "a")
    await writer.set_data(stack, {"intents": [1]})
    other_chat = StorageKey(bot_id=42, chat_id=8, user_id=8)
    await writer.set_state(other_chat, "b")
    selects: list[str] = []

    def on_statement(*args: object) -> None:
        if str(args[2]).lstrip().upper().startswith("SELECT"):
            selects.append(str(args[2]))

    event.listen(engine.sync_engine, "before_cursor_execute", on_statement)
    try:
        with shared.reading():
            assert await shared.get_data(stack) == {"intents": [1]}
            assert await shared.get_data(context) == {}  # the chat has no such row
            assert await shared.get_state(StorageKey(bot_id=42, chat_id=7, user_id=7)) is None
            assert len(selects) == 1
            assert await shared.get_state(other_chat) == "b"
            assert await shared.get_state(KEY) == "a"
            assert len(selects) == 3  # one per chat
        await writer.set_data(stack, {"intents": [2]})
        with shared.reading():
            assert await shared.get_data(stack) == {"intents": [2]}
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", on_statement)


async def test_a_chat_lock_taken_inside_another_reads_afresh(engine: AsyncEngine) -> None:
    """A task started while one chat's lock is held inherits its reading scope; the lock of
    the chat it handles opens a scope of its own, so it sees what was written since."""
    writer = SQLStorage.from_engine(engine)
    shared = SQLStorage.from_engine(engine, shared=True)
    stack = StorageKey(bot_id=42, chat_id=7, user_id=7, destiny="stack")
    await writer.set_data(stack, {"intents": [1]})
    with shared.reading():
        assert await shared.get_data(stack) == {"intents": [1]}
        await writer.set_data(stack, {"intents": [2]})
        assert await shared.get_data(stack) == {"intents": [1]}  # kept while held
        with shared.reading(fresh=True):
            assert await shared.get_data(stack) == {"intents": [2]}
        with shared.reading():  # no lock of its own: the scope already open
            assert await shared.get_data(stack) == {"intents": [1]}
