"""No name outlives a withdrawal: after a teenager with a history in the programme (a declined
pair, a "never" rule, a working pair their parent signed by link, requests with typed reasons,
messages sent and waiting, a curator's /match screen left open) withdraws consent in /privacy,
nothing in any table or in the SQLite files names them, and their parent's Telegram id is gone
with them. And quiet hours at send time: a reminder due at night waits for 09:00."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from sqlalchemy import inspect, select, text

from bot.db.models import OutboxMessage, Person
from bot.factory import create_sender
from bot.i18n import consent_version
from bot.services import agreements, curators, pairs, reminders
from bot.services.reminders import Context
from bot.telegram.outbox_sender import OutboxSender
from tests.conftest import CURATOR_ID
from tests.fake_scheduler import FakeScheduler
from tests.flows import approve_all, mentee_signs_up, mentor_signs_up
from tests.harness import Harness

MENTOR_A, MENTOR_B, MENTOR_C, MENTEE, PARENT = 9801, 9802, 9803, 9804, 9805
NAME = "Кузнецова Евдокия Харитоновна"
FIRST_NAME = "Дуня"  # her first name in Telegram
NEEDLES = (NAME, FIRST_NAME)


def said(harness: Harness, user: int) -> list[str]:
    return [m.text_or_empty() for m in harness.fake.bot_messages(user)]


async def person_id(harness: Harness, telegram_id: int) -> int:
    async with harness.sessions() as session:
        found = await session.scalar(select(Person.id).where(Person.telegram_id == telegram_id))
    assert found is not None
    return found


def agreement_link(harness: Harness) -> str:
    """The newest agreement link the bot sent the teenager, for her parent."""
    for message in reversed(harness.fake.bot_messages(MENTEE)):
        if "?start=a_" in message.text_or_empty():
            return message.text_or_empty().split("?start=", 1)[1].split()[0]
    raise AssertionError("no agreement link was sent")


@dataclass(frozen=True)
class History:
    mentee: int  # her person id
    mentor_c: int  # her working partner's person id
    pairs: list[int]  # every pair she was in


async def build_history(harness: Harness) -> History:
    fake = harness.fake
    fake.add_user(CURATOR_ID, "Ольга")
    fake.add_user(MENTOR_A, "Игорь")
    fake.add_user(MENTOR_B, "Анна")
    fake.add_user(MENTOR_C, "Сергей")
    fake.add_user(MENTEE, FIRST_NAME, last_name="Кузнецова", username="dunya_k")
    fake.add_user(PARENT, "Людмила")
    await harness.send(CURATOR_ID, "/help")  # the curator has opened the bot
    await mentor_signs_up(harness, MENTOR_A, "Смирнов Игорь")
    await mentee_signs_up(harness, MENTEE, NAME)  # 14–17: a parent signs the agreement

    # A first pair: her parent opens the link she forwarded and declines.
    await harness.send(CURATOR_ID, "/match")
    await approve_all(harness)
    offer = await harness.send(PARENT, f"/start {agreement_link(harness)}")
    assert f"для вашего ребёнка — {NAME}." in offer.text_or_empty()
    await harness.press(PARENT, "Не принимаю", offer)
    await harness.press(PARENT, "Не подходит время", offer)
    assert "Соглашение не принято" in said(harness, CURATOR_ID)[-1]

    # A second mentor whom the curator says never to pair with her.
    await mentor_signs_up(harness, MENTOR_B, "Белова Анна")
    await harness.send(CURATOR_ID, "/match")
    review = await harness.press(CURATOR_ID, "Просмотреть по одной")
    assert f"Белова Анна → {NAME}" in review.text_or_empty()
    await harness.press(CURATOR_ID, "Никогда не ставить", review)

    # A third: reviewed, accepted, sent; the curator's /match screen stays open after it.
    await mentor_signs_up(harness, MENTOR_C, "Орлов Сергей")
    await harness.send(CURATOR_ID, "/match")
    review = await harness.press(CURATOR_ID, "Просмотреть по одной")
    assert f"Орлов Сергей → {NAME}" in review.text_or_empty()
    await harness.press(CURATOR_ID, "Принять", review)
    done = await harness.press(CURATOR_ID, "Отправить соглашения")
    assert "Утверждено пар: 1" in done.text_or_empty()
    offer = await harness.send(PARENT, f"/start {agreement_link(harness)}")
    await harness.press(PARENT, "Принимаю", offer)
    await harness.press(MENTOR_C, "Принимаю", harness.fake.last_bot_message(MENTOR_C))
    assert "Пара сложилась" in said(harness, MENTEE)[-1]

    # Requests to the curator, each with a reason typed that names her.
    mine = await harness.send(MENTEE, "/pair")
    await harness.press(MENTEE, "Попросить другого наставника", mine)
    await harness.send(MENTEE, f"Я {NAME}, мне неудобно время встреч")
    theirs = await harness.send(MENTOR_C, "/pair")
    await harness.press(MENTOR_C, "Попросить освободить", theirs)
    await harness.send(MENTOR_C, f"{FIRST_NAME} пропустила три встречи подряд")
    assert any(FIRST_NAME in t for t in said(harness, CURATOR_ID))

    mentee, mentor_c = await person_id(harness, MENTEE), await person_id(harness, MENTOR_C)
    async with harness.engine.connect() as connection:
        her_pairs = [
            pair_id
            for (pair_id,) in await connection.execute(
                text("SELECT id FROM pairs WHERE mentee_id = :m ORDER BY id"), {"m": mentee}
            )
        ]
    assert len(her_pairs) == 2
    return History(mentee, mentor_c, her_pairs)


async def queue_without_sending(harness: Harness, history: History) -> None:
    """Messages about her queued and not sent yet (the sender has not come to them)."""
    live = history.pairs[-1]
    asked = await pairs.ask(
        harness.sessions,
        live,
        history.mentor_c,
        kind=pairs.Ask.RELEASE,
        reason=f"{NAME} снова не пришла",
        message_id=10_000,
    )
    assert asked
    paused = await pairs.set_paused(harness.sessions, live, history.mentor_c, paused=True)
    assert paused is pairs.Done.DONE
    extension = await agreements.ask_extension(harness.sessions, live, history.mentor_c)
    assert extension is agreements.Extended.ASKED  # to her parent, naming her
    async with harness.engine.connect() as connection:
        waiting = await connection.scalar(
            text("SELECT count(*) FROM outbox WHERE sent_at IS NULL AND dropped_at IS NULL")
        )
    assert waiting and waiting >= 4


async def withdraw(harness: Harness, history: History) -> None:
    """She withdraws in /privacy; messages about her are queued between the two presses."""
    await harness.send(MENTEE, "/privacy")
    await harness.press(MENTEE, "Отозвать согласие")
    await queue_without_sending(harness, history)
    await harness.press(MENTEE, "Да, отозвать")
    assert "данные удалены" in said(harness, MENTEE)[-1]


# ---- looking for traces ----------------------------------------------------------------------


def spellings(value: str) -> list[str]:
    """A text as it may be stored: as it is, and escaped as JSON escapes it (`\\u041a...`)."""
    return [value, json.dumps(value)[1:-1]]


def texts_of(value: Any) -> Iterator[str]:
    """Every text a stored value holds: itself, JSON in it decoded, bytes as UTF-8."""
    if isinstance(value, bytes | bytearray | memoryview):
        value = bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, dict | list):  # JSON, as PostgreSQL's driver gives it
        value = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, str):
        return
    yield value
    try:
        decoded = json.loads(value)
    except ValueError:
        return
    yield json.dumps(decoded, ensure_ascii=False)


async def every_row(harness: Harness) -> dict[str, list[dict[str, Any]]]:
    async with harness.engine.connect() as connection:
        names = [
            name for name in await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        ]
        return {
            name: [
                dict(row._mapping)
                for row in await connection.execute(text(f"SELECT * FROM {name}"))
            ]
            for name in names
        }


async def traces(harness: Harness, needles: tuple[str, ...]) -> list[str]:
    """`table.column = value` for every stored value that holds one of the needles."""
    found: list[str] = []
    for table, rows in (await every_row(harness)).items():
        for row in rows:
            for column, value in row.items():
                for stored in texts_of(value):
                    trace = f"{table}.{column} = {stored[:300]!r}"
                    if any(n in stored for n in needles) and trace not in found:
                        found.append(trace)
                        break
    return found


async def assert_no_traces(harness: Harness) -> None:
    found = await traces(harness, NEEDLES)
    assert found == [], "her name is still stored:\n" + "\n".join(found)


def database_files(harness: Harness) -> list[Path]:
    """SQLite's files (its `secure_delete` overwrites what was deleted; on PostgreSQL the rows
    are gone from every query at once, and a vacuum reclaims their space)."""
    if harness.engine.dialect.name != "sqlite":
        return []
    database = Path(str(harness.engine.url.database))
    return [p for p in (database, Path(f"{database}-wal")) if p.exists()]


# ---- the tests -------------------------------------------------------------------------------


async def test_the_history_names_her_before_the_withdrawal(harness: Harness) -> None:
    """The search below finds what it looks for: before the withdrawal she is everywhere."""
    await build_history(harness)
    found = await traces(harness, NEEDLES)
    tables = {t.split(".", 1)[0] for t in found}
    assert {"people", "answers", "outbox"} <= tables, found
    if files := database_files(harness):
        stored = b"".join(p.read_bytes() for p in files)
        assert any(s.encode() in stored for s in spellings(NAME))


async def test_no_name_outlives_a_withdrawal(harness: Harness) -> None:
    history = await build_history(harness)
    await withdraw(harness, history)
    await assert_no_traces(harness)


async def test_no_message_to_or_about_her_is_kept(harness: Harness) -> None:
    history = await build_history(harness)
    await withdraw(harness, history)
    async with harness.engine.connect() as connection:
        to_her = (
            await connection.execute(
                text("SELECT id, key FROM outbox WHERE chat_id = :t"), {"t": MENTEE}
            )
        ).all()
        about_her = (
            await connection.execute(
                text("SELECT message_id FROM outbox_mentions WHERE person_id = :p"),
                {"p": history.mentee},
            )
        ).all()
        rows = (await connection.execute(text("SELECT id, key, args FROM outbox"))).all()
    assert to_her == [] and about_her == []
    names_her = re.compile(rf'"name": {history.mentee}\b')
    assert [r for r in rows if names_her.search(str(r.args))] == []
    # The messages queued about her just before never went out: not to her parent either.
    assert not any("продлить" in t for t in said(harness, PARENT))
    assert not any("снова не пришла" in t for t in said(harness, CURATOR_ID))


async def test_her_parents_telegram_id_goes_with_her(harness: Harness) -> None:
    history = await build_history(harness)
    async with harness.engine.connect() as connection:
        signed = await connection.scalar(
            text("SELECT count(*) FROM agreements WHERE signer_telegram_id = :p"), {"p": PARENT}
        )
    assert signed == 2  # she has had two pairs; her parent answered both agreements
    await withdraw(harness, history)
    async with harness.engine.connect() as connection:
        ids = {"p": PARENT}
        agreements_left = (
            await connection.execute(
                text("SELECT pair_id, side, kind FROM agreements WHERE signer_telegram_id = :p"),
                ids,
            )
        ).all()
        links_left = (
            await connection.execute(
                text("SELECT pair_id FROM agreement_links WHERE parent_telegram_id = :p"), ids
            )
        ).all()
        consents_left = (
            await connection.execute(
                text("SELECT person_id FROM consents WHERE parent_telegram_id = :p"), ids
            )
        ).all()
    assert agreements_left == [], "her parent's Telegram id is still on her agreements"
    assert links_left == []
    assert consents_left == []


async def test_never_rules_about_her_go(harness: Harness) -> None:
    history = await build_history(harness)
    async with harness.engine.connect() as connection:
        rules = await connection.scalar(
            text("SELECT count(*) FROM pair_rules WHERE mentee_id = :m"), {"m": history.mentee}
        )
    assert rules == 1
    await withdraw(harness, history)
    async with harness.engine.connect() as connection:
        left = await connection.scalar(
            text("SELECT count(*) FROM pair_rules WHERE mentee_id = :m OR mentor_id = :m"),
            {"m": history.mentee},
        )
    assert left == 0


async def test_the_partner_and_the_curators_are_told_and_not_why(harness: Harness) -> None:
    history = await build_history(harness)
    partner_before = len(said(harness, MENTOR_C))
    curator_before = len(said(harness, CURATOR_ID))
    await withdraw(harness, history)
    to_partner = said(harness, MENTOR_C)[partner_before:]
    assert any("пара завершилась" in t for t in to_partner), to_partner
    assert not [t for t in to_partner if "отозвал" in t or FIRST_NAME in t or "Кузнецова" in t]
    to_curator = said(harness, CURATOR_ID)[curator_before:]
    assert any(f"Участник {MENTEE} отозвал согласие" in t for t in to_curator), to_curator
    assert not [t for t in to_curator if FIRST_NAME in t or "Кузнецова" in t]
    async with harness.engine.connect() as connection:
        status, reason = (
            await connection.execute(
                text("SELECT status, end_reason FROM pairs WHERE id = :p"),
                {"p": history.pairs[-1]},
            )
        ).one()
    assert (status, reason) == ("ended", "withdrawn")


async def test_the_sqlite_files_keep_no_copy_of_her_name(harness: Harness) -> None:
    history = await build_history(harness)
    await withdraw(harness, history)
    for path in database_files(harness):
        content = path.read_bytes()
        for needle in NEEDLES:
            for spelling in spellings(needle):
                assert spelling.encode() not in content, f"{spelling} left in {path.name}"


# ---- what a curator typed about her ----------------------------------------------------------


async def a_pair_with_her(harness: Harness) -> None:
    """A shorter history: one mentor, and her pair with him waiting for its agreement."""
    harness.fake.add_user(CURATOR_ID, "Ольга")
    harness.fake.add_user(MENTOR_A, "Игорь")
    harness.fake.add_user(MENTEE, FIRST_NAME)
    await mentor_signs_up(harness, MENTOR_A, "Смирнов Игорь")
    await mentee_signs_up(harness, MENTEE, NAME)
    await harness.send(CURATOR_ID, "/match")
    await approve_all(harness)


async def withdraw_at_once(harness: Harness) -> None:
    await harness.send(MENTEE, "/privacy")
    await harness.press(MENTEE, "Отозвать согласие")
    await harness.press(MENTEE, "Да, отозвать")
    assert "данные удалены" in said(harness, MENTEE)[-1]


async def test_a_reason_the_curator_typed_naming_her_goes_with_her(harness: Harness) -> None:
    """The curator ended her pair early and named her in the reason (stored on the pair)."""
    await a_pair_with_her(harness)
    await harness.send(CURATOR_ID, "/pairs")
    await harness.press(CURATOR_ID, "Кузнецова")
    await harness.press(CURATOR_ID, "Завершить пару")
    confirm = await harness.send(CURATOR_ID, f"{FIRST_NAME} переезжает в другой город")
    await harness.press(CURATOR_ID, "Да, завершить пару", confirm)
    assert "Пара завершена." in said(harness, CURATOR_ID)
    await withdraw_at_once(harness)
    await assert_no_traces(harness)


async def test_a_curators_search_for_her_left_open_is_forgotten(harness: Harness) -> None:
    """The curator looked her pairs up by her name and left the list open: the query is kept
    in the curator's dialog state (fsm_storage)."""
    await a_pair_with_her(harness)
    found = await harness.send(CURATOR_ID, f"/pairs {NAME}")
    assert "Пары (1)" in found.text_or_empty()
    await withdraw_at_once(harness)
    await assert_no_traces(harness)
    # The curator goes on in the screen (its state is written again): still nothing.
    again = await harness.send(CURATOR_ID, "ещё раз")
    assert NAME not in again.text_or_empty()
    await assert_no_traces(harness)


# ---- quiet hours at send time ----------------------------------------------------------------

MOSCOW = ZoneInfo("Europe/Moscow")
SLEEPER = 9811
# Her last step at 20:00; the reminder falls due at 20:00 the next day, when the bot is down.
TOUCHED = datetime(2026, 11, 30, 20, 0, tzinfo=MOSCOW)
NIGHT = datetime(2026, 12, 1, 23, 30, tzinfo=MOSCOW)  # the bot is back
MORNING = datetime(2026, 12, 2, 9, 0, tzinfo=MOSCOW)


def sender_at(harness: Harness, moment: datetime) -> OutboxSender:
    return create_sender(
        harness.settings,
        harness.sessions,
        harness.bot,
        harness.translations,
        rate_per_s=1000,
        chat_rate_per_s=1000,
        now=lambda: moment.astimezone(UTC),
    )


def reminders_to(harness: Harness, user: int) -> list[str]:
    return [t for t in said(harness, user) if "но не закончили" in t]


async def test_a_reminder_due_while_the_bot_was_down_waits_for_the_morning(
    harness: Harness,
) -> None:
    assert harness.settings.tz == MOSCOW
    harness.fake.add_user(SLEEPER, "Ира")
    with time_machine.travel(TOUCHED, tick=False):
        await harness.send(SLEEPER, "/start")
        await harness.press(SLEEPER, "Хочу быть наставником")
        await harness.press(SLEEPER, "Педагог")
        await harness.press(SLEEPER, "Даю согласие")
        await harness.send(SLEEPER, "Соколова Ирина")  # one answer, then she stops
    sleeper = await person_id(harness, SLEEPER)
    async with harness.engine.connect() as connection:
        questionnaire = await connection.scalar(
            text("SELECT questionnaire_id FROM questionnaire_runs WHERE person_id = :p"),
            {"p": sleeper},
        )
    assert questionnaire is not None
    ctx = Context(
        harness.sessions,
        harness.translations,
        FakeScheduler(),
        MOSCOW,
        consent_version(harness.translations),
    )

    # 23:30: the bot is back and runs the reminder it missed; it is queued, not sent.
    await reminders.questionnaire_nudge(
        ctx, person_id=sleeper, questionnaire_id=questionnaire, now=NIGHT.astimezone(UTC)
    )
    async with harness.engine.connect() as connection:
        [(quiet,)] = (
            await connection.execute(
                text("SELECT quiet FROM outbox WHERE chat_id = :c"), {"c": SLEEPER}
            )
        ).all()
    assert quiet  # a reminder may not go at night
    night = sender_at(harness, NIGHT)
    await night.drain()
    assert reminders_to(harness, SLEEPER) == []
    async with harness.sessions() as session:
        [(not_before, sent_at)] = (
            await session.execute(
                select(OutboxMessage.not_before, OutboxMessage.sent_at).where(
                    OutboxMessage.chat_id == SLEEPER
                )
            )
        ).all()
    assert sent_at is None and not_before == MORNING  # put off to 09:00 in the school's zone

    # A message that is not a reminder goes at once, at night too (and to the same chat).
    assert await curators.add(harness.sessions, "Школа № 1", SLEEPER, by=CURATOR_ID) == (
        curators.CuratorChange.ADDED
    )
    assert await night.drain() == 1
    assert "Вас назначили куратором" in said(harness, SLEEPER)[-1]
    assert reminders_to(harness, SLEEPER) == []

    # A minute before nine: still waiting; at nine it goes, once.
    assert await sender_at(harness, MORNING - timedelta(minutes=1)).drain() == 0
    assert reminders_to(harness, SLEEPER) == []
    assert await sender_at(harness, MORNING).drain() == 1
    assert len(reminders_to(harness, SLEEPER)) == 1
