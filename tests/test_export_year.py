"""The year's workbook (issue 14): every sheet of a small seeded programme, its CSV twin through
the «🗜 CSV (zip)» button, and the audit entries of exports and of curators' views."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_session_factory
from bot.db.models import (
    Agreement,
    Answer,
    AuditEntry,
    Campaign,
    CampaignInvite,
    Consent,
    Curator,
    Meeting,
    MeetingInvite,
    Pair,
    Person,
    PlanTask,
    QuestionnaireRun,
)
from bot.i18n import Translations, consent_version
from bot.questionnaires.loader import load_catalog
from bot.services import export, pairs, participants
from tests.conftest import CURATOR_ID
from tests.harness import Harness
from tests.test_export import MOSCOW, REGISTRY_HEADERS, STRANGER, open_book, rows, wall_clock

AT = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
TRICKY = "=Петров Пётр"
SURVEYS = {"mentor": "survey_mentor", "mentee": "survey_mentee"}
SHEETS = [
    "Реестр",
    "Согласия",
    "Анкеты наставляемых",
    "Анкеты педагогов-наставляемых",
    "Анкеты наставников",
    "Пары",
    "Встречи",
    "Планы",
    # the survey sheets (survey_mentee, survey_mentor), named by their questionnaires' titles
    "Показатели",
    "Форма статистики",
    "Журнал действий",
]


@dataclass(frozen=True)
class World:
    ids: dict[str, int]  # person id by a short name
    telegram: dict[str, int]
    names: dict[str, str]
    pair_teachers: int
    pair_student: int


PEOPLE: dict[str, tuple[str, str, str, str | None, str | None]] = {
    # key: (full name, role, category, age group, intake questionnaire submitted)
    "sokolova": ("Соколова Анна Викторовна", "mentor", "teacher", None, "intake_mentor"),
    "petrov": (TRICKY, "mentor", "employer", None, "intake_mentor"),
    "orlov": ("Орлов Олег Олегович", "mentor", "graduate", None, "intake_mentor"),
    "ivanov": ("Иванов Михаил Сергеевич", "mentee", "student", "under14", "intake_student"),
    "smirnova": ("Смирнова Елена Павловна", "mentee", "teacher", None, "intake_teacher"),
    "petrova": ("Петрова Екатерина Ильинична", "mentee", "student", "14to17", None),
}
ANSWERS: dict[str, dict[str, Any]] = {
    "sokolova": {"subject_taught": "Математика", "capacity": 2, "format": "offline"},
    "petrov": {"workplace": "Завод", "capacity": 1, "format": "online"},
    "orlov": {"capacity": 1},
    "ivanov": {
        "grade": 7,
        "grade_letter": "Б",
        "request_topics": ["olympiads", "projects"],
        "request": "Хочу готовиться к олимпиаде",
        "need_level": 4,
        "format": "online",
        "time_slots": ["weekend"],
        "phone": "+79161230000",
    },
    "smirnova": {"young_specialist": True, "experience_years": 2, "format": "any"},
    "petrova": {"grade": 9},
}


async def seed_world(engine: AsyncEngine, version: str) -> World:
    """Six people (one whose consent is no longer in force, one who has not submitted), two
    working pairs, three meetings (a group's one), three plan tasks, two campaigns (an answer
    of someone who did not submit must not count), an audit entry."""
    ids: dict[str, int] = {}
    async with create_session_factory(engine).begin() as session:
        for number, (key, (full_name, role, category, age, _)) in enumerate(PEOPLE.items()):
            person = Person(
                telegram_id=9001 + number,
                first_name=full_name.split()[1],
                first_seen_at=AT,
                last_seen_at=AT,
                full_name=full_name,
                role=role,
                category=category,
                age_group=age,
            )
            session.add(person)
            await session.flush()
            ids[key] = person.id
        for key, (full_name, _, _, age, intake) in PEOPLE.items():
            kind = "parent" if age == "under14" else "self"
            session.add(
                Consent(
                    person_id=ids[key],
                    status="given",
                    kind=kind,
                    text_version=version,
                    at=AT,
                    parent_name="Иванова Ольга" if kind == "parent" else None,
                )
            )
            questionnaire = intake or "intake_student"
            session.add(
                QuestionnaireRun(
                    person_id=ids[key],
                    questionnaire_id=questionnaire,
                    current="about",
                    history=[],
                    started_at=AT,
                    submitted_at=AT + timedelta(minutes=20) if intake else None,
                )
            )
            for question_id, value in {"full_name": full_name, **ANSWERS[key]}.items():
                session.add(
                    Answer(
                        person_id=ids[key],
                        questionnaire_id=questionnaire,
                        question_id=question_id,
                        value=value,
                        answered_at=AT,
                    )
                )
        # Orlov's consent is no longer in force (his newest row): his answers are not shown.
        session.add(Consent(person_id=ids["orlov"], status="withdrawn", at=AT + timedelta(days=1)))

        teachers = Pair(
            mentor_id=ids["sokolova"],
            mentee_id=ids["smirnova"],
            form="teacher_teacher",
            status="active",
            months=9,
            created_by=CURATOR_ID,
            created_at=AT,
            started_at=AT + timedelta(days=1),
        )
        student = Pair(
            mentor_id=ids["petrov"],
            mentee_id=ids["ivanov"],
            form="employer_student",
            status="active",
            months=6,
            created_by=CURATOR_ID,
            created_at=AT,
            started_at=AT + timedelta(days=1),
        )
        session.add_all([teachers, student])
        await session.flush()
        for pair in (teachers, student):
            for side in ("mentor", "mentee"):
                session.add(
                    Agreement(pair_id=pair.id, side=side, accepted=True, kind="self", at=AT)
                )

        def meeting(pair_id: int | None, status: str, days: int) -> Meeting:
            at = AT + timedelta(days=days)
            return Meeting(
                pair_id=pair_id,
                mentor_id=ids["sokolova"],
                kind="work",
                starts_at=at,
                status=status,
                created_by=9001,
                created_at=AT,
                changed_at=AT,
                outcome_note="Разобрали план" if status == "held" else None,
                outcome_at=at + timedelta(hours=2) if status == "held" else None,
            )

        held, planned, group = (
            meeting(teachers.id, "held", 7),
            meeting(teachers.id, "planned", 40),
            meeting(None, "held", 14),
        )
        session.add_all([held, planned, group])
        await session.flush()
        session.add_all(
            [
                MeetingInvite(
                    meeting_id=held.id, person_id=ids["smirnova"], answer="yes", rating=5
                ),
                MeetingInvite(meeting_id=planned.id, person_id=ids["smirnova"]),
                MeetingInvite(meeting_id=group.id, person_id=ids["smirnova"], answer="no"),
            ]
        )
        session.add_all(
            PlanTask(
                pair_id=pair_id,
                title=title,
                due_on=date(2026, 11, 1),
                status=status,
                created_at=AT,
                done_at=AT + timedelta(days=9) if status == "done" else None,
            )
            for pair_id, title, status in (
                (teachers.id, "Посетить урок наставника", "done"),
                (teachers.id, "Провести открытый урок", "open"),
                (student.id, "-Задача с минусом", "proposed"),
            )
        )
        interim = Campaign(
            kind="interim",
            year=2026,
            opens_on=date(2026, 12, 1),
            due_on=date(2026, 12, 20),
            audience="active_pairs",
            questionnaires=SURVEYS,
            status="closed",
            created_at=AT,
        )
        final = Campaign(
            kind="final",
            year=2026,
            opens_on=date(2027, 5, 1),
            due_on=date(2027, 5, 20),
            audience="active_pairs",
            questionnaires=SURVEYS,
            status="open",
            created_at=AT,
        )
        session.add_all([interim, final])
        await session.flush()
        answered = datetime(2026, 12, 5, 10, tzinfo=UTC)
        for campaign, key, role, done, answers in (
            (interim, "sokolova", "mentor", True, {"comfort": 8, "best": "Всё хорошо"}),
            (interim, "smirnova", "mentee", True, {"comfort": 9}),
            (interim, "ivanov", "mentee", False, {"comfort": 3}),  # started, not submitted
            (interim, "petrov", "mentor", False, {}),
            (final, "smirnova", "mentee", True, {"comfort": 10}),
        ):
            session.add(
                CampaignInvite(
                    campaign_id=campaign.id,
                    person_id=ids[key],
                    role=role,
                    invited_at=AT,
                    due_on=campaign.due_on,
                    answered_at=answered if done else None,
                )
            )
            for question_id, value in answers.items():
                session.add(
                    Answer(
                        person_id=ids[key],
                        questionnaire_id=f"{SURVEYS[role]}@{campaign.id}",
                        question_id=question_id,
                        value=value,
                        answered_at=answered,
                    )
                )
        session.add(
            AuditEntry(
                at=AT,
                actor_telegram_id=CURATOR_ID,
                action="pair_made",
                person_id=ids["smirnova"],
                details={"pair": teachers.id},
            )
        )
    return World(
        ids,
        {key: 9001 + number for number, key in enumerate(PEOPLE)},
        {key: value[0] for key, value in PEOPLE.items()},
        teachers.id,
        student.id,
    )


def question_texts(translations: Translations, questionnaire_id: str) -> list[str]:
    ru = translations.get("ru")
    catalog = load_catalog(translations)
    return [ru.plain(q.text_key) for q in catalog.get(questionnaire_id).questions]


def by_header(sheet: Worksheet, header: str) -> list[Any]:
    return [row[header] for row in rows(sheet)]


async def test_the_year_in_one_workbook(engine: AsyncEngine, translations: Translations) -> None:
    version = consent_version(translations)
    world = await seed_world(engine, version)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        session.add(Curator(telegram_id=CURATOR_ID, source="settings", added_at=AT))

    # A curator's views of people are in the audit log: a search's results, a pair's card.
    found = await participants.find(sessions, "Соколова", version, viewer=CURATOR_ID)
    assert [row.person.id for row in found] == [world.ids["sokolova"]]
    assert await pairs.details(sessions, world.pair_student, viewer=CURATOR_ID) is not None
    assert await pairs.details(sessions, world.pair_student) is not None  # no viewer: no entry

    made = await export.build(
        sessions,
        zone=MOSCOW,
        locale_texts=translations.get("ru"),
        version=version,
        catalog=load_catalog(translations),
        actor=CURATOR_ID,
    )
    assert made is not None
    book = open_book(made.content)
    surveys = [name for name in book.sheetnames if name.startswith("Опрос — ")]
    assert book.sheetnames == [*SHEETS[:8], *surveys, *SHEETS[8:]] and len(surveys) == 2
    counts = {name: len(rows(book[name])) for name in book.sheetnames}
    assert counts == {
        "Реестр": 6,
        "Согласия": 7,
        "Анкеты наставляемых": 1,  # Петрова has not submitted hers
        "Анкеты педагогов-наставляемых": 1,
        "Анкеты наставников": 2,  # Орлов's consent is not in force
        "Пары": 2,
        "Встречи": 3,
        "Планы": 3,
        # One mentor and one mentee answered each campaign: too few to show, as in the results
        # (`test_survey_sheets_show_what_the_results_count` has enough).
        surveys[0]: 0,
        surveys[1]: 0,
        "Показатели": 5,
        "Форма статистики": 56,
        "Журнал действий": 3,
    }
    assert (made.participants, made.consents, made.pairs) == (6, 7, 2)
    assert (made.meetings, made.tasks, made.responses) == (3, 3, 0)
    registry = {row["ФИО"]: row["№"] for row in rows(book["Реестр"])}
    assert [cell.value for cell in book["Реестр"][1]] == REGISTRY_HEADERS

    # Intake: a column per question, headed with its text; options by their labels.
    students = book["Анкеты наставляемых"]
    headers = [cell.value for cell in students[1]]
    texts = question_texts(translations, "intake_student")
    assert headers == ["№ в реестре", "Категория", "Анкета отправлена", *texts]
    [ivanov] = rows(students)
    assert ivanov["№ в реестре"] == registry[world.names["ivanov"]]
    ru = translations.get("ru")
    catalog = load_catalog(translations)
    student_q = {q.id: ru.plain(q.text_key) for q in catalog.get("intake_student").questions}
    assert ivanov[student_q["grade"]] == "7 «Б»"
    assert ivanov[student_q["request_topics"]] == ", ".join(
        ru.plain(f"opt-topics-{topic}") for topic in ("olympiads", "projects")
    )
    assert ivanov[student_q["format"]] == ru.plain("opt-format-online")
    assert ivanov[student_q["need_level"]] == 4
    assert isinstance(ivanov["Анкета отправлена"], datetime)
    teacher_q = {q.id: ru.plain(q.text_key) for q in catalog.get("intake_teacher").questions}
    [smirnova] = rows(book["Анкеты педагогов-наставляемых"])
    assert smirnova[teacher_q["young_specialist"]] == "да"
    mentors = by_header(book["Анкеты наставников"], "№ в реестре")
    assert mentors == sorted(registry[world.names[k]] for k in ("sokolova", "petrov"))

    # The pairs' work, each row naming its pair by the number /pairs shows.
    meetings = rows(book["Встречи"])
    assert [m["Пара №"] for m in meetings] == [world.pair_teachers, None, world.pair_teachers]
    assert [m["Пара или группа"] for m in meetings] == ["пара", "группа", "пара"]
    first = meetings[0]
    assert (first["Статус"], first["Придут"], first["Оценок"], first["Средняя оценка"]) == (
        "состоялась",
        1,
        1,
        5,
    )
    assert meetings[1]["Не смогут"] == 1 and meetings[2]["Не ответили"] == 1
    assert first["Когда"] == wall_clock(2026, 10, 12, 12)  # 09:00 UTC is noon in Moscow
    plans = rows(book["Планы"])
    assert [p["Статус"] for p in plans] == ["выполнена", "не выполнена", "предложена наставляемым"]
    assert plans[0]["Срок"] == wall_clock(2026, 11, 1) and isinstance(
        plans[0]["Выполнена"], datetime
    )
    assert book["Планы"]["E4"].value == "-Задача с минусом" and book["Планы"]["E4"].quotePrefix

    # Surveys: headed by the questions, even with nothing to show.
    mentee_texts = question_texts(translations, "survey_mentee")
    assert [cell.value for cell in book[surveys[0]][1]] == [
        "Респондент №",
        "Роль",
        "Мониторинг",
        "Учебный год",
        "Срок",
        *mentee_texts,
    ]

    # KPIs and the statistics form's counts.
    kpis = rows(book["Показатели"])
    consents = next(k for k in kpis if k["Показатель"].startswith("Согласия"))
    assert consents["Цель, %"] == 100
    form = {
        (r["Раздел"], r["Группа"], r["Подгруппа"]): r["Количество"]
        for r in rows(book["Форма статистики"])
    }
    assert form[("Участники", "наставник", "Педагог")] == 1
    assert form[("Участники", "наставник", "всего")] == 3
    assert form[("Участники", "всего", "всего")] == 6
    assert form[("Пары и группы", "учитель – учитель", "работает")] == 1
    assert form[("Пары и группы", "ученик – ученик", "работает")] == 0
    assert form[("Пары и группы", "всего", "всего")] == 2
    # Participants by form of mentoring: the people of its pairs that have started.
    assert form[("Участники", "учитель – учитель", "наставник")] == 1
    assert form[("Участники", "учитель – учитель", "наставляемый")] == 1
    assert form[("Участники", "работодатель – ученик", "всего")] == 2
    assert form[("Участники", "ученик – ученик", "всего")] == 0

    # The audit log: a registry number for whose, no names; actions and details in Russian.
    entries = rows(book["Журнал действий"])
    assert [(e["Действие"], e["№ в реестре"], e["Кто (Telegram ID)"]) for e in entries] == [
        ("пара создана", registry[world.names["smirnova"]], CURATOR_ID),
        ("просмотр данных участника", registry[world.names["sokolova"]], CURATOR_ID),
        ("просмотр карточки пары", registry[world.names["ivanov"]], CURATOR_ID),
    ]
    assert entries[2]["Подробности"] == f"пара: {world.pair_student}"
    async with sessions() as session:
        logged = (
            await session.execute(
                select(AuditEntry.action, AuditEntry.person_id, AuditEntry.details).order_by(
                    AuditEntry.id
                )
            )
        ).all()
    assert logged[-1] == (
        "export",
        None,
        {"formats": ["xlsx"], "participants": 6, "consents": 7, "pairs": 2},
    )


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


async def test_the_same_sheets_as_csv_files_in_a_zip(harness: Harness) -> None:
    fake = harness.fake
    fake.add_user(CURATOR_ID, "Ольга")
    fake.add_user(STRANGER, "Вася")
    world = await seed_world(harness.engine, consent_version(harness.translations))
    workbook = await harness.send(CURATOR_ID, "/export")
    assert workbook.document is not None
    sheets = open_book(getattr(workbook, "document_content"))  # noqa: B009 (set by the fake)
    assert "встреч — 3, задач в планах — 3, ответов на опросы — 0" in (workbook.caption or "")

    # Someone who is not a curator pressing it (a forwarded message, a forged update): refused.
    data = workbook.button("CSV")["callback_data"]
    fake.press(STRANGER, workbook, data)
    await harness.deliver()
    assert harness.last_answer()["show_alert"] is True
    assert "только кураторам" in harness.last_answer()["text"]
    assert all(m.document is None for m in fake.bot_messages(STRANGER))
    assert fake.last_bot_message(CURATOR_ID).message_id == workbook.message_id

    packed = await harness.press(CURATOR_ID, "CSV", workbook)
    assert packed.document is not None
    today = datetime.now(MOSCOW).date()
    assert packed.document["file_name"] == f"mentoring-{today:%Y-%m-%d}-csv.zip"
    archive = zipfile.ZipFile(io.BytesIO(getattr(packed, "document_content")))  # noqa: B009
    files = {name: csv_rows(archive.read(name)) for name in archive.namelist()}
    assert list(files) == [
        "registry.csv",
        "consents.csv",
        "intake_student.csv",
        "intake_teacher.csv",
        "intake_mentor.csv",
        "pairs.csv",
        "meetings.csv",
        "plans.csv",
        "survey_survey_mentee.csv",
        "survey_survey_mentor.csv",
        "kpis.csv",
        "federal_form.csv",
        "audit.csv",
    ]
    # The same headers and rows as the workbook's sheets, in the same order; the audit log
    # has one entry more: the workbook's export.
    for (name, table), sheet in zip(files.items(), sheets, strict=True):
        assert table[0] == [str(cell.value) for cell in sheet[1]], name
        assert len(table) == sheet.max_row + (name == "audit.csv"), name
    assert files["audit.csv"][-1][3] == "выгрузка данных"
    registry = files["registry.csv"]
    names = [row[1] for row in registry[1:]]
    assert "'" + TRICKY in names and TRICKY not in names  # never a formula
    number = {row[1]: row[0] for row in registry[1:]}
    assert number["Соколова Анна Викторовна"] in {row[0] for row in files["intake_mentor.csv"]}
    meetings = files["meetings.csv"]
    assert meetings[1][6] == "2026-10-12 12:00"  # ISO, at the school's time
    for name in ("survey_survey_mentee.csv", "survey_survey_mentor.csv"):
        text = archive.read(name).decode("utf-8-sig")
        assert not any(n in text for n in world.names.values())

    async with harness.sessions() as session:
        exports = (
            await session.scalars(
                select(AuditEntry.details)
                .where(AuditEntry.action == "export", AuditEntry.actor_telegram_id == CURATOR_ID)
                .order_by(AuditEntry.id)
            )
        ).all()
    assert [entry["formats"] for entry in exports if entry] == [["xlsx"], ["zip"]]


async def test_survey_sheets_show_what_the_results_count(
    engine: AsyncEngine, translations: Translations
) -> None:
    """A respondent is a number and a role, never a name; a campaign's answers of a role are
    shown only from three respondents, only of surveys submitted, and while the campaign is
    open only its earliest three (six, nine…) by when they submitted: the results' rule."""
    version = consent_version(translations)
    sessions = create_session_factory(engine)
    people: dict[str, Person] = {}
    async with sessions.begin() as session:
        for n, key in enumerate(["m1", "m2", "m3", "m4", "t1", "t2", "t3"]):
            role = "mentee" if key[0] == "m" else "mentor"
            people[key] = Person(
                telegram_id=9300 + n,
                full_name=f"Респондент {key.upper()}",
                role=role,
                category="student" if role == "mentee" else "teacher",
                age_group="14to17" if role == "mentee" else None,
                first_seen_at=AT,
                last_seen_at=AT,
            )
        session.add_all(people.values())
        await session.flush()
        session.add_all(
            Consent(person_id=p.id, status="given", kind="self", text_version=version, at=AT)
            for p in people.values()
        )
        interim, final = (
            Campaign(
                kind=kind,
                year=2026,
                opens_on=opens,
                due_on=opens + timedelta(days=19),
                audience="active_pairs",
                questionnaires=SURVEYS,
                status=status,
                created_at=AT,
            )
            for kind, opens, status in (
                ("interim", date(2026, 12, 1), "closed"),
                ("final", date(2027, 5, 1), "open"),
            )
        )
        session.add_all([interim, final])
        await session.flush()
        # (campaign, who, submitted at that hour or not at all, comfort)
        for campaign, key, hour, comfort in (
            (interim, "m1", 1, 1),
            (interim, "m2", 2, 2),
            (interim, "m3", 3, 3),
            (interim, "m4", None, 4),  # started, not submitted
            (interim, "t1", 1, 5),  # two mentors: too few
            (interim, "t2", 2, 6),
            (final, "m4", 1, 7),  # four mentees of an open campaign: the first three count
            (final, "m3", 2, 8),
            (final, "m1", 3, 9),
            (final, "m2", 4, 10),
            (final, "t3", 1, 1),
            (final, "t2", 2, 2),
            (final, "t1", 3, 3),
        ):
            person = people[key]
            at = AT + timedelta(days=60, hours=hour) if hour is not None else None
            session.add(
                CampaignInvite(
                    campaign_id=campaign.id,
                    person_id=person.id,
                    role=person.role,
                    invited_at=AT,
                    due_on=campaign.due_on,
                    answered_at=at,
                )
            )
            session.add(
                Answer(
                    person_id=person.id,
                    questionnaire_id=f"{SURVEYS[str(person.role)]}@{campaign.id}",
                    question_id="comfort",
                    value=comfort,
                    answered_at=at or AT,
                )
            )
        final_id = final.id

    async def sheets() -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
        made = await export.build(
            sessions,
            zone=MOSCOW,
            locale_texts=translations.get("ru"),
            version=version,
            catalog=load_catalog(translations),
        )
        assert made is not None
        book = open_book(made.content)
        mentees, mentors = (
            rows(book[name]) for name in book.sheetnames if name.startswith("Опрос — ")
        )
        for row in [*mentees, *mentors]:
            assert not set(row.values()) & {p.telegram_id for p in people.values()}
            assert not [v for v in row.values() if isinstance(v, str) and "Респондент " in v]
        return mentees, mentors, made.responses

    asked = question_texts(translations, "survey_mentee")[0]
    mentees, mentors, responses = await sheets()
    # By campaign (the interim first), then by the respondents' numbers (dealt at random).
    assert [(m["Мониторинг"], m["Роль"]) for m in mentees] == [
        *[("промежуточный", "наставляемый")] * 3,
        *[("итоговый", "наставляемый")] * 3,
    ]
    assert [m["Респондент №"] for m in mentees[:3]] == sorted(
        m["Респондент №"] for m in mentees[:3]
    )
    by_campaign = {
        kind: {m[asked]: m["Респондент №"] for m in mentees if m["Мониторинг"] == kind}
        for kind in ("промежуточный", "итоговый")
    }
    assert set(by_campaign["промежуточный"]) == {1, 2, 3}  # not m4's: not submitted
    assert set(by_campaign["итоговый"]) == {7, 8, 9}  # not m2's 10: the fourth to submit
    # One person keeps their number in both campaigns: m1 (1, 9) and m3 (3, 8).
    assert by_campaign["промежуточный"][1] == by_campaign["итоговый"][9]
    assert by_campaign["промежуточный"][3] == by_campaign["итоговый"][8]
    assert [(m["Мониторинг"], m["Роль"]) for m in mentors] == [("итоговый", "наставник")] * 3
    numbers = {r["Респондент №"] for r in [*mentees, *mentors]}
    assert numbers == set(range(1, 8))  # m1–m4 and t1–t3, dealt among those shown
    assert responses == 9

    # Once the campaign is closed, all its respondents count.
    async with sessions.begin() as session:
        closing = await session.get(Campaign, final_id)
        assert closing is not None
        closing.status = "closed"
    mentees, _, responses = await sheets()
    assert sorted(m[asked] for m in mentees if m["Мониторинг"] == "итоговый") == [7, 8, 9, 10]
    assert responses == 10
