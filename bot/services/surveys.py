"""Monitoring campaigns: the roadmap's two a year, a pair's final survey, and those a curator
starts now; who is invited, reminded and counted; a person's answer taken once, on time.

A campaign (`Campaign`) goes planned → open → closed. The roadmap's interim and final ones of
the current school year are created at start-up and by the hourly rebuild (an insert that a
conflict on `uq_campaigns_roadmap` turns into nothing), those whose due day has not passed, once
the programme has a working pair (their audience).
Jobs, by the campaign's id, rebuilt from the database by `planned`:

- `survey-open:<id>` at 10:00 of its first day: planned → open (one conditional statement),
  and each of its audience is invited (`CampaignInvite`, inserted once) with a message through
  the outbox whose button «📝 Пройти опрос» is `sv:<id>` — unless the invitations could not
  arrive (in the daytime) before its due day ends: then it closes without inviting anyone;
- `survey-nudge:<id>` whenever the next of those who have not answered is due a reminder (every
  three days after their invitation, in the daytime, before their due day ends); each reminder
  is one conditional statement on the count of reminders seen, so two runs send it once. It
  also invites, once, those who joined the audience since the opening (a pair formed later);
- `survey-close:<id>` at the end of the due day: open → closed.

The audience is those whose consent is in force (`consent.status_of`: to the current text, or
on paper); only they may answer. Messages of a campaign are the outbox batch `survey:<id>`: a
person's unsent ones are dropped when they answer, all of them when the campaign closes.

A pair that completes (`reminders.pair_completion`) gets the final survey at once: the school
year's `pair_final` campaign (created on demand, open) invites both sides, each with a due day
of its own, 14 days later; the campaign's due day is the latest of them.

A person answers the questionnaire of their role as `<questionnaire>@<campaign id>` (the
questionnaire engine stores its progress and answers under that id, so a run resumes after a
restart). `answering` is checked on every step of it (`bot.services.questionnaire.act`), and
the invite is marked answered with the first submission (`mark_answered`).

Each curator's action (`change_dates`, `open_now`, `close`, `start_adhoc`) checks on every
call that `by` is still a curator, changes state with one conditional statement on the state it
expects, and is written to the audit log.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Campaign,
    CampaignInvite,
    Consent,
    Pair,
    Person,
    QuestionnaireRun,
    utcnow,
)
from bot.db.upsert import insert_for
from bot.domain import surveys as rules
from bot.domain.reminders import daytime
from bot.domain.surveys import Audience, DateProblem, Kind, Status
from bot.scheduling.base import Job, Scheduler
from bot.services import audit, consent, curators, notify, outbox
from bot.services.consent import ConsentKind
from bot.services.notify import Button, Buttons, Day, Label
from bot.services.people import Sessions

if TYPE_CHECKING:
    from bot.services.reminders import Context

logger = logging.getLogger(__name__)

CALLBACK = "sv:"
"""`sv:<campaign id>`: the invitation's «📝 Пройти опрос»."""
SEPARATOR = "@"
OPEN_TASK = "survey_open"
NUDGE_TASK = "survey_nudge"
CLOSE_TASK = "survey_close"
SHOWN_YEARS = 2
"""/survey lists the campaigns of this school year and the one before."""

_campaigns = cast(Table, Campaign.__table__)
_invites = cast(Table, CampaignInvite.__table__)


# ---- ids, jobs, buttons --------------------------------------------------------------------


def questionnaire_id(questionnaire: str, campaign_id: int) -> str:
    return f"{questionnaire}{SEPARATOR}{campaign_id}"


def campaign_of(questionnaire_id: str) -> tuple[str, int] | None:
    """(questionnaire, campaign id) of an id answered in a campaign; None for any other."""
    base, separator, campaign = questionnaire_id.partition(SEPARATOR)
    if not separator or not (campaign.isascii() and campaign.isdigit()) or len(campaign) > 12:
        return None
    return base, int(campaign)


def is_survey(questionnaire_id: str) -> bool:
    return SEPARATOR in questionnaire_id


def open_job(campaign_id: int, at: datetime) -> Job:
    return Job(f"survey-open:{campaign_id}", OPEN_TASK, at, {"campaign_id": campaign_id})


def nudge_job(campaign_id: int, at: datetime) -> Job:
    return Job(f"survey-nudge:{campaign_id}", NUDGE_TASK, at, {"campaign_id": campaign_id})


def close_job(campaign_id: int, at: datetime) -> Job:
    return Job(f"survey-close:{campaign_id}", CLOSE_TASK, at, {"campaign_id": campaign_id})


def answer_buttons(campaign_id: int) -> Buttons:
    return [[Button("btn-sv-answer", f"{CALLBACK}{campaign_id}")]]


# ---- who is invited ------------------------------------------------------------------------


def _consenting(version: str | None) -> Any:
    """The ids of people whose consent is in force as `consent.status_of` counts it: the newest
    is given, to the current text `version` or on paper (`version` None: to any text)."""
    ranked = select(
        Consent.person_id,
        Consent.status,
        Consent.kind,
        Consent.text_version,
        func.row_number()
        .over(partition_by=Consent.person_id, order_by=(Consent.at.desc(), Consent.id.desc()))
        .label("n"),
    ).subquery()
    conditions = [ranked.c.n == 1, ranked.c.status == "given"]
    if version is not None:
        conditions.append(
            or_(ranked.c.kind == ConsentKind.PAPER.value, ranked.c.text_version == version)
        )
    return select(ranked.c.person_id).where(*conditions)


def _in_force(latest: Consent | None, version: str | None) -> bool:
    """The same rule for one person's newest consent."""
    if version is None:
        return latest is not None and latest.status == consent.ConsentStatus.GIVEN
    return consent.status_of(latest, version) is consent.ConsentStatus.GIVEN


def _reachable(version: str | None) -> list[Any]:
    """A participant (a role: consent not withdrawn) who has not blocked the bot, with consent
    in force (to the consent text `version`)."""
    return [
        Person.role.is_not(None),
        Person.is_blocked.is_(False),
        Person.id.in_(_consenting(version)),
    ]


@dataclass(frozen=True)
class Invitee:
    person_id: int
    role: str
    pair_id: int | None = None


async def _audience(session: AsyncSession, audience: str, version: str | None) -> list[Invitee]:
    """Who a campaign for `audience` invites now: the members of active pairs (mentors and
    mentees; a group's mentor once), or every participant (or every mentor, every mentee) who
    has submitted their questionnaire; each reachable, in a role they have."""
    if audience == Audience.ACTIVE_PAIRS:
        reachable = set(await session.scalars(select(Person.id).where(*_reachable(version))))
        found: dict[int, Invitee] = {}
        pairs = await session.execute(
            select(Pair.id, Pair.mentor_id, Pair.mentee_id)
            .where(Pair.status == "active")
            .order_by(Pair.id)
        )
        for pair_id, mentor_id, mentee_id in pairs:
            for person_id, role in ((mentor_id, "mentor"), (mentee_id, "mentee")):
                if person_id in reachable and person_id not in found:
                    found[person_id] = Invitee(person_id, role, pair_id)
        return list(found.values())
    roles = {
        Audience.EVERYONE: rules.ROLES,
        Audience.MENTORS: ("mentor",),
        Audience.MENTEES: ("mentee",),
    }.get(Audience(audience), ())
    submitted = select(QuestionnaireRun.person_id).where(QuestionnaireRun.intake_submitted())
    rows = await session.execute(
        select(Person.id, Person.role)
        .where(*_reachable(version), Person.role.in_(roles), Person.id.in_(submitted))
        .order_by(Person.id)
    )
    return [Invitee(person_id, str(role)) for person_id, role in rows]


async def audience_size(sessions: Sessions, audience: Audience, version: str | None = None) -> int:
    """How many people a survey for `audience` started now would invite (`version`: of the
    consent text, whose consent to it is in force)."""
    async with sessions() as session:
        return len(await _audience(session, audience, version))


async def _newcomers(
    session: AsyncSession, campaign: Campaign, version: str | None
) -> list[Invitee]:
    """Those of an open campaign's audience who are not invited yet (they joined a working pair,
    or came to qualify otherwise, since it opened); none for a pair's final survey, whose
    audience is the pairs that complete."""
    if campaign.kind == Kind.PAIR_FINAL:
        return []
    invited = set(
        await session.scalars(
            select(CampaignInvite.person_id).where(CampaignInvite.campaign_id == campaign.id)
        )
    )
    found = await _audience(session, campaign.audience, version)
    return [invitee for invitee in found if invitee.person_id not in invited]


async def _invite(
    session: AsyncSession,
    campaign: Campaign,
    *,
    invitee: Invitee,
    due_on: date,
    now: datetime,
    zone: ZoneInfo,
) -> bool:
    """The invite recorded and the invitation queued, once (False: invited before)."""
    inserted = await session.scalar(
        insert_for(session.get_bind().dialect.name, _invites)
        .values(
            campaign_id=campaign.id,
            person_id=invitee.person_id,
            role=invitee.role,
            pair_id=invitee.pair_id,
            invited_at=now,
            due_on=due_on,
            nudges=0,
        )
        .on_conflict_do_nothing()
        .returning(_invites.c.person_id)
    )
    if inserted is None:
        return False
    person = await session.get(Person, invitee.person_id)
    if person is None:
        return False
    await notify.tell(
        session,
        person,
        "sv-invite-pair-final" if campaign.kind == Kind.PAIR_FINAL else "sv-invite",
        kind="survey",
        buttons=answer_buttons(campaign.id),
        dedup_key=f"sv-invite:{campaign.id}:{person.id}",
        batch=batch_of(campaign.id),
        quiet=True,
        title=Label(f"sv-kind-{campaign.kind}"),
        due=Day(due_on, zone),
    )
    return True


async def _invite_all(
    session: AsyncSession, campaign: Campaign, now: datetime, zone: ZoneInfo, version: str | None
) -> int:
    invited = 0
    for invitee in await _audience(session, campaign.audience, version):
        invited += await _invite(
            session, campaign, invitee=invitee, due_on=campaign.due_on, now=now, zone=zone
        )
    return invited


# ---- the roadmap and the jobs --------------------------------------------------------------


async def ensure_roadmap(sessions: Sessions, zone: ZoneInfo, now: datetime | None = None) -> None:
    """The roadmap's campaigns of this school year whose due day has not passed, created once
    (a second process, or the next hourly rebuild, inserts nothing) — from when the programme
    has a working pair: before that there is nobody to monitor."""
    now = now or utcnow()
    today = rules.local_day(now, zone)
    async with sessions.begin() as session:
        working = await session.scalar(select(Pair.id).where(Pair.status == "active").limit(1))
        if working is None:
            return
        dialect = session.get_bind().dialect.name
        for dates in rules.still_ahead(today):
            await session.execute(
                insert_for(dialect, _campaigns)
                .values(
                    kind=dates.kind.value,
                    year=rules.school_year(dates.opens_on),
                    opens_on=dates.opens_on,
                    due_on=dates.due_on,
                    audience=Audience.ACTIVE_PAIRS.value,
                    questionnaires=dict(rules.QUESTIONNAIRES),
                    status=Status.PLANNED.value,
                    created_at=now,
                )
                .on_conflict_do_nothing()
            )


def _next_nudge(
    invites: Iterable[CampaignInvite], zone: ZoneInfo, now: datetime
) -> datetime | None:
    moments = [
        at
        for invite in invites
        if invite.answered_at is None
        and (at := rules.next_nudge(invite.invited_at, invite.nudged_at, invite.due_on, zone, now))
        is not None
    ]
    return min(moments, default=None)


async def _jobs_of(
    session: AsyncSession,
    campaigns: Sequence[Campaign],
    zone: ZoneInfo,
    now: datetime,
    version: str | None,
) -> list[Job]:
    """The jobs of these campaigns: a planned one's opening; an open one's closing, and its
    next reminder to someone who has not answered and whose due day is not over — or, sooner,
    the invitation of those who joined its audience since it opened (in the daytime, while an
    invitation still arrives before the due day ends)."""
    jobs: list[Job] = []
    open_ids = [c.id for c in campaigns if c.status == Status.OPEN]
    waiting: dict[int, list[CampaignInvite]] = {}
    if open_ids:
        invites = await session.scalars(
            select(CampaignInvite).where(
                CampaignInvite.campaign_id.in_(open_ids),
                CampaignInvite.answered_at.is_(None),
                CampaignInvite.due_on >= rules.local_day(now, zone),
            )
        )
        for invite in invites:
            waiting.setdefault(invite.campaign_id, []).append(invite)
    for campaign in campaigns:
        if campaign.status == Status.PLANNED:
            jobs.append(open_job(campaign.id, rules.opens_at(campaign.opens_on, zone)))
        elif campaign.status == Status.OPEN:
            jobs.append(close_job(campaign.id, rules.closes_at(campaign.due_on, zone)))
            at = _next_nudge(waiting.get(campaign.id, ()), zone, now)
            if rules.arrival_day(now, zone) <= campaign.due_on and await _newcomers(
                session, campaign, version
            ):
                arrives = daytime(now, zone)
                at = arrives if at is None else min(at, arrives)
            if at is not None:
                jobs.append(nudge_job(campaign.id, at))
    return jobs


async def planned(ctx: Context, now: datetime | None = None) -> list[Job]:
    """The roadmap's campaigns made sure of, and the jobs of every planned or open campaign:
    its opening, its reminders, its closing (a moment passed runs at once)."""
    now = now or utcnow()
    await ensure_roadmap(ctx.sessions, ctx.zone, now)
    async with ctx.sessions() as session:
        live = list(
            await session.scalars(
                select(Campaign).where(Campaign.status.in_((Status.PLANNED, Status.OPEN)))
            )
        )
        return await _jobs_of(session, live, ctx.zone, now, version=ctx.version)


async def plan_campaign(
    scheduler: Scheduler | None,
    sessions: Sessions,
    campaign_id: int,
    zone: ZoneInfo,
    now: datetime | None = None,
    *,
    version: str | None = None,
) -> None:
    """Plan (again) the jobs of one campaign as the database has it now; those of a state it
    has left go (a job that would still run finds the state changed and does nothing)."""
    if scheduler is None:
        return  # the hourly rebuild plans them
    async with sessions() as session:
        campaign = await session.get(Campaign, campaign_id)
        jobs = (
            await _jobs_of(session, [campaign], zone, now or utcnow(), version)
            if campaign is not None
            else []
        )
    wanted = {job.id for job in jobs}
    for stale in (open_job, nudge_job, close_job):
        job_id = stale(campaign_id, utcnow()).id
        if job_id not in wanted:
            scheduler.cancel(job_id)
    for job in jobs:
        scheduler.plan(job)


def _latest_opening_day(now: datetime, zone: ZoneInfo) -> date:
    """The latest first day of a campaign that has opened by `now` (it opens at 10:00)."""
    local = now.astimezone(zone)
    return local.date() if local.time() >= rules.OPENS_AT else local.date() - timedelta(days=1)


async def _transition(
    session: AsyncSession, campaign_id: int, expected: Status, *conditions: Any, **values: Any
) -> bool:
    """One conditional statement: the campaign moves from `expected` if `conditions` hold."""
    result = await session.execute(
        update(Campaign)
        .where(Campaign.id == campaign_id, Campaign.status == expected.value, *conditions)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


async def open_campaign(ctx: Context, *, campaign_id: int, now: datetime | None = None) -> None:
    """The opening job: a planned campaign whose moment has come opens and invites its
    audience; one planned later (its dates changed) is planned again; one whose invitations
    could not arrive (in the daytime) before its due day ends — the bot was down until its
    due day's evening, or after it — closes without inviting anyone."""
    now = now or utcnow()
    zone = ctx.zone
    arrives = rules.arrival_day(now, zone)
    async with ctx.sessions.begin() as session:
        opened = await _transition(
            session,
            campaign_id,
            Status.PLANNED,
            Campaign.opens_on <= _latest_opening_day(now, zone),
            Campaign.due_on >= arrives,
            status=Status.OPEN.value,
            opened_at=now,
        )
        campaign = await session.get(Campaign, campaign_id, populate_existing=True)
        if campaign is None:
            return
        if opened:
            invited = await _invite_all(session, campaign, now, zone, ctx.version)
            audit.log(session, "survey_opened", actor=None, campaign=campaign_id, invited=invited)
            logger.info("Campaign %s opened: %d invited", campaign_id, invited)
        elif campaign.status == Status.PLANNED and campaign.due_on < arrives:
            due_on = campaign.due_on
            if await _transition(
                session,
                campaign_id,
                Status.PLANNED,
                Campaign.due_on == due_on,
                status=Status.CLOSED.value,
                closed_at=now,
            ):
                logger.warning(
                    "Campaign %s was due by %s, and invitations sent now would arrive on %s, "
                    "after that (the bot was down): closed without inviting anyone",
                    campaign_id,
                    due_on.isoformat(),
                    arrives.isoformat(),
                )
    await plan_campaign(ctx.scheduler, ctx.sessions, campaign_id, zone, now, version=ctx.version)


async def close_campaign(ctx: Context, *, campaign_id: int, now: datetime | None = None) -> None:
    """The closing job: an open campaign whose due day is over closes, and its invitations and
    reminders not yet sent never go (one due later, its date changed, is planned again)."""
    now = now or utcnow()
    async with ctx.sessions.begin() as session:
        closed = await _transition(
            session,
            campaign_id,
            Status.OPEN,
            Campaign.due_on < rules.local_day(now, ctx.zone),
            status=Status.CLOSED.value,
            closed_at=now,
        )
        if closed:
            dropped = await _drop_unsent(session, campaign_id, now)
            audit.log(session, "survey_closed", actor=None, campaign=campaign_id)
            logger.info("Campaign %s closed (%d messages unsent dropped)", campaign_id, dropped)
    await plan_campaign(
        ctx.scheduler, ctx.sessions, campaign_id, ctx.zone, now, version=ctx.version
    )


def batch_of(campaign_id: int) -> str:
    """The outbox batch of a campaign's invitations and reminders."""
    return f"survey:{campaign_id}"


async def _drop_unsent(session: AsyncSession, campaign_id: int, now: datetime) -> int:
    """A closed campaign's invitations and reminders not yet sent never go: they would ask for
    answers it no longer takes."""
    return await outbox.drop_batch(session, batch_of(campaign_id), "survey_closed", now)


async def nudge_campaign(ctx: Context, *, campaign_id: int, now: datetime | None = None) -> None:
    """The reminders' job: each invitee of an open campaign who has not answered and whose
    reminder is due gets it, once (a conditional statement on the reminders counted); and
    those who joined its audience since it opened (a pair formed meanwhile) are invited, once,
    while an invitation still arrives before the due day ends."""
    now = now or utcnow()
    zone = ctx.zone
    sent = invited = 0
    async with ctx.sessions.begin() as session:
        campaign = await session.get(Campaign, campaign_id)
        if campaign is None or campaign.status != Status.OPEN:
            return
        if rules.arrival_day(now, zone) <= campaign.due_on:
            for invitee in await _newcomers(session, campaign, ctx.version):
                invited += await _invite(
                    session, campaign, invitee=invitee, due_on=campaign.due_on, now=now, zone=zone
                )
        in_force = set(
            await session.scalars(
                select(CampaignInvite.person_id)
                .join(Person, Person.id == CampaignInvite.person_id)
                .where(CampaignInvite.campaign_id == campaign_id, *_reachable(ctx.version))
            )
        )
        waiting = list(
            await session.scalars(
                select(CampaignInvite).where(
                    CampaignInvite.campaign_id == campaign_id,
                    CampaignInvite.answered_at.is_(None),
                    CampaignInvite.due_on >= rules.local_day(now, zone),
                )
            )
        )
        for invite in waiting:
            at = rules.next_nudge(invite.invited_at, invite.nudged_at, invite.due_on, zone, now)
            if at is None or at > now:
                continue
            sent += await _nudge(
                session, campaign, invite, now, zone, may_answer=invite.person_id in in_force
            )
    if sent or invited:
        logger.info(
            "Campaign %s: %d reminded, %d invited since it opened", campaign_id, sent, invited
        )
    await plan_campaign(ctx.scheduler, ctx.sessions, campaign_id, zone, now, version=ctx.version)


async def _nudge(
    session: AsyncSession,
    campaign: Campaign,
    invite: CampaignInvite,
    now: datetime,
    zone: ZoneInfo,
    *,
    may_answer: bool,
) -> bool:
    """One reminder, counted once; sent only to someone who may answer (a participant who has
    not blocked the bot, with consent in force)."""
    seen = invite.nudges
    result = await session.execute(
        update(CampaignInvite)
        .where(
            CampaignInvite.campaign_id == invite.campaign_id,
            CampaignInvite.person_id == invite.person_id,
            CampaignInvite.answered_at.is_(None),
            CampaignInvite.nudges == seen,
        )
        .values(nudges=seen + 1, nudged_at=now)
        .execution_options(synchronize_session=False)
    )
    if not getattr(result, "rowcount", 0):
        return False  # answered, or reminded by another run meanwhile
    invite.nudges, invite.nudged_at = seen + 1, now
    person = await session.get(Person, invite.person_id)
    if person is None or not may_answer:
        return False
    return await notify.tell(
        session,
        person,
        "sv-nudge",
        kind="survey",
        buttons=answer_buttons(campaign.id),
        dedup_key=f"sv-nudge:{campaign.id}:{person.id}:{seen + 1}",
        batch=batch_of(campaign.id),
        quiet=True,
        title=Label(f"sv-kind-{campaign.kind}"),
        due=Day(invite.due_on, zone),
    )


# ---- a pair's final survey -----------------------------------------------------------------


async def invite_pair_final(
    session: AsyncSession, pair: Pair, now: datetime, zone: ZoneInfo, version: str | None = None
) -> int | None:
    """Both sides of a pair that completed now are invited to the school year's final survey
    of pairs (created open on demand), due in 14 days; the campaign's id (None if nobody could
    be invited). In the caller's transaction.

    A person answers it once a year (its answers are kept per campaign and person): a group's
    mentor invited for an earlier pair who has not answered yet has her due day moved to the
    new one and is told so, once; one who has answered is not asked again."""
    today = rules.local_day(now, zone)
    due = today + timedelta(days=rules.PAIR_FINAL_DAYS)
    year = rules.school_year(today)
    await session.execute(
        insert_for(session.get_bind().dialect.name, _campaigns)
        .values(
            kind=Kind.PAIR_FINAL.value,
            year=year,
            opens_on=today,
            due_on=due,
            audience=Audience.ACTIVE_PAIRS.value,
            questionnaires=dict(rules.QUESTIONNAIRES),
            status=Status.OPEN.value,
            opened_at=now,
            created_at=now,
        )
        .on_conflict_do_nothing()
    )
    campaign_id = await session.scalar(
        select(Campaign.id).where(Campaign.kind == Kind.PAIR_FINAL.value, Campaign.year == year)
    )
    if campaign_id is None:
        return None
    # Open until the latest of its invites is due (closed meanwhile if none was: open again).
    await session.execute(
        update(Campaign)
        .where(
            Campaign.id == campaign_id,
            Campaign.status.in_((Status.OPEN.value, Status.CLOSED.value)),
            Campaign.due_on <= due,
        )
        .values(due_on=due, status=Status.OPEN.value, closed_at=None)
        .execution_options(synchronize_session=False)
    )
    campaign = await session.get(Campaign, campaign_id, populate_existing=True)
    if campaign is None or campaign.status != Status.OPEN:
        return None
    reachable = set(
        await session.scalars(
            select(Person.id).where(
                Person.id.in_((pair.mentor_id, pair.mentee_id)), *_reachable(version)
            )
        )
    )
    invited = 0
    for person_id, role in ((pair.mentor_id, "mentor"), (pair.mentee_id, "mentee")):
        if person_id in reachable:
            invitee = Invitee(person_id, role, pair.id)
            invited += await _invite(
                session, campaign, invitee=invitee, due_on=due, now=now, zone=zone
            ) or await _extend(session, campaign, invitee=invitee, due_on=due, now=now, zone=zone)
    if invited:
        audit.log(session, "survey_pair_final", actor=None, campaign=campaign_id, pair=pair.id)
    return campaign_id


async def _extend(
    session: AsyncSession,
    campaign: Campaign,
    *,
    invitee: Invitee,
    due_on: date,
    now: datetime,
    zone: ZoneInfo,
) -> bool:
    """An invite not answered yet is due on `due_on` from now (the next reminder three days
    on), and its person told so, once (False: answered, or due then already)."""
    result = await session.execute(
        update(CampaignInvite)
        .where(
            CampaignInvite.campaign_id == campaign.id,
            CampaignInvite.person_id == invitee.person_id,
            CampaignInvite.answered_at.is_(None),
            CampaignInvite.due_on < due_on,
        )
        .values(due_on=due_on, nudged_at=now)
        .execution_options(synchronize_session=False)
    )
    if not getattr(result, "rowcount", 0):
        return False
    person = await session.get(Person, invitee.person_id)
    if person is None:
        return False
    await notify.tell(
        session,
        person,
        "sv-invite-pair-final-again",
        kind="survey",
        buttons=answer_buttons(campaign.id),
        dedup_key=f"sv-again:{campaign.id}:{person.id}:{invitee.pair_id}",
        batch=batch_of(campaign.id),
        quiet=True,
        due=Day(due_on, zone),
    )
    return True


# ---- answering -----------------------------------------------------------------------------


class Refusal(StrEnum):
    NOT_INVITED = "not_invited"  # no invite of this person to this campaign (forged, or gone)
    ANSWERED = "answered"
    CLOSED = "closed"  # the campaign is not open, or the person's due day is over
    CONSENT = "consent"  # their consent is not in force (the text changed since they gave it)

    @property
    def key(self) -> str:
        return f"sv-refused-{self.value}"


@dataclass(frozen=True)
class Answering:
    """Whether a person may answer a campaign now: the questionnaire id to answer it under,
    or why not (with their due day, for a late answer)."""

    refusal: Refusal | None
    questionnaire_id: str = ""
    due_on: date | None = None


async def _answering(
    session: AsyncSession,
    *,
    person_id: int,
    campaign_id: int,
    questionnaire: str | None,
    now: datetime,
    zone: ZoneInfo,
    version: str | None,
) -> Answering:
    invite = await session.get(CampaignInvite, (campaign_id, person_id))
    campaign = await session.get(Campaign, campaign_id)
    if invite is None or campaign is None:
        return Answering(Refusal.NOT_INVITED)
    base = campaign.questionnaires.get(invite.role)
    if base is None or (questionnaire is not None and questionnaire != base):
        return Answering(Refusal.NOT_INVITED)  # another role's questionnaire (forged)
    answering_as = questionnaire_id(base, campaign_id)
    if invite.answered_at is not None:
        return Answering(Refusal.ANSWERED, answering_as, invite.due_on)
    if campaign.status != Status.OPEN or rules.past_due(invite.due_on, now, zone):
        return Answering(Refusal.CLOSED, answering_as, invite.due_on)
    if not _in_force(await consent.latest(session, person_id), version):
        return Answering(Refusal.CONSENT, answering_as, invite.due_on)
    return Answering(None, answering_as, invite.due_on)


async def may_answer(
    sessions: Sessions,
    campaign_id: int,
    person_id: int,
    *,
    zone: ZoneInfo,
    now: datetime | None = None,
    version: str | None = None,
) -> Answering:
    """The `sv:` button: the presser is invited to this campaign, has not answered, it is open
    and not past their due day, and their consent (to the text `version`) is in force; the
    questionnaire id to answer it under."""
    async with sessions() as session:
        return await _answering(
            session,
            person_id=person_id,
            campaign_id=campaign_id,
            questionnaire=None,
            now=now or utcnow(),
            zone=zone,
            version=version,
        )


@dataclass(frozen=True)
class Waiting:
    """A campaign a person may still answer: its id and their due day."""

    campaign_id: int
    due_on: date


async def waiting_for(
    sessions: Sessions, person_id: int, *, zone: ZoneInfo, now: datetime | None = None
) -> Waiting | None:
    """The open campaign this person was invited to and has not answered, whose due day has
    not passed (the soonest due first): a survey left halfway, to be found again."""
    today = rules.local_day(now or utcnow(), zone)
    async with sessions() as session:
        row = (
            await session.execute(
                select(CampaignInvite.campaign_id, CampaignInvite.due_on)
                .join(Campaign, Campaign.id == CampaignInvite.campaign_id)
                .where(
                    CampaignInvite.person_id == person_id,
                    CampaignInvite.answered_at.is_(None),
                    CampaignInvite.due_on >= today,
                    Campaign.status == Status.OPEN.value,
                )
                .order_by(CampaignInvite.due_on, CampaignInvite.campaign_id)
                .limit(1)
            )
        ).first()
    return None if row is None else Waiting(int(row[0]), row[1])


async def answering(
    session: AsyncSession,
    person_id: int,
    answering_as: str,
    *,
    zone: ZoneInfo,
    now: datetime | None = None,
    version: str | None = None,
) -> Answering:
    """The same checks for a step of the questionnaire `answering_as` (`<id>@<campaign>`), in
    the caller's transaction, before it changes anything."""
    parsed = campaign_of(answering_as)
    if parsed is None:
        return Answering(Refusal.NOT_INVITED)
    base, campaign_id = parsed
    return await _answering(
        session,
        person_id=person_id,
        campaign_id=campaign_id,
        questionnaire=base,
        now=now or utcnow(),
        zone=zone,
        version=version,
    )


async def mark_answered(
    session: AsyncSession, person_id: int, answering_as: str, now: datetime | None = None
) -> bool:
    """The first submission of a campaign's questionnaire: the invite is answered (once), and
    the person's invitation and reminders of it not yet sent never go."""
    parsed = campaign_of(answering_as)
    if parsed is None:
        return False
    now = now or utcnow()
    result = await session.execute(
        update(CampaignInvite)
        .where(
            CampaignInvite.campaign_id == parsed[1],
            CampaignInvite.person_id == person_id,
            CampaignInvite.answered_at.is_(None),
        )
        .values(answered_at=now)
        .execution_options(synchronize_session=False)
    )
    # Not written to the audit log: answering is the person's own act, and a trail of who
    # answered when would let a curator tell their answers apart in the results.
    done = bool(getattr(result, "rowcount", 0))
    person = await session.get(Person, person_id) if done else None
    if person is not None:
        await outbox.drop_batch_to(
            session, batch_of(parsed[1]), person.telegram_id, "survey_answered", now
        )
    return done


# ---- the curator's view --------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    invited: int = 0
    answered: int = 0

    @property
    def percent(self) -> int:
        return rules.percent(self.answered, self.invited)


@dataclass(frozen=True)
class CampaignView:
    id: int
    kind: str
    year: int
    opens_on: date
    due_on: date
    status: str
    audience: str
    by_role: dict[str, Figures] = field(default_factory=dict)

    @property
    def total(self) -> Figures:
        return Figures(
            sum(f.invited for f in self.by_role.values()),
            sum(f.answered for f in self.by_role.values()),
        )


def _view(campaign: Campaign, figures: dict[str, Figures]) -> CampaignView:
    return CampaignView(
        campaign.id,
        campaign.kind,
        campaign.year,
        campaign.opens_on,
        campaign.due_on,
        campaign.status,
        campaign.audience,
        figures,
    )


async def _figures(session: AsyncSession, ids: list[int]) -> dict[int, dict[str, Figures]]:
    found: dict[int, dict[str, Figures]] = {}
    if not ids:
        return found
    rows = await session.execute(
        select(
            CampaignInvite.campaign_id,
            CampaignInvite.role,
            func.count(),
            func.count(CampaignInvite.answered_at),
        )
        .where(CampaignInvite.campaign_id.in_(ids))
        .group_by(CampaignInvite.campaign_id, CampaignInvite.role)
    )
    for campaign_id, role, invited, answered in rows:
        found.setdefault(int(campaign_id), {})[str(role)] = Figures(int(invited), int(answered))
    return found


async def overview(
    sessions: Sessions, *, zone: ZoneInfo, now: datetime | None = None
) -> list[CampaignView]:
    """The campaigns of this school year and the one before, newest first, with how many of
    each role were invited and have answered."""
    year = rules.school_year(rules.local_day(now or utcnow(), zone))
    async with sessions() as session:
        campaigns = list(
            await session.scalars(
                select(Campaign)
                .where(Campaign.year > year - SHOWN_YEARS, Campaign.status != Status.CANCELLED)
                .order_by(Campaign.opens_on.desc(), Campaign.id.desc())
            )
        )
        figures = await _figures(session, [c.id for c in campaigns])
    return [_view(c, figures.get(c.id, {})) for c in campaigns]


async def one(sessions: Sessions, campaign_id: int) -> CampaignView | None:
    async with sessions() as session:
        campaign = await session.get(Campaign, campaign_id)
        if campaign is None:
            return None
        figures = await _figures(session, [campaign_id])
    return _view(campaign, figures.get(campaign_id, {}))


# ---- the curator's actions -----------------------------------------------------------------


class Done(StrEnum):
    DONE = "done"
    ALREADY = "already"  # the same start handled before (a double tap): nothing more
    NOT_ALLOWED = "not_allowed"  # not a curator (any more)
    GONE = "gone"  # no such campaign
    NOT_NOW = "not_now"  # its state changed meanwhile (opened, closed): nothing done
    BAD_DATES = "bad_dates"
    NOBODY = "nobody"  # an audience of nobody: no survey started

    @property
    def key(self) -> str:
        return f"sv-done-{self.value}"


@dataclass(frozen=True)
class Result:
    outcome: Done
    campaign_id: int | None = None
    problem: DateProblem | None = None
    invited: int = 0


async def change_dates(
    sessions: Sessions,
    campaign_id: int,
    *,
    by: int,
    opens_on: date | None,
    due_on: date,
    zone: ZoneInfo,
    now: datetime | None = None,
    scheduler: Scheduler | None = None,
    version: str | None = None,
) -> Result:
    """A curator moves a campaign: a planned one's first and due days (`opens_on` given), an
    open one's due day (`opens_on` None: it has opened); the jobs are planned again. A planned
    campaign that would open today is due no sooner than its invitations arrive."""
    now = now or utcnow()
    today = rules.local_day(now, zone)
    async with sessions.begin() as session:
        if not await curators.is_curator(session, by):
            return Result(Done.NOT_ALLOWED)
        campaign = await session.get(Campaign, campaign_id)
        if campaign is None or campaign.kind == Kind.PAIR_FINAL:
            return Result(Done.GONE)
        start = opens_on or campaign.opens_on
        problem = rules.check_dates(start, due_on, today, opens_changes=opens_on is not None)
        if problem is None and opens_on is not None and opens_on <= today:
            problem = rules.opening_problem(due_on, now, zone)
        if problem is not None:
            return Result(Done.BAD_DATES, campaign_id, problem)
        expected = Status.PLANNED if opens_on is not None else Status.OPEN
        values: dict[str, Any] = {"due_on": due_on}
        if opens_on is not None:
            values["opens_on"] = opens_on
        if not await _transition(session, campaign_id, expected, **values):
            return Result(Done.NOT_NOW, campaign_id)
        if expected is Status.OPEN:  # those invited are due then too
            await session.execute(
                update(CampaignInvite)
                .where(CampaignInvite.campaign_id == campaign_id)
                .values(due_on=due_on)
                .execution_options(synchronize_session=False)
            )
        audit.log(
            session,
            "survey_dates_changed",
            actor=by,
            campaign=campaign_id,
            opens_on=(opens_on or campaign.opens_on).isoformat(),
            due_on=due_on.isoformat(),
        )
    await plan_campaign(scheduler, sessions, campaign_id, zone, now, version=version)
    return Result(Done.DONE, campaign_id)


async def open_now(
    sessions: Sessions,
    campaign_id: int,
    *,
    by: int,
    zone: ZoneInfo,
    now: datetime | None = None,
    scheduler: Scheduler | None = None,
    version: str | None = None,
) -> Result:
    """A curator opens a planned campaign today: its audience (with consent to the text
    `version` in force) is invited at once. Not when its invitations would arrive after its
    due day ends, nor when it would stay open longer than `LONGEST_DAYS` (the May survey
    opened in November): the dates are to be changed first (BAD_DATES, with why)."""
    now = now or utcnow()
    today = rules.local_day(now, zone)
    async with sessions.begin() as session:
        if not await curators.is_curator(session, by):
            return Result(Done.NOT_ALLOWED)
        found = await session.get(Campaign, campaign_id)
        if found is None:
            return Result(Done.GONE)
        if found.status != Status.PLANNED:
            return Result(Done.NOT_NOW, campaign_id)
        due_on = found.due_on
        problem = rules.opening_problem(due_on, now, zone)
        if problem is not None:
            return Result(Done.BAD_DATES, campaign_id, problem)
        if not await _transition(
            session,
            campaign_id,
            Status.PLANNED,
            Campaign.due_on == due_on,  # the due day judged above (moved meanwhile: nothing)
            status=Status.OPEN.value,
            opened_at=now,
            opens_on=today,
        ):
            return Result(Done.NOT_NOW, campaign_id)
        campaign = await session.get(Campaign, campaign_id, populate_existing=True)
        assert campaign is not None
        invited = await _invite_all(session, campaign, now, zone, version)
        audit.log(session, "survey_opened", actor=by, campaign=campaign_id, invited=invited)
    await plan_campaign(scheduler, sessions, campaign_id, zone, now, version=version)
    return Result(Done.DONE, campaign_id, invited=invited)


async def close(
    sessions: Sessions,
    campaign_id: int,
    *,
    by: int,
    zone: ZoneInfo,
    now: datetime | None = None,
    scheduler: Scheduler | None = None,
    version: str | None = None,
) -> Result:
    """A curator closes an open campaign before its due day: no more answers are taken, and
    its invitations and reminders not yet sent never go."""
    now = now or utcnow()
    async with sessions.begin() as session:
        if not await curators.is_curator(session, by):
            return Result(Done.NOT_ALLOWED)
        campaign = await session.get(Campaign, campaign_id)
        if campaign is None or campaign.kind == Kind.PAIR_FINAL:
            return Result(Done.GONE)
        if not await _transition(
            session, campaign_id, Status.OPEN, status=Status.CLOSED.value, closed_at=now
        ):
            return Result(Done.NOT_NOW, campaign_id)
        await _drop_unsent(session, campaign_id, now)
        audit.log(session, "survey_closed", actor=by, campaign=campaign_id)
    await plan_campaign(scheduler, sessions, campaign_id, zone, now, version=version)
    return Result(Done.DONE, campaign_id)


async def start_adhoc(
    sessions: Sessions,
    *,
    by: int,
    audience: Audience,
    due_on: date,
    token: str,
    zone: ZoneInfo,
    now: datetime | None = None,
    scheduler: Scheduler | None = None,
    version: str | None = None,
) -> Result:
    """A curator starts a survey now for `audience`, due by `due_on`: created open, and its
    audience (with consent to the text `version` in force) invited at once — not when the
    invitations would arrive after `due_on` ends. `token` names the screen it was started
    from: a second tap of «Запустить» starts nothing more."""
    now = now or utcnow()
    today = rules.local_day(now, zone)
    source = f"adhoc:{token}"[:64]
    async with sessions.begin() as session:
        if not await curators.is_curator(session, by):
            return Result(Done.NOT_ALLOWED)
        started = await session.scalar(select(Campaign.id).where(Campaign.created_from == source))
        if started is not None:
            return Result(Done.ALREADY, started)
        problem = rules.check_dates(today, due_on, today, opens_changes=True)
        if problem is None:
            problem = rules.opening_problem(due_on, now, zone)
        if problem is not None:
            return Result(Done.BAD_DATES, problem=problem)
        if not await _audience(session, audience, version):
            return Result(Done.NOBODY)
        campaign_id = await session.scalar(
            insert_for(session.get_bind().dialect.name, _campaigns)
            .values(
                kind=Kind.ADHOC.value,
                year=rules.school_year(today),
                opens_on=today,
                due_on=due_on,
                audience=audience.value,
                questionnaires=dict(rules.QUESTIONNAIRES),
                status=Status.OPEN.value,
                opened_at=now,
                created_by=by,
                created_at=now,
                created_from=source,
            )
            .on_conflict_do_nothing()
            .returning(_campaigns.c.id)
        )
        if campaign_id is None:  # the same tap, handled by another process meanwhile
            return Result(Done.ALREADY)
        campaign = await session.get(Campaign, campaign_id)
        assert campaign is not None
        invited = await _invite_all(session, campaign, now, zone, version)
        audit.log(
            session,
            "survey_started",
            actor=by,
            campaign=campaign_id,
            audience=audience.value,
            due_on=due_on.isoformat(),
            invited=invited,
        )
    await plan_campaign(scheduler, sessions, campaign_id, zone, now, version=version)
    return Result(Done.DONE, campaign_id, invited=invited)
