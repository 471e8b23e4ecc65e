"""/export and `python -m bot export`: the curators' workbook; `python -m bot seed-demo`."""

from __future__ import annotations

import os
from collections import Counter
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import cli
from bot.db.engine import create_session_factory
from bot.db.models import (
    Agreement,
    Answer,
    Attendance,
    AuditEntry,
    Choice,
    Consent,
    Curator,
    Event,
    Pair,
    Person,
    QuestionnaireRun,
    utcnow,
)
from bot.domain.forms import allowed
from bot.domain.roles import AgeGroup, Category, Role, questionnaire_for
from bot.i18n import Translations, consent_version
from bot.questionnaires import engine as questions
from bot.questionnaires.engine import Valid
from bot.questionnaires.loader import load_catalog
from bot.questionnaires.model import QType, Question
from bot.services import demo, export, pair_figures
from bot.services.export import cells, files
from tests.conftest import CURATOR_ID
from tests.harness import Harness
from tests.test_end_to_end import ROOT, run_cli

MOSCOW = ZoneInfo("Europe/Moscow")
STRANGER = 6101
TRICKY_NAME = '=1+2 <b>Петров</b> & "Сидоров"'
REGISTRY_HEADERS = [
    "№",
    "ФИО",
    "Роль",
    "Категория",
    "Класс",
    "Возрастная группа",
    "Анкета",
    "Анкета отправлена",
    "Согласие",
    "Кто дал согласие",
    "Телефон",
    "Telegram",
    "Telegram ID",
    "Дата первого обращения",
    "Заблокировал бота",
]
CONSENT_HEADERS = [
    "№",
    "Участник",
    "Telegram ID",
    "Статус",
    "Кто дал",
    "Версия текста",
    "Дата и время",
    "Родитель (законный представитель)",
    "Куратор (Telegram ID)",
]
PAIR_HEADERS = [
    "№",
    "Наставник",
    "Наставляемый",
    "Форма наставничества",
    "Статус",
    "Срок, мес.",
    "Приказ №",
    "Дата приказа",
    "Пара создана",
    "Начало",
    "Окончание",
    "Причина окончания",
    "Соглашение наставника",
    "Соглашение наставляемого",
]


def rows(sheet: Worksheet) -> list[dict[str, Any]]:
    """The data rows, each by its column's header."""
    header, *data = sheet.iter_rows(values_only=True)
    return [dict(zip(map(str, header), row, strict=True)) for row in data]


def open_book(content: bytes) -> Workbook:
    return load_workbook(BytesIO(content))


async def seed(engine: AsyncEngine, translations: Translations) -> demo.Seeded:
    seeded = await demo.seed(
        create_session_factory(engine),
        version=consent_version(translations),
        zone=MOSCOW,
        curator_id=CURATOR_ID,
    )
    assert seeded is not None
    return seeded


# ---- the demo -----------------------------------------------------------------------------


def _fits(question: Question, answers: dict[str, Any]) -> bool:
    """Whether the bot itself would have stored the answer to `question` (and those kept
    beside it: a class's letter) as `answers` has them."""
    value = answers[question.id]
    beside = {key: answers.get(key) for key in questions.companions(question)}
    checked: questions.Checked
    match question.type:
        case QType.MULTI:
            checked = questions.check_multi(question, value)
        case QType.SINGLE | QType.SCALE:
            checked = questions.check_choice(question, str(value))
        case QType.YESNO:
            checked = questions.check_choice(question, "yes" if value else "no")
        case QType.PHONE:
            checked = questions.check_phone(value)
        case _:
            typed = f"{value}{''.join(v for v in beside.values() if isinstance(v, str))}"
            checked = questions.check_typed(question, typed, datetime.now(MOSCOW).date())
    return checked == Valid(value, beside)


def test_demo_answers_are_what_the_questionnaires_would_store(translations: Translations) -> None:
    catalog = load_catalog(translations)
    for someone in demo.PEOPLE:
        questionnaire = catalog.get(questionnaire_for(someone.role, someone.category))
        context = {
            "role": someone.role.value,
            "category": someone.category.value,
            "age_group": someone.age_group.value if someone.age_group else None,
        }
        answers = {"full_name": someone.full_name, **someone.answers}
        assert questions.missing_required(questionnaire, answers, context) == [], someone
        assert questions.kept_answers(questionnaire, answers, context) == answers, someone
        kept_beside = {key for q in questionnaire.questions for key in questions.companions(q)}
        for question_id in answers.keys() - kept_beside:
            question = questionnaire.question(question_id)
            assert question is not None and _fits(question, answers), (someone, question_id)


def test_demo_choices_and_pairs_follow_the_rules() -> None:
    people = {someone.full_name: someone for someone in demo.PEOPLE}
    paired = {mentee for _, mentee, _ in demo.PAIRS}
    for mentee, mentors in demo.MENTEE_CHOICES.items():
        assert people[mentee].role is Role.MENTEE and people[mentee].came
        assert mentee not in paired and len(mentors) <= 3
        for mentor in mentors:
            assert people[mentor].role is Role.MENTOR and people[mentor].came
            assert allowed(
                people[mentor].category, people[mentee].category, people[mentee].age_group
            )
    for mentor, mentees in demo.MENTOR_CHOICES.items():
        assert people[mentor].came
        for mentee in mentees:
            assert people[mentee].came and mentee not in paired
            assert allowed(
                people[mentor].category, people[mentee].category, people[mentee].age_group
            )
    load = Counter(mentor for mentor, _, _ in demo.PAIRS)
    for mentor, taken in load.items():
        assert taken <= people[mentor].answers["capacity"]
    assert len(paired) == len(demo.PAIRS)
    categories = {someone.category for someone in demo.PEOPLE if someone.role is Role.MENTOR}
    assert len(categories) == 6
    ages = {someone.age_group for someone in demo.PEOPLE if someone.category is Category.STUDENT}
    assert ages == set(AgeGroup)


async def test_seed_demo_fills_an_empty_database_once(
    engine: AsyncEngine, translations: Translations
) -> None:
    seeded = await seed(engine, translations)
    assert (seeded.mentors, seeded.mentees, seeded.pairs) == (6, 14, 3)
    assert (seeded.meetings, seeded.tasks) == (6, 9)  # each pair's work so far
    assert seeded.mutual > 0 and seeded.choices > seeded.mutual
    sessions = create_session_factory(engine)
    version = consent_version(translations)

    async def count(model: Any) -> int:
        async with sessions() as session:
            return int(await session.scalar(select(func.count()).select_from(model)) or 0)

    before = {
        model: await count(model)
        for model in (Person, Consent, Answer, QuestionnaireRun, Attendance, Choice, Pair)
    }
    async with sessions() as session:
        participants = (await session.scalars(select(Person).where(Person.role.is_not(None)))).all()
        assert len(participants) == 20
        assert all(p.telegram_id >= demo.DEMO_ID_BASE and p.username is None for p in participants)
        assert all(p.search_name == p.names_for_search() for p in participants)
        assert all(
            "семенова" in (p.search_name or "")
            for p in participants
            if "Семёнова" in str(p.full_name)
        )
        submitted = await session.scalar(
            select(func.count()).where(
                QuestionnaireRun.submitted_at.is_not(None),
                QuestionnaireRun.questionnaire_id.not_like("%@%"),  # intake, not a survey
            )
        )
        assert submitted == 20
        kinds = Counter((await session.scalars(select(Consent.kind))).all())
        assert kinds == {"self": 16, "parent": 3, "paper": 1, None: 1}
        parents = (
            await session.scalars(select(Consent.parent_name).where(Consent.kind == "parent"))
        ).all()
        assert all(parents)
        [closed] = (await session.scalars(select(Event))).all()
        assert closed.closed_at is not None and closed.choices_until is not None
        assert closed.choices_until > utcnow()
        pairs = (await session.scalars(select(Pair))).all()
        assert {p.status for p in pairs} == {"active"}
    # Each pair has met once (rated), meets again in three days, and has done one task of 3.
    found = await pair_figures.figures(sessions, [p.id for p in pairs])
    assert {(f.held, f.planned, f.done, f.tasks, f.rating) for f in found.values()} == {
        (1, 1, 1, 3, 5.0)
    }
    async with sessions() as session:
        assert all(p.order_number and p.order_date for p in pairs)
        agreements = (await session.scalars(select(Agreement))).all()
        assert len(agreements) == 6 and all(a.accepted for a in agreements)
        matched = (await session.scalars(select(Choice.chooser_id))).all()
        paired = {p.mentee_id for p in pairs}
        assert not paired & set(matched)

    assert await demo.seed(sessions, version=version, zone=MOSCOW) is None
    assert {model: await count(model) for model in before} == before


# ---- the workbook -------------------------------------------------------------------------


async def add_tricky_people(engine: AsyncEngine, version: str) -> None:
    """A name that looks like a formula and like HTML, its consent given late in the evening
    (UTC), and someone who withdrew (their name is gone, the withdrawal stays)."""
    async with create_session_factory(engine).begin() as session:
        tricky = Person(
            telegram_id=5551,
            first_name="Пётр",
            first_seen_at=datetime(2026, 3, 10, 22, 0, tzinfo=UTC),
            last_seen_at=datetime(2026, 3, 10, 22, 30, tzinfo=UTC),
            full_name=TRICKY_NAME,
            role="mentor",
            category="employer",
        )
        gone = Person(
            telegram_id=5552,
            first_seen_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
            last_seen_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
        )
        session.add_all([tricky, gone])
        await session.flush()
        session.add_all(
            [
                Consent(
                    person_id=tricky.id,
                    status="given",
                    kind="self",
                    text_version=version,
                    at=datetime(2026, 3, 10, 22, 30, tzinfo=UTC),
                ),
                Consent(
                    person_id=gone.id, status="withdrawn", at=datetime(2026, 2, 1, 8, tzinfo=UTC)
                ),
            ]
        )


async def test_workbook_has_the_registry_consents_and_pairs(
    engine: AsyncEngine, translations: Translations
) -> None:
    await seed(engine, translations)
    version = consent_version(translations)
    await add_tricky_people(engine, version)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        session.add(Curator(telegram_id=42, source="settings", added_at=utcnow()))
    made = await export.build(
        sessions,
        zone=MOSCOW,
        locale_texts=translations.get("ru"),
        version=version,
        catalog=load_catalog(translations),
        actor=42,
    )
    assert made is not None
    assert (made.participants, made.consents, made.pairs) == (21, 23, 3)
    book = open_book(made.content)
    assert book.sheetnames[:3] == ["Реестр", "Согласия", "Анкеты наставляемых"]
    registry, consents, pairs = (book[name] for name in ("Реестр", "Согласия", "Пары"))
    for sheet, headers, count in (
        (registry, REGISTRY_HEADERS, 21),
        (consents, CONSENT_HEADERS, 23),
        (pairs, PAIR_HEADERS, 3),
    ):
        assert [cell.value for cell in sheet[1]] == headers
        assert all(cell.font.b for cell in sheet[1])
        assert len(rows(sheet)) == count
        assert sheet.freeze_panes == "A2"
        last = chr(ord("A") + len(headers) - 1)
        assert sheet.auto_filter.ref == f"A1:{last}{count + 1}"
        widths = [sheet.column_dimensions[chr(ord("A") + i)].width for i in range(len(headers))]
        assert all(len(h) < w <= export.MAX_WIDTH for h, w in zip(headers, widths, strict=True))

    people = rows(registry)
    assert [p["№"] for p in people] == list(range(1, 22))
    assert Counter(p["Роль"] for p in people) == {"наставник": 7, "наставляемый": 14}
    sokolova = next(p for p in people if p["ФИО"] == "Соколова Анна Викторовна")
    assert sokolova["Категория"] == "Педагог" and sokolova["Телефон"] == "+79161230101"
    assert sokolova["Анкета"] == "заполнена" and isinstance(sokolova["Анкета отправлена"], datetime)
    assert sokolova["Согласие"] == "есть" and sokolova["Заблокировал бота"] == "нет"
    child = next(p for p in people if p["ФИО"] == "Иванов Михаил Сергеевич")
    assert (child["Возрастная группа"], child["Кто дал согласие"]) == ("Меньше 14", "родитель")
    assert child["Класс"] == "6 «Б»"  # the class with its letter, as typed «6б»
    assert sokolova["Класс"] is None  # a teacher has no class
    blocked = next(p for p in people if p["ФИО"] == "Виноградова Мария Евгеньевна")
    assert blocked["Заблокировал бота"] == "да"

    # Text stays text: no formula, no HTML escaping; the registry's only row without a
    # questionnaire is the one added by hand.
    row = next(r for r in registry.iter_rows(min_row=2) if r[1].value == TRICKY_NAME)
    assert row[1].data_type == "s" and row[1].value == TRICKY_NAME
    assert [p["ФИО"] for p in people if p["Анкета"] == "не заполнена"] == [TRICKY_NAME]

    # 22:30 UTC on 10 March is 01:30 on 11 March in Moscow: a real date, not a string.
    given = next(r for r in consents.iter_rows(min_row=2) if r[1].value == TRICKY_NAME)
    at = given[6]
    assert isinstance(at, Cell) and at.is_date and at.number_format == export.DATETIME_FORMAT
    assert at.value == datetime(2026, 3, 11, 1, 30, tzinfo=MOSCOW).replace(tzinfo=None)
    listed = rows(consents)
    stamps = [c["Дата и время"] for c in listed]
    assert stamps == sorted(stamps, reverse=True)
    # Whose data a withdrawal erased: neither a name nor the Telegram id that opens a profile.
    [withdrawn] = [c for c in listed if c["Участник"] == "(данные удалены)"]
    assert (withdrawn["Статус"], withdrawn["Telegram ID"]) == ("отозвано", None)
    assert 5552 not in {c["Telegram ID"] for c in listed}
    paper = next(c for c in listed if c["Кто дал"] == "бумажное")
    assert paper["Куратор (Telegram ID)"] == CURATOR_ID
    assert Counter(c["Статус"] for c in listed) == {"дано": 21, "отказ": 1, "отозвано": 1}
    parent = next(c for c in listed if c["Участник"] == "Иванов Михаил Сергеевич")
    assert parent["Родитель (законный представитель)"] == "Иванова Ольга Николаевна"

    working = rows(pairs)
    assert {p["Статус"] for p in working} == {"работает"}
    assert {p["Форма наставничества"] for p in working} == {
        "учитель – учитель",
        "работодатель – ученик",
        "ученик – ученик",
    }
    first = working[0]
    assert (first["Наставник"], first["Наставляемый"]) == (
        "Соколова Анна Викторовна",
        "Орлова Татьяна Александровна",
    )
    assert first["Приказ №"] == demo.ORDER_NUMBER and first["Срок, мес."] == 9
    assert isinstance(first["Дата приказа"], datetime) and first["Окончание"] is None
    assert pairs["H2"].number_format == export.DATE_FORMAT
    assert {p["Соглашение наставника"] for p in working} == {"принято"}
    assert {p["Соглашение наставляемого"] for p in working} == {"принято"}

    async with sessions() as session:
        [entry] = (
            await session.scalars(select(AuditEntry).where(AuditEntry.action == "export"))
        ).all()
        assert entry.actor_telegram_id == 42
        assert entry.details == {
            "formats": ["xlsx"],
            "participants": 21,
            "consents": 23,
            "pairs": 3,
        }


async def test_only_a_curator_gets_the_workbook(
    engine: AsyncEngine, translations: Translations
) -> None:
    made = await export.build(
        create_session_factory(engine),
        zone=MOSCOW,
        locale_texts=translations.get("ru"),
        version=consent_version(translations),
        catalog=load_catalog(translations),
        actor=4242,  # not a curator (any more)
    )
    assert made is None


async def test_an_empty_programme_gives_the_headers_only(
    engine: AsyncEngine, translations: Translations
) -> None:
    sessions = create_session_factory(engine)
    made = await export.build(
        sessions,
        zone=MOSCOW,
        locale_texts=translations.get("en"),
        version=consent_version(translations),
        catalog=load_catalog(translations),
    )
    assert made is not None
    book = open_book(made.content)
    assert book.sheetnames == [
        "Registry",
        "Consents",
        "Mentee answers",
        "Teacher mentee answers",
        "Mentor answers",
        "Pairs",
        "Meetings",
        "Plans",
        "Survey — Mentee survey",  # every survey questionnaire's sheet, before any answer
        "Survey — Mentor survey",
        "KPIs",
        "Statistics form",
        "Audit log",
    ]
    counted = ("KPIs", "Statistics form")  # every KPI and count, not counted yet or zero
    assert all(rows(book[name]) == [] for name in book.sheetnames if name not in counted)
    assert all(sheet.auto_filter.ref for sheet in book)
    assert {row["Met"] for row in rows(book["KPIs"])} == {"not counted"}
    assert {row["Count"] for row in rows(book["Statistics form"])} == {0}
    async with sessions() as session:
        assert (await session.scalars(select(AuditEntry))).all() == []  # no actor: not logged


async def test_the_number_of_queries_does_not_grow_with_the_people(
    engine: AsyncEngine, translations: Translations
) -> None:
    sessions = create_session_factory(engine)
    version = consent_version(translations)
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    async def queries() -> int:
        statements.clear()
        event.listen(engine.sync_engine, "before_cursor_execute", count)
        try:
            await export.build(
                sessions,
                zone=MOSCOW,
                locale_texts=translations.get("ru"),
                version=version,
                catalog=load_catalog(translations),
            )
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", count)
        return len(statements)

    await seed(engine, translations)
    small = await queries()
    await add_tricky_people(engine, version)
    await add_people_named(engine, ERROR_LIKE)
    assert await queries() == small <= 40  # 13 of its own; the rest the KPIs' and counts'


# ---- /export --------------------------------------------------------------------------------


async def test_a_curator_gets_the_workbook(harness: Harness) -> None:
    """Needs `export.build_router()` among the command routers (bot/handlers/__init__.py)."""
    fake = harness.fake
    fake.add_user(CURATOR_ID, "Ольга")
    await seed(harness.engine, harness.translations)
    reply = await harness.send(CURATOR_ID, "/export")
    assert reply.document is not None
    today = datetime.now(MOSCOW).date()
    assert reply.document["file_name"] == f"mentoring-{today:%Y-%m-%d}.xlsx"
    assert "участников — 20" in (reply.caption or "")
    book = open_book(getattr(reply, "document_content"))  # noqa: B009 (set by the fake)
    assert book.sheetnames[:2] == ["Реестр", "Согласия"] and "Пары" in book.sheetnames
    assert len(rows(book["Реестр"])) == 20
    async with harness.sessions() as session:
        actors = (
            await session.scalars(
                select(AuditEntry.actor_telegram_id).where(AuditEntry.action == "export")
            )
        ).all()
        assert actors == [CURATOR_ID]


async def test_only_curators_export(harness: Harness) -> None:
    harness.fake.add_user(STRANGER, "Вася")
    reply = await harness.send(STRANGER, "/export")
    assert "Я не знаю команды /export" in reply.text_or_empty()
    assert all(m.document is None for m in harness.fake.bot_messages(STRANGER))


# ---- the command line -----------------------------------------------------------------------


def test_seed_demo_then_export_from_the_command_line(tmp_path: Path, database_url: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))}
    env.update(
        BOT_TOKEN="1:abc",
        PYTHONPATH=str(ROOT),
        DATABASE_URL=database_url,
        CURATOR_IDS=str(CURATOR_ID),
    )
    seeded = run_cli("seed-demo", env=env, cwd=tmp_path)
    assert seeded.returncode == 0, seeded.stderr
    assert "6 mentors and 14 mentees" in seeded.stdout and "3 active pairs" in seeded.stdout

    out = tmp_path / "reports" / "programme.xlsx"
    tables = tmp_path / "reports" / "csv"
    exported = run_cli("export", "--out", str(out), "--csv", str(tables), env=env, cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    wrote_book, wrote_csv = exported.stdout.strip().splitlines()
    assert wrote_book == f"Wrote {out}: 20 participants, 21 consents, 3 pairs"
    book = load_workbook(out)
    named = ("Реестр", "Согласия", "Пары")
    assert [len(rows(book[name])) for name in named] == [20, 21, 3]
    files = sorted(path.name for path in tables.iterdir())
    assert len(files) == len(book.sheetnames) and "registry.csv" in files
    assert wrote_csv.startswith(f"Wrote {len(files)} CSV files to {tables}: registry.csv, ")
    registry = (tables / "registry.csv").read_text(encoding="utf-8-sig").splitlines()
    assert registry[0].split(";")[:3] == ["№", "ФИО", "Роль"] and len(registry) == 21
    assert not list(out.parent.glob("*.part")) and not list(tables.glob("*.part"))

    again = run_cli("seed-demo", env=env, cwd=tmp_path)
    assert again.returncode == 1
    assert again.stderr.strip().startswith("seed-demo: the database already has people in it")
    assert again.stdout == ""

    wrong = run_cli("export", "--out", str(tmp_path / "programme.csv"), env=env, cwd=tmp_path)
    assert wrong.returncode == 2 and "should end in .xlsx" in wrong.stderr


def test_export_paths_that_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Refused before anything is read, with the reason (in-process: no database needed)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOT_TOKEN", "1:abc")
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/missing.sqlite3")
    a_file = tmp_path / "programme.xlsx"
    a_file.write_bytes(b"")
    for argv, said in (
        (["export"], "give --out FILE.xlsx, --csv DIR or both"),
        (["export", "--csv", str(a_file)], f"export: {a_file} is not a directory"),
        (["export", "--out", str(tmp_path / "book.ods")], "should end in .xlsx"),
    ):
        with pytest.raises(SystemExit) as stopped:
            cli.main(argv)
        assert stopped.value.code == 2
        assert said in capsys.readouterr().err
    assert not (tmp_path / "missing.sqlite3").exists()


# ---- text that a spreadsheet would read as a formula or an error ---------------------------

PHONE = "+7 (916) 123-45-67"
FORMULA_LIKE = [
    "=1+2",
    "+1+2",
    "-1+2",
    "@SUM(1+2)",
    "\t=1+2",
    "\r=1+2",
    "\uff1d1+2",  # full-width "=", "+", "-", "@"
    "\uff0b1+2",
    "\uff0d1+2",
    "\uff20SUM(1+2)",
    PHONE,
]
ERROR_LIKE = ["#N/A", "#DIV/0!", "#REF!", "#NAME?", "#VALUE!", "#NULL!", "#NUM!"]


def wall_clock(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A time as Excel holds it: at the school, without a time zone."""
    return datetime(year, month, day, hour, minute, tzinfo=MOSCOW).replace(tzinfo=None)


def read_back(text: str) -> str:
    """What an XML reader gives back: a carriage return comes back as a line feed (XML's
    end-of-line handling), whatever the cell's type."""
    return text.replace("\r", "\n")


async def add_people_named(engine: AsyncEngine, texts: list[str]) -> dict[int, str]:
    """A mentor per text, named so and with it as the answer to the phone question; by
    Telegram ID."""
    at = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    by_id = {7000 + number: text for number, text in enumerate(texts)}
    async with create_session_factory(engine).begin() as session:
        people = [
            Person(
                telegram_id=telegram_id,
                first_seen_at=at,
                last_seen_at=at,
                full_name=text,
                role="mentor",
                category="employer",
            )
            for telegram_id, text in by_id.items()
        ]
        session.add_all(people)
        await session.flush()
        session.add_all(
            Answer(
                person_id=person.id,
                questionnaire_id=questionnaire_for(Role.MENTOR, Category.EMPLOYER),
                question_id=export.PHONE_QUESTION,
                value=person.full_name,
                answered_at=at,
            )
            for person in people
        )
    return by_id


async def registry_cells(engine: AsyncEngine, translations: Translations) -> dict[Any, Any]:
    """The registry's rows of cells, by Telegram ID."""
    made = await export.build(
        create_session_factory(engine),
        zone=MOSCOW,
        locale_texts=translations.get("ru"),
        version=consent_version(translations),
        catalog=load_catalog(translations),
    )
    assert made is not None
    registry = open_book(made.content)["Реестр"]
    assert [cell.value for cell in registry[1]] == REGISTRY_HEADERS
    telegram_id = REGISTRY_HEADERS.index("Telegram ID")
    return {row[telegram_id].value: row for row in registry.iter_rows(min_row=2)}


def assert_text(cell: Any, text: str) -> None:
    assert (cell.data_type, cell.value) == ("s", read_back(text)), (text, cell.data_type)
    assert cell.quotePrefix, text


async def test_error_like_names_and_answers_stay_text(
    engine: AsyncEngine, translations: Translations
) -> None:
    """openpyxl types a string equal to an error code as an error ('e'): Excel would show the
    error value, and a formula referring to the cell would fail."""
    people = await add_people_named(engine, ERROR_LIKE)
    cells = await registry_cells(engine, translations)
    name, phone = REGISTRY_HEADERS.index("ФИО"), REGISTRY_HEADERS.index("Телефон")
    for telegram_id, text in people.items():
        assert_text(cells[telegram_id][name], text)
        assert_text(cells[telegram_id][phone], text)


async def test_formula_like_names_and_answers_stay_text_when_edited(
    engine: AsyncEngine, translations: Translations
) -> None:
    """Stored as text, these open as text; the quote prefix keeps them text when a curator
    edits the cell (without it Excel reads "+1+2" typed in as the formula "=+1+2")."""
    people = await add_people_named(engine, FORMULA_LIKE)
    cells = await registry_cells(engine, translations)
    name, phone = REGISTRY_HEADERS.index("ФИО"), REGISTRY_HEADERS.index("Телефон")
    telegram_id, first_seen = (
        REGISTRY_HEADERS.index("Telegram ID"),
        REGISTRY_HEADERS.index("Дата первого обращения"),
    )
    for number, text in people.items():
        row = cells[number]
        assert_text(row[name], text)
        assert_text(row[phone], text)
        # Numbers and dates beside them stay numbers and dates.
        assert (row[telegram_id].data_type, row[telegram_id].value) == ("n", number)
        assert row[first_seen].is_date and row[first_seen].value == wall_clock(2026, 3, 10, 12)
    [phoned] = [row for number, row in cells.items() if people[number] == PHONE]
    assert phoned[phone].value == PHONE and phoned[name].value == PHONE


async def test_a_table_keeps_text_as_text_and_numbers_and_dates_as_such() -> None:
    """The one-sheet table (a proposal, say) writes its values as the export does."""
    when = wall_clock(2026, 3, 10, 9, 30)
    texts = [*FORMULA_LIKE, *ERROR_LIKE]
    old = datetime(1850, 1, 1, 9, 5)  # noqa: DTZ001 (a wall-clock time, as cells hold)
    values: list[export.Value] = [
        *texts,
        -5,
        0,
        when,
        when.date(),
        "Иванов",
        "a-b",
        None,
        old,
        old.date(),
        "\ufffeа\uffffб\U0010ffff\ud800в",
    ]
    headers = [f"c{number}" for number in range(len(values))]
    sheet = open_book(await export.table("Таблица", headers, [values]))["Таблица"]
    row: tuple[Any, ...] = sheet[2]
    for cell, text in zip(row, texts, strict=False):
        assert_text(cell, text)
    negative, zero, moment, day, plain, inner, empty, before, earlier, odd = row[len(texts) :]
    assert (negative.data_type, negative.value) == ("n", -5)
    assert (zero.data_type, zero.value) == ("n", 0)
    assert moment.is_date and moment.value == when
    assert moment.number_format == export.DATETIME_FORMAT
    assert day.is_date and day.value == wall_clock(2026, 3, 10)
    assert day.number_format == export.DATE_FORMAT
    # Ordinary text needs no prefix.
    assert (plain.data_type, plain.value, plain.quotePrefix) == ("s", "Иванов", False)
    assert (inner.data_type, inner.value, inner.quotePrefix) == ("s", "a-b", False)
    assert empty.value is None
    # Excel has no day before 1 March 1900 (a negative serial shows as «#######»): text.
    assert (before.data_type, before.value) == ("s", "01.01.1850 09:05")
    assert (earlier.data_type, earlier.value) == ("s", "01.01.1850")
    # What XML cannot hold (U+FFFE, U+FFFF, a lone surrogate) and noncharacters are dropped.
    assert odd.value == "абв"
    csv = files.csv_file(cells.sheet("t", "T", ["h"], [[values[-1]], [old]]), ",")
    assert csv.decode("utf-8-sig").splitlines()[1:] == ["абв", "1850-01-01 09:05"]
