"""The individual plan (/plan): through the real Dispatcher with the fake Bot API (the mentor's
and the mentee's screens, the notices and their buttons), through its use cases for what a
screen never offers (forged, stale or misplaced calls), and the weekly digest with the clock
moved: at its moment, at most once a week, after a restart, with quiet hours and pauses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from sqlalchemy import func, select

from bot.db.models import Consent, OutboxMessage, Pair, PairNotice, Person, PlanTask, utcnow
from bot.i18n import consent_version
from bot.scheduling import tasks
from bot.services import pairs, plan, privacy
from bot.services.plan import Action, Outcome
from bot.services.reminders import Context
from tests.fake_scheduler import FakeScheduler
from tests.harness import Harness

MOSCOW = ZoneInfo("Europe/Moscow")
MENTOR, TEEN, CHILD, PARENT, OTHER_MENTOR, OTHER_MENTEE = 9901, 9902, 9903, 9904, 9905, 9906
# Tuesday 1 December 2026, 12:00 in Moscow.
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
# The weekly digest (PLAN_DIGEST's default): Mondays at 18:00 in Moscow.
DIGEST = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
NEXT_DIGEST = DIGEST + timedelta(days=7)
STICKER = {
    "file_id": "s1",
    "file_unique_id": "u1",
    "type": "regular",
    "width": 512,
    "height": 512,
    "is_animated": False,
    "is_video": False,
}


@dataclass(frozen=True)
class World:
    mentor: int
    teen: int
    child: int
    parent: int
    other_mentor: int
    other_mentee: int
    teen_pair: int
    child_pair: int
    other_pair: int


async def world(harness: Harness) -> World:
    """A mentor with a group of two working pairs (a teenager; a child under 14 whose parent is
    in the bot), and another mentor with a pair of their own."""
    for user, name in (
        (MENTOR, "Ирина"),
        (TEEN, "Петя"),
        (CHILD, "Маша"),
        (PARENT, "Ольга"),
        (OTHER_MENTOR, "Кирилл"),
        (OTHER_MENTEE, "Вера"),
    ):
        harness.fake.add_user(user, name, has_chat=True)
    now = utcnow()
    people = {
        MENTOR: ("Соколова Ирина", "mentor", "teacher", "18plus"),
        TEEN: ("Петров Пётр", "mentee", "student", "14to17"),
        CHILD: ("Иванова Маша", "mentee", "student", "under14"),
        PARENT: ("Иванова Ольга", None, None, None),
        OTHER_MENTOR: ("Кириллов Кирилл", "mentor", "teacher", "18plus"),
        OTHER_MENTEE: ("Верова Вера", "mentee", "student", "14to17"),
    }
    ids: dict[int, int] = {}
    async with harness.sessions.begin() as session:
        for telegram_id, (name, role, category, age) in people.items():
            person = Person(
                telegram_id=telegram_id,
                first_name=name.split()[1],
                full_name=name,
                role=role,
                category=category,
                age_group=age,
                first_seen_at=now,
                last_seen_at=now,
            )
            session.add(person)
            await session.flush()
            ids[telegram_id] = person.id
        version = consent_version(harness.translations)
        session.add(
            Consent(
                person_id=ids[CHILD],
                status="given",
                kind="parent",
                text_version=version,
                at=now,
                parent_telegram_id=PARENT,
            )
        )
        for user in (MENTOR, TEEN, OTHER_MENTOR, OTHER_MENTEE):
            session.add(
                Consent(
                    person_id=ids[user], status="given", kind="self", text_version=version, at=now
                )
            )
        made = []
        for mentor, mentee in ((MENTOR, TEEN), (MENTOR, CHILD), (OTHER_MENTOR, OTHER_MENTEE)):
            pair = Pair(
                mentor_id=ids[mentor],
                mentee_id=ids[mentee],
                form="teacher_student",
                status="active",
                months=9,
                created_by=777,
                created_at=now,
                started_at=now,
            )
            session.add(pair)
            await session.flush()
            made.append(pair.id)
    return World(
        ids[MENTOR],
        ids[TEEN],
        ids[CHILD],
        ids[PARENT],
        ids[OTHER_MENTOR],
        ids[OTHER_MENTEE],
        *made,
    )


def texts(harness: Harness, user: int, part: str = "") -> list[str]:
    return [m.text_or_empty() for m in harness.fake.bot_messages(user) if part in m.text_or_empty()]


async def add(
    harness: Harness, by: int, pair_id: int, title: str, due: date | None = None, **extra: object
) -> int:
    result = await plan.add(
        harness.sessions,
        by=by,
        pair_id=pair_id,
        title=title,
        due=due,
        zone=MOSCOW,
        **extra,  # type: ignore[arg-type]
    )
    assert result.outcome is Outcome.DONE, result
    assert result.task_id is not None
    await harness.sender.drain()  # the notice goes out now, before what the test does next
    return result.task_id


async def task_row(harness: Harness, task_id: int) -> PlanTask:
    async with harness.sessions() as session:
        task = await session.get(PlanTask, task_id)
    assert task is not None
    return task


def context(harness: Harness, scheduler: FakeScheduler) -> Context:
    return Context(
        harness.sessions,
        harness.translations,
        scheduler,
        MOSCOW,
        consent_version(harness.translations),
    )


# ---- the mentor's screens ------------------------------------------------------------------


async def test_a_mentor_of_a_group_picks_a_mentee_and_adds_tasks_three_ways(
    harness: Harness,
) -> None:
    """By the calendar (in Russian), typed («10.12»), or without a deadline; the mentee is told
    of each, a child's parent of none."""
    await world(harness)
    with time_machine.travel(NOW, tick=False):
        pick = await harness.send(MENTOR, "/plan")
        assert "Чей план открыть?" in pick.text_or_empty()
        assert {b["text"] for b in pick.buttons()} >= {"Петров Пётр", "Иванова Маша"}
        empty = await harness.press(MENTOR, "Петров Пётр")
        assert "План наставляемого: Петров Пётр" in empty.text_or_empty()
        assert "В плане пока нет задач" in empty.text_or_empty()
        ask = await harness.press(MENTOR, "Добавить задачу")
        assert "до 300 знаков" in ask.text_or_empty()
        due = await harness.send(MENTOR, "Прочитать   главу о проектах")
        assert "Срок для задачи «Прочитать главу о проектах»" in due.text_or_empty()
        labels = [b["text"] for b in due.buttons()]
        assert "🗓 декабрь 2026" in labels and "пн" in labels and "вс" in labels
        assert "[1]" in labels  # today, in the school's zone
        shown = await harness.press(MENTOR, "25", due)
        assert "Задача добавлена в план" in shown.text_or_empty()
        assert "Прочитать главу о проектах — до пт, 25 декабря" in shown.text_or_empty()
        await harness.press(MENTOR, "Добавить задачу")
        await harness.send(MENTOR, "Составить план проекта")
        shown = await harness.send(MENTOR, "10.12")
        assert "Составить план проекта — до чт, 10 декабря" in shown.text_or_empty()
        await harness.press(MENTOR, "Добавить задачу")
        await harness.send(MENTOR, "Выбрать тему")
        shown = await harness.press(MENTOR, "Без срока")
    text = shown.text_or_empty()
    assert "Задачи: выполнено 0 из 3 (0 %)\n░░░░░░░░░░" in text
    # Open tasks by deadline, the one without a deadline last.
    assert (
        text.index("1. ⬜ Составить") < text.index("2. ⬜ Прочитать") < text.index("3. ⬜ Выбрать")
    )
    told = texts(harness, TEEN, "Новая задача в вашем плане")
    assert len(told) == 3
    assert (
        "«Прочитать главу о проектах»\n🗓 Срок: пт, 25 декабря\nНаставник: Соколова Ирина."
        in (told[0])
    )
    assert not harness.fake.bot_messages(PARENT)
    assert not harness.fake.bot_messages(CHILD)


async def test_bad_titles_and_deadlines_get_a_clear_answer_and_add_nothing(
    harness: Harness,
) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        await harness.send(MENTOR, "/plan")
        await harness.press(MENTOR, "Петров Пётр")
        await harness.press(MENTOR, "Добавить задачу")
        long = await harness.send(MENTOR, "а" * 301)
        assert "Слишком длинно: 301 знак, а можно не больше 300" in texts(harness, MENTOR)[-2]
        assert "до 300 знаков" in long.text_or_empty()  # asked again below
        await harness.send(MENTOR, None, sticker=STICKER)
        assert "Напишите задачу словами" in texts(harness, MENTOR)[-2]
        await harness.send(MENTOR, "Подготовить доклад")
        for typed, answer in (
            ("01.11.2026", "Этот день уже прошёл"),
            ("31.02.2027", "Не получилось понять дату"),
            ("когда-нибудь", "Не получилось понять дату"),
        ):
            again = await harness.send(MENTOR, typed)
            assert answer in texts(harness, MENTOR)[-2], typed
            assert "Срок для задачи «Подготовить доклад»" in again.text_or_empty()
        # The calendar offers no day before today; a forged one is refused all the same.
        calendar = harness.fake.last_bot_message(MENTOR)
        raw_days = [b["callback_data"].rpartition(":")[2] for b in calendar.buttons()]
        today = int((date(2026, 12, 1) - date(1970, 1, 1)).total_seconds())
        assert not [d for d in raw_days if d.isdigit() and int(d) < today]  # 30 November
        day_button = calendar.button("25")["callback_data"]
        raw = int((date(2026, 11, 2) - date(1970, 1, 1)).total_seconds())
        await harness.press_data(MENTOR, calendar, f"{day_button.rsplit(':', 1)[0]}:{raw}")
        assert harness.last_answer()["show_alert"]
    async with harness.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(PlanTask)) == 0
    assert not texts(harness, TEEN)
    assert w.teen_pair


# ---- marking done, from either side --------------------------------------------------------


async def test_a_mentee_marks_a_task_done_once_and_the_mentor_is_told(harness: Harness) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        await add(harness, w.mentor, w.teen_pair, "Составить план проекта", date(2026, 12, 10))
        await add(harness, w.mentor, w.teen_pair, "Прочитать главу", date(2026, 12, 25))
        await add(harness, w.mentor, w.teen_pair, "Выбрать тему")
        mine = await harness.send(TEEN, "/plan")  # one plan: open at once
        assert "Мой план" in mine.text_or_empty() and "наставник: Соколова Ирина" in (
            mine.text_or_empty()
        )
        task = await harness.press(TEEN, "Составить")
        assert "📌 Составить план проекта" in task.text_or_empty()
        assert "🗓 Срок: чт, 10 декабря" in task.text_or_empty()
        done = task.button("Выполнено")["callback_data"]
        # A double tap: both presses carry the task's screen as it was.
        harness.fake.press(TEEN, task, done)
        harness.fake.press(TEEN, task, done)
        await harness.deliver()
        answers = [q.answer for q in harness.fake.callback_queries.values()][-2:]
        assert answers[0] == {"text": "✅ Задача отмечена выполненной.", "show_alert": False}
        # The second finds the screen moved on to the plan: an alert, nothing changed.
        assert answers[1] == {
            "text": "Эта кнопка больше не работает. Откройте меню заново: /menu",
            "show_alert": True,
        }
        shown = harness.fake.last_bot_message(TEEN).text_or_empty()
        assert "Задачи: выполнено 1 из 3 (33 %)\n▓▓▓░░░░░░░" in shown
        assert "✅ Составить план проекта" in shown
    told = texts(harness, MENTOR, "выполнена")
    assert told == [
        "✅ Петров Пётр: задача «Составить план проекта» выполнена.\nВ плане выполнено 1 из 3."
    ]
    async with harness.sessions() as session:
        row = await session.scalar(select(PlanTask).where(PlanTask.title.like("Составить%")))
    assert row is not None and row.status == "done" and row.version == 2 and row.done_by == w.teen


async def test_the_mentor_undoes_a_mark_and_the_mentee_is_told(harness: Harness) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        task_id = await add(harness, w.mentor, w.teen_pair, "Выбрать тему")
        await add(harness, w.mentor, w.teen_pair, "Прочитать главу")
        done = await plan.change(
            harness.sessions, task_id, by=w.teen, version=1, action=Action.DONE, zone=MOSCOW
        )
        assert done.outcome is Outcome.DONE
        await harness.sender.drain()
        await harness.send(MENTOR, "/plan")
        shown = await harness.press(MENTOR, "Петров Пётр")
        assert "Задачи: выполнено 1 из 2 (50 %)\n▓▓▓▓▓░░░░░" in shown.text_or_empty()
        task = await harness.press(MENTOR, "✅ Выбрать тему")
        assert "✅ Выполнена: вт, 1 декабря" in task.text_or_empty()
        shown = await harness.press(MENTOR, "Не выполнено")
        assert "Задачи: выполнено 0 из 2 (0 %)" in shown.text_or_empty()
        assert "Отметка снята" in shown.text_or_empty()
    assert texts(harness, TEEN, "снова не выполнена") == [
        "↩️ Соколова Ирина: задача «Выбрать тему» снова не выполнена.\nВ плане выполнено 0 из 2."
    ]
    assert (await task_row(harness, task_id)).version == 3


async def test_a_childs_parent_is_not_told_about_plan_tasks(harness: Harness) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        task_id = await add(harness, w.mentor, w.child_pair, "Нарисовать схему", date(2026, 12, 4))
        await plan.change(
            harness.sessions, task_id, by=w.child, version=1, action=Action.DONE, zone=MOSCOW
        )
        await harness.sender.drain()
    assert texts(harness, CHILD, "Нарисовать схему")
    assert texts(harness, MENTOR, "Иванова Маша: задача «Нарисовать схему» выполнена")
    assert not harness.fake.bot_messages(PARENT)


# ---- a mentee's proposal -------------------------------------------------------------------


async def test_a_mentee_proposes_and_the_mentor_accepts_under_the_notice_once(
    harness: Harness,
) -> None:
    await world(harness)
    with time_machine.travel(NOW, tick=False):
        await harness.send(TEEN, "/plan")
        ask = await harness.press(TEEN, "Предложить задачу")
        assert "Наставник примет её или отклонит" in ask.text_or_empty()
        await harness.send(TEEN, "Сходить на день открытых дверей")
        shown = await harness.press(TEEN, "Без срока")
        assert "Предложение отправлено наставнику" in shown.text_or_empty()
        assert "💡 Сходить на день открытых дверей · ждёт ответа наставника" in (
            shown.text_or_empty()
        )
        [notice] = [
            m for m in harness.fake.bot_messages(MENTOR) if "предлагает" in m.text_or_empty()
        ]
        assert notice.text_or_empty() == (
            "💡 Петров Пётр предлагает добавить в план задачу: «Сходить на день открытых дверей»"
            "\nПринять её?"
        )
        accept = notice.button("Принять")["callback_data"]
        assert len(accept.encode()) <= 64
        harness.fake.press(MENTOR, notice, accept)
        harness.fake.press(MENTOR, notice, accept)  # a double tap, the notice as it was
        await harness.deliver()
        answers = [q.answer for q in harness.fake.callback_queries.values()][-2:]
        assert answers[0] == {"text": "👍 Задача принята в план.", "show_alert": False}
        assert answers[1] == {"text": "Задача уже в плане.", "show_alert": True}
        assert [b["text"] for b in notice.buttons()] == ["📋 Открыть план"]
        opened = await harness.press(MENTOR, "Открыть план", notice)
        assert "План наставляемого: Петров Пётр" in opened.text_or_empty()
        assert "1. ⬜ Сходить на день открытых дверей" in opened.text_or_empty()
    assert texts(harness, TEEN, "вошло в план") == [
        "👍 Ваше предложение вошло в план: «Сходить на день открытых дверей». "
        "Наставник: Соколова Ирина."
    ]


async def test_the_mentor_declines_a_proposal_on_the_plan_screen(harness: Harness) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        task_id = await add(harness, w.teen, w.teen_pair, "Поиграть в приставку")
        assert (await task_row(harness, task_id)).status == "proposed"
        # A mentee cannot accept their own proposal (a forged call).
        own = await plan.change(
            harness.sessions, task_id, by=w.teen, version=1, action=Action.ACCEPT, zone=MOSCOW
        )
        assert own.outcome is Outcome.MENTOR_ONLY
        await harness.send(MENTOR, "/plan")
        shown = await harness.press(MENTOR, "Петров Пётр")
        assert "💡 Поиграть в приставку · ждёт вашего ответа" in shown.text_or_empty()
        task = await harness.press(MENTOR, "Поиграть")
        assert "примите его в план или отклоните" in task.text_or_empty()
        shown = await harness.press(MENTOR, "Отклонить")
        assert "Предложение отклонено" in shown.text_or_empty()
        assert "Поиграть" not in shown.text_or_empty()
        assert "В плане пока нет задач" in shown.text_or_empty()
    assert texts(harness, TEEN, "не вошло в план")
    assert (await task_row(harness, task_id)).status == "declined"


# ---- what a screen never offers ------------------------------------------------------------


async def test_forged_stale_and_misplaced_calls_change_nothing(harness: Harness) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        task_id = await add(harness, w.mentor, w.teen_pair, "Прочитать главу", date(2026, 12, 3))

        async def change(by: int, version: int, action: Action, task: int = task_id) -> Outcome:
            result = await plan.change(
                harness.sessions, task, by=by, version=version, action=action, zone=MOSCOW
            )
            return result.outcome

        # Another pair's mentor or mentee, a parent: not theirs.
        for by in (w.other_mentor, w.other_mentee, w.parent, w.child):
            assert await change(by, 1, Action.DONE) is Outcome.NOT_ALLOWED
        assert await change(w.mentor, 1, Action.DECLINE) is Outcome.NOT_OPEN  # not a proposal
        assert await change(w.mentor, 7, Action.DONE) is Outcome.STALE  # a version never shown
        assert await change(w.teen, 1, Action.DONE) is Outcome.DONE
        assert await change(w.mentor, 1, Action.DONE) is Outcome.ALREADY  # a late second tap
        assert await change(w.mentor, 1, Action.UNDO) is Outcome.STALE
        assert await change(w.mentor, 1, Action.DONE, task=404040) is Outcome.GONE
        for by, pair_id in ((w.other_mentor, w.teen_pair), (w.teen, w.other_pair)):
            other = await plan.add(
                harness.sessions, by=by, pair_id=pair_id, title="x", due=None, zone=MOSCOW
            )
            assert other.outcome is Outcome.NOT_ALLOWED
        for title, due, outcome in (
            ("а" * 301, None, Outcome.TOO_LONG),
            ("   ", None, Outcome.EMPTY),
            ("Вчерашнее", date(2026, 11, 30), Outcome.IN_THE_PAST),
        ):
            refused = await plan.add(
                harness.sessions,
                by=w.mentor,
                pair_id=w.teen_pair,
                title=title,
                due=due,
                zone=MOSCOW,
            )
            assert refused.outcome is outcome
        # The same typed message handled again (after a restart) adds one task.
        first = await add(harness, w.mentor, w.teen_pair, "Сделать макет", source="9901:77")
        again = await plan.add(
            harness.sessions,
            by=w.mentor,
            pair_id=w.teen_pair,
            title="Сделать макет",
            due=None,
            zone=MOSCOW,
            source="9901:77",
        )
        assert again.outcome is Outcome.ALREADY and again.task_id == first
        await harness.sender.drain()
    async with harness.sessions() as session:
        titles = list(
            await session.scalars(
                select(PlanTask.title).where(PlanTask.pair_id == w.teen_pair).order_by(PlanTask.id)
            )
        )
    assert titles == ["Прочитать главу", "Сделать макет"]
    assert (await task_row(harness, task_id)).version == 2
    assert len(texts(harness, MENTOR, "выполнена")) == 1


async def test_a_paused_pair_keeps_its_plan_and_an_ended_one_is_read_only(
    harness: Harness,
) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        task_id = await add(harness, w.mentor, w.teen_pair, "Прочитать главу")
        await pairs.set_paused(harness.sessions, w.teen_pair, w.teen, paused=True)
        await harness.sender.drain()
        shown = await harness.send(TEEN, "/plan")
        assert "Пара на паузе" in shown.text_or_empty()
        await add(harness, w.teen, w.teen_pair, "Предложение на паузе")
        paused = await plan.change(
            harness.sessions, task_id, by=w.teen, version=1, action=Action.DONE, zone=MOSCOW
        )
        assert paused.outcome is Outcome.DONE
        await pairs.end(harness.sessions, w.teen_pair, by=777, reason="переезд")
        await harness.sender.drain()
        shown = await harness.send(TEEN, "/plan")
        assert "Пара закрыта — план можно только посмотреть" in shown.text_or_empty()
        assert "Задачи: выполнено 1 из 1 (100 %)\n▓▓▓▓▓▓▓▓▓▓" in shown.text_or_empty()
        assert not [b for b in shown.buttons() if "Предложить" in b["text"]]
        task = await harness.press(TEEN, "Прочитать")
        assert not [b for b in task.buttons() if "Не выполнено" in b["text"]]
        for action in (Action.UNDO, Action.DONE):
            closed = await plan.change(
                harness.sessions, task_id, by=w.teen, version=2, action=action, zone=MOSCOW
            )
            assert closed.outcome is Outcome.CLOSED
        late = await plan.add(
            harness.sessions, by=w.mentor, pair_id=w.teen_pair, title="Ещё", due=None, zone=MOSCOW
        )
        assert late.outcome is Outcome.CLOSED
    assert (await task_row(harness, task_id)).status == "done"


# ---- the doors to the plan -----------------------------------------------------------------


async def test_the_plan_button_in_the_menu_and_in_my_pair(harness: Harness) -> None:
    w = await world(harness)
    harness.fake.add_user(9907, "Аня", has_chat=True)
    with time_machine.travel(NOW, tick=False):
        await add(harness, w.mentor, w.child_pair, "Нарисовать схему")
        menu = await harness.send(CHILD, "/menu")
        assert menu.button("📋 План")
        opened = await harness.press(CHILD, "📋 План")
        assert "Мой план" in opened.text_or_empty() and "Нарисовать схему" in (
            opened.text_or_empty()
        )
        mine = await harness.send(MENTOR, "/pair")
        opened = await harness.press(MENTOR, "📋 План", mine)
        assert "Чей план открыть?" in opened.text_or_empty()
        assert opened.button("Иванова Маша · 0 из 1")
        stranger = await harness.send(9907, "/plan")
        assert "Плана пока нет" in stranger.text_or_empty()


async def test_shares_for_the_curator(harness: Harness) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        ids = [await add(harness, w.mentor, w.teen_pair, f"Задача {n}") for n in range(9)]
        for task_id in ids[:7]:
            await plan.change(
                harness.sessions, task_id, by=w.mentor, version=1, action=Action.DONE, zone=MOSCOW
            )
        await add(harness, w.teen, w.teen_pair, "Предложение")  # waits: not counted
        declined = await add(harness, w.child, w.child_pair, "Отклонённое")
        await plan.change(
            harness.sessions, declined, by=w.mentor, version=1, action=Action.DECLINE, zone=MOSCOW
        )
    found = await plan.shares(harness.sessions, [w.teen_pair, w.child_pair, w.other_pair])
    assert found == {w.teen_pair: (7, 9), w.child_pair: (0, 0), w.other_pair: (0, 0)}
    assert await plan.shares(harness.sessions, []) == {}


async def test_a_withdrawal_deletes_the_tasks_of_the_persons_pairs(harness: Harness) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        await add(harness, w.mentor, w.teen_pair, "Позвонить маме Пети")
        await add(harness, w.mentor, w.child_pair, "Нарисовать схему")
        await add(harness, w.other_mentor, w.other_pair, "Чужая задача")
    version = consent_version(harness.translations)
    assert await privacy.withdraw(harness.sessions, w.teen, version) is not None
    async with harness.sessions() as session:
        left = list(await session.scalars(select(PlanTask.title).order_by(PlanTask.id)))
        told = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.key == "plan-told-added", OutboxMessage.person_id == w.teen)
        )
    assert left == ["Нарисовать схему", "Чужая задача"]
    assert told == 0


# ---- the weekly digest ---------------------------------------------------------------------


async def test_the_weekly_digest_goes_once_at_its_moment_and_after_a_restart(
    harness: Harness,
) -> None:
    w = await world(harness)
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(NOW, tick=False) as clock:
        await add(harness, w.mentor, w.teen_pair, "Прочитать главу", date(2026, 12, 3))
        await add(harness, w.mentor, w.teen_pair, "Выбрать тему", date(2026, 12, 7))  # due that day
        await add(harness, w.mentor, w.teen_pair, "Без срока")
        await add(harness, w.mentor, w.child_pair, "Нарисовать схему", date(2026, 12, 4))
        await add(harness, w.other_mentor, w.other_pair, "Не к спеху", date(2026, 12, 20))
        await pairs.set_paused(harness.sessions, w.child_pair, w.child, paused=True)
        await harness.sender.drain()
        await tasks.replan(ctx)
        assert scheduler.jobs[plan.DIGEST_JOB].at == DIGEST
        clock.move_to(DIGEST - timedelta(minutes=1))
        ran = await scheduler.run_due(ctx, utcnow())
        assert [job for job in ran if not job.startswith("survey-")] == []  # the interim survey's
        clock.move_to(DIGEST)
        assert plan.DIGEST_JOB in await scheduler.run_due(ctx, utcnow())
        await harness.sender.drain()
        # The job planned the next week's digest itself.
        assert scheduler.jobs[plan.DIGEST_JOB].at == NEXT_DIGEST
        # Run again (a second process, a repeat): nothing more.
        await tasks.run_task(ctx, plan.DIGEST_TASK, {})
        await plan.send_digests(harness.sessions, ctx.plan_digest, MOSCOW, utcnow())
        await harness.sender.drain()
        # A restart: the rebuild plans the next week's, not this week's again.
        clock.move_to(DIGEST + timedelta(minutes=30))
        restarted = FakeScheduler()
        await tasks.replan(context(harness, restarted))
        assert restarted.jobs[plan.DIGEST_JOB].at == NEXT_DIGEST
    [mentor_digest] = texts(harness, MENTOR, "Просроченные задачи")
    assert mentor_digest == (
        "⏰ Просроченные задачи · Петров Пётр\n"
        "В плане просрочена 1 задача:\n"
        "• «Прочитать главу» — срок был чт, 3 декабря"
    )
    [teen_digest] = texts(harness, TEEN, "Просроченные задачи")
    assert "· Соколова Ирина" in teen_digest and "«Прочитать главу»" in teen_digest
    assert not texts(harness, CHILD, "Просроченные")  # the pair is paused
    assert not harness.fake.bot_messages(PARENT)
    assert not texts(harness, OTHER_MENTOR, "Просроченные")  # nothing overdue
    assert not texts(harness, OTHER_MENTEE, "Просроченные")
    async with harness.sessions() as session:
        notices = list(await session.execute(select(PairNotice.pair_id, PairNotice.key)))
    assert [tuple(n) for n in notices] == [(w.teen_pair, "digest:2026-W50")]


async def test_a_digest_missed_while_down_goes_at_start_up_in_the_daytime(
    harness: Harness,
) -> None:
    """The bot was down at Monday's 18:00 and comes back at 21:30: the rebuild runs the week's
    digest at once, and it waits for the morning (quiet hours). A pause lifted on Wednesday lets
    that pair's digest of the week go then."""
    w = await world(harness)
    scheduler = FakeScheduler()
    with time_machine.travel(NOW, tick=False) as clock:
        await add(harness, w.mentor, w.teen_pair, "Прочитать главу", date(2026, 12, 3))
        await add(harness, w.mentor, w.child_pair, "Нарисовать схему", date(2026, 12, 4))
        await pairs.set_paused(harness.sessions, w.child_pair, w.child, paused=True)
        await harness.sender.drain()
        clock.move_to(DIGEST + timedelta(hours=3, minutes=30))  # 21:30 in Moscow
        ctx = context(harness, scheduler)
        await tasks.replan(ctx)
        assert scheduler.jobs[plan.DIGEST_JOB].at == DIGEST  # due: runs at once
        await scheduler.run_due(ctx, utcnow())
        await harness.sender.drain()
        assert not texts(harness, MENTOR, "Просроченные")  # night: it waits
        clock.move_to(DIGEST + timedelta(hours=15))  # Tuesday 09:00
        await harness.sender.drain()
        assert len(texts(harness, MENTOR, "Просроченные")) == 1
        assert len(texts(harness, TEEN, "Просроченные")) == 1
        # Wednesday: the child's pair resumes; the hourly rebuild finds its digest waiting.
        clock.move_to(DIGEST + timedelta(days=2))
        await pairs.set_paused(harness.sessions, w.child_pair, w.mentor, paused=False)
        await tasks.replan(ctx)
        await scheduler.run_due(ctx, utcnow())
        await tasks.replan(ctx)  # and again: nothing more
        await scheduler.run_due(ctx, utcnow())
        await harness.sender.drain()
    assert len(texts(harness, MENTOR, "Просроченные")) == 2
    assert texts(harness, MENTOR, "Просроченные")[-1].startswith(
        "⏰ Просроченные задачи · Иванова Маша"
    )
    assert len(texts(harness, CHILD, "Просроченные")) == 1
    assert not harness.fake.bot_messages(PARENT)
    assert len(texts(harness, TEEN, "Просроченные")) == 1


async def test_a_long_plan_comes_a_page_at_a_time(harness: Harness) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        for n in range(1, 8):
            await add(harness, w.mentor, w.teen_pair, f"Задача номер {n}", date(2026, 12, 10 + n))
        first = await harness.send(TEEN, "/plan")
        text = first.text_or_empty()
        assert "1. ⬜ Задача номер 1 — до пт, 11 декабря" in text
        assert "5. ⬜ Задача номер 5" in text and "Задача номер 6" not in text
        assert [b["text"] for b in first.buttons()][5:8] == ["◀️", "1/2", "▶️"]
        second = await harness.press(TEEN, "▶️")
        text = second.text_or_empty()
        assert "6. ⬜ Задача номер 6" in text and "7. ⬜ Задача номер 7" in text
        assert "Задача номер 5" not in text
        assert "Задачи: выполнено 0 из 7 (0 %)" in text
        task = await harness.press(TEEN, "7. ⬜ Задача номер 7")
        assert "🗓 Срок: чт, 17 декабря" in task.text_or_empty()


async def test_an_english_mentee_reads_the_plan_and_its_notices_in_english(
    harness: Harness,
) -> None:
    w = await world(harness)
    async with harness.sessions.begin() as session:
        teen = await session.get(Person, w.teen)
        assert teen is not None
        teen.locale = "en"
    scheduler = FakeScheduler()
    with time_machine.travel(NOW, tick=False) as clock:
        task_id = await add(harness, w.mentor, w.teen_pair, "Read the chapter", date(2026, 12, 3))
        await add(harness, w.mentor, w.teen_pair, "Pick a topic")
        shown = await harness.send(TEEN, "/plan")
        assert "Tasks: 0 of 2 done (0%)" in shown.text_or_empty()
        assert "1. ⬜ Read the chapter — by Thu, 3 December" in shown.text_or_empty()
        await plan.change(
            harness.sessions, task_id, by=w.mentor, version=1, action=Action.DONE, zone=MOSCOW
        )
        await plan.change(
            harness.sessions, task_id, by=w.mentor, version=2, action=Action.UNDO, zone=MOSCOW
        )
        clock.move_to(DIGEST)
        await plan.send_digests(harness.sessions, context(harness, scheduler).plan_digest, MOSCOW)
        await harness.sender.drain()
    told = texts(harness, TEEN)
    assert "📋 A new task in your plan: “Read the chapter”\n🗓 Due: Thu, 3 December" in told[0]
    assert (
        "✅ Соколова Ирина: the task “Read the chapter” is done.\n"
        "1 of 2 tasks in the plan are done."
    ) in told
    assert (
        "↩️ Соколова Ирина: the task “Read the chapter” is not done after all.\n"
        "0 of 2 tasks in the plan are done."
    ) in told
    assert told[-1] == (
        "⏰ Overdue tasks · Соколова Ирина\n"
        "1 task in the plan is overdue:\n"
        "• “Read the chapter” — was due Thu, 3 December"
    )
