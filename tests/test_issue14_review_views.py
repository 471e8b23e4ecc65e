"""Issue 14 review: /stats and a campaign's results, attacked as a curator who compares views,
types what people type and taps twice. Each test names what a curator (or a respondent) should
be able to count on; its docstring says what goes wrong now."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message as TgMessage
from aiogram_dialog import DialogManager
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Database, prepare_data
from bot.config import Settings
from bot.db.engine import create_session_factory
from bot.db.models import (
    Answer,
    Campaign,
    CampaignInvite,
    Consent,
    Meeting,
    MeetingInvite,
    Pair,
    Person,
    ProgrammeSetting,
)
from bot.dialogs.stats.getters import overview_text
from bot.dialogs.survey_results.states import SurveyResultsSG
from bot.domain import surveys as survey_rules
from bot.domain.kpis import KpiKey, SchoolFigure
from bot.domain.roles import Role
from bot.domain.survey_stats import share
from bot.i18n import Translations, consent_version
from bot.questionnaires.loader import Catalog
from bot.services import privacy, stats, survey_results
from bot.services.stats import Overview
from bot.services.survey_results import Refused
from tests.conftest import CURATOR_ID
from tests.fake_telegram import FakeTelegram
from tests.harness import Harness
from tests.test_stats import SURVEY, catalog_with_survey
from tests.test_survey_results import MENTEE_Q, MENTOR_Q, QUESTIONNAIRES

NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)  # Thursday 10 December 2026, 12:00 in Moscow
LONG_AGO = NOW - timedelta(days=500)


async def _people(harness: Harness, first: int, count: int, role: str = "mentee") -> list[int]:
    version = consent_version(harness.translations)
    async with harness.sessions.begin() as session:
        people = [
            Person(
                telegram_id=first + n,
                full_name=f"Участник {first + n}",
                role=role,
                category="student" if role == "mentee" else "teacher",
                first_seen_at=LONG_AGO,
                last_seen_at=LONG_AGO,
            )
            for n in range(count)
        ]
        session.add_all(people)
        await session.flush()
        session.add_all(
            Consent(person_id=p.id, status="given", kind="self", text_version=version, at=LONG_AGO)
            for p in people
        )
        return [p.id for p in people]


async def _campaign(
    harness: Harness,
    kind: str,
    questionnaire: str,
    answers: dict[int, dict[str, Any]],
    role: str = "mentee",
) -> int:
    """A campaign of 2026/27 whose `role` invitees each submitted their answers."""
    async with harness.sessions.begin() as session:
        campaign = Campaign(
            kind=kind,
            year=2026,
            opens_on=date(2026, 12, 1),
            due_on=date(2026, 12, 20),
            audience="active_pairs",
            questionnaires={"mentor": questionnaire, "mentee": questionnaire},
            status="open",
            created_at=LONG_AGO,
        )
        session.add(campaign)
        await session.flush()
        for person_id, values in answers.items():
            session.add(
                CampaignInvite(
                    campaign_id=campaign.id,
                    person_id=person_id,
                    role=role,
                    invited_at=NOW - timedelta(days=5),
                    due_on=campaign.due_on,
                    answered_at=NOW - timedelta(days=1),
                )
            )
            session.add_all(
                Answer(
                    person_id=person_id,
                    questionnaire_id=f"{questionnaire}@{campaign.id}",
                    question_id=question,
                    value=value,
                    answered_at=NOW - timedelta(days=1),
                )
                for question, value in values.items()
            )
        return campaign.id


async def _overview(harness: Harness, catalog: Catalog) -> Overview:
    with time_machine.travel(NOW, tick=False):
        found = await stats.overview(
            harness.sessions,
            by=CURATOR_ID,
            version=consent_version(harness.translations),
            zone=harness.settings.tz,
            catalog=catalog,
        )
    assert found is not None
    return found


def _mentees(found: Overview) -> stats.Satisfaction:
    [row] = [s for s in found.satisfaction if s.role is Role.MENTEE]
    return row


# ---- /stats: satisfaction --------------------------------------------------------------------


async def test_stats_satisfaction_does_not_give_away_a_lone_respondent_hidden_in_a_campaign(
    harness: Harness, translations: Translations, tmp_path: Path
) -> None:
    """A campaign's results hide its answers below three (a pair's final survey with one mentee
    who answered, say), but /stats pools every campaign of the year once three *people* answered
    any of them: the interim survey's three mentees (mean 8,0) and the lone final-survey mentee
    who gave 1 make «6,2 (4 человека)» — and the curator, who knows who just finished, reads
    that one person's answer off the difference. An aggregate should only take in answers that
    their own campaign would show."""
    catalog = catalog_with_survey(translations, tmp_path)
    mentees = await _people(harness, 7000, 4)
    await _campaign(harness, "interim", SURVEY, {p: {"comfort": 8} for p in mentees[:3]})
    before = _mentees(await _overview(harness, catalog))
    assert (before.mean, before.people) == (8.0, 3)

    await _campaign(harness, "pair_final", SURVEY, {mentees[3]: {"comfort": 1}})
    after = _mentees(await _overview(harness, catalog))
    assert after.mean in (before.mean, None), "the lone answer is in the mean /stats shows"


async def test_stats_satisfaction_rounds_half_up_as_the_results_do(
    harness: Harness, translations: Translations, tmp_path: Path
) -> None:
    """Three mentees gave 8, 8, 8 and 9 (one of them twice): the mean is 8,25. The campaign's
    results say «среднее 8,3» (half up, as people round), but /stats formats it with babel's
    default half-even and says «8,2» — the same answers, two figures."""
    catalog = catalog_with_survey(translations, tmp_path)
    mentees = await _people(harness, 7100, 3)
    values = [{"comfort": 8, "useful": 9}, {"comfort": 8}, {"comfort": 8}]
    await _campaign(harness, "interim", SURVEY, dict(zip(mentees, values, strict=True)))
    found = await _overview(harness, catalog)
    assert _mentees(found).mean == 8.25
    text = overview_text(translations.get("ru"), found, date(2026, 12, 10))
    assert "• наставляемые — 8,3 (3 человека)" in text


# ---- /stats: the KPIs ------------------------------------------------------------------------


async def test_a_withdrawn_mentees_erased_no_does_not_turn_into_an_attended_final_meeting(
    harness: Harness, translations: Translations
) -> None:
    """A completed pair whose mentee answered «Не смогу» to the final meeting: «Итоговые
    встречи: 0 из 1». The mentee withdraws consent: the answer is erased with the rest, and the
    KPI now counts the meeting as attended (1 of 1, ✅ met) — a withdrawal made it true. The
    pair should leave the KPI, or keep counting as not attended."""
    [mentor] = await _people(harness, 7200, 1, role="mentor")
    [mentee] = await _people(harness, 7300, 1)
    version = consent_version(translations)
    async with harness.sessions.begin() as session:
        pair = Pair(
            mentor_id=mentor,
            mentee_id=mentee,
            form="teacher_student",
            status="completed",
            months=6,
            created_by=CURATOR_ID,
            created_at=LONG_AGO,
            started_at=NOW - timedelta(days=300),
            ended_at=NOW - timedelta(days=100),
        )
        session.add(pair)
        await session.flush()
        final = Meeting(
            pair_id=pair.id,
            mentor_id=mentor,
            kind="final",
            starts_at=NOW - timedelta(days=110),
            status="held",
            created_by=1,
            created_at=LONG_AGO,
            changed_at=LONG_AGO,
        )
        session.add(final)
        await session.flush()
        session.add(MeetingInvite(meeting_id=final.id, person_id=mentee, answer="no"))

    async def finals() -> tuple[int, int | None]:
        with time_machine.travel(NOW, tick=False):
            found = await stats.kpis(harness.sessions, zone=harness.settings.tz, version=version)
        [kpi] = [k for k in found if k.key is KpiKey.FINAL_MEETINGS]
        return kpi.numerator, kpi.denominator

    assert await finals() == (0, 1)
    assert await privacy.withdraw(harness.sessions, mentee, version) is not None
    assert (await finals())[0] == 0, "an erased «Не смогу» counts as attending"


async def test_a_school_of_5_thousand_students_is_not_saved_as_5(harness: Harness) -> None:
    """«5 тысяч» is how a curator says how many students the school has; the number reader
    takes the 5 and drops the word, the bot saves 5 students, and coverage reads «120 %»
    of five. Either understand it as 5000 or ask again."""
    harness.fake.add_user(CURATOR_ID, "Ольга", has_chat=True)
    with time_machine.travel(NOW, tick=False):
        shown = await harness.send(CURATOR_ID, "/stats")
        await harness.press(CURATOR_ID, "Численность школы", shown)
        await harness.send(CURATOR_ID, "5 тысяч")
    async with harness.sessions() as session:
        saved = await session.scalar(
            select(ProgrammeSetting.value).where(
                ProgrammeSetting.key == SchoolFigure.STUDENTS.value
            )
        )
    assert saved in (None, 5000)


# ---- the campaign's results ------------------------------------------------------------------


def test_the_campaign_screen_and_its_results_give_the_same_share() -> None:
    """/survey's campaign screen counts shares with round() (half to even): 199 of 200 answered
    shows «100 %» (everyone), 1 of 200 «0 %» (no one), 1 of 8 «12 %»; its «📊 Результаты», a tap
    below, says 99 %, 1 %, 13 % of the same invites."""
    for part, whole in ((199, 200), (1, 200), (1, 8)):
        assert survey_rules.percent(part, whole) == share(part, whole), (part, whole)


async def test_the_next_pair_to_finish_cannot_be_read_off_the_results(harness: Harness) -> None:
    """The year's final survey of pairs fills one pair at a time, and the curator knows which
    pair has just finished (she ended it, and /survey's card goes from «3 из 3» to «4 из 4»).
    Three mentees answered: their figures and open answers are shown. The fourth answers: the
    distribution gains one «2», and one new open answer appears among the others — that
    mentee's answers, singled out by comparing two views a day apart. A view should not change
    by exactly one known person's answers."""
    catalog = Catalog({"t_mentor": MENTOR_Q, "t_mentee": MENTEE_Q}, {})
    mentees = await _people(harness, 7600, 4)
    answers = {p: {"need_level": 7, "request": f"Всё хорошо, {n}"} for n, p in enumerate(mentees)}
    campaign = await _campaign(harness, "pair_final", "t_mentee", dict(list(answers.items())[:3]))

    async def view() -> tuple[tuple[Any, ...] | None, set[str]]:
        found = await survey_results.results(harness.sessions, catalog, campaign, by=CURATOR_ID)
        assert not isinstance(found, Refused)
        [mentee] = [role for role in found.roles if role.role == "mentee"]
        [need] = [q.aggregate for q in mentee.questions if q.question.id == "need_level"]
        texts = {text for open_ in mentee.open_answers for text in open_.texts}
        return (need.counts if need.shown else None), texts

    before = await view()
    async with harness.sessions.begin() as session:
        session.add(
            CampaignInvite(
                campaign_id=campaign,
                person_id=mentees[3],
                role="mentee",
                invited_at=NOW,
                due_on=date(2026, 12, 24),
                answered_at=NOW,
            )
        )
        for question, value in {"need_level": 2, "request": "Наставник не приходил"}.items():
            session.add(
                Answer(
                    person_id=mentees[3],
                    questionnaire_id=f"t_mentee@{campaign}",
                    question_id=question,
                    value=value,
                    answered_at=NOW,
                )
            )
    after = await view()
    if before[0] is not None and after[0] is not None:
        assert after[0] == before[0], "the new distribution minus the old is one person's answer"
    assert not (before[1] and after[1] - before[1]), "the one new open answer is theirs"


@pytest.fixture
async def results(
    fake: FakeTelegram, settings: Settings, engine: AsyncEngine, translations: Translations
) -> AsyncIterator[Harness]:
    """The bot with the results tests' questionnaires and a stand-in `/results <id>` that starts
    the results as /survey's «📊 Результаты» does."""
    await prepare_data(Database(engine, create_session_factory(engine)), settings)
    fake.add_user(CURATOR_ID, "Ольга")
    harness = Harness.build(
        fake=fake,
        settings=settings,
        engine=engine,
        translations=translations,
        catalog=Catalog({"t_mentor": MENTOR_Q, "t_mentee": MENTEE_Q}, {}),
    )
    router = Router(name="survey-results-review")

    @router.message(Command("results"))
    async def open_results(
        message: TgMessage, command: CommandObject, dialog_manager: DialogManager
    ) -> None:
        await dialog_manager.start(SurveyResultsSG.main, data={"campaign": int(command.args or 0)})

    harness.dispatcher.include_router(router)
    routers = harness.dispatcher.sub_routers
    routers.insert(0, routers.pop())
    yield harness
    await harness.bot.session.close()
    assert fake.unanswered_queries() == [], "every callback query must be answered"


async def test_a_double_tap_on_the_chart_sends_one_picture(results: Harness) -> None:
    """«📈 Диаграмма» tapped twice (a slow phone): two identical pictures and two copies of the
    results below them. /stats's «📈 Диаграммы» sends its pictures once and says they are
    above; the results' chart should too."""
    mentees = await _people(results, 7400, 3)
    campaign = await _campaign(
        results, "interim", QUESTIONNAIRES["mentee"], {p: {"need_level": 7} for p in mentees}
    )
    screen = await results.send(CURATOR_ID, f"/results {campaign}")
    data = screen.button("Диаграмма")["callback_data"]
    results.fake.press(CURATOR_ID, screen, data)
    results.fake.press(CURATOR_ID, screen, data)  # a double tap: both carry the same screen
    await results.deliver()
    photos = [m for m in results.fake.bot_messages(CURATOR_ID) if m.photo]
    assert len(photos) == 1
