"""What is known of a person's way in: the facts the landing rule decides on."""

from __future__ import annotations

from bot.db.models import Person, QuestionnaireRun, utcnow
from bot.domain.onboarding import Landing, Profile, landing
from bot.domain.roles import questionnaire_for
from bot.services import consent
from bot.services.people import Sessions


async def where_to(sessions: Sessions, person_id: int, version: str) -> Landing:
    """The screen the person should see now (see `bot.domain.onboarding.landing`)."""
    async with sessions() as session:
        person = await session.get(Person, person_id)
        if person is None:
            return landing(consent.ConsentStatus.NONE, None, None, submitted=False)
        status = await consent.status(session, person_id, version)
        profile = Profile.parse(person.role, person.category, person.age_group)
        link = await consent.unused_link(session, person_id)
        submitted = False
        if profile is not None:
            run = await session.get(
                QuestionnaireRun, (person_id, questionnaire_for(profile.role, profile.category))
            )
            submitted = run is not None and run.submitted_at is not None
    return landing(
        status, profile, consent.link_profile(link) if link else None, submitted=submitted
    )


async def link_expired(sessions: Sessions, person_id: int) -> bool:
    """Whether the child's link for a parent has expired unused (they may ask for a new one)."""
    async with sessions() as session:
        link = await consent.unused_link(session, person_id)
    return link is not None and link.expires_at <= utcnow()
