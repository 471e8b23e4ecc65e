"""Issue 14 review: the year's export, attacked with what people type, what a curator types, a
withdrawal, small survey groups and the command line. Each test names what a curator (or a
respondent) should be able to count on; its docstring says what goes wrong now."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import cli
from bot.db.engine import create_session_factory
from bot.db.models import (
    Answer,
    Campaign,
    CampaignInvite,
    Consent,
    Curator,
    Pair,
    Person,
)
from bot.i18n import Translations, consent_version
from bot.questionnaires.loader import load_catalog
from bot.services import export, pairs, privacy, surveys
from bot.services.export.surveys import SLUG as SURVEY_FILE
from tests.conftest import CURATOR_ID
from tests.rows import rows_now
from tests.test_export import MOSCOW, open_book, rows
from tests.test_export_year import AT, SURVEYS, seed_world


async def made(
    engine: AsyncEngine,
    translations: Translations,
    *,
    formats: frozenset[export.Format] = frozenset({export.Format.XLSX}),
) -> export.Export:
    result = await export.build(
        create_session_factory(engine),
        zone=MOSCOW,
        locale_texts=translations.get("ru"),
        version=consent_version(translations),
        catalog=load_catalog(translations),
        formats=formats,
    )
    assert result is not None
    return result


async def add_curator(engine: AsyncEngine) -> None:
    async with create_session_factory(engine).begin() as session:
        session.add(Curator(telegram_id=CURATOR_ID, source="settings", added_at=AT))


# ---- what people type ---------------------------------------------------------------------

# What the intake's free text keeps (`engine.clean_text` drops controls and invisible marks, not
# the noncharacters U+FFFE and U+FFFF, which XML 1.0 does not allow).
TYPED = 'Люблю шахматы \ufffe\uffff 👩‍🏫 =СУММ(1;2) <b>&amp;</b> "\'" ' + "я" * 4000


async def test_a_noncharacter_typed_in_an_answer_keeps_the_workbook_readable(
    engine: AsyncEngine, translations: Translations
) -> None:
    """A mentor types U+FFFF in «about» (the questionnaire keeps it): the sheet's XML is then
    ill-formed and neither openpyxl nor Excel opens the whole workbook. Every part should stay
    well-formed XML, the answer kept without the characters XML cannot hold."""
    world = await seed_world(engine, consent_version(translations))
    async with create_session_factory(engine).begin() as session:
        session.add(
            Answer(
                person_id=world.ids["sokolova"],
                questionnaire_id="intake_mentor",
                question_id="about",
                value=TYPED,
                answered_at=AT,
            )
        )
    content = (await made(engine, translations)).content
    packed = zipfile.ZipFile(io.BytesIO(content))
    broken = []
    for part in packed.namelist():
        try:
            ElementTree.fromstring(packed.read(part))
        except ElementTree.ParseError:
            broken.append(part)
    assert broken == []
    book = open_book(content)
    about = [v for r in rows(book["Анкеты наставников"]) for v in r.values() if v]
    assert any(isinstance(v, str) and v.startswith("Люблю шахматы") for v in about)


async def test_an_order_date_before_1900_is_not_written_as_a_negative_day(
    engine: AsyncEngine, translations: Translations
) -> None:
    """/pairs takes an order's date as typed, «01.01.1850» too (`parse_date`, Prefer.PAST);
    the workbook writes it as the serial -18262 with a date format, which Excel (no dates
    before 1900) shows as «#######». Such a date should be text (or at least no negative
    serial)."""
    world = await seed_world(engine, consent_version(translations))
    await add_curator(engine)
    sessions = create_session_factory(engine)
    assert await pairs.record_order(sessions, "12-о", date(1850, 1, 1), by=CURATOR_ID) == 2
    book = open_book((await made(engine, translations)).content)
    dates = {r["№"]: r["Дата приказа"] for r in rows(book["Пары"])}
    shown = dates[world.pair_teachers]
    assert isinstance(shown, str) or shown.date() >= date(1900, 3, 1), shown


# ---- an empty programme, the command line ---------------------------------------------------


async def test_an_empty_programme_still_has_the_survey_answers_sheet(
    engine: AsyncEngine, translations: Translations
) -> None:
    """Before anyone has answered a survey (all autumn, or with a campaign open and no answers
    yet) the workbook has no survey sheet at all, and the zip no survey file, while every other
    sheet is there with its headers. The survey answers' sheet should be there too, headed."""
    result = await made(
        engine, translations, formats=frozenset({export.Format.XLSX, export.Format.CSV})
    )
    book = open_book(result.content)
    headed = [sheet.title for sheet in book if sheet["A1"].value == "Респондент №"]
    assert headed, book.sheetnames
    assert any(name.startswith(SURVEY_FILE) for name in result.csv), list(result.csv)


def test_an_export_from_the_command_line_is_audited(
    database_url: str,
    copied_template: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """«Every export … is written to the audit log»: /export and the zip are, `python -m bot
    export` is not (no actor, so `build` skips the entry), though its files hold everyone's
    personal data. It should leave one entry per run."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOT_TOKEN", "1:abc")
    monkeypatch.setenv("DATABASE_URL", database_url)
    cli.main(["export", "--out", str(tmp_path / "year.xlsx"), "--csv", str(tmp_path / "csv")])
    assert "Wrote" in capsys.readouterr().out
    [(entries,)] = rows_now(database_url, "SELECT count(*) FROM audit_log WHERE action = 'export'")
    assert entries == 1


# ---- survey anonymity -----------------------------------------------------------------------

# (who, role, campaigns answered): three mentees in each campaign, one of them in both; a single
# mentor in the interim one.
RESPONDENTS = [
    ("a", "mentee", ("interim", "final")),
    ("b", "mentee", ("interim",)),
    ("c", "mentee", ("interim",)),
    ("d", "mentor", ("interim",)),
    ("e", "mentee", ("final",)),
    ("f", "mentee", ("final",)),
]


async def seed_surveys(engine: AsyncEngine, version: str) -> dict[str, int]:
    """Six people answering two campaigns through `surveys.mark_answered` (what a submission
    calls); person ids by key."""
    ids: dict[str, int] = {}
    async with create_session_factory(engine).begin() as session:
        campaigns = {
            kind: Campaign(
                kind=kind,
                year=2026,
                opens_on=opens,
                due_on=opens + timedelta(days=19),
                audience="active_pairs",
                questionnaires=SURVEYS,
                status="open",
                created_at=AT,
            )
            for kind, opens in (("interim", date(2026, 12, 1)), ("final", date(2027, 5, 1)))
        }
        session.add_all(campaigns.values())
        for number, (key, role, _) in enumerate(RESPONDENTS):
            person = Person(
                telegram_id=9100 + number,
                first_name=f"Имя{key}",
                full_name=f"Участник {key.upper()}",
                role=role,
                category="teacher" if role == "mentor" else "student",
                age_group=None if role == "mentor" else "14to17",
                first_seen_at=AT,
                last_seen_at=AT,
            )
            session.add(person)
            await session.flush()
            ids[key] = person.id
            session.add(
                Consent(
                    person_id=person.id, status="given", kind="self", text_version=version, at=AT
                )
            )
        await session.flush()
        for key, role, answered in RESPONDENTS:
            for kind in answered:
                campaign = campaigns[kind]
                session.add(
                    CampaignInvite(
                        campaign_id=campaign.id,
                        person_id=ids[key],
                        role=role,
                        invited_at=AT,
                        due_on=campaign.due_on,
                    )
                )
                session.add(
                    Answer(
                        person_id=ids[key],
                        questionnaire_id=f"{SURVEYS[role]}@{campaign.id}",
                        question_id="comfort",
                        value=7,
                        answered_at=AT,
                    )
                )
        await session.flush()
        for key, role, answered in RESPONDENTS:
            for kind in answered:
                as_ = f"{SURVEYS[role]}@{campaigns[kind].id}"
                assert await surveys.mark_answered(session, ids[key], as_)
    return ids


async def test_no_survey_respondent_is_linked_to_the_registry_by_the_audit_log(
    engine: AsyncEngine, translations: Translations
) -> None:
    """Survey rows carry a random number, but the audit sheet of the same workbook has a
    «survey_answered» row per answer with the respondent's registry number and the campaign:
    A's number is the only one in both campaigns of the mentees' sheet, and the audit log says
    which registry number answered both. No audit row should tie a registry number to a survey
    answer."""
    await seed_surveys(engine, consent_version(translations))
    book = open_book((await made(engine, translations)).content)
    registry = {r["ФИО"]: r["№"] for r in rows(book["Реестр"])}
    respondents = {registry[f"Участник {key.upper()}"] for key, _, _ in RESPONDENTS}
    linked = [
        (e["Действие"], e["№ в реестре"], e["Подробности"])
        for e in rows(book["Журнал действий"])
        if e["№ в реестре"] in respondents
    ]
    assert linked == []


async def test_a_role_with_fewer_than_three_respondents_is_not_singled_out(
    engine: AsyncEngine, translations: Translations
) -> None:
    """/survey shows nothing resting on fewer than three answers «so that no one's answer can be
    singled out»; the workbook gives the one mentor who answered the interim survey a row of
    their own, marked «наставник» (and a pair's final survey of the year's one completed pair
    names its mentor and mentee by role the same way). A campaign's answers of a role should be
    in the workbook only from three respondents."""
    await seed_surveys(engine, consent_version(translations))
    book = open_book((await made(engine, translations)).content)
    groups: dict[tuple[Any, ...], int] = {}
    for name in book.sheetnames:
        if name.startswith("Опрос"):
            for r in rows(book[name]):
                key = (r["Мониторинг"], r["Учебный год"], r.get("Роль"))
                groups[key] = groups.get(key, 0) + 1
    assert groups and all(n >= 3 for n in groups.values()), groups


# ---- a withdrawal, and what a Russian curator reads ----------------------------------------


async def withdrawn_world(engine: AsyncEngine, translations: Translations) -> tuple[Any, bytes]:
    """The seeded year, a curator's look at Смирнова, then her withdrawal (her pair ends)."""
    version = consent_version(translations)
    world = await seed_world(engine, version)
    await add_curator(engine)
    sessions = create_session_factory(engine)
    assert await pairs.details(sessions, world.pair_teachers, viewer=CURATOR_ID) is not None
    assert await privacy.withdraw(sessions, world.ids["smirnova"], version) is not None
    return world, (await made(engine, translations)).content


async def test_a_withdrawn_persons_telegram_id_is_in_no_sheet(
    engine: AsyncEngine, translations: Translations
) -> None:
    """A withdrawal erases «names, profile, answers, consent details» and keeps only the fact
    and time; the workbook still prints her Telegram ID (which opens her Telegram profile) in
    «Согласия» beside «(данные удалены)» and as the actor of «consent_withdrawn» in the audit
    log. Nothing that identifies her should be in any sheet."""
    world, content = await withdrawn_world(engine, translations)
    needles = {world.telegram["smirnova"], world.names["smirnova"], "Смирнова"}
    found = [
        (sheet.title, cell.coordinate)
        for sheet in open_book(content)
        for row in sheet.iter_rows()
        for cell in row
        if cell.value in needles or (isinstance(cell.value, str) and "Смирнова" in cell.value)
    ]
    assert found == []


CODE = re.compile(r"[a-z]+(_[a-z]+)*")


async def test_reasons_and_actions_are_in_the_curators_language(
    engine: AsyncEngine, translations: Translations
) -> None:
    """A Russian curator's workbook shows the pair ended by a withdrawal with the reason
    «withdrawn» (and one declined with «declined»), and the audit log's actions as the code's
    names: «pair_made», «pair_viewed», «consent_withdrawn». They should read as labels in the
    curator's language, as every other status in the workbook does."""
    world, content = await withdrawn_world(engine, translations)
    book = open_book(content)
    reasons = {r["№"]: r["Причина окончания"] for r in rows(book["Пары"])}
    assert reasons[world.pair_teachers] not in ("withdrawn", "declined")
    actions = [e["Действие"] for e in rows(book["Журнал действий"])]
    assert actions and not [a for a in actions if CODE.fullmatch(a)], actions


# ---- the federal form -------------------------------------------------------------------------


async def test_the_federal_form_counts_participants_by_form_of_mentoring(
    engine: AsyncEngine, translations: Translations
) -> None:
    """Issue 14: «the counts for the federal statistics form (participants by role, category
    and form of mentoring)». The sheet counts participants by role and category, and pair rows
    by form, but nowhere how many mentors and mentees each form of mentoring has (a teacher's
    group of two students reads as «2» pairs and groups of «учитель – ученик», and no one).
    The participants' section should count them by form: here one mentor and two mentees."""
    version = consent_version(translations)
    at = datetime(2026, 10, 1, 9, tzinfo=UTC)
    async with create_session_factory(engine).begin() as session:
        people = [
            Person(
                telegram_id=9200 + n,
                full_name=name,
                role=role,
                category=category,
                age_group=age,
                first_seen_at=at,
                last_seen_at=at,
            )
            for n, (name, role, category, age) in enumerate(
                [
                    ("Учитель Один", "mentor", "teacher", None),
                    ("Ученик Первый", "mentee", "student", "14to17"),
                    ("Ученик Второй", "mentee", "student", "14to17"),
                ]
            )
        ]
        session.add_all(people)
        await session.flush()
        for person in people:
            session.add(
                Consent(
                    person_id=person.id, status="given", kind="self", text_version=version, at=at
                )
            )
        session.add_all(
            Pair(
                mentor_id=people[0].id,
                mentee_id=mentee.id,
                form="teacher_student",
                status="active",
                months=9,
                created_by=CURATOR_ID,
                created_at=at,
                started_at=at,
            )
            for mentee in people[1:]
        )
    book = open_book((await made(engine, translations)).content)
    by_form = [
        r["Количество"]
        for r in rows(book["Форма статистики"])
        if r["Раздел"] == "Участники" and "учитель – ученик" in (r["Группа"], r["Подгруппа"])
    ]
    assert {1, 2} <= set(by_form), by_form
