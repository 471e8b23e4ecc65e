"""/stats (bot/services/stats.py, bot/dialogs/stats): each figure and KPI of a small seeded
programme by value, the school's numbers set by typing (bad input refused), satisfaction hidden
below three people, the plural forms, the chart pictures, and the screen through the real
Dispatcher (a non-curator and a removed curator refused)."""

from __future__ import annotations

import logging
import shutil
import struct
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Database, prepare_data
from bot.charts import draw
from bot.charts.stats import Bar, KpiBar, kpi_chart, participants_chart
from bot.config import Settings
from bot.db.engine import create_session_factory
from bot.db.models import (
    Answer,
    AuditEntry,
    Campaign,
    CampaignInvite,
    Consent,
    Meeting,
    MeetingInvite,
    Pair,
    ParentLink,
    Person,
    PlanTask,
    ProgrammeSetting,
)
from bot.dialogs.stats.getters import overview_text
from bot.domain.kpis import Kpi, KpiKey, SchoolFigure, judge, read_figure, school_year
from bot.domain.roles import Role
from bot.i18n import Translations, consent_version
from bot.questionnaires.loader import OPTIONS_FILE, QUESTIONNAIRES_DIR, Catalog, load_catalog
from bot.questionnaires.model import QType, Question, Questionnaire
from bot.services import curators, stats
from bot.services.stats import Consents, Plans, Satisfaction, Saved, TooFew
from tests.conftest import CURATOR_ID
from tests.fake_telegram import FakeTelegram
from tests.harness import Harness

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)  # Thursday 10 December 2026, 12:00 in Moscow
LONG_AGO = NOW - timedelta(days=500)
YEAR_AGO = NOW - timedelta(days=300)
SURVEY = "stats_test_survey"
OUTSIDER, SECOND = 9801, 9802
REFUSAL = "Это действие доступно только кураторам программы."


def survey() -> Questionnaire:
    """A monitoring questionnaire: two 1–10 scales, a 1–5 scale and an open question."""
    return Questionnaire(
        SURVEY,
        (
            Question("comfort", QType.SCALE, "q-comfort", min=1, max=10),
            Question("useful", QType.SCALE, "q-useful", min=1, max=10, optional=True),
            Question("mood", QType.SCALE, "q-mood", min=1, max=5),
            Question("wish", QType.TEXT, "q-wish", optional=True),
        ),
    )


def catalog_with_survey(translations: Translations, folder: Path) -> Catalog:
    """The intake questionnaires and a monitoring one of this test's own (the real surveys'
    files are not what is tested here)."""
    for path in [*QUESTIONNAIRES_DIR.glob("intake_*.yaml"), QUESTIONNAIRES_DIR / OPTIONS_FILE]:
        shutil.copyfile(path, folder / path.name)
    intake = load_catalog(translations, folder)
    return Catalog({**intake.questionnaires, SURVEY: survey()}, intake.option_sets)


@pytest.fixture
async def with_survey(
    fake: FakeTelegram,
    settings: Settings,
    engine: AsyncEngine,
    translations: Translations,
    tmp_path: Path,
) -> AsyncIterator[Harness]:
    """The harness, with a monitoring questionnaire in the catalog."""
    await prepare_data(Database(engine, create_session_factory(engine)), settings)
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    built = Harness.build(
        fake=fake,
        settings=settings,
        engine=engine,
        translations=translations,
        catalog=catalog_with_survey(translations, folder),
    )
    yield built
    await built.bot.session.close()
    assert fake.unanswered_queries() == [], "every callback query must be answered"


@dataclass(frozen=True)
class World:
    ids: dict[str, int]


async def world(harness: Harness) -> World:
    """Ten participants, a child waiting for a parent, six pairs, their meetings, plans and
    survey answers (see each comment)."""
    version = consent_version(harness.translations)
    ids: dict[str, int] = {}
    async with harness.sessions.begin() as session:

        def person(
            key: str, role: str | None, category: str | None, kind: str | None = "self"
        ) -> Person:
            made = Person(
                telegram_id=9000 + len(ids) + 1,
                full_name=key,
                role=role,
                category=category,
                first_seen_at=LONG_AGO,
                last_seen_at=LONG_AGO,
            )
            session.add(made)
            return made

        people = {
            "T1": ("mentor", "teacher", "self"),
            "T2": ("mentor", "teacher", "self"),
            "S1": ("mentor", "senior_student", "self"),
            "G1": ("mentor", "graduate", "paper"),
            "st1": ("mentee", "student", "parent"),
            "st2": ("mentee", "student", "self"),
            "st3": ("mentee", "student", "self"),
            "st4": ("mentee", "student", "self"),
            "st5": ("mentee", "student", "outdated"),  # given for an older text
            "tc1": ("mentee", "teacher", "self"),  # a young specialist
            "child": (None, None, None),  # under 14, waiting for a parent
            "gone": (None, None, "withdrawn"),  # withdrew: not counted
        }
        for key, (role, category, kind) in people.items():
            made = person(key, role, category)
            await session.flush()
            ids[key] = made.id
            if kind is None:
                continue
            session.add(
                Consent(
                    person_id=made.id,
                    status="withdrawn" if kind == "withdrawn" else "given",
                    kind="self" if kind in ("outdated", "withdrawn") else kind,
                    text_version="old" if kind == "outdated" else version,
                    at=LONG_AGO,
                )
            )
        session.add(
            ParentLink(
                token_hash="h" * 64,
                person_id=ids["child"],
                role="mentee",
                category="student",
                age_group="under14",
                created_at=NOW - timedelta(days=10),  # expired, unused: still waiting
                expires_at=NOW - timedelta(days=3),
            )
        )

        async def pair(
            mentor: str,
            mentee: str,
            form: str,
            status: str,
            started: datetime | None,
            *,
            months: int = 9,
        ) -> int:
            made = Pair(
                mentor_id=ids[mentor],
                mentee_id=ids[mentee],
                form=form,
                status=status,
                months=months,
                created_by=CURATOR_ID,
                created_at=LONG_AGO,
                started_at=started,
                ended_at=NOW - timedelta(days=100) if status in ("completed", "ended") else None,
            )
            session.add(made)
            await session.flush()
            ids[f"{mentor}-{mentee}"] = made.id
            return made.id

        p1 = await pair("T1", "st1", "teacher_student", "active", NOW - timedelta(days=100))
        p2 = await pair("S1", "st2", "student_student", "completed", YEAR_AGO, months=6)
        await pair("T2", "tc1", "teacher_teacher", "active", NOW - timedelta(days=400))
        p4 = await pair("G1", "st3", "employer_student", "completed", YEAR_AGO, months=6)
        await pair("T1", "st4", "teacher_student", "waiting", None)
        p6 = await pair("T1", "st5", "teacher_student", "ended", NOW - timedelta(days=200))

        def meeting(
            pair_id: int | None, mentor: str, kind: str, at: datetime, status: str
        ) -> Meeting:
            made = Meeting(
                pair_id=pair_id,
                mentor_id=ids[mentor],
                kind=kind,
                starts_at=at,
                status=status,
                created_by=1,
                created_at=LONG_AGO,
                changed_at=LONG_AGO,
            )
            session.add(made)
            return made

        # p3's term (400 days ago + 9 months) ended about 130 days ago; p2's and p4's earlier.
        p3_end = NOW - timedelta(days=400) + timedelta(days=275)
        meeting(p1, "T1", "work", NOW - timedelta(days=20), "held")
        meeting(p1, "T1", "work", NOW + timedelta(days=5), "planned")
        meeting(p1, "T1", "work", NOW - timedelta(days=2), "planned")  # passed: not ahead
        meeting(p1, "T1", "work", NOW - timedelta(days=30), "cancelled")
        final2 = meeting(p2, "S1", "final", NOW - timedelta(days=110), "held")
        group3 = meeting(None, "T2", "final", p3_end - timedelta(days=10), "held")
        final4 = meeting(p4, "G1", "final", NOW - timedelta(days=115), "held")
        early4 = meeting(None, "G1", "final", NOW - timedelta(days=290), "held")  # too early
        await session.flush()
        for meeting_id, mentee, answer in (
            (final2.id, "st2", "yes"),
            (group3.id, "tc1", None),  # invited, did not answer: counts
            (final4.id, "st3", "no"),  # said «Не смогу»: not attended
            (early4.id, "st3", "yes"),
        ):
            session.add(MeetingInvite(meeting_id=meeting_id, person_id=ids[mentee], answer=answer))
        plans = {
            p1: ["done"] * 3 + ["open", "proposed", "declined"],
            p2: ["done", "done"],
            p6: ["open"] * 3,  # ended early: not counted
        }
        for pair_id, statuses in plans.items():
            for n, status in enumerate(statuses):
                session.add(
                    PlanTask(pair_id=pair_id, title=f"Задача {n}", status=status, created_at=NOW)
                )

        def campaign(year: int) -> Campaign:
            made = Campaign(
                kind="interim",
                year=year,
                opens_on=date(year, 12, 1),
                due_on=date(year, 12, 20),
                audience="active_pairs",
                questionnaires={"mentor": SURVEY, "mentee": SURVEY},
                status="open",
                created_at=LONG_AGO,
            )
            session.add(made)
            return made

        this, last = campaign(2026), campaign(2025)
        await session.flush()

        def answered(
            held: Campaign, who: str, role: str, values: dict[str, Any], done: bool = True
        ) -> None:
            session.add(
                CampaignInvite(
                    campaign_id=held.id,
                    person_id=ids[who],
                    role=role,
                    invited_at=NOW,
                    due_on=held.due_on,
                    answered_at=NOW if done else None,
                )
            )
            for question, value in values.items():
                session.add(
                    Answer(
                        person_id=ids[who],
                        questionnaire_id=f"{SURVEY}@{held.id}",
                        question_id=question,
                        value=value,
                        answered_at=NOW,
                    )
                )

        # Mentees: three answered (8, 9; 7, 6; 10) → 8,0; the 1–5 scale and a text not counted;
        # st4 has not submitted: not counted.
        answered(this, "st1", "mentee", {"comfort": 8, "useful": 9, "mood": 2, "wish": "да"})
        answered(this, "st2", "mentee", {"comfort": 7, "useful": 6, "mood": 5})
        answered(this, "st3", "mentee", {"comfort": 10, "useful": True})
        answered(this, "st4", "mentee", {"comfort": 1, "useful": 1}, done=False)
        # Mentors: two this year (hidden); three last year, who do not count.
        answered(this, "T1", "mentor", {"comfort": 8})
        answered(this, "T2", "mentor", {"comfort": 9})
        for who in ("T1", "T2", "S1"):
            answered(last, who, "mentor", {"comfort": 2})
    return World(ids)


# ---- the rules -------------------------------------------------------------------------------


def test_kpis_are_judged_exactly_and_not_counted_on_nothing() -> None:
    assert judge(KpiKey.PLANS, 27, 30) == Kpi(KpiKey.PLANS, 0.9, 0.9, True, 27, 30)
    assert judge(KpiKey.PLANS, 26, 30).met is False
    assert judge(KpiKey.STUDENTS, 85, 850).met is True  # exactly 10 %
    consents = judge(KpiKey.CONSENTS, 199, 200)
    assert (consents.met, consents.percent) == (False, 99)  # never shown as 100 %
    assert judge(KpiKey.CONSENTS, 5, 5).percent == 100
    assert judge(KpiKey.FINAL_MEETINGS, 0, 0) == Kpi(KpiKey.FINAL_MEETINGS, None, 0.9, None, 0, 0)
    unset = judge(KpiKey.TEACHERS, 3, None)
    assert (unset.value, unset.met, unset.percent, unset.target_percent) == (None, None, None, 10)
    assert school_year(date(2026, 12, 10)) == 2026
    assert school_year(date(2027, 5, 20)) == 2026
    assert school_year(date(2026, 9, 1)) == 2026


def test_a_school_number_as_curators_type_it() -> None:
    typed = {
        "850": 850,
        "1 200": 1200,
        "1\u00a0200 учеников": 1200,
        "5 тысяч": 5000,
        "5 тыс.": 5000,
        "1,2 тыс.": 1200,
        "1.5k": 1500,
        "60 педагогов": 60,
        "31 учитель": 31,
        "около 900": None,  # any word but a plain noun for people is asked again
        "5 классов": None,
        "1,5": None,
        "1,2345 тыс.": None,
        "5–7": None,
    }
    assert {text: read_figure(text) for text in typed} == typed


def test_plural_forms(translations: Translations) -> None:
    ru = translations.get("ru")
    assert [ru.plain("stats-participants", count=n) for n in (1, 2, 5, 21)] == [
        "👥 <b>1 участник</b>",
        "👥 <b>2 участника</b>",
        "👥 <b>5 участников</b>",
        "👥 <b>21 участник</b>",
    ]
    assert [ru.plain("stats-consents-waiting", count=n).split(": ")[1] for n in (1, 2, 5, 21)] == [
        "1 ребёнок",
        "2 ребёнка",
        "5 детей",
        "21 ребёнок",
    ]
    assert [ru.plain("stats-kpi-basis-plans", n=1, d=n) for n in (1, 2, 5, 21)] == [
        "1 из 1 задачи",
        "1 из 2 задач",
        "1 из 5 задач",
        "1 из 21 задачи",
    ]
    assert [
        ru.plain("stats-plans", done=1, tasks=n, percent=50, pairs=n).split(") ")[1]
        for n in (1, 2, 5, 21)
    ] == ["в 1 паре", "в 2 парах", "в 5 парах", "в 21 паре"]
    people = [
        ru.plain("stats-satisfaction-line", role="mentee", mean="8,0", people=n)
        for n in (1, 2, 5, 21)
    ]
    assert [line.split("(")[1] for line in people] == [
        "1 человек)",
        "2 человека)",
        "5 человек)",
        "21 человек)",
    ]
    en = translations.get("en")
    assert en.plain("stats-pairs-none") == "🤝 No pairs yet"
    assert en.plain("stats-kpi-basis-final_meetings", n=1, d=1) == "1 of 1 pair"


def png_size(content: bytes) -> tuple[int, int]:
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", content[16:24])
    return int(width), int(height)


def test_chart_pictures_are_1080_px_wide() -> None:
    people = draw(
        participants_chart,
        "Участники",
        [Bar("педагоги", 8, 0), Bar("ученики", 18, 1)],
        ["наставники", "наставляемые"],
        "пусто",
    )
    none = draw(participants_chart, "Участники", [], ["наставники", "наставляемые"], "пусто")
    kpis = draw(
        kpi_chart,
        "Показатели",
        [KpiBar("Согласия", 93, 100, False, "93 %"), KpiBar("Охват", None, 10, None, "—")],
        "цель",
    )
    for picture in (people, none, kpis):
        width, height = png_size(picture)
        assert width == 1080 and 300 <= height <= 2100


# ---- the figures -----------------------------------------------------------------------------


async def test_every_figure_and_kpi_by_value(with_survey: Harness) -> None:
    harness = with_survey
    version = consent_version(harness.translations)
    sessions = harness.sessions
    with time_machine.travel(NOW, tick=False):
        empty = await stats.kpis(sessions, zone=MOSCOW, version=version)
        assert [(k.key, k.value, k.met, k.numerator, k.denominator) for k in empty] == [
            (KpiKey.STUDENTS, None, None, 0, None),
            (KpiKey.TEACHERS, None, None, 0, None),
            (KpiKey.CONSENTS, None, None, 0, 0),
            (KpiKey.PLANS, None, None, 0, 0),
            (KpiKey.FINAL_MEETINGS, None, None, 0, 0),
        ]
        await world(harness)
        catalog = harness.dispatcher["catalog"]
        found = await stats.overview(
            sessions, by=CURATOR_ID, version=version, zone=MOSCOW, catalog=catalog
        )
        refused = await stats.overview(
            sessions, by=OUTSIDER, version=version, zone=MOSCOW, catalog=catalog
        )
    assert refused is None
    assert found is not None
    assert found.participants == {
        ("mentor", "teacher"): 2,
        ("mentor", "senior_student"): 1,
        ("mentor", "graduate"): 1,
        ("mentee", "student"): 5,
        ("mentee", "teacher"): 1,
    }
    assert (found.total, found.by_role(Role.MENTOR), found.by_role(Role.MENTEE)) == (10, 4, 6)
    assert found.consents == Consents(
        in_force=9,
        by_kind={"self": 7, "parent": 1, "paper": 1},
        waiting_parent=1,
        started=11,
    )
    assert found.consents.not_in_force == 1  # st5: given for an older text
    assert found.pairs == {
        ("teacher_student", "active"): 1,
        ("teacher_student", "waiting"): 1,
        ("teacher_student", "ended"): 1,
        ("student_student", "completed"): 1,
        ("teacher_teacher", "active"): 1,
        ("employer_student", "completed"): 1,
    }
    assert (found.meetings_held, found.meetings_planned) == (5, 1)
    assert found.plans == Plans(done=5, tasks=6, pairs=2)
    assert found.school_year == 2026
    assert found.satisfaction == [
        Satisfaction(Role.MENTOR, None, 2),  # two people: hidden
        Satisfaction(Role.MENTEE, 8.0, 3),
    ]
    by_key = {k.key: k for k in found.kpis}
    assert by_key[KpiKey.STUDENTS] == Kpi(KpiKey.STUDENTS, None, 0.1, None, 6, None)
    assert by_key[KpiKey.TEACHERS] == Kpi(KpiKey.TEACHERS, None, 0.1, None, 3, None)
    assert by_key[KpiKey.CONSENTS] == Kpi(KpiKey.CONSENTS, 9 / 11, 1.0, False, 9, 11)
    assert by_key[KpiKey.PLANS] == Kpi(KpiKey.PLANS, 5 / 6, 0.9, False, 5, 6)
    # p2 (its own final meeting) and p3 (its group's, near its end) of p2, p3 and p4 (the
    # mentee said «Не смогу» to the own one; the group's was months before the end).
    assert by_key[KpiKey.FINAL_MEETINGS] == Kpi(KpiKey.FINAL_MEETINGS, 2 / 3, 0.9, False, 2, 3)

    english = overview_text(harness.translations.get("en"), found, date(2026, 12, 10))
    for line in (
        "👥 10 participants",
        "⏳ Waiting for a parent's consent: 1 child",
        "• mentees — 8.0 (3 people)",
        "⚠️ Final meetings: 66 % (target ≥ 90 %) — 2 of 3 pairs",
        "⚪ Students covered: not counted",
    ):
        assert line in english.replace("<b>", "").replace("</b>", ""), line

    counts = await stats.form_counts(sessions)
    assert counts.participants == found.participants and counts.pairs == found.pairs

    # The school's numbers: refused when bad, or to someone who is not a curator.
    for bad in (None, 0, -5, 100_001, 10**12):
        assert (
            await stats.set_school_figure(sessions, SchoolFigure.STUDENTS, bad, by=CURATOR_ID)
            is Saved.BAD_VALUE
        )
    assert (
        await stats.set_school_figure(sessions, SchoolFigure.STUDENTS, 60, by=OUTSIDER)
        is Saved.NOT_ALLOWED
    )
    # Fewer than the participants of that group already counted (6 students, 3 teachers).
    assert await stats.set_school_figure(
        sessions, SchoolFigure.STUDENTS, 5, by=CURATOR_ID
    ) == TooFew(6)
    assert await stats.set_school_figure(
        sessions, SchoolFigure.TEACHERS, 2, by=CURATOR_ID
    ) == TooFew(3)
    assert await stats.school_figures(sessions) == {
        SchoolFigure.STUDENTS: None,
        SchoolFigure.TEACHERS: None,
    }
    assert (
        await stats.set_school_figure(sessions, SchoolFigure.STUDENTS, 60, by=CURATOR_ID)
        is Saved.DONE
    )
    assert (
        await stats.set_school_figure(sessions, SchoolFigure.TEACHERS, 31, by=CURATOR_ID)
        is Saved.DONE
    )
    with time_machine.travel(NOW, tick=False):
        counted = {k.key: k for k in await stats.kpis(sessions, zone=MOSCOW, version=version)}
    assert counted[KpiKey.STUDENTS] == Kpi(KpiKey.STUDENTS, 0.1, 0.1, True, 6, 60)
    assert counted[KpiKey.TEACHERS] == Kpi(KpiKey.TEACHERS, 3 / 31, 0.1, False, 3, 31)
    assert counted[KpiKey.TEACHERS].percent == 9


# ---- the screen ------------------------------------------------------------------------------


async def test_the_stats_screen_school_size_and_charts(
    with_survey: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    harness = with_survey
    for user, name in ((CURATOR_ID, "Ольга"), (OUTSIDER, "Пётр"), (SECOND, "Марина")):
        harness.fake.add_user(user, name, has_chat=True)
    with time_machine.travel(NOW, tick=False):
        await world(harness)

        # Not a curator: refused, and logged.
        with caplog.at_level(logging.WARNING):
            refused = await harness.send(OUTSIDER, "/stats")
        assert refused.text_or_empty() == REFUSAL
        assert any("/stats refused" in r.getMessage() for r in caplog.records)

        shown = await harness.send(CURATOR_ID, "/stats")
        text = shown.text_or_empty()
        for line in (
            "📊 Программа наставничества на 10.12.2026",
            "👥 10 участников",
            "🧑‍🏫 Наставники — 4: старшеклассники — 1, педагоги — 2, выпускники — 1",
            "🙋 Наставляемые — 6: ученики — 5, педагоги и молодые специалисты — 1",
            "📝 Согласия действуют у 9 из 11: дали сами — 7, родители — 1, на бумаге — 1",
            "⏳ Ждут согласия родителя: 1 ребёнок",
            "⚠️ Согласие не действует, нужно дать заново: 1 участник",
            "🤝 6 пар: ждут соглашения — 1, работают — 2, завершены — 2, прекращены досрочно — 1",
            "• «учитель – ученик» — 3",
            "• «работодатель – ученик» — 1",
            "🗓 Встречи: проведено — 5, назначено впереди — 1",
            "📋 Планы: выполнено 5 из 6 задач (83 %) в 2 парах",
            "⭐ Удовлетворённость (опросы 2026/27 учебного года, от 1 до 10):",
            "• наставники — меньше трёх ответивших, среднее не показываем",
            "• наставляемые — 8,0 (3 человека)",
            "🎯 Показатели дорожной карты",
            "⚪ Охват учеников: не посчитан — укажите, сколько учеников в школе",
            "⚠️ Согласия: 81 % (цель 100 %) — 9 из 11 участников",
            "⚠️ Планы выполнены: 83 % (цель ≥ 90 %) — 5 из 6 задач",
            "⚠️ Итоговые встречи: 66 % (цель ≥ 90 %) — 2 из 3 пар",
        ):
            assert line in text, line
        assert len(text) < 4096

        # The school's size, typed; bad numbers refused with the question again below.
        asked = await harness.press(CURATOR_ID, "Численность школы", shown)
        assert "Сколько всего учеников в школе?" in asked.text_or_empty()
        assert "Пока не указано." in asked.text_or_empty()
        assert all("Оставить" not in b["text"] for b in asked.buttons())
        for bad in ("много", "0", "-5", "1000000000000", "200 000", "около 900", "5 классов"):
            again = await harness.send(CURATOR_ID, bad)
            hint = harness.fake.bot_messages(CURATOR_ID)[-2].text_or_empty()
            assert hint.startswith("Не получилось прочитать число"), bad
            assert "от 1 до 100\u00a0000" in hint
            assert "Сколько всего учеников в школе?" in again.text_or_empty()
        again = await harness.send(CURATOR_ID, "5")  # six of the school's students take part
        hint = harness.fake.bot_messages(CURATOR_ID)[-2].text_or_empty()
        assert hint.startswith("Столько быть не может: в программе уже 6 учеников школы.")
        assert "Сколько всего учеников в школе?" in again.text_or_empty()
        async with harness.sessions() as session:
            assert await session.scalar(select(ProgrammeSetting.key)) is None
        teachers = await harness.send(CURATOR_ID, "60 учеников")
        assert "Сколько в школе педагогов" in teachers.text_or_empty()
        back = await harness.send(CURATOR_ID, "31")
        text = back.text_or_empty()
        assert text.startswith("✅ Численность школы сохранена.")
        assert "✅ Охват учеников: 10 % (цель ≥ 10 %) — 6 из 60 учеников" in text
        assert "⚠️ Охват педагогов: 9 % (цель ≥ 10 %) — 3 из 31 педагога" in text
        async with harness.sessions() as session:
            logged = (
                await session.scalars(
                    select(AuditEntry).where(AuditEntry.action == "school_figure_set")
                )
            ).all()
        assert [(e.actor_telegram_id, e.details) for e in logged] == [
            (CURATOR_ID, {"key": "students_total", "value": 60, "was": None}),
            (CURATOR_ID, {"key": "teachers_total", "value": 31, "was": None}),
        ]

        # Kept as it is: the set number on its button.
        asked = await harness.press(CURATOR_ID, "Численность школы", back)
        assert "Сейчас указано: 60." in asked.text_or_empty()
        teachers = await harness.press(CURATOR_ID, "Оставить 60", asked)
        assert "Сейчас указано: 31." in teachers.text_or_empty()
        back = await harness.press(CURATOR_ID, "Назад", teachers)
        assert back.text_or_empty().startswith("📊 Программа наставничества")  # nothing saved

        # The charts: two pictures, a phone's width; the same again soon is not sent twice.
        screen = await harness.press(CURATOR_ID, "Диаграммы", back)
        photos = [m for m in harness.fake.bot_messages(CURATOR_ID) if m.photo]
        assert len(photos) == 2
        assert photos[0].caption == "👥 Участники по ролям и категориям на 10.12.2026"
        assert photos[1].caption is not None and "Показатели дорожной карты" in photos[1].caption
        for photo in photos:
            assert png_size(photo.document_content)[0] == 1080  # type: ignore[attr-defined]
        assert screen.text_or_empty().startswith("📊 Программа наставничества")  # below them
        await harness.press(CURATOR_ID, "Диаграммы", screen)
        assert harness.last_answer()["show_alert"] is True
        assert "уже отправлены" in str(harness.last_answer()["text"])
        assert len([m for m in harness.fake.bot_messages(CURATOR_ID) if m.photo]) == 2

        # A curator removed while her screen is open is refused, and gets no pictures.
        assert await curators.add(harness.sessions, "Школа № 1", SECOND, by=CURATOR_ID) == (
            curators.CuratorChange.ADDED
        )
        hers = await harness.send(SECOND, "/stats")
        assert "🎯 Показатели дорожной карты" in hers.text_or_empty()
        assert await curators.remove(harness.sessions, SECOND, by=CURATOR_ID) == (
            curators.CuratorChange.REMOVED
        )
        await harness.press(SECOND, "Диаграммы", hers)
        assert harness.last_answer() == {"text": REFUSAL, "show_alert": True}
        assert not any(m.photo for m in harness.fake.bot_messages(SECOND))
