"""Reminders: a questionnaire left unfinished, a parent's link about to expire.

Each job takes ids only, reads what it needs when it runs, and is safe to run twice (the
database records what was sent; the outbox's dedup keys make a repeat queue nothing).
`planned` lists the jobs the database says should exist: the scheduler is rebuilt from it at
start-up, and a job that fell due while the bot was down then runs at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.db.models import (
    Attendance,
    Choice,
    Event,
    Pair,
    ParentLink,
    Person,
    QuestionnaireRun,
    utcnow,
)
from bot.domain import reminders as rules
from bot.domain.meetings import DEFAULT_REMINDERS as DEFAULT_MEETING_REMINDERS
from bot.domain.onboarding import ConsentStatus
from bot.domain.plan import DEFAULT_DIGEST, Digest
from bot.domain.roles import needs_parent_consent
from bot.i18n import Translations
from bot.scheduling.base import Job, Scheduler
from bot.services import agreements, consent, notify, surveys
from bot.services.events import CHOICES_CALLBACK
from bot.services.pairs import Status, tell_about, transition
from bot.services.people import Sessions

logger = logging.getLogger(__name__)

NUDGE_TASK = "questionnaire_nudge"
LINK_TASK = "parent_link_reminder"
CHOICES_TASK = "choices_reminder"
COMPLETION_TASK = "pair_completion"
AGREEMENT_TASK = "agreement_reminder"


@dataclass(frozen=True)
class Context:
    """What the reminder jobs need, handed in once."""

    sessions: Sessions
    translations: Translations
    scheduler: Scheduler
    zone: ZoneInfo
    version: str  # of the consent text
    link_base: str = ""  # links into the bot (`t.me/<bot>?start=`), for a parent's new link
    outbox_keep: timedelta = timedelta(days=30)  # sent messages are purged after this
    meeting_offsets: tuple[timedelta, ...] = DEFAULT_MEETING_REMINDERS  # MEETING_REMINDERS
    plan_digest: Digest = DEFAULT_DIGEST  # PLAN_DIGEST: the weekly digest of overdue tasks


def nudge_job(person_id: int, questionnaire_id: str, at: datetime) -> Job:
    return Job(
        f"nudge:{person_id}:{questionnaire_id}",
        NUDGE_TASK,
        at,
        {"person_id": person_id, "questionnaire_id": questionnaire_id},
    )


def link_job(token_hash: str, at: datetime) -> Job:
    return Job(f"link:{token_hash[:32]}", LINK_TASK, at, {"token_hash": token_hash})


def completion_job(pair_id: int, at: datetime) -> Job:
    return Job(f"complete:{pair_id}", COMPLETION_TASK, at, {"pair_id": pair_id})


def pair_ends_at(pair: Pair, zone: ZoneInfo) -> datetime | None:
    """When an active pair's agreement runs out (counted in the school's calendar)."""
    if pair.started_at is None:
        return None
    return rules.months_later(pair.started_at.astimezone(zone), pair.months)


def agreement_job(pair_id: int, at: datetime) -> Job:
    return Job(f"agreement:{pair_id}", AGREEMENT_TASK, at, {"pair_id": pair_id})


def choices_job(event_id: int, at: datetime) -> Job:
    return Job(f"choices:{event_id}", CHOICES_TASK, at, {"event_id": event_id})


async def questionnaire_nudge(
    ctx: Context, *, person_id: int, questionnaire_id: str, now: datetime | None = None
) -> None:
    """Remind a person who left the intake questionnaire unfinished (24 h, then 72 h). A
    campaign's questionnaire (`<id>@<campaign>`) has reminders of its own (`surveys`)."""
    now = now or utcnow()
    if surveys.is_survey(questionnaire_id):
        return
    async with ctx.sessions.begin() as session:
        run = await session.get(QuestionnaireRun, (person_id, questionnaire_id))
        person = await session.get(Person, person_id)
        if run is None or person is None or run.submitted_at is not None or person.role is None:
            return  # finished, or consent withdrawn: nothing more to remind of
        if await consent.status(session, person_id, ctx.version) is not ConsentStatus.GIVEN:
            return
        touched = run.touched_at or run.started_at
        nudge = rules.questionnaire_nudge(touched, run.nudges_sent, now, ctx.zone)
        for skipped in nudge.skipped:
            logger.info(
                "Questionnaire reminder %d for person %s fell due while the bot was down; skipped",
                skipped + 1,
                person_id,
            )
        if nudge.send is not None:
            i18n_key = "qn-reminder-first" if nudge.send == 0 else "qn-reminder-last"
            await notify.tell(
                session,
                person,
                i18n_key,
                kind="reminder",
                dedup_key=f"nudge:{person_id}:{questionnaire_id}:{nudge.send}",
                buttons=notify.CONTINUE_BUTTON,
                quiet=True,
                title=notify.Label(f"qn-title-{questionnaire_id}"),
            )
        handled = [*nudge.skipped, *([] if nudge.send is None else [nudge.send])]
        if handled:
            run.nudges_sent = max(handled) + 1
    if nudge.next_at is not None:
        ctx.scheduler.plan(nudge_job(person_id, questionnaire_id, nudge.next_at))


async def parent_link_reminder(
    ctx: Context, *, token_hash: str, now: datetime | None = None
) -> None:
    """The day before a parent's link expires, the child is reminded once."""
    now = now or utcnow()
    async with ctx.sessions.begin() as session:
        link = await session.get(ParentLink, token_hash)
        if link is None or link.used_at is not None or link.reminded_at is not None:
            return
        if link.expires_at <= now:
            logger.info("A link reminder for person %s came too late; skipped", link.person_id)
            return
        child = await session.get(Person, link.person_id)
        newest = await consent.unused_link(session, link.person_id)
        if child is None or (newest is not None and newest.token_hash != token_hash):
            return  # a newer link has a reminder of its own
        if await consent.status(session, child.id, ctx.version) is ConsentStatus.GIVEN:
            return
        remind_at = rules.link_reminder_at(link.expires_at, ctx.zone)
        if now < remind_at:  # planned early (the link was renewed): look again then
            ctx.scheduler.plan(link_job(token_hash, remind_at))
            return
        link.reminded_at = now
        await notify.tell(
            session,
            child,
            "parent-link-reminder",
            kind="reminder",
            dedup_key=f"link-reminder:{token_hash}",
            buttons=notify.CONTINUE_BUTTON,
            quiet=True,
        )


async def choices_reminder(ctx: Context, *, event_id: int, now: datetime | None = None) -> None:
    """A day before the choices close, those who came and have not chosen are reminded once."""
    now = now or utcnow()
    async with ctx.sessions.begin() as session:
        event = await session.get(Event, event_id)
        if event is None or event.choices_until is None or event.reminded_at is not None:
            return
        if now >= event.choices_until:
            logger.info("The choices reminder of event %s came too late; skipped", event_id)
            return
        remind_at = rules.choices_reminder_at(event.choices_until, ctx.zone)
        if now < remind_at:
            ctx.scheduler.plan(choices_job(event_id, remind_at))
            return
        event.reminded_at = now
        chose = select(Choice.chooser_id).where(Choice.event_id == event_id)
        silent = await session.scalars(
            select(Person)
            .join(Attendance, Attendance.person_id == Person.id)
            .where(
                Attendance.event_id == event_id,
                Person.role.is_not(None),
                Person.id.not_in(chose),
            )
        )
        until = notify.Moment(event.choices_until, ctx.zone)
        for person in silent:
            await notify.tell(
                session,
                person,
                "choices-reminder",
                kind="reminder",
                dedup_key=f"choices-reminder:{event_id}:{person.id}",
                buttons=notify.one_button("choices-open", f"{CHOICES_CALLBACK}{event_id}"),
                quiet=True,
                title=event.title,
                until=until,
            )


async def pair_completion(ctx: Context, *, pair_id: int, now: datetime | None = None) -> None:
    """An active pair whose agreement has run its months is completed; both sides and the
    curators are told, and both sides are invited to the final survey of pairs at once.
    Early (the pair was extended): planned again for its new end."""
    now = now or utcnow()
    async with ctx.sessions.begin() as session:
        pair = await session.get(Pair, pair_id)
        if pair is None or pair.status != "active":
            return
        ends = pair_ends_at(pair, ctx.zone)
        if ends is None:
            return
        if now < ends:
            ctx.scheduler.plan(completion_job(pair_id, ends))
            return
        done = await transition(
            session, pair_id, (Status.ACTIVE.value,), status=Status.COMPLETED.value, ended_at=now
        )
        campaign_id = None
        if done is not None:
            await tell_about(session, done, "pair-completed")
            campaign_id = await surveys.invite_pair_final(session, done, now, ctx.zone, ctx.version)
    if campaign_id is not None:
        await surveys.plan_campaign(
            ctx.scheduler, ctx.sessions, campaign_id, ctx.zone, now, version=ctx.version
        )


async def agreement_reminder(ctx: Context, *, pair_id: int, now: datetime | None = None) -> None:
    """`REMIND_AFTER` a pair was made, whoever has not answered its agreement is reminded once
    (in the daytime), with the agreement's buttons again."""
    now = now or utcnow()
    async with ctx.sessions.begin() as session:
        pair = await session.get(Pair, pair_id)
        if pair is None or pair.status != Status.WAITING or pair.agreement_reminded_at:
            return
        due = rules.daytime(pair.created_at + agreements.REMIND_AFTER, ctx.zone)
        if now < due:
            ctx.scheduler.plan(agreement_job(pair_id, due))
            return
        await agreements.remind(session, pair_id, ctx.link_base)


async def planned(ctx: Context, now: datetime | None = None) -> list[Job]:
    """The jobs the database says should exist now (for the start-up rebuild)."""
    now = now or utcnow()
    jobs: list[Job] = []
    async with ctx.sessions() as session:
        runs = await session.execute(
            select(QuestionnaireRun)
            .join(Person, Person.id == QuestionnaireRun.person_id)
            .where(
                QuestionnaireRun.submitted_at.is_(None),
                QuestionnaireRun.nudges_sent < len(rules.QUESTIONNAIRE_NUDGES),
                QuestionnaireRun.questionnaire_id.not_like(f"%{surveys.SEPARATOR}%"),
                Person.role.is_not(None),
            )
        )
        for (run,) in runs:
            touched = run.touched_at or run.started_at
            due = [
                rules.daytime(touched + delay, ctx.zone) for delay in rules.QUESTIONNAIRE_NUDGES
            ][run.nudges_sent :]
            jobs.append(nudge_job(run.person_id, run.questionnaire_id, min(due)))
        links = await session.scalars(
            select(ParentLink).where(
                ParentLink.used_at.is_(None),
                ParentLink.reminded_at.is_(None),
                ParentLink.expires_at > now,
            )
        )
        for link in links:
            if needs_parent_consent(consent.link_profile(link).age_group):
                at = rules.link_reminder_at(link.expires_at, ctx.zone)
                jobs.append(link_job(link.token_hash, at))
        closed = await session.scalars(
            select(Event).where(
                Event.choices_until > now,
                Event.reminded_at.is_(None),
            )
        )
        for event in closed:
            assert event.choices_until is not None
            at = rules.choices_reminder_at(event.choices_until, ctx.zone)
            jobs.append(choices_job(event.id, at))
        for pair in await session.scalars(select(Pair).where(Pair.status == "active")):
            ends = pair_ends_at(pair, ctx.zone)
            if ends is not None:
                jobs.append(completion_job(pair.id, ends))
        waiting = await session.scalars(
            select(Pair).where(Pair.status == "waiting", Pair.agreement_reminded_at.is_(None))
        )
        for pair in waiting:
            at = rules.daytime(pair.created_at + agreements.REMIND_AFTER, ctx.zone)
            jobs.append(agreement_job(pair.id, at))
    return jobs
