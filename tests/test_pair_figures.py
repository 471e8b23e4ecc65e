"""The curator's figures per pair (bot/services/pair_figures.py) in /pairs and on a pair's card;
the pairs without meetings for 30 days and «Напомнить им», through the real Dispatcher: each
pair's mentor nudged at most once a day, a double tap nudging nobody twice, a non-curator or a
removed curator refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.setup import collect_dialogs
from aiogram_dialog.widgets.text import Format
from sqlalchemy import func, select

from bot.db.models import (
    Consent,
    Meeting,
    MeetingInvite,
    OutboxMessage,
    Pair,
    PairNotice,
    Person,
    PlanTask,
)
from bot.dialogs.meetings.states import NewMeetingSG
from bot.i18n import consent_version
from bot.services import curators, pair_figures
from bot.services.pair_figures import Figures, Nudge
from tests.conftest import CURATOR_ID
from tests.harness import Harness

MOSCOW = ZoneInfo("Europe/Moscow")
# Thursday 10 December 2026, 12:00 in Moscow.
NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
LONG_AGO = NOW - timedelta(days=60)
MENTOR_A, MENTOR_B, MENTOR_C = 9951, 9952, 9953
M1, M2, M3, M4, M5, M6 = 9961, 9962, 9963, 9964, 9965, 9966
SECOND = 9970  # a second curator, removed while her screen is open
REFUSAL = "Это действие доступно только кураторам программы."
NUDGED = "Куратор напоминает"

NAMES = {
    MENTOR_A: ("Соколова Ирина", "mentor"),
    MENTOR_B: ("Кириллов Кирилл", "mentor"),
    MENTOR_C: ("Орлова Анна", "mentor"),
    M1: ("Петров Пётр", "mentee"),
    M2: ("Иванова Мария", "mentee"),
    M3: ("Смирнов Олег", "mentee"),
    M4: ("Зайцева Вера", "mentee"),
    M5: ("Новиков Иван", "mentee"),
    M6: ("Лебедева Ольга", "mentee"),
}


@dataclass(frozen=True)
class World:
    ids: dict[int, int]  # Telegram id → person id
    p1: int  # A–M1: met 10 days ago, a meeting ahead, a plan 7 of 9
    p2: int  # A–M2: only the group's meeting 40 days ago → quiet
    p3: int  # B–M3: never met → quiet
    p4: int  # C–M4: never met, but paused → not quiet
    p5: int  # B–M5: started 10 days ago → not quiet yet
    p6: int  # B–M6: never met → quiet


async def world(harness: Harness) -> World:
    for user, (name, _) in NAMES.items():
        harness.fake.add_user(user, name.split()[1], has_chat=True)
    harness.fake.add_user(CURATOR_ID, "Ольга", has_chat=True)
    harness.fake.add_user(SECOND, "Марина", has_chat=True)
    version = consent_version(harness.translations)
    ids: dict[int, int] = {}
    async with harness.sessions.begin() as session:
        for telegram_id, (name, role) in NAMES.items():
            person = Person(
                telegram_id=telegram_id,
                first_name=name.split()[1],
                full_name=name,
                role=role,
                category="teacher" if role == "mentor" else "student",
                age_group="18plus" if role == "mentor" else "14to17",
                first_seen_at=LONG_AGO,
                last_seen_at=LONG_AGO,
            )
            session.add(person)
            await session.flush()
            ids[telegram_id] = person.id
            session.add(
                Consent(
                    person_id=person.id,
                    status="given",
                    kind="self",
                    text_version=version,
                    at=LONG_AGO,
                )
            )

        async def pair(mentor: int, mentee: int, started: datetime, paused: bool = False) -> int:
            made = Pair(
                mentor_id=ids[mentor],
                mentee_id=ids[mentee],
                form="teacher_student",
                status="active",
                months=9,
                created_by=CURATOR_ID,
                created_at=started,
                started_at=started,
                paused_at=NOW - timedelta(days=20) if paused else None,
            )
            session.add(made)
            await session.flush()
            return made.id

        p1 = await pair(MENTOR_A, M1, LONG_AGO)
        p2 = await pair(MENTOR_A, M2, LONG_AGO)
        p3 = await pair(MENTOR_B, M3, LONG_AGO)
        p4 = await pair(MENTOR_C, M4, LONG_AGO, paused=True)
        p5 = await pair(MENTOR_B, M5, NOW - timedelta(days=10))
        p6 = await pair(MENTOR_B, M6, LONG_AGO)

        def meeting(pair_id: int | None, mentor: int, at: datetime, status: str) -> Meeting:
            made = Meeting(
                pair_id=pair_id,
                mentor_id=ids[mentor],
                kind="work",
                starts_at=at,
                place="Кабинет 12",
                status=status,
                created_by=mentor,
                created_at=LONG_AGO,
                changed_at=LONG_AGO,
                version=1,
            )
            session.add(made)
            return made

        held = meeting(p1, MENTOR_A, NOW - timedelta(days=10), "held")
        meeting(p1, MENTOR_A, NOW + timedelta(days=5), "planned")
        group = meeting(None, MENTOR_A, NOW - timedelta(days=40), "held")
        meeting(p2, MENTOR_A, NOW - timedelta(days=5), "cancelled")
        meeting(p2, MENTOR_A, NOW - timedelta(days=3), "not_held")
        await session.flush()
        for meeting_id, invitee, rating in (
            (held.id, M1, 4),
            (group.id, M1, 5),
            (group.id, M2, 3),
        ):
            session.add(
                MeetingInvite(
                    meeting_id=meeting_id, person_id=ids[invitee], answer="yes", rating=rating
                )
            )
        statuses = ["done"] * 7 + ["open"] * 2 + ["proposed", "declined"]
        for n, status in enumerate(statuses):
            session.add(
                PlanTask(pair_id=p1, title=f"Задача {n + 1}", status=status, created_at=LONG_AGO)
            )
    return World(ids, p1, p2, p3, p4, p5, p6)


def said(harness: Harness, user: int, part: str) -> list[str]:
    return [m.text_or_empty() for m in harness.fake.bot_messages(user) if part in m.text_or_empty()]


async def nudges_today(harness: Harness) -> int:
    async with harness.sessions() as session:
        found = await session.scalar(
            select(func.count()).select_from(PairNotice).where(PairNotice.key == "nudge:2026-12-10")
        )
    return int(found or 0)


def new_meeting_screen(harness: Harness) -> bool:
    """A stand-in for the new-meeting screen while bot/dialogs/meetings has none (True: used)."""
    if any(d.states_group() is NewMeetingSG for d in collect_dialogs(harness.dispatcher)):
        return False

    async def shown(dialog_manager: DialogManager, **_: object) -> dict[str, object]:
        data = dialog_manager.start_data
        assert isinstance(data, dict)
        return {"shown": ", ".join(f"{k}={v}" for k, v in sorted(data.items()))}

    harness.dispatcher.include_router(
        Dialog(Window(Format("Новая встреча: {shown}"), state=NewMeetingSG.pair, getter=shown))
    )
    return True


# ---- the figures ---------------------------------------------------------------------------


def test_the_share_done_is_rounded_and_100_only_when_all_is_done() -> None:
    assert Figures(done=7, tasks=9).share == 78
    assert Figures(done=199, tasks=200).share == 99
    assert Figures(done=1, tasks=8).share == 13
    assert Figures(done=3, tasks=3).share == 100
    assert Figures().share is None


async def test_figures_count_own_and_group_meetings_ratings_and_the_plan(
    harness: Harness,
) -> None:
    with time_machine.travel(NOW, tick=False):
        w = await world(harness)
        found = await pair_figures.figures(harness.sessions, [w.p1, w.p2, w.p3])
    assert found[w.p1] == Figures(
        held=2,
        planned=1,
        last_held=NOW - timedelta(days=10),
        done=7,
        tasks=9,
        rating=4.5,
        ratings=2,
    )
    assert found[w.p2] == Figures(held=1, last_held=NOW - timedelta(days=40), rating=3.0, ratings=1)
    assert found[w.p3] == Figures()


async def test_pairs_list_and_card_show_the_figures_and_the_pause(harness: Harness) -> None:
    with time_machine.travel(NOW, tick=False):
        w = await world(harness)
        shown = await harness.send(CURATOR_ID, "/pairs")
        text = shown.text_or_empty()
        assert "встреч проведено / назначено" in text  # the legend
        assert f"{w.p1}. Соколова Ирина → Петров Пётр · работает" in text
        assert "🗓 2 / 1 · 📋 78 % · ⭐ 4,5 · 🕓 30.11.2026" in text
        assert "🗓 1 / 0 · 📋 — · ⭐ 3,0 · 🕓 31.10.2026" in text
        assert "🗓 0 / 0 · 📋 — · ⭐ — · 🕓 —" in text
        assert f"{w.p4}. Орлова Анна → Зайцева Вера · на паузе" in text

        card = await harness.press(CURATOR_ID, f"{w.p1}. Петров", shown)
        text = card.text_or_empty()
        day = harness.translations.get("ru").day(date(2026, 11, 30), today=date(2026, 12, 10))
        assert "🗓 Встречи: проведено 2, назначено 1" in text
        assert f"🕓 Последняя встреча — {day}" in text and "30 ноября" in day
        assert "📋 План: выполнено 7 из 9 (78 %)" in text
        assert "⭐ Средняя оценка встреч: 4,5 из 5 (2 оценки)" in text

        await harness.press(CURATOR_ID, "Назад", card)
        card = await harness.press(CURATOR_ID, f"{w.p4}. Зайцева", shown)
        text = card.text_or_empty()
        assert "Статус: на паузе" in text
        assert "🕓 Встреч ещё не было" in text
        assert "📋 В плане пока нет задач" in text
        assert "⭐ Оценок встреч пока нет" in text


# ---- without meetings for 30 days, and the nudge -------------------------------------------


async def test_quiet_pairs_and_a_nudge_once_a_day(harness: Harness) -> None:
    stand_in = new_meeting_screen(harness)
    with time_machine.travel(NOW, tick=False) as clock:
        w = await world(harness)
        quiet = await pair_figures.quiet(harness.sessions, zone=MOSCOW)
        assert [q.pair_id for q in quiet] == [w.p2, w.p3, w.p6]

        listed = await harness.send(CURATOR_ID, "/pairs")
        screen = await harness.press(CURATOR_ID, "Без встреч 30 дней", listed)
        text = screen.text_or_empty()
        assert "💤 Без встреч 30 дней (3)" in text
        assert f"{w.p2}. Соколова Ирина → Иванова Мария · последняя встреча 31.10.2026" in text
        assert f"{w.p3}. Кириллов Кирилл → Смирнов Олег · встреч не было" in text
        for name in ("Петров Пётр", "Зайцева Вера", "Новиков Иван"):
            assert name not in text

        confirm = await harness.press(CURATOR_ID, "Напомнить им", screen)
        assert "Напомнить 2 наставникам?" in confirm.text_or_empty()
        assert await nudges_today(harness) == 0  # asked first, nothing sent yet
        assert said(harness, MENTOR_A, NUDGED) == []

        # A double tap: both presses arrive before the first is handled.
        data = confirm.button("Да, напомнить")["callback_data"]
        harness.fake.press(CURATOR_ID, confirm, data)
        harness.fake.press(CURATOR_ID, confirm, data)
        await harness.deliver()
        assert harness.last_answer()["show_alert"] is True  # the second: that screen has gone
        assert said(harness, CURATOR_ID, "Напомнили") == ["🔔 Напомнили 2 наставникам."]
        after = harness.fake.last_bot_message(CURATOR_ID)
        assert "🔔 сегодня напомнили" in after.text_or_empty()
        assert all("Напомнить им" not in b["text"] for b in after.buttons())

        [to_a] = said(harness, MENTOR_A, NUDGED)
        assert "в вашей паре (Иванова Мария) больше месяца не было встреч" in to_a
        [to_b] = said(harness, MENTOR_B, NUDGED)
        assert "в 2 ваших парах больше месяца не было встреч" in to_b
        assert said(harness, MENTOR_C, NUDGED) == []
        assert await nudges_today(harness) == 3

        # Asked again the same day (another curator, say): nobody is nudged twice.
        again = await pair_figures.nudge(harness.sessions, by=CURATOR_ID, zone=MOSCOW)
        assert again.outcome is Nudge.NONE
        assert len(said(harness, MENTOR_A, NUDGED)) == 1
        assert len(said(harness, MENTOR_B, NUDGED)) == 1

        # The mentor's button opens the new-meeting screen for that pair (of his two).
        nudge = next(m for m in harness.fake.bot_messages(MENTOR_A) if NUDGED in m.text_or_empty())
        opened = await harness.press(MENTOR_A, "Назначить встречу", nudge)
        if stand_in:
            assert opened.text_or_empty() == f"Новая встреча: pair_id={w.p2}"
        else:
            assert opened.text_or_empty() == "Какая это встреча?"

        # The next day each pair may be nudged again.
        clock.move_to(NOW + timedelta(days=1))
        next_day = await pair_figures.nudge(harness.sessions, by=CURATOR_ID, zone=MOSCOW)
        assert (next_day.outcome, next_day.mentors, next_day.pairs) == (Nudge.DONE, 2, 3)
        await harness.sender.drain()
        assert len(said(harness, MENTOR_A, NUDGED)) == 2


async def test_a_nudge_by_a_non_curator_or_a_removed_curator_is_refused(harness: Harness) -> None:
    with time_machine.travel(NOW, tick=False):
        await world(harness)
        await harness.send(CURATOR_ID, "/start")
        assert await curators.add(harness.sessions, "Школа № 1", SECOND, by=CURATOR_ID) == (
            curators.CuratorChange.ADDED
        )
        listed = await harness.send(SECOND, "/pairs")
        screen = await harness.press(SECOND, "Без встреч 30 дней", listed)
        confirm = await harness.press(SECOND, "Напомнить им", screen)
        data = confirm.button("Да, напомнить")["callback_data"]

        # A mentor forging the curator's button on a message of his own.
        await harness.send(MENTOR_A, "/start")
        harness.fake.press(MENTOR_A, harness.fake.last_bot_message(MENTOR_A), data)
        await harness.deliver()
        assert harness.last_answer()["show_alert"] is True
        refused = await pair_figures.nudge(harness.sessions, by=MENTOR_A, zone=MOSCOW)
        assert refused.outcome is Nudge.NOT_ALLOWED

        # The curator removed while her confirmation was on screen.
        assert await curators.remove(harness.sessions, SECOND, by=CURATOR_ID) == (
            curators.CuratorChange.REMOVED
        )
        await harness.press(SECOND, "Да, напомнить", confirm)
        assert harness.last_answer() == {"text": REFUSAL, "show_alert": True}
        gone = await pair_figures.nudge(harness.sessions, by=SECOND, zone=MOSCOW)
        assert gone.outcome is Nudge.NOT_ALLOWED

    assert await nudges_today(harness) == 0
    async with harness.sessions() as session:
        queued = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.key.in_(("term-nudge-one", "term-nudge-many")))
        )
    assert queued == 0
    for mentor in (MENTOR_A, MENTOR_B):
        assert said(harness, mentor, NUDGED) == []
