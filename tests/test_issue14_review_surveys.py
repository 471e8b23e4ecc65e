"""A hostile review of monitoring campaigns (issue 14, item 1): each test shows a defect found
by reading the code and pressing it like a person, a strict Telegram and a moved clock would.
They fail now and pass once the defect is fixed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from sqlalchemy import select, update

from bot.db.models import Campaign, Consent, Pair
from bot.domain.surveys import LONGEST_DAYS, Audience
from bot.scheduling import tasks
from bot.services import reminders, surveys
from bot.services.surveys import Done
from tests.conftest import CURATOR_ID
from tests.fake_scheduler import FakeScheduler
from tests.harness import Harness
from tests.test_surveys import (
    INVITED,
    MENTOR,
    MENTOR2,
    MOSCOW,
    NOW,
    NUDGED,
    OPENS,
    PUPIL,
    TEACHER,
    TEEN,
    THANKS,
    answer_all,
    campaign_ids,
    context,
    invite,
    newest,
    texts,
    world,
)

FINISHED = "Ваша работа в паре завершилась"  # the final survey's invitation


async def test_a_reminder_put_off_to_the_morning_goes_neither_after_an_answer_nor_the_close(
    harness: Harness,
) -> None:
    """The bot was down from 5 December and comes back at 23:00 on the due day (10 December):
    the reminders due meanwhile are queued and, being quiet, put off to 09:00. The teenager
    answers at 23:30 from the invitation; the survey closes at midnight. In the morning nobody
    should be reminded of a survey they answered, nor of one that has closed."""
    ctx = context(harness, FakeScheduler())
    with time_machine.travel(OPENS, tick=False) as clock:
        await world(harness)
        started = await surveys.start_adhoc(
            harness.sessions,
            by=CURATOR_ID,
            audience=Audience.ACTIVE_PAIRS,
            due_on=date(2026, 12, 10),
            token="night",
            zone=MOSCOW,
        )
        campaign = started.campaign_id
        assert campaign is not None
        await harness.sender.drain()

        clock.move_to(datetime(2026, 12, 10, 20, 0, tzinfo=UTC))  # 23:00 on the due day
        await surveys.nudge_campaign(ctx, campaign_id=campaign)
        await harness.sender.drain()
        assert not texts(harness, MENTOR2, NUDGED)  # night: put off to the morning

        clock.move_to(datetime(2026, 12, 10, 20, 30, tzinfo=UTC))  # 23:30: still on time
        await answer_all(harness, TEEN, newest(harness, TEEN, INVITED))
        assert texts(harness, TEEN, THANKS)

        clock.move_to(datetime(2026, 12, 10, 21, 0, tzinfo=UTC))  # midnight: it closes
        await surveys.close_campaign(ctx, campaign_id=campaign)
        clock.move_to(datetime(2026, 12, 11, 6, 0, tzinfo=UTC))  # 09:00 the next day
        await harness.sender.drain()

        assert not texts(harness, TEEN, NUDGED), "reminded after answering"
        assert not texts(harness, MENTOR2, NUDGED), "reminded of a survey that has closed"


async def test_an_interim_survey_opened_on_its_due_days_evening_invites_nobody_after_it_closes(
    harness: Harness,
) -> None:
    """The bot was down through December and starts at 22:00 on 20 December: the missed
    opening job runs, the campaign opens (its due day has not passed) and the invitations,
    quiet at night, wait for 09:00 on 21 December, when the survey has closed: everyone is
    asked to answer «до 20 декабря» a survey that refuses their answer."""
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(datetime(2026, 12, 20, 19, 0, tzinfo=UTC), tick=False) as clock:
        await world(harness)
        await tasks.replan(ctx)
        await scheduler.run_due(ctx, datetime.now(UTC))
        await harness.sender.drain()
        interim = (await campaign_ids(harness))["interim"]

        clock.move_to(datetime(2026, 12, 20, 21, 0, tzinfo=UTC))  # midnight
        await scheduler.run_due(ctx, datetime.now(UTC))
        clock.move_to(datetime(2026, 12, 21, 6, 0, tzinfo=UTC))  # 09:00 on 21 December
        await scheduler.run_due(ctx, datetime.now(UTC))
        await harness.sender.drain()
        async with harness.sessions() as session:
            closed = await session.get(Campaign, interim)
            assert closed is not None and closed.status != "open"
        late = [
            user
            for user in (MENTOR, TEEN, PUPIL, MENTOR2)
            if any(
                b.get("callback_data") == f"sv:{interim}"
                for m in harness.fake.bot_messages(user)
                for b in m.buttons()
            )
        ]
        assert late == [], "invited after the survey closed"


async def test_opening_the_may_survey_now_in_november_does_not_open_it_for_half_a_year(
    harness: Harness,
) -> None:
    """«Открыть сейчас» on the roadmap's final survey (1–20 May) on 30 November moves its first
    day to today and keeps 20 May: open for 171 days (a curator may set at most
    LONGEST_DAYS), and those who have not answered are reminded 57 times."""
    scheduler = FakeScheduler()
    with time_machine.travel(NOW, tick=False):
        await world(harness)
        await tasks.replan(context(harness, scheduler))
        final = (await campaign_ids(harness))["final"]
        result = await surveys.open_now(
            harness.sessions, final, by=CURATOR_ID, zone=MOSCOW, scheduler=scheduler
        )
        async with harness.sessions() as session:
            campaign = await session.get(Campaign, final)
            assert campaign is not None
        if result.outcome is Done.DONE:
            span = (campaign.due_on - campaign.opens_on).days
            assert span <= LONGEST_DAYS, f"open for {span} days"


async def test_a_group_mentor_is_asked_about_the_second_pair_that_completes(
    harness: Harness,
) -> None:
    """A mentor leads two pairs; the first completes on 2 May (the final survey of pairs, due
    16 May, which she does not answer), the second on 2 June. Her mentee of the second pair
    is invited; she gets nothing (her invite to that year's campaign exists) and a tap on the
    old invitation is refused as closed: the pair's final survey never reaches its mentor."""
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
        final = (await campaign_ids(harness))["pair_final"]
        assert len(texts(harness, PUPIL, FINISHED)) == 1
        assert len(texts(harness, MENTOR, FINISHED)) == 2, "no invitation for the second pair"
        allowed = await surveys.may_answer(harness.sessions, final, w.ids[MENTOR], zone=MOSCOW)
        assert allowed.refusal is None, allowed


async def test_a_survey_left_halfway_can_be_found_again_without_waiting_for_a_reminder(
    harness: Harness,
) -> None:
    """The first tap of «📝 Пройти опрос» takes the button off the invitation. A teenager who
    answers one question and opens /menu (or any other command) has no way back to the
    survey: the menu does not offer it and the invitation has no button; only the next
    reminder, up to three days later (none in the last three days), brings one."""
    with time_machine.travel(OPENS, tick=False):
        await world(harness)
        await surveys.start_adhoc(
            harness.sessions,
            by=CURATOR_ID,
            audience=Audience.ACTIVE_PAIRS,
            due_on=date(2026, 12, 10),
            token="away",
            zone=MOSCOW,
        )
        await harness.sender.drain()
        await harness.press(TEEN, "Пройти опрос", newest(harness, TEEN, INVITED))
        await harness.press(TEEN, "8")
        await harness.send(TEEN, "/menu")
        ways = [
            (message, button["text"])
            for message in reversed(harness.fake.bot_messages(TEEN))
            for button in message.buttons()
            if "опрос" in button["text"].lower()
        ]
        assert ways, "no button in the chat leads back to the survey"
        message, label = ways[0]
        shown = await harness.press(TEEN, label, message)
        assert "2 / 6" in shown.text_or_empty()


async def test_someone_whose_consent_is_to_an_older_text_is_not_invited(
    harness: Harness,
) -> None:
    """Consent in force is one given to the current text (or on paper): the bot asks anyone
    else to consent again, and broadcasts, /stats and the intake's reminders leave them out.
    The survey's audience checks only that the newest consent is «given», so the teacher whose
    consent is to an older text is invited, and her answers are taken."""
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(NOW, tick=False) as clock:
        w = await world(harness)
        async with harness.sessions.begin() as session:
            await session.execute(
                update(Consent)
                .where(Consent.person_id == w.ids[TEACHER])
                .values(text_version="an older text")
            )
        await tasks.replan(ctx)
        interim = (await campaign_ids(harness))["interim"]
        clock.move_to(OPENS)
        await scheduler.run_due(ctx, datetime.now(UTC))
        assert await invite(harness, interim, w.ids[TEEN]) is not None
        assert await invite(harness, interim, w.ids[TEACHER]) is None
