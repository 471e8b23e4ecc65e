"""An update counts as handled only when its handling has finished; one left unfinished by a
process that died is handled again, and handling it again changes nothing twice."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_session_factory
from bot.db.models import Answer, SeenUpdate
from bot.services import updates
from bot.services.updates import Taken
from tests.harness import Harness

USER = 9701


async def test_an_update_is_taken_once_and_taken_over_from_a_dead_boot(engine: AsyncEngine) -> None:
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        assert await updates.claim_update(session, 1, 10, "boot-a") is Taken.NEW
        assert await updates.claim_update(session, 1, 10, "boot-a") is Taken.SKIP  # under way
        assert await updates.claim_update(session, 1, 11, "boot-a") is Taken.NEW
        await updates.mark_handled(session, 1, 11, "boot-a")
    async with sessions.begin() as session:
        # boot-a died: its unfinished update is taken over once, its handled one never.
        assert await updates.claim_update(session, 1, 10, "boot-b") is Taken.AGAIN
        assert await updates.claim_update(session, 1, 10, "boot-b") is Taken.SKIP
        assert await updates.claim_update(session, 1, 11, "boot-b") is Taken.SKIP
        # A late mark of the dead boot does not count for the one that took it over.
        await updates.mark_handled(session, 1, 10, "boot-a")
        assert (
            await session.scalar(select(SeenUpdate.handled_at).where(SeenUpdate.update_id == 10))
            is None
        )


async def test_every_update_is_marked_handled_with_what_it_changed(harness: Harness) -> None:
    harness.fake.add_user(USER, "Ира")
    await harness.send(USER, "/start")
    await harness.press(USER, "Хочу быть наставником")
    async with harness.sessions() as session:
        rows = (await session.execute(select(SeenUpdate.boot, SeenUpdate.handled_at))).all()
    assert len(rows) == 2 and all(boot and handled for boot, handled in rows)


async def test_a_typed_answer_handled_again_after_a_crash_counts_once(harness: Harness) -> None:
    fake = harness.fake
    fake.add_user(USER, "Ира")
    await harness.send(USER, "/start")
    await harness.press(USER, "Хочу быть наставником")
    await harness.press(USER, "Педагог")
    await harness.press(USER, "Даю согласие")
    answer = fake.user_message(USER, "Соколова Ирина")
    await harness.deliver()
    assert "2 / " in fake.last_bot_message(USER).text_or_empty()
    # As if the process had died before marking it: another boot gets it again from Telegram.
    async with harness.sessions.begin() as session:
        await session.execute(
            update(SeenUpdate)
            .where(SeenUpdate.update_id == answer["update_id"])
            .values(handled_at=None, boot="dead-boot")
        )
    await harness.dispatcher.feed_raw_update(harness.bot, answer)
    # The name is not taken as the answer to the next question: that one is still asked.
    assert "2 / " in fake.last_bot_message(USER).text_or_empty()
    async with harness.sessions() as session:
        answers: dict[str, object] = dict(
            (await session.execute(select(Answer.question_id, Answer.value))).all()
        )
    assert answers == {"full_name": "Соколова Ирина"}


async def test_a_batch_is_stored_as_it_arrives_and_an_unfinished_one_is_handled_at_start(
    engine: AsyncEngine,
) -> None:
    sessions = create_session_factory(engine)
    batch = [{"update_id": n, "message": {"text": f"{n}"}} for n in (5, 6, 7)]
    assert set(await updates.receive(sessions, 1, "boot-a", batch)) == {5, 6, 7}
    assert set(await updates.receive(sessions, 1, "boot-a", batch[:1])) == set()  # under way here
    async with sessions.begin() as session:
        await updates.mark_handled(session, 1, 5, "boot-a")
    # boot-a died with 6 and 7 unfinished; the next process takes them over at start.
    assert [u["update_id"] for u in await updates.unfinished(sessions, 1, "boot-b")] == [6, 7]
    assert await updates.unfinished(sessions, 1, "boot-b") == []
    # Telegram sending 5 or 6 again changes nothing: handled, or under way in boot-b.
    assert set(await updates.receive(sessions, 1, "boot-b", batch[:2])) == set()
    async with sessions() as session:
        rows: dict[int, object] = dict(
            (await session.execute(select(SeenUpdate.update_id, SeenUpdate.payload))).all()
        )
    assert rows[5] is None and rows[6] == batch[1]  # content kept only until handled
