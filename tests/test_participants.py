"""/participants for curators: numbers, search by name, paper consent for a child."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import event, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import migrate
from bot.db.engine import create_engine, create_session_factory
from bot.db.models import AuditEntry, Consent, ParentLink, Person, QuestionnaireRun, utcnow
from bot.services import consent, participants
from bot.services.consent import ConsentStatus
from tests.conftest import CURATOR_ID
from tests.flows import child_asks_for_parent_link, mentor_signs_up
from tests.harness import Harness

MENTOR, CHILD, STRANGER = 6001, 6002, 6003


async def test_counts_and_search(harness: Harness) -> None:
    fake = harness.fake
    fake.add_user(CURATOR_ID, "Ольга")
    fake.add_user(MENTOR, "Игорь")
    await mentor_signs_up(harness, MENTOR, "Смирнов Игорь")
    overview = await harness.send(CURATOR_ID, "/participants")
    assert "Родитель · наставник: 1" in overview.text_or_empty()
    assert "Согласий: 1" in overview.text_or_empty()
    assert "Всего 1 участник." in overview.text_or_empty()
    waits = "Ждут действия: без анкеты — 0, без пары — 0, ждут согласия родителя — 0."
    assert waits in overview.text_or_empty()
    fake.add_user(CHILD, "Маша")
    await child_asks_for_parent_link(harness, CHILD)
    await harness.send(CURATOR_ID, "/participants")
    overview = fake.bot_messages(CURATOR_ID)[-2]  # the child's own line with its button below
    assert "ждут согласия родителя — 1" in overview.text_or_empty()
    found = await harness.send(CURATOR_ID, "/participants смирнов")
    assert "найден 1 участник" in found.text_or_empty()
    assert "Смирнов Игорь" in found.text_or_empty()
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


# The bank in the database, for the service and its queries (no Telegram needed).

VERSION = "2"


def person(telegram_id: int, **fields: Any) -> Person:
    moment = datetime(2026, 9, 1, tzinfo=UTC)
    fields.setdefault("role", "mentee")
    fields.setdefault("category", "student")
    return Person(
        telegram_id=telegram_id,
        first_seen_at=moment,
        last_seen_at=moment,
        is_blocked=False,
        **fields,
    )


def consent_row(
    owner: Person, status: str, kind: str | None = "self", text: str = VERSION
) -> Consent:
    return Consent(person_id=owner.id, status=status, kind=kind, text_version=text, at=utcnow())


async def test_search_ignores_case_in_any_script_and_orders_by_name(engine: AsyncEngine) -> None:
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        session.add_all(
            [
                person(1, full_name="Иванова Мария"),
                person(2, full_name="ИВАНОВ Пётр", role="mentor", category="teacher"),
                person(3, first_name="Иван", username="ivan_petrov"),
                person(4, full_name="Семёнов Игорь"),
                person(5, full_name="Сидоров Олег"),
                person(
                    6, first_name="Иван", role=None, category=None
                ),  # no role: no consent, not in the bank
                person(7, first_name="Ivan", last_name="Smith"),
            ]
        )
    async with sessions() as session:
        found = await participants.search(session, "иВаН", VERSION)
        assert [row.person.telegram_id for row in found] == [3, 2, 1]
        # ё and е are the same letter to a search, either way round.
        assert [
            r.person.telegram_id for r in await participants.search(session, "семенов", VERSION)
        ] == [4]
        assert [
            r.person.telegram_id for r in await participants.search(session, "ПЁТР", VERSION)
        ] == [2]
        assert [
            r.person.telegram_id for r in await participants.search(session, "SMITH", VERSION)
        ] == [7]
        assert await participants.search(session, "   ", VERSION) == []
        assert await participants.search(session, "Петров", VERSION) == []


async def test_search_takes_like_wildcards_as_plain_characters(engine: AsyncEngine) -> None:
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        session.add_all(
            [
                person(1, first_name="Маша 100%"),
                person(2, first_name="Маша 1000"),
                person(3, username="ivan_petrov"),
                person(4, username="ivanxpetrov"),
                person(5, first_name="C:\\Path"),
            ]
        )
    async with sessions() as session:

        async def ids(query: str) -> list[int]:
            return [
                r.person.telegram_id for r in await participants.search(session, query, VERSION)
            ]

        assert await ids("%") == [1]
        assert await ids("100%") == [1]
        assert await ids("n_p") == [3]
        assert await ids("_") == [3]
        assert await ids("\\") == [5]
        assert await ids("маша") == [1, 2]  # "%" sorts before "0"


async def test_search_returns_at_most_the_limit_with_each_persons_status(
    engine: AsyncEngine,
) -> None:
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        people = [person(100 + n, full_name=f"Петров {n:02}") for n in range(30)]
        session.add_all(people)
        await session.flush()
        session.add_all(
            [
                consent_row(people[0], "declined"),
                consent_row(people[0], "given"),  # the newest row is the one in force
                consent_row(people[1], "given", text="1"),  # an older text: asked again
                consent_row(people[2], "given", kind="paper", text="1"),  # paper: still good
                consent_row(people[3], "given"),
                consent_row(people[3], "withdrawn", kind=None, text="2"),
            ]
        )
        session.add(
            QuestionnaireRun(
                person_id=people[0].id,
                questionnaire_id="intake_student",
                current="__summary__",
                history=[],
                editing=False,
                started_at=utcnow(),
                submitted_at=utcnow(),
            )
        )
    async with sessions() as session:
        found = await participants.search(session, "петров", VERSION)
    assert len(found) == participants.SEARCH_LIMIT
    assert [row.person.full_name for row in found] == [f"Петров {n:02}" for n in range(20)]
    assert [(row.consent, row.consent_kind, row.submitted) for row in found[:5]] == [
        (ConsentStatus.GIVEN, "self", True),
        (ConsentStatus.OUTDATED, "self", False),
        (ConsentStatus.GIVEN, "paper", False),
        (ConsentStatus.WITHDRAWN, None, False),
        (ConsentStatus.NONE, None, False),
    ]


async def test_search_name_follows_the_names_and_is_erased_with_them(engine: AsyncEngine) -> None:
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        someone = person(1, first_name="Маша")
        session.add(someone)
    async with sessions.begin() as session:
        someone = await session.get_one(Person, someone.id)
        someone.full_name = "Кузнецова Мария"
    async with sessions() as session:
        [row] = await participants.search(session, "кузнецова", VERSION)
        assert row.person.search_name == "кузнецова мария маша"
    async with sessions.begin() as session:
        # As a withdrawal erases them (bot/services/privacy.py): on the object, in the ORM.
        someone = await session.get_one(Person, someone.id)
        someone.first_name = someone.last_name = someone.username = someone.full_name = None
        someone.role = someone.category = someone.age_group = None
    async with sessions() as session:
        erased = await session.get_one(Person, someone.id)
        assert erased.search_name is None
        assert await participants.search(session, "маша", VERSION) == []


async def test_the_migration_makes_names_already_stored_searchable(
    empty_database_url: str,
) -> None:
    engine = create_engine(empty_database_url)
    try:
        revisions = migrate.revisions()
        await migrate.upgrade(engine, revisions[revisions.index("0004") - 1])
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO people (telegram_id, first_name, full_name, role, category,"
                    " first_seen_at, last_seen_at, is_blocked)"
                    " VALUES (1, 'Ёжик', 'ОРЛОВА Анна', 'mentee', 'student',"
                    " '2026-09-01 00:00:00', '2026-09-01 00:00:00', false),"
                    " (2, NULL, NULL, NULL, NULL,"
                    " '2026-09-01 00:00:00', '2026-09-01 00:00:00', false)"
                )
            )
        await migrate.upgrade(engine)
        async with engine.connect() as connection:
            keys = (
                await connection.execute(text("SELECT search_name FROM people ORDER BY id"))
            ).all()
        assert [key for (key,) in keys] == ["орлова анна ежик", None]
    finally:
        await engine.dispose()


async def test_counts_follow_the_consent_in_force_for_each_person(engine: AsyncEngine) -> None:
    sessions = create_session_factory(engine)
    now = utcnow()
    async with sessions.begin() as session:
        given, outdated, paper, withdrawn, declined, regiven, unsure, child, gone = people = [
            person(1),
            person(2),
            person(3, role="mentor", category="teacher"),
            person(4, role=None, category=None),  # erased on withdrawal
            person(5, role=None, category=None),
            person(6, role="mentor", category="teacher"),
            person(7, role="mentor", category="parent"),
            person(8, role=None, category=None),
            person(9, role=None, category=None),
        ]
        session.add_all(people)
        await session.flush()
        session.add_all(
            [
                consent_row(given, "given"),
                consent_row(outdated, "given", text="1"),
                consent_row(paper, "given", kind="paper", text="1"),
                consent_row(withdrawn, "given"),
                consent_row(withdrawn, "withdrawn", kind=None),
                consent_row(declined, "declined", kind=None),
                consent_row(regiven, "declined", kind=None),
                consent_row(regiven, "given"),
                consent_row(unsure, "given", kind=None, text="1"),
            ]
        )
        for owner, created, used in (
            (child, now - timedelta(days=1), None),  # waiting
            (gone, now - timedelta(days=8), None),  # expired unused: still waiting (paper)
            (given, now - timedelta(days=2), now),  # used
        ):
            session.add(
                ParentLink(
                    token_hash=f"{owner.telegram_id:064}",
                    person_id=owner.id,
                    role="mentee",
                    category="student",
                    age_group="under14",
                    created_at=created,
                    expires_at=created + timedelta(days=7),
                    used_at=used,
                )
            )
    async with sessions() as session:
        figures = await participants.counts(session, VERSION)
        # The same figures as each person's own status, one by one.
        one_by_one = Counter([(await consent.status(session, p.id, VERSION)).value for p in people])
    assert figures["role"] == Counter({"mentee": 2, "mentor": 3})
    assert figures["category"] == Counter(
        {"mentee:student": 2, "mentor:teacher": 2, "mentor:parent": 1}
    )
    assert figures["consent"] == Counter(
        {"given": 3, "outdated": 2, "withdrawn": 1, "declined": 1, "pending_parent": 2}
    )
    del one_by_one["none"]
    assert figures["consent"] - Counter({"pending_parent": 2}) == one_by_one


class Watch:
    """While it is on: the SQL statements an engine runs and the rows made into objects."""

    MODELS = (Person, Consent, ParentLink, QuestionnaireRun)

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine.sync_engine
        self.statements: list[str] = []
        self.loaded = 0

    def _statement(self, _conn: object, _cursor: object, statement: str, *_: object) -> None:
        self.statements.append(statement)

    def _load(self, *_: object) -> None:
        self.loaded += 1

    def __enter__(self) -> Watch:
        event.listen(self.engine, "before_cursor_execute", self._statement)
        for model in self.MODELS:
            event.listen(model, "load", self._load)
        return self

    def __exit__(self, *_: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._statement)
        for model in self.MODELS:
            event.remove(model, "load", self._load)


async def add_people(engine: AsyncEngine, first: int, last: int) -> None:
    """People numbered first..last-1, each with a consent, some with a questionnaire and a link."""
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        for n in range(first, last):
            someone = person(10_000 + n, full_name=f"Участник {n:04}", category="student")
            session.add(someone)
            await session.flush()
            session.add(consent_row(someone, "given", text=VERSION if n % 2 else "1"))
            if n % 3 == 0:
                session.add(
                    QuestionnaireRun(
                        person_id=someone.id,
                        questionnaire_id="intake_student",
                        current="__summary__",
                        history=[],
                        editing=False,
                        started_at=utcnow(),
                        submitted_at=utcnow(),
                    )
                )
            if n % 5 == 0:
                child = person(50_000 + n, role=None, category=None)
                session.add(child)
                await session.flush()
                session.add(
                    ParentLink(
                        token_hash=f"{n:064}",
                        person_id=child.id,
                        role="mentee",
                        category="student",
                        age_group="under14",
                        created_at=utcnow(),
                        expires_at=utcnow() + timedelta(days=7),
                    )
                )


async def watch_counts_and_search(engine: AsyncEngine) -> tuple[Watch, Watch]:
    sessions = create_session_factory(engine)
    async with sessions() as session:
        with Watch(engine) as counting:
            await participants.counts(session, VERSION)
    async with sessions() as session:
        with Watch(engine) as searching:
            rows = await participants.search(session, "УЧАСТНИК", VERSION)
            # Everything the handler shows is loaded already: nothing more is asked.
            shown = [(r.person.full_name, r.person.role, r.consent, r.submitted) for r in rows]
    assert shown
    return counting, searching


async def test_counts_and_search_ask_the_same_few_queries_for_300_people(
    engine: AsyncEngine,
) -> None:
    await add_people(engine, 0, 3)
    few = await watch_counts_and_search(engine)
    await add_people(engine, 3, 300)
    many = await watch_counts_and_search(engine)
    assert [len(w.statements) for w in many] == [len(w.statements) for w in few]
    counting, searching = many
    assert len(counting.statements) <= 3 and len(searching.statements) == 1
    # No person is brought into Python to be counted; a search brings the rows it shows
    # (a person and their consent each).
    assert counting.loaded == 0
    assert searching.loaded <= 2 * participants.SEARCH_LIMIT
    async with create_session_factory(engine)() as session:
        figures = await participants.counts(session, VERSION)
        found = await participants.search(session, "участник", VERSION)
    assert figures["category"] == Counter({"mentee:student": 300})
    assert figures["consent"] == Counter({"given": 150, "outdated": 150, "pending_parent": 60})
    assert [r.person.full_name for r in found] == [f"Участник {n:04}" for n in range(20)]


async def test_a_link_made_just_before_midnight_utc_shows_the_schools_date(
    harness: Harness,
) -> None:
    fake = harness.fake
    fake.add_user(CURATOR_ID, "Ольга")
    fake.add_user(CHILD, "Петя", has_chat=True)  # a child who has asked the bot for a link
    # 22:30 UTC yesterday is already 01:30 today in Moscow (UTC+3 all year).
    yesterday = utcnow().date() - timedelta(days=1)
    created = datetime.combine(yesterday, time(22, 30), tzinfo=UTC)
    async with harness.sessions.begin() as session:
        child = person(CHILD, role=None, category=None)
        session.add(child)
        await session.flush()
        session.add(
            ParentLink(
                token_hash="c" * 64,
                person_id=child.id,
                role="mentee",
                category="student",
                age_group="under14",
                created_at=created,
                expires_at=created + timedelta(days=7),
            )
        )
    await harness.send(CURATOR_ID, "/participants")
    pending = fake.last_bot_message(CURATOR_ID).text_or_empty()
    assert "Ждёт согласия родителя: Петя" in pending
    assert f"ссылка от {utcnow().date():%d.%m.%Y}." in pending
    assert f"{yesterday:%d.%m.%Y}" not in pending


async def test_a_name_typed_on_the_curators_desk_is_a_search(harness: Harness) -> None:
    """A curator types «смирнов» on her home screen: the people found, not «press a button»;
    a participant typing the same gets the hint, and no one's data."""
    fake = harness.fake
    fake.add_user(CURATOR_ID, "Ольга")
    fake.add_user(MENTOR, "Игорь")
    fake.add_user(STRANGER, "Вова")
    await mentor_signs_up(harness, MENTOR, "Смирнов Игорь")
    await harness.send(CURATOR_ID, "/start")
    desk = fake.last_bot_message(CURATOR_ID)
    found = await harness.send(CURATOR_ID, "смирнов")
    assert "найден 1 участник" in found.text_or_empty()
    assert "Смирнов Игорь" in found.text_or_empty()
    assert desk.buttons()  # the desk stays where it was, with its buttons
    # Outside any screen (the list of pairs closed), the same.
    await harness.send(CURATOR_ID, "/pairs")
    await harness.press(CURATOR_ID, "Закрыть")
    found = await harness.send(CURATOR_ID, "Смирнов  Игорь")
    assert "Смирнов Игорь" in found.text_or_empty()
    await harness.send(MENTOR, "/start")
    hint = await harness.send(MENTOR, "смирнов")
    assert "Смирнов Игорь" not in hint.text_or_empty()
    await harness.send(STRANGER, "/start")
    other = await harness.send(STRANGER, "смирнов")
    assert "Смирнов" not in other.text_or_empty()
