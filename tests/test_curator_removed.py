"""A removed curator on every curator screen: a screen opened while they were a curator does
nothing once they are removed (a short refusal, nothing changed, no names shown), and every
curator service refuses them too."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from bot.db.models import Person
from bot.i18n import consent_version
from bot.services import agreements, consent, curators, events, pairs, proposals
from bot.services.agreements import Answered
from bot.services.consent import PaperRefusal
from bot.services.curators import CuratorChange
from bot.services.events import Closing
from tests.conftest import CURATOR_ID
from tests.fake_telegram import Message
from tests.flows import child_asks_for_parent_link, teacher_mentee_signs_up, teacher_mentor_signs_up
from tests.harness import Harness

SECOND, THIRD = 9701, 9702  # curators added by CURATOR_ID; SECOND is removed
MENTOR, MENTEE, MENTEE_2, CHILD = 9711, 9712, 9713, 9714
EVENT_TITLE = "Осенний нетворкинг"
REFUSAL = "Это действие доступно только кураторам программы."
# The paper consent's own refusal (bot/handlers/participants.py) says the same.
PAPER_REFUSAL = "Отмечать бумажные согласия могут только кураторы программы."
LINK_BASE = "https://t.me/mentor_bot?start="
# Every name a curator's screen may show: none of them may reach the removed curator.
NAMES = (
    "Соколова",
    "Ирина",
    "Павлов",
    "Павел",
    "Нинина",
    "Нина",
    "Петя",
    EVENT_TITLE,
)
# Tables whose rows change with any update (last seen, updates taken, dialog state).
VOLATILE = {"people", "seen_updates", "fsm_storage", "alembic_version"}


@dataclass(frozen=True)
class World:
    mentor: int
    mentee: int
    mentee_2: int
    child: int
    pair: int  # mentor and mentee, waiting for the agreement
    event: int  # open


async def person_id(harness: Harness, telegram_id: int) -> int:
    async with harness.sessions() as session:
        found = await session.scalar(select(Person.id).where(Person.telegram_id == telegram_id))
    assert found is not None
    return found


async def build_world(harness: Harness) -> World:
    """Curators (SECOND and THIRD added by CURATOR_ID), a mentor with two places, a pair made
    by CURATOR_ID, a second mentee without one, an open event and a child waiting for a
    parent."""
    fake = harness.fake
    people = (
        (CURATOR_ID, "Ольга"),
        (SECOND, "Марина"),
        (THIRD, "Олег"),
        (MENTOR, "Ирина"),
        (MENTEE, "Павел"),
        (MENTEE_2, "Нина"),
        (CHILD, "Петя"),
    )
    for user, name in people:
        fake.add_user(user, name)
    await harness.send(SECOND, "/start")  # the new curators have opened the bot
    await harness.send(THIRD, "/start")
    for user in (SECOND, THIRD):
        added = await harness.send(CURATOR_ID, f"/curator add {user}")
        assert f"Куратор {user} добавлен" in added.text_or_empty()
    await teacher_mentor_signs_up(harness, MENTOR, "Соколова Ирина")  # two places
    await teacher_mentee_signs_up(harness, MENTEE, "Павлов Павел")
    await teacher_mentee_signs_up(harness, MENTEE_2, "Нинина Нина")
    await child_asks_for_parent_link(harness, CHILD)
    mentor, mentee, mentee_2, child = [
        await person_id(harness, t) for t in (MENTOR, MENTEE, MENTEE_2, CHILD)
    ]
    approval = await proposals.approve(
        harness.sessions,
        consent_version(harness.translations),
        [(mentor, mentee, ["by_hand"])],
        by=CURATOR_ID,
        link_base=LINK_BASE,
    )
    [made] = approval.made
    event = await events.create(
        harness.sessions,
        title=EVENT_TITLE,
        starts_at=datetime(2026, 12, 5, 15, 0, tzinfo=harness.settings.tz),
        place="Актовый зал",
        by=CURATOR_ID,
    )
    assert event is not None
    await harness.sender.drain()
    return World(mentor, mentee, mentee_2, child, made.pair_id, event.id)


async def remove_second(harness: Harness) -> None:
    removed = await harness.send(CURATOR_ID, f"/curator remove {SECOND}")
    assert "больше не куратор" in removed.text_or_empty()
    async with harness.sessions() as session:
        assert not await curators.is_curator(session, SECOND)


async def snapshot(harness: Harness) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the volatile ones (the outbox: which messages exist)."""
    async with harness.engine.connect() as connection:
        names = [
            name
            for name in await connection.run_sync(lambda sync: inspect(sync).get_table_names())
            if name not in VOLATILE and not name.startswith("sqlite_")
        ]
        tables: dict[str, list[tuple[Any, ...]]] = {}
        for name in sorted(names):
            query = (
                "SELECT id, chat_id, key FROM outbox ORDER BY id"
                if name == "outbox"
                else f"SELECT * FROM {name}"
            )
            rows = (await connection.execute(text(query))).all()
            tables[name] = sorted((tuple(row) for row in rows), key=repr)
    return tables


def shown_to_second(harness: Harness, since: int) -> list[tuple[str, str]]:
    """What the bot sent or showed SECOND since the request numbered `since`."""
    shown = []
    for method, params in harness.fake.requests[since:]:
        if str(params.get("chat_id")) != str(SECOND):
            continue
        visible = {k: params.get(k) for k in ("text", "caption", "reply_markup")}
        shown.append((method, json.dumps(visible, ensure_ascii=False, default=str)))
    return shown


# ---- the screens ---------------------------------------------------------------------------

Steps = Callable[[Harness, World], Awaitable[Message]]
Act = Callable[[Harness, Message], Awaitable[None]]


async def proposal(harness: Harness, world: World) -> Message:
    screen = await harness.send(SECOND, "/match")
    assert "Соколова И. → Нинина Н." in screen.text_or_empty()
    return screen


async def review(harness: Harness, world: World) -> Message:
    screen = await harness.press(SECOND, "Просмотреть по одной", await proposal(harness, world))
    assert "Пара 1 из 1" in screen.text_or_empty()
    return screen


async def summary(harness: Harness, world: World) -> Message:
    screen = await harness.press(SECOND, "Принять", await review(harness, world))
    assert "Отправить соглашения 1 паре" in screen.text_or_empty()
    return screen


async def pairs_list(harness: Harness, world: World) -> Message:
    screen = await harness.send(SECOND, "/pairs")
    assert "Соколова Ирина → Павлов Павел" in screen.text_or_empty()
    return screen


async def pair_card(harness: Harness, world: World) -> Message:
    screen = await harness.press(SECOND, "Павлов Павел", await pairs_list(harness, world))
    assert screen.button("Бумажное соглашение") and screen.button("Завершить пару")
    return screen


async def end_reason(harness: Harness, world: World) -> Message:
    return await harness.press(SECOND, "Завершить пару", await pair_card(harness, world))


async def order(harness: Harness, world: World) -> Message:
    return await harness.press(SECOND, "Приказ", await pairs_list(harness, world))


async def mentors(harness: Harness, world: World) -> Message:
    screen = await harness.press(SECOND, "Пара вручную", await pairs_list(harness, world))
    assert screen.button("Соколова Ирина")
    return screen


async def mentees(harness: Harness, world: World) -> Message:
    screen = await harness.press(SECOND, "Соколова Ирина", await mentors(harness, world))
    assert screen.button("Нинина Нина")
    return screen


async def event_title(harness: Harness, world: World) -> Message:
    await harness.send(SECOND, "/event")
    return await harness.press(SECOND, "Новая встреча")


async def event_date(harness: Harness, world: World) -> Message:
    await event_title(harness, world)
    return await harness.send(SECOND, "Весенний нетворкинг")


async def event_place(harness: Harness, world: World) -> Message:
    await event_date(harness, world)
    return await harness.send(SECOND, "05.03.2027 15:00")


async def event_card(harness: Harness, world: World) -> Message:
    await harness.send(SECOND, "/event")
    return await harness.press(SECOND, EVENT_TITLE)


async def event_close(harness: Harness, world: World) -> Message:
    return await harness.press(SECOND, "Завершить встречу", await event_card(harness, world))


async def paper_consent(harness: Harness, world: World) -> Message:
    await harness.send(SECOND, "/participants")
    pending = harness.fake.last_bot_message(SECOND)
    assert "Ждёт согласия родителя: Петя" in pending.text_or_empty()
    return pending


async def nothing_open(harness: Harness, world: World) -> Message:
    return harness.fake.last_bot_message(SECOND)


def press(label: str) -> Act:
    async def act(harness: Harness, screen: Message) -> None:
        await harness.press(SECOND, label, screen)

    return act


def type_in(typed: str) -> Act:
    async def act(harness: Harness, screen: Message) -> None:
        await harness.send(SECOND, typed)

    return act


@dataclass(frozen=True)
class Case:
    opened: Steps  # what SECOND opens while still a curator
    act: Act  # what they do once removed
    alert: bool  # a press is refused with an alert; a message with a message


CASES = {
    "match: approve all": Case(proposal, press("Утвердить все"), alert=True),
    "match: review one by one": Case(proposal, press("Просмотреть по одной"), alert=True),
    "match: the other mode": Case(proposal, press("Другой способ подбора"), alert=True),
    "match: excel": Case(proposal, press("Excel"), alert=True),
    "match: typed into the proposal": Case(proposal, type_in("покажи ещё"), alert=False),
    "match review: accept": Case(review, press("Принять"), alert=True),
    "match review: never": Case(review, press("Никогда не ставить"), alert=True),
    "match summary: send the agreements": Case(summary, press("Отправить соглашения"), True),
    "pairs: a pair in the list": Case(pairs_list, press("Павлов Павел"), alert=True),
    "pairs card: paper agreement": Case(pair_card, press("Бумажное соглашение"), alert=True),
    "pairs card: end the pair": Case(pair_card, press("Завершить пару"), alert=True),
    "pairs: the reason typed": Case(end_reason, type_in("Переезд в другой город"), False),
    "pairs: the order typed": Case(order, type_in("15-о от 01.12.2026"), alert=False),
    "pairs by hand: the mentor": Case(mentors, press("Соколова Ирина"), alert=True),
    "pairs by hand: the mentee": Case(mentees, press("Нинина Нина"), alert=True),
    "event: the title typed": Case(event_title, type_in("Весенний нетворкинг"), False),
    "event: the date typed": Case(event_date, type_in("05.03.2027 15:00"), False),
    "event: the place typed": Case(event_place, type_in("Спортзал"), alert=False),
    "event card: close": Case(event_card, press("Завершить встречу"), alert=True),
    "event: close confirmed": Case(event_close, press("Да, завершить"), alert=True),
    "participants: paper consent": Case(paper_consent, press("Бумажное согласие"), True),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
async def test_a_removed_curator_cannot_act_on_a_screen_left_open(
    harness: Harness, case: Case
) -> None:
    world = await build_world(harness)
    screen = await case.opened(harness, world)
    await remove_second(harness)
    before = await snapshot(harness)
    since = len(harness.fake.requests)
    messages_before = len(harness.fake.bot_messages(SECOND))

    await case.act(harness, screen)

    assert await snapshot(harness) == before, "a removed curator changed the database"
    if case.alert:
        answer = harness.last_answer()
        assert answer["show_alert"] and answer["text"] in (REFUSAL, PAPER_REFUSAL), answer
    else:
        [refusal] = harness.fake.bot_messages(SECOND)[messages_before:]
        assert refusal.text_or_empty() == REFUSAL
    shown = shown_to_second(harness, since)
    # Nothing but the refusal: no file, no screen edited or sent again.
    assert [m for m, _ in shown] == ([] if case.alert else ["sendMessage"]), shown
    leaked = [(m, body) for m, body in shown for name in NAMES if name in body]
    assert leaked == [], "names shown to a removed curator"


COMMANDS = [
    "/match",
    "/pairs",
    "/pairs Павлов",
    "/event",
    "/participants",
    "/participants Павлов",
    f"/curator add {MENTOR}",
    f"/curator remove {THIRD}",
    "/curator",
]


@pytest.mark.parametrize("command", COMMANDS)
async def test_a_removed_curator_gets_no_curator_command(harness: Harness, command: str) -> None:
    world = await build_world(harness)
    await pairs_list(harness, world)  # a curator's screen is open when they are removed
    await remove_second(harness)
    before = await snapshot(harness)
    since = len(harness.fake.requests)
    messages_before = len(harness.fake.bot_messages(SECOND))

    await harness.send(SECOND, command)  # into the open screen: it refuses and closes
    await harness.send(SECOND, command)  # with nothing open

    assert await snapshot(harness) == before
    replies = [m.text_or_empty() for m in harness.fake.bot_messages(SECOND)[messages_before:]]
    unknown = f"Я не знаю команды {command.split(maxsplit=1)[0]}. Список команд — /help."
    assert replies == [REFUSAL, unknown]
    leaked = [(m, body) for m, body in shown_to_second(harness, since) for n in NAMES if n in body]
    assert leaked == []
    async with harness.sessions() as session:
        assert await curators.is_curator(session, THIRD)
        assert not await curators.is_curator(session, MENTOR)


# ---- the services, called by the removed curator -------------------------------------------

Call = Callable[[Harness, World], Awaitable[object]]


async def end_pair(harness: Harness, world: World) -> object:
    return await pairs.end(harness.sessions, world.pair, by=SECOND, reason="Переезд")


async def record_order(harness: Harness, world: World) -> object:
    return await pairs.record_order(harness.sessions, "15-о", date(2026, 12, 1), by=SECOND)


async def approve(harness: Harness, world: World) -> object:
    result = await proposals.approve(
        harness.sessions,
        consent_version(harness.translations),
        [(world.mentor, world.mentee_2, None)],
        by=SECOND,
        link_base=LINK_BASE,
        left_out=[world.mentee_2],
    )
    return (result.allowed, result.made)


async def never(harness: Harness, world: World) -> object:
    return await proposals.never(harness.sessions, world.mentor, world.mentee_2, by=SECOND)


async def paper_agreement(harness: Harness, world: World) -> object:
    return await agreements.record_paper(harness.sessions, world.pair, by=SECOND)


async def create_event(harness: Harness, world: World) -> object:
    return await events.create(
        harness.sessions,
        title="Весенний нетворкинг",
        starts_at=datetime(2027, 3, 5, 15, 0, tzinfo=harness.settings.tz),
        place="Спортзал",
        by=SECOND,
    )


async def close_event(harness: Harness, world: World) -> object:
    return await events.close(harness.sessions, world.event, by=SECOND, zone=harness.settings.tz)


async def paper_consent_recorded(harness: Harness, world: World) -> object:
    return await consent.record_paper(
        harness.sessions,
        world.child,
        curator_telegram_id=SECOND,
        version=consent_version(harness.translations),
    )


async def add_curator(harness: Harness, world: World) -> object:
    return await curators.add(harness.sessions, "Школа № 1", MENTOR, by=SECOND)


async def remove_curator(harness: Harness, world: World) -> object:
    return await curators.remove(harness.sessions, THIRD, by=SECOND)


SERVICES: dict[str, tuple[Call, object]] = {
    "pairs.end": (end_pair, pairs.Done.NOT_ALLOWED),
    "pairs.record_order": (record_order, None),
    "proposals.approve": (approve, (False, [])),
    "proposals.never": (never, False),
    "agreements.record_paper": (paper_agreement, Answered.NOT_YOURS),
    "events.create": (create_event, None),
    "events.close": (close_event, Closing.NOT_CURATOR),
    "consent.record_paper": (paper_consent_recorded, PaperRefusal.NOT_CURATOR),
    "curators.add": (add_curator, CuratorChange.NOT_ALLOWED),
    "curators.remove": (remove_curator, CuratorChange.NOT_ALLOWED),
}


@pytest.mark.parametrize("call, refused", list(SERVICES.values()), ids=list(SERVICES))
async def test_every_curator_service_refuses_a_removed_curator(
    harness: Harness, call: Call, refused: object
) -> None:
    world = await build_world(harness)
    await remove_second(harness)
    before = await snapshot(harness)
    assert await call(harness, world) == refused
    assert await snapshot(harness) == before
