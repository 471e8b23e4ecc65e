"""Monitoring campaigns after the review of issue 14, item 1: a pair formed after the opening
is asked in the open survey (once); someone whose consent is to an older text may not answer;
«🚀 Открыть сейчас» on the due day's evening is refused with why; a group's mentor who has
answered the pairs' final survey is not asked again when her second pair completes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select, update

from bot.db.models import Campaign, CampaignInvite, Consent, Pair
from bot.i18n import consent_version
from bot.scheduling import tasks
from bot.services import reminders, surveys
from bot.services.surveys import Refusal
from tests.conftest import CURATOR_ID
from tests.fake_scheduler import FakeScheduler
from tests.harness import Harness
from tests.test_surveys import (
    INVITED,
    MENTOR,
    MENTOR2,
    MOSCOW,
    NOW,
    OPENS,
    PUPIL,
    TEEN,
    UNPAIRED,
    answer_all,
    campaign_ids,
    context,
    invite,
    newest,
    texts,
    world,
)

FINISHED = "Ваша работа в паре завершилась"


async def test_a_pair_formed_after_the_opening_is_asked_once_and_a_stale_consent_may_not_answer(
    harness: Harness,
) -> None:
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(NOW, tick=False) as clock:
        w = await world(harness)
        await tasks.replan(ctx)
        interim = (await campaign_ids(harness))["interim"]
        clock.move_to(OPENS)
        await scheduler.run_due(ctx, datetime.now(UTC))
        assert await invite(harness, interim, w.ids[UNPAIRED]) is None

        formed = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)  # Saturday 12:00 in Moscow
        clock.move_to(formed)
        async with harness.sessions.begin() as session:
            session.add(
                Pair(
                    mentor_id=w.ids[MENTOR2],
                    mentee_id=w.ids[UNPAIRED],
                    form="teacher_student",
                    status="active",
                    months=9,
                    created_by=CURATOR_ID,
                    created_at=formed,
                    started_at=formed,
                )
            )
        for hour in range(2):  # the hourly rebuild, twice: invited once
            clock.move_to(formed + timedelta(hours=hour))
            await tasks.replan(ctx)
            await scheduler.run_due(ctx, datetime.now(UTC))
            await harness.sender.drain()
        joined = await invite(harness, interim, w.ids[UNPAIRED])
        first = await invite(harness, interim, w.ids[TEEN])
        assert joined is not None and first is not None
        assert (joined.role, joined.due_on) == ("mentee", first.due_on)
        assert len(texts(harness, UNPAIRED, INVITED)) == 1
        assert len(texts(harness, MENTOR2, INVITED)) == 1

        # The consent text changes: she is asked to consent again, not to answer.
        async with harness.sessions.begin() as session:
            await session.execute(
                update(Consent)
                .where(Consent.person_id == w.ids[UNPAIRED])
                .values(text_version="an older text")
            )
        version = consent_version(harness.translations)
        refused = await surveys.may_answer(
            harness.sessions, interim, w.ids[UNPAIRED], zone=MOSCOW, version=version
        )
        assert refused.refusal is Refusal.CONSENT
        await harness.press(UNPAIRED, "Пройти опрос", newest(harness, UNPAIRED, INVITED))
        alert = harness.last_answer()
        assert alert["show_alert"] and "подтвердите согласие" in alert["text"]


async def test_open_now_on_the_due_days_evening_is_refused_with_why(harness: Harness) -> None:
    scheduler = FakeScheduler()
    with time_machine.travel(datetime(2026, 12, 20, 19, 0, tzinfo=UTC), tick=False):  # 22:00
        await world(harness)
        await tasks.replan(context(harness, scheduler))  # the interim survey, still planned
        interim = (await campaign_ids(harness))["interim"]
        await harness.send(CURATOR_ID, "/survey")
        await harness.press(CURATOR_ID, "Промежуточный")
        await harness.press(CURATOR_ID, "Открыть сейчас")
        alert = harness.last_answer()
        assert alert["show_alert"] and "Сначала перенесите срок" in alert["text"]
        async with harness.sessions() as session:
            campaign = await session.get(Campaign, interim)
            assert campaign is not None and campaign.status == "planned"
            assert not list(await session.scalars(select(CampaignInvite)))


async def test_a_group_mentor_who_answered_the_pairs_final_survey_is_not_asked_again(
    harness: Harness,
) -> None:
    ctx = context(harness, FakeScheduler())
    with time_machine.travel(datetime(2026, 9, 1, 7, tzinfo=UTC), tick=False) as clock:
        w = await world(harness)
        async with harness.sessions.begin() as session:
            await session.execute(
                update(Pair).where(Pair.mentee_id == w.ids[PUPIL]).values(months=10)
            )
        async with harness.sessions() as session:
            first = await session.scalar(select(Pair).where(Pair.mentee_id == w.ids[TEEN]))
            second = await session.scalar(select(Pair).where(Pair.mentee_id == w.ids[PUPIL]))
        assert first is not None and second is not None
        for pair in (first, second):
            ends = reminders.pair_ends_at(pair, MOSCOW)
            assert ends is not None
            clock.move_to(ends)
            await reminders.pair_completion(ctx, pair_id=pair.id)
            await harness.sender.drain()
            if pair is first:
                await answer_all(harness, MENTOR, newest(harness, MENTOR, FINISHED))
        final = (await campaign_ids(harness))["pair_final"]
        assert len(texts(harness, MENTOR, FINISHED)) == 1
        assert len(texts(harness, PUPIL, FINISHED)) == 1
        answered = await invite(harness, final, w.ids[MENTOR])
        assert answered is not None and answered.answered_at is not None
        again = await surveys.may_answer(harness.sessions, final, w.ids[MENTOR], zone=MOSCOW)
        assert again.refusal is Refusal.ANSWERED
