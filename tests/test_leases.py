"""Leases shared by the processes: one leader, a dead one replaced, a chat one update at a
time, a dead worker's updates taken over once."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine, create_session_factory
from bot.db.models import SeenUpdate, utcnow
from bot.scheduling.base import Job
from bot.scheduling.leader import Leadership, SharedScheduler
from bot.services import leases, updates
from bot.storage.isolation import AdvisoryIsolation, LocalIsolation

SECOND = timedelta(seconds=1)


class StubScheduler:
    def __init__(self) -> None:
        self.running = False
        self.starts = 0
        self.replans = 0
        self.planned: list[str] = []

    async def start(self) -> None:
        self.running = True
        self.starts += 1

    def shutdown(self) -> None:
        self.running = False

    async def replan(self) -> int:
        self.replans += 1
        return 0

    def plan(self, job: Job) -> None:
        self.planned.append(job.id)

    def cancel(self, job_id: str) -> None:
        self.planned.remove(job_id)


async def updates_rows(engine: AsyncEngine) -> list[Any]:
    async with engine.connect() as connection:
        return list(await connection.execute(select(SeenUpdate)))


class Unreachable:
    """A session factory while the database is away."""

    def __call__(self) -> None:
        raise ConnectionRefusedError("the database is away")

    begin = __call__


async def test_a_lease_is_held_by_one_until_its_time_passes(engine: AsyncEngine) -> None:
    sessions = create_session_factory(engine)
    now = utcnow()
    assert await leases.take(sessions, "x", "a", 30 * SECOND, now)
    assert not await leases.take(sessions, "x", "b", 30 * SECOND, now + 10 * SECOND)
    assert await leases.take(sessions, "x", "a", 30 * SECOND, now + 10 * SECOND)  # renewed
    held = await leases.held(sessions, "x", now + 20 * SECOND)
    assert held is not None and held.holder == "a"
    # a's time passes: b takes it, and a's late renewal fails.
    assert await leases.take(sessions, "x", "b", 30 * SECOND, now + 41 * SECOND)
    assert not await leases.take(sessions, "x", "a", 30 * SECOND, now + 42 * SECOND)
    await leases.give_up(sessions, "x", "a")  # not a's: nothing happens
    assert (await leases.held(sessions, "x", now + 42 * SECOND)) == leases.Held(
        "b", now + 71 * SECOND
    )


async def test_many_at_once_only_one_takes_it(engine: AsyncEngine) -> None:
    sessions = create_session_factory(engine)
    results = await asyncio.gather(
        *(leases.take(sessions, leases.LEADER, f"w{n}", 30 * SECOND) for n in range(8))
    )
    assert sum(results) == 1


async def test_one_leads_and_a_dead_leader_is_replaced(engine: AsyncEngine) -> None:
    sessions = create_session_factory(engine)
    first, second = StubScheduler(), StubScheduler()
    ttl = timedelta(seconds=0.6)
    a = Leadership(sessions, "a", first, ttl=ttl, renew_every=0.1)
    b = Leadership(sessions, "b", second, ttl=ttl, renew_every=0.1)
    stop_a, stop_b = asyncio.Event(), asyncio.Event()
    running_a = asyncio.create_task(a.run(stop_a))
    await asyncio.sleep(0.2)
    running_b = asyncio.create_task(b.run(stop_b))
    await asyncio.sleep(0.4)
    assert (a.leading, b.leading) == (True, False)
    assert (first.running, second.running) == (True, False)

    # A follower's plan asks the leader to plan again; the leader's plans at once.
    SharedScheduler(b, second, sessions, "b").plan(Job("j", "t", utcnow()))
    SharedScheduler(a, first, sessions, "a").plan(Job("k", "t", utcnow()))
    await asyncio.sleep(1.0)
    assert first.replans >= 1 and first.planned == ["k"] and second.planned == []

    # a freezes (it can no longer reach the database): b leads once a's lease has run out, and
    # a has stopped leading before then.
    a._sessions = Unreachable()  # type: ignore[assignment]
    await asyncio.sleep(1.2)
    assert (b.leading, second.running, second.starts) == (True, True, 1)
    assert (a.leading, first.running) == (False, False)
    stop_a.set()
    stop_b.set()
    await asyncio.gather(running_a, running_b)
    assert not second.running
    assert await leases.held(sessions, leases.LEADER) is None  # a clean stop lets it go


async def leading(engine: AsyncEngine) -> tuple[Leadership, StubScheduler]:
    """A leader of a lease of 0.6 s renewed every 0.1 s, its scheduler started."""
    stub = StubScheduler()
    leader = Leadership(
        create_session_factory(engine), "a", stub, ttl=timedelta(seconds=0.6), renew_every=0.1
    )
    await leader._step()
    await asyncio.sleep(0.05)  # the scheduler starts in a task of its own
    assert leader.leading and stub.running
    return leader, stub


async def test_a_leader_that_cannot_renew_stops_leading_before_its_lease_ends(
    engine: AsyncEngine,
) -> None:
    leader, stub = await leading(engine)
    leader._sessions = Unreachable()  # type: ignore[assignment]  # the database is away
    await asyncio.sleep(0.55)  # past the lease less one renewal
    await leader._step()
    assert not leader.leading and not stub.running


class Frozen:
    """A session factory while the database accepts and never answers (a frozen server)."""

    def begin(self) -> Frozen:
        return self

    async def __aenter__(self) -> None:
        await asyncio.Event().wait()

    async def __aexit__(self, *_: object) -> None:
        return None


async def test_a_leader_whose_database_stops_answering_stops_leading_before_its_lease_ends(
    engine: AsyncEngine,
) -> None:
    leader, stub = await leading(engine)
    leader._sessions = Frozen()  # type: ignore[assignment]
    stop = asyncio.Event()
    running = asyncio.create_task(leader.run(stop))
    await asyncio.sleep(0.7)  # past the lease the database holds
    stopped_in_time = not stub.running
    stop.set()
    await asyncio.wait_for(running, 2)
    assert stopped_in_time


async def test_a_dead_workers_unfinished_updates_are_taken_over_once(engine: AsyncEngine) -> None:
    sessions = create_session_factory(engine)
    payload = {"update_id": 5, "message": {"text": "hi"}}
    assert set(await updates.receive(sessions, 42, "dead", [payload])) == {5}
    assert set(await updates.receive(sessions, 42, "alive", [{"update_id": 6}])) == {6}
    later = utcnow() + timedelta(seconds=30)
    for n in range(3):  # the takers are live workers too
        await leases.take(sessions, f"{leases.WORKER}leader{n}", f"leader{n}", 60 * SECOND)
    await leases.take(sessions, f"{leases.WORKER}alive", "alive", 60 * SECOND)
    live = await leases.live_workers(sessions, later)
    assert live == {"leader0", "leader1", "leader2", "alive"}
    takers = await asyncio.gather(
        *(
            updates.take_over_orphans(sessions, 42, f"leader{n}", older_than=SECOND, now=later)
            for n in range(3)
        )
    )
    assert sorted(len(taken) for taken in takers) == [0, 0, 1]
    assert [p["update_id"] for taken in takers for p in taken] == [5]
    # Too young, or a live worker's: not taken.
    assert set(await updates.receive(sessions, 42, "dead", [{"update_id": 7, "x": {}}])) == {7}
    assert not await updates.take_over_orphans(sessions, 42, "leader0", older_than=SECOND)
    # Telegram sends again an update a live worker holds: the worker that gets it leaves it.
    assert set(await updates.receive(sessions, 42, "leader1", [{"update_id": 6}])) == set()
    # One a dead worker holds is taken at once.
    new, again = updates.Taken.NEW, updates.Taken.AGAIN
    assert await updates.receive(sessions, 42, "dead2", [{"update_id": 8}]) == {8: new}
    assert await updates.receive(sessions, 42, "leader1", [{"update_id": 8}]) == {8: again}


async def test_an_unfinished_update_its_sender_went_on_from_is_not_redone(
    engine: AsyncEngine,
) -> None:
    """A /start a dead worker left, after the answers that followed it were handled elsewhere,
    would start the person over: it counts as handled instead."""
    sessions = create_session_factory(engine)
    sender = {"from": {"id": 77, "is_bot": False, "first_name": "Ира"}}
    other = {"from": {"id": 78, "is_bot": False, "first_name": "Оля"}}
    assert await updates.receive(sessions, 42, "dead", [{"update_id": 10, "message": sender}])
    assert await updates.receive(sessions, 42, "dead", [{"update_id": 11, "message": other}])
    assert await updates.receive(sessions, 42, "live", [{"update_id": 12, "message": sender}])
    await updates.finish(sessions, 42, 12, "live")
    later = utcnow() + timedelta(seconds=30)
    taken = await updates.take_over_orphans(sessions, 42, "leader", older_than=SECOND, now=later)
    assert [p["update_id"] for p in taken] == [11]  # Оля's is redone, Ира's is not
    [(handled, payload)] = [
        (row.handled_at is not None, row.payload)
        for row in await updates_rows(engine)
        if row.update_id == 10
    ]
    assert (handled, payload) == (True, None)


async def test_an_update_taken_over_is_redone_from_what_it_sent_unless_its_sender_went_on(
    engine: AsyncEngine,
) -> None:
    """The sweep takes a dead worker's update; by the time its chat is free, the sender may
    have had a later update handled: then it is not redone (it would undo what followed). Else
    it is redone with the replies its first handling noted, and the handled mark drops them."""
    sessions = create_session_factory(engine)
    sender = {"from": {"id": 77, "is_bot": False, "first_name": "Ира"}}
    other = {"from": {"id": 78, "is_bot": False, "first_name": "Оля"}}
    greeting = [{"message_id": 3, "date": 1, "chat": {"id": 78, "type": "private"}}]
    await updates.receive(sessions, 42, "dead", [{"update_id": 10, "message": sender}])
    await updates.receive(sessions, 42, "dead", [{"update_id": 11, "message": other}])
    await updates.note_replies(sessions, 42, 11, "dead", greeting)
    await updates.note_replies(sessions, 42, 11, "late", [])  # not its holder: nothing
    later = utcnow() + timedelta(seconds=30)
    taken = await updates.take_over_orphans(sessions, 42, "leader", older_than=SECOND, now=later)
    assert [p["update_id"] for p in taken] == [10, 11]
    # Meanwhile Ира's next update is handled by a live worker.
    await updates.receive(sessions, 42, "live", [{"update_id": 12, "message": sender}])
    await updates.finish(sessions, 42, 12, "live")
    async with sessions.begin() as session:
        assert await updates.resume(session, 42, 10, "leader") is None
        assert await updates.resume(session, 42, 11, "leader") == greeting
        assert await updates.resume(session, 42, 11, "other") is None  # not taken by it
    await updates.finish(sessions, 42, 11, "leader")
    rows = {row.update_id: row for row in await updates_rows(engine)}
    assert rows[10].handled_at is not None and rows[10].payload is None
    assert (rows[11].handled_at is not None, rows[11].replies) == (True, None)


async def test_a_chats_updates_wait_for_each_other_across_processes(
    engine: AsyncEngine, database_url: str
) -> None:
    """Two isolations stand for two workers (on SQLite, one process's)."""
    one: BaseEventIsolation
    two: BaseEventIsolation
    if engine.dialect.name == "postgresql":
        engines = [create_engine(database_url) for _ in range(2)]
        one, two = (AdvisoryIsolation(e, 2) for e in engines)
    else:
        engines = []
        one = two = LocalIsolation()
    key = StorageKey(bot_id=42, chat_id=1, user_id=1)
    other = StorageKey(bot_id=42, chat_id=2, user_id=2)
    order: list[str] = []
    held = asyncio.Event()

    async def first() -> None:
        async with one.lock(key):
            order.append("first in")
            held.set()
            await asyncio.sleep(0.3)
            order.append("first out")

    async def second() -> None:
        await held.wait()
        async with two.lock(key):
            order.append("second in")

    async def elsewhere() -> None:
        await held.wait()
        async with two.lock(other):
            order.append("other chat")

    await asyncio.gather(first(), second(), elsewhere())
    assert order == ["first in", "other chat", "first out", "second in"]
    for made in engines:
        await made.dispose()


def test_the_lease_names_fit_their_column() -> None:
    boot = updates.new_boot_id()
    assert len(leases.WORKER + boot) <= 64 and len(boot) <= 32
