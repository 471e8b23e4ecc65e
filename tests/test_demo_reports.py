"""The demo programme has reached its reports: /survey, its results, /stats and every sheet of
the year's workbook have something to show on the first try."""

from __future__ import annotations

from io import BytesIO
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_session_factory
from bot.domain.kpis import Kpi, KpiKey
from bot.i18n import Translations, consent_version
from bot.questionnaires.loader import load_catalog
from bot.services import demo, export, stats, survey_results, surveys
from bot.services.survey_results import Results
from tests.conftest import CURATOR_ID
from tests.harness import Harness

MOSCOW = ZoneInfo("Europe/Moscow")


async def test_the_demo_has_a_survey_with_answers_figures_and_every_sheet_filled(
    harness: Harness, engine: AsyncEngine, translations: Translations
) -> None:
    sessions = create_session_factory(engine)
    version = consent_version(translations)
    seeded = await demo.seed(sessions, version=version, zone=MOSCOW, curator_id=CURATOR_ID)
    assert seeded is not None
    assert (seeded.surveyed, seeded.answered) == (6, 5)
    catalog = load_catalog(translations)

    [campaign] = await surveys.overview(sessions, zone=MOSCOW)
    assert campaign.status == "open"
    assert {role: (f.invited, f.answered) for role, f in campaign.by_role.items()} == {
        "mentor": (3, 2),
        "mentee": (3, 3),
    }

    results = await survey_results.results(sessions, catalog, campaign.id, by=CURATOR_ID)
    assert isinstance(results, Results)
    shown = {role for role, _ in results.scales()}
    assert shown == {"mentee"}  # three mentees answered; two mentors are too few to show
    assert results.hidden_scales() == 4
    assert results.open_count == 3

    kpis: list[Kpi] = await stats.kpis(sessions, zone=MOSCOW, version=version)
    coverage = [k for k in kpis if k.key in (KpiKey.STUDENTS, KpiKey.TEACHERS)]
    assert coverage and all(k.denominator is not None for k in coverage)  # the school's numbers

    made = await export.build(
        sessions,
        zone=MOSCOW,
        locale_texts=translations.get("ru"),
        version=version,
        catalog=catalog,
        actor=CURATOR_ID,
    )
    assert made is not None
    book = load_workbook(BytesIO(made.content))
    empty = [ws.title for ws in book.worksheets if ws.max_row < 2]
    # Two mentors answered: too few to show, in the workbook as on the screen.
    assert empty == ["Опрос — Опрос наставника"], f"sheets with nothing but a header: {empty}"

    harness.fake.add_user(CURATOR_ID, "Ольга", has_chat=True)
    screen = await harness.send(CURATOR_ID, "/survey")
    assert "ответили" in (screen.text or "")
