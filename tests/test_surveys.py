"""Monitoring campaigns through the real Dispatcher, the fake Bot API and the outbox, with the
clock moved: the roadmap's interim survey opens on its day and invites the members of active
pairs, reminds those who have not answered every three days and closes after its due day; an
answer through Telegram, once, resumed after a restart; late, double, forged and uninvited taps;
a completed pair's final survey; the curator's /survey; a withdrawal."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import delete, func, select

from bot.db.models import (
    Answer,
    AuditEntry,
    Campaign,
    CampaignInvite,
    Consent,
    Curator,
    OutboxMessage,
    Pair,
    Person,
    QuestionnaireRun,
    utcnow,
)
from bot.domain.surveys import Audience
from bot.i18n import consent_version
from bot.scheduling import tasks
from bot.services import privacy, reminders, surveys
from bot.services import questionnaire as runs
from bot.services.questionnaire import Move, Outcome
from bot.services.reminders import Context
from bot.services.surveys import Done, Refusal
from tests.conftest import CURATOR_ID
from tests.fake_scheduler import FakeScheduler
from tests.fake_telegram import Message
from tests.harness import Harness

MOSCOW = ZoneInfo("Europe/Moscow")
MENTOR, TEEN, PUPIL, MENTOR2, TEACHER, BLOCKED, UNPAIRED = (
    9601,
    9602,
    9603,
    9604,
    9605,
    9606,
    9607,
)
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # Monday 12:00 in Moscow
OPENS = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)  # Tuesday 10:00: the interim survey opens
CLOSES = datetime(2026, 12, 20, 21, 0, tzinfo=UTC)  # the end of Sunday 20 December
INVITED = "Как у вас идут дела в программе"
NUDGED = "Напоминаем про опрос"
THANKS = "Спасибо! Ваши ответы сохранены"


@dataclass(frozen=True)
class World:
    ids: dict[int, int]  # Telegram id → person id


async def world(harness: Harness) -> World:
    """A mentor with a group (a teenager and a pupil), another mentor with a teacher and a
    mentee who has blocked the bot, and a mentee without a pair; all with consent and their
    questionnaire submitted. The pairs have worked for a month."""
    people = {
        MENTOR: ("Соколова Ирина", "mentor", "teacher", "18plus"),
        TEEN: ("Петров Пётр", "mentee", "student", "14to17"),
        PUPIL: ("Иванова Маша", "mentee", "student", "14to17"),
        MENTOR2: ("Кириллов Кирилл", "mentor", "teacher", "18plus"),
        TEACHER: ("Орлова Анна", "mentee", "teacher", "18plus"),
        BLOCKED: ("Блинов Олег", "mentee", "student", "14to17"),
        UNPAIRED: ("Лебедева Вера", "mentee", "student", "14to17"),
    }
    for user, (name, *_) in people.items():
        harness.fake.add_user(user, name.split()[1], has_chat=True)
    harness.fake.add_user(CURATOR_ID, "Ольга", has_chat=True)
    now = utcnow()
    since = now - timedelta(days=30)
    version = consent_version(harness.translations)
    ids: dict[int, int] = {}
    async with harness.sessions.begin() as session:
        for telegram_id, (name, role, category, age) in people.items():
            person = Person(
                telegram_id=telegram_id,
                first_name=name.split()[1],
                full_name=name,
                role=role,
                category=category,
                age_group=age,
                first_seen_at=since,
                last_seen_at=since,
                is_blocked=telegram_id == BLOCKED,
            )
            session.add(person)
            await session.flush()
            ids[telegram_id] = person.id
            session.add(
                Consent(
                    person_id=person.id, status="given", kind="self", text_version=version, at=since
                )
            )
            session.add(
                QuestionnaireRun(
                    person_id=person.id,
                    questionnaire_id="intake_mentor" if role == "mentor" else "intake_student",
                    current="__summary__",
                    history=[],
                    editing=False,
                    started_at=since,
                    submitted_at=since,
                    nudges_sent=0,
                )
            )
        for mentor, mentee in (
            (MENTOR, TEEN),
            (MENTOR, PUPIL),
            (MENTOR2, TEACHER),
            (MENTOR2, BLOCKED),
        ):
            session.add(
                Pair(
                    mentor_id=ids[mentor],
                    mentee_id=ids[mentee],
                    form="teacher_student",
                    status="active",
                    months=9,
                    created_by=CURATOR_ID,
                    created_at=since,
                    started_at=since,
                )
            )
    return World(ids)


def context(harness: Harness, scheduler: FakeScheduler) -> Context:
    return Context(
        harness.sessions,
        harness.translations,
        scheduler,
        MOSCOW,
        consent_version(harness.translations),
    )


def texts(harness: Harness, user: int, part: str) -> list[str]:
    return [m.text_or_empty() for m in harness.fake.bot_messages(user) if part in m.text_or_empty()]


def newest(harness: Harness, user: int, part: str) -> Message:
    return [m for m in harness.fake.bot_messages(user) if part in m.text_or_empty()][-1]


async def campaign_ids(harness: Harness) -> dict[str, int]:
    async with harness.sessions() as session:
        rows = await session.execute(select(Campaign.kind, Campaign.id))
        return {str(kind): int(campaign_id) for kind, campaign_id in rows}


async def invite(harness: Harness, campaign_id: int, person_id: int) -> CampaignInvite | None:
    async with harness.sessions() as session:
        return await session.get(CampaignInvite, (campaign_id, person_id))


def survey_jobs(scheduler: FakeScheduler) -> dict[str, datetime]:
    return {j.id: j.at for j in scheduler.jobs.values() if j.id.startswith("survey-")}


async def press_exact(harness: Harness, user: int, label: str) -> Message:
    message = harness.fake.last_bot_message(user)
    [data] = [b["callback_data"] for b in message.buttons() if b["text"] == label]
    await harness.press_data(user, message, data)
    return harness.fake.last_bot_message(user)


async def answer_all(harness: Harness, user: int, first: Message) -> None:
    """Through the questionnaire from its first screen: four scales, one skip, one text."""
    await harness.press(user, "Пройти опрос", first)
    for value in ("8", "9", "7", "6"):
        await harness.press(user, value)
    await harness.press(user, "Пропустить")
    await harness.send(user, "Больше встреч после уроков")
    await harness.press(user, "Отправить анкету")


# ---- the roadmap's campaign over weeks -----------------------------------------------------


async def test_the_interim_survey_opens_invites_reminds_and_closes_on_its_dates(
    harness: Harness,
) -> None:
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(NOW, tick=False) as clock:
        w = await world(harness)
        await tasks.replan(ctx)
        await tasks.replan(ctx)  # the hourly rebuild: nothing more
        ids = await campaign_ids(harness)
        interim, final = ids["interim"], ids["final"]
        assert survey_jobs(scheduler) == {
            f"survey-open:{interim}": OPENS,
            f"survey-open:{final}": datetime(2027, 5, 1, 7, tzinfo=UTC),
        }
        clock.move_to(OPENS - timedelta(minutes=1))
        assert not [j for j in await scheduler.run_due(ctx, utcnow()) if j.startswith("survey")]

        # Tuesday 10:00: it opens; each member of an active pair is invited once, through the
        # outbox (a group's mentor once; not the one who blocked the bot, nor the unpaired).
        clock.move_to(OPENS)
        assert f"survey-open:{interim}" in await scheduler.run_due(ctx, utcnow())
        await tasks.run_task(ctx, surveys.OPEN_TASK, {"campaign_id": interim})  # again: nothing
        async with harness.sessions() as session:
            queued = list(
                await session.scalars(
                    select(OutboxMessage).where(OutboxMessage.batch == f"survey:{interim}")
                )
            )
        assert sorted(m.person_id or 0 for m in queued) == sorted(
            w.ids[u] for u in (MENTOR, TEEN, PUPIL, MENTOR2, TEACHER)
        )
        assert all(m.quiet and m.key == "sv-invite" for m in queued)
        assert {m.dedup_key for m in queued} == {
            f"sv-invite:{interim}:{m.person_id}" for m in queued
        }
        await harness.sender.drain()
        invitation = newest(harness, TEEN, INVITED)
        assert "Промежуточный опрос" in invitation.text_or_empty()
        assert "до вс, 20 декабря включительно" in invitation.text_or_empty()
        assert invitation.button("Пройти опрос")["callback_data"] == f"sv:{interim}"
        assert len(texts(harness, MENTOR, INVITED)) == 1
        assert not harness.fake.bot_messages(BLOCKED)
        assert not harness.fake.bot_messages(UNPAIRED)
        assert survey_jobs(scheduler) == {
            f"survey-open:{final}": datetime(2027, 5, 1, 7, tzinfo=UTC),
            f"survey-nudge:{interim}": OPENS + timedelta(days=3),
            f"survey-close:{interim}": CLOSES,
        }

        # The teenager answers through Telegram: one question at a time, a skip, a summary.
        # The button pressed twice (both sent before the first is handled): one screen.
        seen = len(harness.fake.bot_messages(TEEN))
        data = invitation.button("Пройти опрос")["callback_data"]
        harness.fake.press(TEEN, invitation, data)
        harness.fake.press(TEEN, invitation, data)
        await harness.deliver()
        assert len(harness.fake.bot_messages(TEEN)) == seen + 1
        first = harness.fake.last_bot_message(TEEN)
        shown = first.text_or_empty()
        assert "Опрос наставляемого" in shown and "1 / 6" in shown
        assert "Насколько вам комфортно общаться с наставником?" in shown
        assert "1 — совсем некомфортно, 10 — очень комфортно" in shown
        assert [b["text"] for b in first.buttons()][:10] == [str(n) for n in range(1, 11)]
        for value in ("8", "9", "7", "6"):
            await harness.press(TEEN, value)
        assert "5 / 6" in harness.fake.last_bot_message(TEEN).text_or_empty()
        await harness.press(TEEN, "Пропустить")
        await harness.send(TEEN, "Больше встреч после уроков")
        summary = harness.fake.last_bot_message(TEEN).text_or_empty()
        assert "Опрос наставляемого: проверьте ответы" in summary
        assert "Комфорт:</b> 8" in summary or "Комфорт: 8" in summary
        await harness.press(TEEN, "Отправить анкету")
        assert texts(harness, TEEN, THANKS)
        assert not texts(harness, TEEN, "куратор программы её увидит")  # not the intake's words
        answered = await invite(harness, interim, w.ids[TEEN])
        assert answered is not None and answered.answered_at is not None
        async with harness.sessions() as session:
            rows: dict[str, object] = dict(
                (
                    await session.execute(
                        select(Answer.question_id, Answer.value).where(
                            Answer.questionnaire_id == f"survey_mentee@{interim}"
                        )
                    )
                ).all()
            )
            actions = list(await session.scalars(select(AuditEntry.action)))
        assert rows == {
            "comfort": 8,
            "usefulness": 9,
            "support": 7,
            "progress": 6,
            "best": None,
            "improve": "Больше встреч после уроков",
        }
        # Answering is the person's own act: no audit row ties them to the campaign.
        assert "survey_answered" not in actions and "questionnaire_submitted" not in actions

        # The pupil stops after one answer.
        await harness.press(PUPIL, "Пройти опрос", newest(harness, PUPIL, INVITED))
        halfway = await harness.press(PUPIL, "5")
        assert "2 / 6" in halfway.text_or_empty()

        # Friday 10:00, three days on: a reminder to each who has not answered, once.
        clock.move_to(OPENS + timedelta(days=3))
        assert f"survey-nudge:{interim}" in await scheduler.run_due(ctx, utcnow())
        await tasks.run_task(ctx, surveys.NUDGE_TASK, {"campaign_id": interim})
        await tasks.replan(ctx)
        await scheduler.run_due(ctx, utcnow())
        await harness.sender.drain()
        for user in (MENTOR, PUPIL, MENTOR2, TEACHER):
            assert len(texts(harness, user, NUDGED)) == 1, user
            assert newest(harness, user, NUDGED).button("Пройти опрос")["callback_data"] == (
                f"sv:{interim}"
            )
        assert not texts(harness, TEEN, NUDGED)
        # The intake's reminders leave a survey's run alone.
        assert not [j for j in scheduler.jobs if j.startswith("nudge:")]
        assert not texts(harness, PUPIL, "Вы начали заполнять")
        assert survey_jobs(scheduler)[f"survey-nudge:{interim}"] == OPENS + timedelta(days=6)

        # The mentor answers from the reminder (the mentor's questionnaire); a tap on the
        # invitation afterwards is thanked, and nothing opens.
        await harness.press(MENTOR, "Пройти опрос", newest(harness, MENTOR, NUDGED))
        assert "Опрос наставника" in harness.fake.last_bot_message(MENTOR).text_or_empty()
        for value in ("9", "8", "7", "6"):
            await harness.press(MENTOR, value)
        await harness.press(MENTOR, "Пропустить")
        await harness.press(MENTOR, "Пропустить")
        await harness.press(MENTOR, "Отправить анкету")
        assert texts(harness, MENTOR, THANKS)
        seen = len(harness.fake.bot_messages(MENTOR))
        await harness.press(MENTOR, "Пройти опрос", newest(harness, MENTOR, INVITED))
        assert harness.last_answer()["text"] == "Вы уже ответили — спасибо!"
        assert len(harness.fake.bot_messages(MENTOR)) == seen

        # Three days later, the next one.
        clock.move_to(OPENS + timedelta(days=6))
        await scheduler.run_due(ctx, utcnow())
        await harness.sender.drain()
        assert len(texts(harness, MENTOR2, NUDGED)) == 2
        assert len(texts(harness, MENTOR, NUDGED)) == 1  # answered since

        # After its due day it closes; the reminders still due meanwhile go no more.
        clock.move_to(CLOSES)
        await scheduler.run_due(ctx, utcnow())
        await harness.sender.drain()
        async with harness.sessions() as session:
            closed = await session.get(Campaign, interim)
            assert closed is not None and closed.status == "closed"
        assert len(texts(harness, MENTOR2, NUDGED)) == 2
        assert f"survey-close:{interim}" not in survey_jobs(scheduler)

        # A late tap on the invitation, and a late answer halfway through: refused kindly,
        # with the due day.
        await harness.press(MENTOR2, "Пройти опрос", newest(harness, MENTOR2, INVITED))
        late = harness.last_answer()
        assert late["show_alert"] and "закрыт" in late["text"]
        assert "вс, 20 декабря" in late["text"]
        await harness.press(PUPIL, "7", halfway)
        refused = texts(harness, PUPIL, "Этот опрос уже закрыт")
        assert refused and "вс, 20 декабря" in refused[-1]
        async with harness.sessions() as session:
            kept = await session.scalar(
                select(func.count())
                .select_from(Answer)
                .where(Answer.questionnaire_id == f"survey_mentee@{interim}")
            )
        assert kept == 6 + 1  # the teenager's six and the pupil's one: nothing after the close


# ---- misuse through the use cases ----------------------------------------------------------


async def test_forged_uninvited_and_other_roles_answers_are_refused_and_runs_resume(
    harness: Harness,
) -> None:
    with time_machine.travel(OPENS, tick=False) as clock:
        w = await world(harness)
        started = await surveys.start_adhoc(
            harness.sessions,
            by=CURATOR_ID,
            audience=Audience.MENTEES,
            due_on=date(2026, 12, 10),
            token="t1",
            zone=MOSCOW,
        )
        assert started.outcome is Done.DONE and started.invited == 4  # not the blocked one
        campaign = started.campaign_id
        assert campaign is not None
        await harness.sender.drain()
        mentee_form = harness.dispatcher["catalog"].get(f"survey_mentee@{campaign}")
        mentor_form = harness.dispatcher["catalog"].get(f"survey_mentor@{campaign}")

        # Not invited (a mentor, to a survey of mentees), another campaign, another role's form.
        refused = await surveys.may_answer(harness.sessions, campaign, w.ids[MENTOR], zone=MOSCOW)
        assert refused.refusal is Refusal.NOT_INVITED
        refused = await surveys.may_answer(harness.sessions, 999, w.ids[TEEN], zone=MOSCOW)
        assert refused.refusal is Refusal.NOT_INVITED
        for person, form in ((MENTOR, mentor_form), (TEEN, mentor_form)):
            step = await runs.act(
                harness.sessions,
                w.ids[person],
                form,
                seen=None,
                move=Move.ANSWER,
                value=5,
                zone=MOSCOW,
            )
            assert step is not None and step.outcome is Outcome.CLOSED
            assert step.refusal == Refusal.NOT_INVITED.key
        async with harness.sessions() as session:
            stray = await session.scalar(
                select(func.count())
                .select_from(QuestionnaireRun)
                .where(QuestionnaireRun.questionnaire_id.contains("@"))
            )
        assert stray == 0  # a refused step leaves no run behind

        # A forged button under a real invitation (another campaign's id) is not taken.
        invitation = newest(harness, TEEN, INVITED)
        await harness.press_data(TEEN, invitation, "sv:999")
        assert harness.last_answer()["show_alert"]
        assert harness.fake.last_bot_message(TEEN) is invitation

        # The unpaired mentee (invited: all mentees) answers two questions; the bot restarts
        # (a new Dispatcher on the same database) and the run goes on where it was.
        await harness.press(UNPAIRED, "Пройти опрос", newest(harness, UNPAIRED, INVITED))
        await harness.press(UNPAIRED, "9")
        question = await harness.press(UNPAIRED, "8")
        assert "3 / 6" in question.text_or_empty()
        await harness.bot.session.close()
        restarted = Harness.build(
            fake=harness.fake,
            settings=harness.settings,
            engine=harness.engine,
            translations=harness.dispatcher["translations"],
            catalog=harness.dispatcher["catalog"],
        )
        try:
            after = await restarted.press(UNPAIRED, "7", question)
            assert "4 / 6" in after.text_or_empty()
            # Three days on, the reminder's button opens the same place.
            clock.shift(timedelta(days=3))
            ctx = context(restarted, FakeScheduler())
            await surveys.nudge_campaign(ctx, campaign_id=campaign)
            await restarted.sender.drain()
            again = await restarted.press(
                UNPAIRED, "Пройти опрос", newest(restarted, UNPAIRED, NUDGED)
            )
            assert "4 / 6" in again.text_or_empty()
            await restarted.press(UNPAIRED, "6")
            await restarted.press(UNPAIRED, "Пропустить")
            await restarted.press(UNPAIRED, "Пропустить")
            await restarted.press(UNPAIRED, "Отправить анкету")
            assert texts(restarted, UNPAIRED, THANKS)
            done = await invite(restarted, campaign, w.ids[UNPAIRED])
            assert done is not None and done.answered_at is not None
            # Answered: a step under an old screen changes nothing.
            step = await runs.act(
                harness.sessions,
                w.ids[UNPAIRED],
                mentee_form,
                seen="comfort",
                move=Move.EDIT,
                value="comfort",
                zone=MOSCOW,
            )
            assert step is not None and step.refusal == Refusal.ANSWERED.key
        finally:
            await restarted.bot.session.close()


# ---- a pair that completes -----------------------------------------------------------------


async def test_a_completed_pair_is_invited_to_its_final_survey_at_once(harness: Harness) -> None:
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    with time_machine.travel(datetime(2026, 9, 1, 7, tzinfo=UTC), tick=False) as clock:
        w = await world(harness)
        async with harness.sessions() as session:
            pair = await session.scalar(select(Pair).where(Pair.mentee_id == w.ids[TEEN]))
            assert pair is not None
        ends = reminders.pair_ends_at(pair, MOSCOW)
        assert ends is not None
        clock.move_to(ends)
        await reminders.pair_completion(ctx, pair_id=pair.id)
        await reminders.pair_completion(ctx, pair_id=pair.id)  # again: nothing more
        await harness.sender.drain()
        ids = await campaign_ids(harness)
        final = ids["pair_final"]
        due = ends.astimezone(MOSCOW).date() + timedelta(days=14)
        for user, role in ((MENTOR, "mentor"), (TEEN, "mentee")):
            invited = await invite(harness, final, w.ids[user])
            assert invited is not None and (invited.role, invited.due_on) == (role, due)
            assert len(texts(harness, user, "Ваша работа в паре завершилась")) == 1
        assert await invite(harness, final, w.ids[PUPIL]) is None  # still working
        assert survey_jobs(scheduler)[f"survey-nudge:{final}"] > ends
        # The mentor's questionnaire is the mentor's.
        await harness.press(MENTOR, "Пройти опрос", newest(harness, MENTOR, "завершилась"))
        shown = harness.fake.last_bot_message(MENTOR).text_or_empty()
        assert "Опрос наставника" in shown and "работать с наставляемым" in shown


# ---- the curator's /survey -----------------------------------------------------------------


async def test_the_curator_moves_opens_closes_and_starts_surveys(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    scheduler = FakeScheduler()
    ctx = context(harness, scheduler)
    harness.dispatcher["scheduler"] = scheduler  # the screens plan a campaign's jobs at once
    with time_machine.travel(NOW, tick=False) as clock:
        w = await world(harness)
        await tasks.replan(ctx)
        interim = (await campaign_ids(harness))["interim"]

        # A non-curator is refused, and it is logged.
        with caplog.at_level(logging.WARNING):
            refused = await harness.send(TEEN, "/survey")
        assert "только кураторам" in refused.text_or_empty()
        assert "/survey refused" in caplog.text

        listing = await harness.send(CURATOR_ID, "/survey")
        text = listing.text_or_empty()
        assert "Мониторинг" in text and "Промежуточный опрос" in text and "Итоговый опрос" in text
        assert "вт, 1 декабря — вс, 20 декабря" in text
        card = await harness.press(CURATOR_ID, "Промежуточный")
        assert "Приглашения уйдут вт, 1 декабря в 10:00" in card.text_or_empty()
        assert "Результаты" not in str(card.buttons())  # nothing to show before it opens

        # New dates: the first day from the calendar, the due day typed.
        await harness.press(CURATOR_ID, "Изменить сроки")
        await press_exact(harness, CURATOR_ID, "3")  # 3 December in the calendar
        asked = harness.fake.last_bot_message(CURATOR_ID).text_or_empty()
        assert "до какого дня" in asked
        await harness.send(CURATOR_ID, "01.12")  # before the first day: refused
        assert "не может быть раньше" in harness.fake.bot_messages(CURATOR_ID)[-2].text_or_empty()
        moved = await harness.send(CURATOR_ID, "22.12")
        assert "Сроки изменены" in moved.text_or_empty()
        assert "с чт, 3 декабря по вт, 22 декабря" in moved.text_or_empty()
        assert scheduler.jobs[f"survey-open:{interim}"].at == datetime(2026, 12, 3, 7, tzinfo=UTC)

        # «Открыть сейчас»: invited at once; a second press changes nothing.
        opened = await harness.press(CURATOR_ID, "Открыть сейчас")
        assert "приглашение получат 5 человек" in opened.text_or_empty()
        assert "Открыть сейчас" not in str(opened.buttons())
        again = await surveys.open_now(harness.sessions, interim, by=CURATOR_ID, zone=MOSCOW)
        assert again.outcome is Done.NOT_NOW
        await harness.sender.drain()
        assert len(texts(harness, TEEN, INVITED)) == 1
        shown = await harness.press(CURATOR_ID, "К списку")
        assert "наставляемые: ответили 0 из 3 (0 %)" in shown.text_or_empty()
        assert "наставники: ответили 0 из 2 (0 %)" in shown.text_or_empty()

        # «📊 Результаты» opens the campaign's results.
        await harness.press(CURATOR_ID, "Промежуточный")
        results = await harness.press(CURATOR_ID, "Результаты")
        assert "Заполнили анкету" in results.text_or_empty()
        await harness.press(CURATOR_ID, "Назад")

        # «Закрыть», with a question first.
        question = await harness.press(CURATOR_ID, "Закрыть")
        assert "Закрыть опрос досрочно?" in question.text_or_empty()
        closed = await harness.press(CURATOR_ID, "Да, закрыть")
        assert "Опрос закрыт" in closed.text_or_empty()
        await harness.press(TEEN, "Пройти опрос", newest(harness, TEEN, INVITED))
        assert "закрыт" in harness.last_answer()["text"]

        # «➕ Опрос сейчас» at 22:30: mentors, the default two weeks, a summary, «Запустить»
        # twice: one survey; the invitations wait for the morning.
        clock.move_to(datetime(2026, 11, 30, 19, 30, tzinfo=UTC))
        await harness.press(CURATOR_ID, "К списку")
        await harness.press(CURATOR_ID, "Опрос сейчас")
        await harness.press(CURATOR_ID, "Только наставников")
        summary = await harness.press(CURATOR_ID, "До 14.12")
        assert "Приглашение получат 2 человека" in summary.text_or_empty()
        assert "до пн, 14 декабря включительно" in summary.text_or_empty()
        data = summary.button("Запустить")["callback_data"]
        harness.fake.press(CURATOR_ID, summary, data)
        harness.fake.press(CURATOR_ID, summary, data)
        await harness.deliver()
        assert "Опрос запущен" in harness.fake.last_bot_message(CURATOR_ID).text_or_empty()
        ids = await campaign_ids(harness)
        assert "adhoc" in ids
        async with harness.sessions() as session:
            adhoc = await session.scalar(
                select(func.count()).select_from(Campaign).where(Campaign.kind == "adhoc")
            )
        assert adhoc == 1
        await harness.sender.drain()
        assert len(texts(harness, MENTOR, INVITED)) == 1  # the interim one only: it is night
        clock.move_to(datetime(2026, 12, 1, 6, 0, tzinfo=UTC))  # 09:00
        await harness.sender.drain()
        assert len(texts(harness, MENTOR, INVITED)) == 2
        assert not texts(harness, TEEN, "Внеплановый")
        # Its reminder is due three days on, in the daytime (22:30 + 3 days → 09:00).
        await tasks.replan(ctx)
        assert survey_jobs(scheduler)[f"survey-nudge:{ids['adhoc']}"] == datetime(
            2026, 12, 4, 6, 0, tzinfo=UTC
        )

        # A curator removed meanwhile: her screen is refused, and so is the use case.
        async with harness.sessions.begin() as session:
            await session.execute(delete(Curator).where(Curator.telegram_id == CURATOR_ID))
        await harness.press(CURATOR_ID, "Закрыть")
        assert harness.last_answer()["text"] == "Это действие доступно только кураторам программы."
        final = (await campaign_ids(harness))["final"]
        gone = await surveys.open_now(harness.sessions, final, by=CURATOR_ID, zone=MOSCOW)
        assert gone.outcome is Done.NOT_ALLOWED
        async with harness.sessions() as session:
            actions = [a for a in await session.scalars(select(AuditEntry.action)) if "survey" in a]
        assert actions.count("survey_dates_changed") == 1
        assert actions.count("survey_opened") == 1 and actions.count("survey_closed") == 1
        assert actions.count("survey_started") == 1
        assert w.ids  # the world is the one seeded


# ---- privacy -------------------------------------------------------------------------------


async def test_a_withdrawal_leaves_no_invite_nor_survey_answer(harness: Harness) -> None:
    with time_machine.travel(OPENS, tick=False):
        w = await world(harness)
        started = await surveys.start_adhoc(
            harness.sessions,
            by=CURATOR_ID,
            audience=Audience.ACTIVE_PAIRS,
            due_on=date(2026, 12, 10),
            token="t2",
            zone=MOSCOW,
        )
        campaign = started.campaign_id
        await harness.sender.drain()
        await answer_all(harness, TEEN, newest(harness, TEEN, INVITED))
        copy = await privacy.export(harness.sessions, w.ids[TEEN])
        assert copy is not None
        [survey] = copy["surveys"]
        assert survey["questionnaire"] == f"survey_mentee@{campaign}"
        assert survey["answered_at"] is not None
        [answers] = [
            q["answers"]
            for q in copy["questionnaires"]
            if q["questionnaire"] == f"survey_mentee@{campaign}"
        ]
        assert answers["comfort"] == 8 and answers["improve"] == "Больше встреч после уроков"

        done = await privacy.withdraw(
            harness.sessions, w.ids[TEEN], consent_version(harness.translations)
        )
        assert done is not None
        async with harness.sessions() as session:
            left = [
                await session.scalar(
                    select(func.count()).select_from(model).where(model.person_id == w.ids[TEEN])
                )
                for model in (CampaignInvite, Answer, QuestionnaireRun)
            ]
        assert left == [0, 0, 0]
