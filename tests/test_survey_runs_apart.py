"""A survey answered in a campaign is no intake questionnaire: a person whose only submitted
run is a survey's still counts as not having filled in the questionnaire."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_session_factory
from bot.db.models import Person, QuestionnaireRun, utcnow
from bot.services import home


async def test_a_submitted_survey_is_not_a_submitted_intake(engine: AsyncEngine) -> None:
    sessions = create_session_factory(engine)
    now = utcnow()
    async with sessions.begin() as session:
        person = Person(
            telegram_id=5001,
            first_seen_at=now,
            last_seen_at=now,
            role="mentee",
            category="student",
            full_name="Тестова Мария",
        )
        session.add(person)
        await session.flush()
        session.add(
            QuestionnaireRun(
                person_id=person.id,
                questionnaire_id="survey_mentee@1",
                current="summary",
                history=[],
                editing=False,
                started_at=now,
                submitted_at=now,
                nudges_sent=0,
            )
        )
    counts = await home.curator_counts(sessions)
    assert counts.no_questionnaire == 1
    assert counts.unpaired == 0  # the matching has no intake of hers to go by
