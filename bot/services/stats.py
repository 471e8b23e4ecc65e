"""/stats: the programme at a glance for curators, and the roadmap's KPIs (`bot/domain/kpis.py`)
as plain data for the screen, the charts and the workbook. Read-only, but for the school's
numbers a curator sets (`set_school_figure`).

What is counted, each by a few grouped queries whatever the size of the programme:
- participants: people with a role (they consented, and have not withdrawn: a withdrawal erases
  the role), by role and category;
- consents: of the participants, those whose consent is in force (`consent.status_of` is
  «given»: the newest row given, for the current text unless on paper), by who gave it (the
  person, a parent, a paper form); beside them the children waiting for a parent
  (`consent.children_waiting`), who have no role yet;
- pairs by form of mentoring and status (waiting, active, completed, ended early);
- meetings held, and those planned ahead (each meeting once, a group's too);
- plans' share done: tasks done of tasks open or done (`pair_figures.shares_in`) over the pairs
  that work or have completed and have a plan (a pair ended early stopped its plan by a
  decision, and is left out);
- satisfaction: the mean of the answers to the 1–10 scale questions of the monitoring surveys
  of this school year (each campaign's questionnaire per role; its scale questions found in the
  catalog), per role of the invite, counted only from the questionnaires that campaign's results
  count (`survey_results.counted_respondents`: submitted, and while it is open its earliest
  whole threes) and only when they are `MIN_PEOPLE` or more in that campaign — never pooled
  across campaigns to reach it, so that no one's answers can be singled out by comparing /stats
  with a campaign's results.

The KPIs:
- students covered: participants who are the school's students (mentees of the «student»
  category and senior-student mentors) / the school's number of students;
- teachers covered: participants of the «teacher» category (mentors, and mentees: teachers and
  young specialists) / the school's number of teachers; both not counted until a curator sets
  the school's numbers (`ProgrammeSetting` rows `students_total`, `teachers_total`);
- consents: participants with consent in force / everyone who started as a participant (the
  participants, and the children waiting for a parent who are not among them);
- plans: tasks done / tasks open or done, over the pairs counted in the plans' share above;
- final meetings: pairs that have completed, or work past their term's end (not completed yet),
  whose final meeting took place with the mentee: a meeting of kind «final» that the mentor
  marked held, either the pair's own or a group meeting of its mentor held no earlier than 30
  days before the pair's end (as `term.has_final` takes a group's final meeting for a pair's),
  to which the mentee's invite exists and is not answered «Не смогу» / those pairs. A mentee who
  withdrew has no invites left: their pair counts as not attended, never as attended. A pair
  ended early is not counted: it had no final meeting to attend.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeGuard, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, and_, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

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
    utcnow,
)
from bot.db.upsert import upsert
from bot.domain.kpis import (
    ORDER,
    SCHOOL_FIGURES,
    Kpi,
    KpiKey,
    SchoolFigure,
    judge,
    school_year,
    valid_figure,
)
from bot.domain.meetings import Kind, MeetingStatus
from bot.domain.roles import Category, Role
from bot.domain.survey_stats import mean
from bot.questionnaires.loader import Catalog
from bot.questionnaires.model import QType
from bot.services import audit, consent, curators
from bot.services.consent import ConsentKind, ConsentStatus
from bot.services.pair_figures import shares_in
from bot.services.people import Sessions
from bot.services.reminders import pair_ends_at
from bot.services.survey_results import counted_respondents
from bot.services.term import GROUP_FINAL_WITHIN

__all__ = ["Kpi", "KpiKey", "SchoolFigure"]

logger = logging.getLogger(__name__)

MIN_PEOPLE = 3
"""An aggregate of survey answers is shown only when this many people or more gave them."""
SCALE = (1, 10)
"""The scale whose answers make satisfaction (1–5 scales are of other questions)."""
PAIR_STATUSES = ("waiting", "active", "completed", "ended")
PLAN_PAIRS = ("active", "completed")
STUDENTS = frozenset(
    {
        (Role.MENTEE.value, Category.STUDENT.value),
        (Role.MENTOR.value, Category.SENIOR_STUDENT.value),
    }
)
TEACHERS = frozenset(
    {(Role.MENTEE.value, Category.TEACHER.value), (Role.MENTOR.value, Category.TEACHER.value)}
)
GROUPS = {SchoolFigure.STUDENTS: STUDENTS, SchoolFigure.TEACHERS: TEACHERS}
"""The participants (role, category) each of the school's numbers counts."""

_settings = cast(Table, ProgrammeSetting.__table__)


@dataclass(frozen=True)
class Consents:
    in_force: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)  # self, parent, paper
    waiting_parent: int = 0  # children waiting for a parent's consent
    started: int = 0  # participants and the children waiting who are not among them

    @property
    def not_in_force(self) -> int:
        """Participants whose consent is neither in force nor waiting for a parent (given for
        an older text, say)."""
        return self.started - self.in_force - self.waiting_parent


@dataclass(frozen=True)
class Plans:
    done: int = 0
    tasks: int = 0  # open or done
    pairs: int = 0  # pairs with a plan


@dataclass(frozen=True)
class Satisfaction:
    """The mean of one role's 1–10 answers and the people it rests on; when no campaign has
    `MIN_PEOPLE` counted, mean None and `people` those who answered (too few to show)."""

    role: Role
    mean: float | None
    people: int


@dataclass(frozen=True)
class FormCounts:
    """The federal form's counts: participants by (role, category), pairs by (form, status)."""

    participants: dict[tuple[str, str], int]
    pairs: dict[tuple[str, str], int]


@dataclass(frozen=True)
class Overview:
    participants: dict[tuple[str, str], int]  # (role, category) → people
    consents: Consents
    pairs: dict[tuple[str, str], int]  # (form, status) → pairs
    meetings_held: int
    meetings_planned: int  # ahead
    plans: Plans
    satisfaction: list[Satisfaction]
    school_year: int  # its first calendar year
    school: dict[SchoolFigure, int | None]
    kpis: list[Kpi]

    @property
    def total(self) -> int:
        return sum(self.participants.values())

    def by_role(self, role: Role) -> int:
        return sum(n for (r, _), n in self.participants.items() if r == role.value)

    def pairs_by(self, index: int) -> Counter[str]:
        """Pairs by form (0) or by status (1)."""
        found: Counter[str] = Counter()
        for key, count in self.pairs.items():
            found[key[index]] += count
        return found


# ---- counting, inside a session ----------------------------------------------------------------


async def _participants(session: AsyncSession) -> dict[tuple[str, str], int]:
    rows = await session.execute(
        select(Person.role, Person.category, func.count())
        .where(Person.role.is_not(None))
        .group_by(Person.role, Person.category)
    )
    return {(str(role), str(category)): int(n) for role, category, n in rows}


async def _consents(session: AsyncSession, version: str) -> Consents:
    newest = (
        select(Consent.person_id, func.max(Consent.id).label("id"))
        .group_by(Consent.person_id)
        .subquery()
    )
    rows = await session.execute(  # a handful of groups, each read as one consent is
        select(Consent.status, Consent.kind, Consent.text_version, func.count())
        .join(newest, Consent.id == newest.c.id)
        .join(Person, Person.id == Consent.person_id)
        .where(Person.role.is_not(None))
        .group_by(Consent.status, Consent.kind, Consent.text_version)
    )
    by_kind: Counter[str] = Counter()
    for status, kind, text_version, n in rows:
        shape = Consent(status=status, kind=kind, text_version=text_version)
        if consent.status_of(shape, version) is ConsentStatus.GIVEN:
            by_kind[str(kind or ConsentKind.SELF.value)] += int(n)
    waiting = consent.children_waiting()
    waiting_count = await session.scalar(select(func.count()).select_from(waiting)) or 0
    roleless_waiting = (
        await session.scalar(
            select(func.count())
            .select_from(waiting)
            .join(Person, Person.id == waiting.c.person_id)
            .where(Person.role.is_(None))
        )
        or 0
    )
    participants = await session.scalar(select(func.count()).where(Person.role.is_not(None))) or 0
    return Consents(
        in_force=sum(by_kind.values()),
        by_kind={kind.value: by_kind.get(kind.value, 0) for kind in ConsentKind},
        waiting_parent=int(waiting_count),
        started=int(participants) + int(roleless_waiting),
    )


async def _pairs(session: AsyncSession) -> dict[tuple[str, str], int]:
    rows = await session.execute(
        select(Pair.form, Pair.status, func.count()).group_by(Pair.form, Pair.status)
    )
    return {(str(form), str(status)): int(n) for form, status, n in rows}


async def _meetings(session: AsyncSession, now: datetime) -> tuple[int, int]:
    held = await session.scalar(
        select(func.count()).where(Meeting.status == MeetingStatus.HELD.value)
    )
    planned = await session.scalar(
        select(func.count()).where(
            Meeting.status == MeetingStatus.PLANNED.value, Meeting.starts_at > now
        )
    )
    return int(held or 0), int(planned or 0)


async def _plans(session: AsyncSession) -> Plans:
    ids = list(await session.scalars(select(Pair.id).where(Pair.status.in_(PLAN_PAIRS))))
    shares = [s for s in (await shares_in(session, ids)).values() if s[1]]
    return Plans(sum(d for d, _ in shares), sum(t for _, t in shares), len(shares))


async def _finals(session: AsyncSession, zone: ZoneInfo, now: datetime) -> tuple[int, int]:
    """(pairs whose final meeting took place with the mentee, pairs that have ended their
    term) — see the module's docstring."""
    over = (Pair.status == "completed") | ((Pair.status == "active") & Pair.started_at.is_not(None))
    ends: dict[int, datetime | None] = {}
    for pair in await session.scalars(select(Pair).where(over)):
        end = pair_ends_at(pair, zone)
        if pair.status == "completed":
            ends[pair.id] = end or pair.ended_at
        elif end is not None and end <= now:
            ends[pair.id] = end
    if not ends:
        return 0, 0
    final = (
        Meeting.kind == Kind.FINAL.value,
        Meeting.status == MeetingStatus.HELD.value,
    )
    came = exists().where(  # invited (a withdrawal erases the invite) and not «Не смогу»
        MeetingInvite.meeting_id == Meeting.id,
        MeetingInvite.person_id == Pair.mentee_id,
        MeetingInvite.answer.is_distinct_from("no"),
    )
    attended = set(
        await session.scalars(
            select(Pair.id)
            .join(Meeting, Meeting.pair_id == Pair.id)
            .where(over, *final, came)
            .distinct()
        )
    )
    group = await session.execute(
        select(Pair.id, Meeting.starts_at)
        .join(Meeting, and_(Meeting.pair_id.is_(None), Meeting.mentor_id == Pair.mentor_id))
        .join(
            MeetingInvite,
            and_(
                MeetingInvite.meeting_id == Meeting.id,
                MeetingInvite.person_id == Pair.mentee_id,
                MeetingInvite.answer.is_distinct_from("no"),
            ),
        )
        .where(over, *final)
    )
    for pair_id, starts_at in group:
        end = ends.get(pair_id)
        if end is not None and starts_at >= end - GROUP_FINAL_WITHIN:
            attended.add(pair_id)
    return len(attended & ends.keys()), len(ends)


async def _school(session: AsyncSession) -> dict[SchoolFigure, int | None]:
    rows = await session.execute(
        select(ProgrammeSetting.key, ProgrammeSetting.value).where(
            ProgrammeSetting.key.in_([f.value for f in SchoolFigure])
        )
    )
    found: dict[SchoolFigure, int | None] = dict.fromkeys(SchoolFigure)
    for key, value in rows:
        figure = SchoolFigure(key)
        if isinstance(value, int) and not isinstance(value, bool) and valid_figure(figure, value):
            found[figure] = value
    return found


def _kpis(
    participants: dict[tuple[str, str], int],
    consents: Consents,
    plans: Plans,
    finals: tuple[int, int],
    school: dict[SchoolFigure, int | None],
) -> list[Kpi]:
    def covered(groups: Iterable[tuple[str, str]]) -> int:
        return sum(participants.get(group, 0) for group in groups)

    counted: dict[KpiKey, tuple[int, int | None]] = {
        KpiKey.STUDENTS: (covered(STUDENTS), school[SCHOOL_FIGURES[KpiKey.STUDENTS]]),
        KpiKey.TEACHERS: (covered(TEACHERS), school[SCHOOL_FIGURES[KpiKey.TEACHERS]]),
        KpiKey.CONSENTS: (consents.in_force, consents.started),
        KpiKey.PLANS: (plans.done, plans.tasks),
        KpiKey.FINAL_MEETINGS: finals,
    }
    return [judge(key, *counted[key]) for key in ORDER]


def scale_questions(catalog: Catalog, questionnaire_id: str) -> frozenset[str]:
    """The 1–10 scale questions of a questionnaire (none if the catalog does not know it)."""
    try:
        questionnaire = catalog.get(questionnaire_id)
    except KeyError:
        return frozenset()
    return frozenset(
        q.id for q in questionnaire.questions if q.type is QType.SCALE and (q.min, q.max) == SCALE
    )


def _on_scale(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and SCALE[0] <= value <= SCALE[1]


async def _satisfaction(session: AsyncSession, catalog: Catalog, year: int) -> list[Satisfaction]:
    values: dict[str, list[int]] = {role.value: [] for role in Role}
    people: dict[str, set[int]] = {role.value: set() for role in Role}  # in the mean
    answered: dict[str, set[int]] = {role.value: set() for role in Role}  # any of them
    for campaign in await session.scalars(select(Campaign).where(Campaign.year == year)):
        respondents = await counted_respondents(session, campaign)
        for role, questionnaire in (campaign.questionnaires or {}).items():
            if role not in values:
                continue
            answered_as = f"{questionnaire}@{campaign.id}"
            scales = scale_questions(catalog, answered_as)
            if not scales:
                continue
            counted = set(respondents.get(role, ()))
            if len(counted) < MIN_PEOPLE:
                counted = set()  # too few in this campaign: its answers stay out
            rows = await session.execute(
                select(Answer.person_id, Answer.value)
                .join(
                    CampaignInvite,
                    and_(
                        CampaignInvite.campaign_id == campaign.id,
                        CampaignInvite.person_id == Answer.person_id,
                        CampaignInvite.role == role,
                        CampaignInvite.answered_at.is_not(None),
                    ),
                )
                .where(Answer.questionnaire_id == answered_as, Answer.question_id.in_(scales))
            )
            for person_id, value in rows:
                if _on_scale(value):
                    answered[role].add(int(person_id))
                    if person_id in counted:
                        values[role].append(value)
                        people[role].add(int(person_id))
    found = []
    for role in (Role.MENTOR, Role.MENTEE):
        answers = values[role.value]
        if len(people[role.value]) >= MIN_PEOPLE and answers:
            found.append(Satisfaction(role, mean(answers), len(people[role.value])))
        else:
            found.append(Satisfaction(role, None, len(answered[role.value])))
    return found


# ---- use cases -------------------------------------------------------------------------------


async def overview(
    sessions: Sessions,
    *,
    by: int,
    version: str,
    zone: ZoneInfo,
    catalog: Catalog,
    now: datetime | None = None,
) -> Overview | None:
    """The programme at a glance for the curator `by` (a Telegram id); None if not a curator."""
    now = now or utcnow()
    async with sessions() as session:
        if not await curators.is_curator(session, by):
            logger.warning("Statistics refused to %s: not a curator", by)
            return None
        participants = await _participants(session)
        consents = await _consents(session, version)
        pairs = await _pairs(session)
        held, planned = await _meetings(session, now)
        plans = await _plans(session)
        finals = await _finals(session, zone, now)
        school = await _school(session)
        year = school_year(now.astimezone(zone).date())
        satisfaction = await _satisfaction(session, catalog, year)
    return Overview(
        participants,
        consents,
        pairs,
        held,
        planned,
        plans,
        satisfaction,
        year,
        school,
        _kpis(participants, consents, plans, finals, school),
    )


async def kpis(
    sessions: Sessions, *, zone: ZoneInfo, version: str, now: datetime | None = None
) -> list[Kpi]:
    """The roadmap's KPIs, in the order of `bot.domain.kpis.ORDER` (for the workbook: the
    caller checks who asks)."""
    now = now or utcnow()
    async with sessions() as session:
        participants = await _participants(session)
        consents = await _consents(session, version)
        plans = await _plans(session)
        finals = await _finals(session, zone, now)
        school = await _school(session)
    return _kpis(participants, consents, plans, finals, school)


async def form_counts(sessions: Sessions) -> FormCounts:
    """The federal statistics form's counts (the caller checks who asks)."""
    async with sessions() as session:
        return FormCounts(await _participants(session), await _pairs(session))


async def school_figures(sessions: Sessions) -> dict[SchoolFigure, int | None]:
    """The school's numbers as set (None: not set)."""
    async with sessions() as session:
        return await _school(session)


class Saved(StrEnum):
    DONE = "done"
    BAD_VALUE = "bad_value"  # not a whole number from 1 to the figure's limit
    NOT_ALLOWED = "not_allowed"  # not a curator (any more)


@dataclass(frozen=True)
class TooFew:
    """Not saved: the school's number is smaller than the programme's participants of that
    group already counted (`participants`)."""

    participants: int


async def set_school_figure(
    sessions: Sessions,
    figure: SchoolFigure,
    value: int | None,
    *,
    by: int,
    now: datetime | None = None,
) -> Saved | TooFew:
    """A curator (`by`) sets the school's number of students or teachers; audit-logged. Not
    below the programme's participants of that group: a school has at least those."""
    if value is None or not valid_figure(figure, value):
        return Saved.BAD_VALUE
    now = now or utcnow()
    async with sessions.begin() as session:
        if not await curators.is_curator(session, by):
            logger.warning("School figure %s refused to %s: not a curator", figure.value, by)
            return Saved.NOT_ALLOWED
        participants = await _participants(session)
        counted = sum(participants.get(group, 0) for group in GROUPS[figure])
        if value < counted:
            return TooFew(counted)
        was = await session.scalar(
            select(ProgrammeSetting.value).where(ProgrammeSetting.key == figure.value)
        )
        values: dict[str, Any] = {
            "key": figure.value,
            "value": value,
            "updated_by": by,
            "updated_at": now,
        }
        await session.execute(upsert(session.get_bind().dialect.name, _settings, values, ["key"]))
        audit.log(session, "school_figure_set", actor=by, key=figure.value, value=value, was=was)
    logger.info("Curator %s set %s to %s", by, figure.value, value)
    return Saved.DONE
