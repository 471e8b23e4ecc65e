"""Everything the workbook shows, read in one transaction as plain rows.

A fixed number of plain queries (however many people) in SQLAlchemy Core: rows of values, no
ORM objects (ten thousand of those take seconds), with counts made in SQL where a sheet needs
only a count (the invites of each meeting), and the answers' JSON decoded in one pass. The
sheets are made from these rows afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Text, case, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.db.models import (
    Agreement,
    Answer,
    AuditEntry,
    Campaign,
    CampaignInvite,
    Consent,
    Curator,
    Meeting,
    MeetingInvite,
    Pair,
    Person,
    PlanTask,
    QuestionnaireRun,
)
from bot.domain.roles import QUESTIONNAIRES, Role
from bot.questionnaires.loader import CAMPAIGN_SEPARATOR
from bot.services.export.cells import name

_people = Person.__table__
_consents = Consent.__table__
_runs = QuestionnaireRun.__table__
_answers_table = Answer.__table__
_pairs = Pair.__table__
_agreements = Agreement.__table__
_meetings = Meeting.__table__
_invites = MeetingInvite.__table__
_tasks = PlanTask.__table__
_campaigns = Campaign.__table__
_campaign_invites = CampaignInvite.__table__
_audit = AuditEntry.__table__
_curators = Curator.__table__

INTAKE = tuple(dict.fromkeys(QUESTIONNAIRES.values()))
"""The intake questionnaires, each once, in the order of `QUESTIONNAIRES`."""
ROLE_ORDER = {Role.MENTOR.value: 0, Role.MENTEE.value: 1}


@dataclass(frozen=True)
class Invites:
    """The invitees of one meeting: how many, their answers, their ratings."""

    invited: int
    yes: int
    no: int
    ratings: int
    mean: float | None


@dataclass
class Data:
    """What the queries found, as plain values."""

    people: list[Any]  # the registry's order (see `ordered`)
    consents: list[Any]  # newest first: a person's first row is the one in force
    runs: dict[tuple[int, str], Any]  # (person, intake questionnaire) → submitted at
    intake: dict[tuple[int, str], dict[str, Any]]  # (person, questionnaire) → answers
    pairs: list[Any]
    agreements: dict[tuple[int, str], bool]
    meetings: list[Any]
    invites: dict[int, Invites]
    tasks: list[Any]
    campaigns: dict[int, Any]
    # (campaign, person) → role, for surveys submitted, in the order they were submitted
    answered: dict[tuple[int, int], str]
    surveys: list[Any]  # answers rows of campaigns: person, questionnaire@campaign, question
    audit: list[Any]
    curators: frozenset[int] = frozenset()  # Telegram ids
    numbers: dict[int, int] = field(default_factory=dict)  # person → registry number
    in_force: dict[int, Any] = field(default_factory=dict)  # person → their newest consent
    names: dict[int, str | None] = field(default_factory=dict)  # participants' names
    erased: frozenset[int] = frozenset()  # Telegram ids of people whose data was erased

    def __post_init__(self) -> None:
        self.people = ordered(self.people)
        self.numbers = {person.id: number for number, person in enumerate(self.people, 1)}
        for row in self.consents:
            self.in_force.setdefault(row.person_id, row)
        self.names = {p.id: name(p.full_name, p.first_name, p.last_name) for p in self.people}
        # A withdrawal erases the person's names and role and leaves a «withdrawn» consent.
        self.erased = frozenset(
            row.telegram_id
            for row in self.consents
            if row.role is None and is_erased(row.full_name, row.first_name, row.last_name)
        )

    def consented(self, person_id: int) -> bool:
        """Whether the person's consent is in force: their newest consent row is «given» (for
        whichever text: one given for an older text still covers what was collected then)."""
        latest = self.in_force.get(person_id)
        return latest is not None and latest.status == "given"

    @property
    def submitted(self) -> dict[int, Any]:
        """Each participant's newest submitted intake questionnaire (times as stored)."""
        found: dict[int, Any] = {}
        for (person_id, _), at in self.runs.items():
            if person_id not in found or found[person_id] < at:
                found[person_id] = at
        return found


def is_erased(full_name: str | None, first_name: str | None, last_name: str | None) -> bool:
    """Whether a person's names are gone (a withdrawal erased them: Telegram always gives a
    first name)."""
    return name(full_name, first_name, last_name) is None


def ordered(people: Sequence[Any]) -> list[Any]:
    """Mentors first, then mentees, each by name (as a search compares names)."""
    return sorted(
        people,
        key=lambda p: (
            ROLE_ORDER.get(p.role, 9),
            Person.search_key(name(p.full_name, p.first_name, p.last_name) or ""),
            p.id,
        ),
    )


def _raw(column: Any) -> Any:
    """A value as stored: a time not made a `datetime` (a hundred thousand of those take a
    second; the sheets turn it into the school's time as they write it, `Texts.local`), JSON
    not decoded one by one (`_decoded` does it in one pass)."""
    return type_coerce(column, Text).label(column.name)


def _decoded(raw: list[Any]) -> list[Any]:
    """JSON values as stored (SQLite gives a number back as a number, the rest as JSON text),
    decoded in one pass: a hundred thousand `json.loads` calls take seconds, one takes little."""
    texts = [value for value in raw if isinstance(value, str)]
    try:
        decoded = iter(json.loads("[" + ",".join(texts) + "]"))
    except ValueError:  # not JSON after all: each on its own
        decoded = iter([_loads(value) for value in texts])
    return [next(decoded) if isinstance(value, str) else value for value in raw]


def _loads(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


async def _answers(
    connection: AsyncConnection,
) -> tuple[dict[tuple[int, str], dict[str, Any]], list[Any]]:
    """Intake answers by person and questionnaire; the answers given in campaigns, as rows
    (person, questionnaire@campaign, question, value). One pass over the answers."""
    a = _answers_table.c
    raw = await connection.execute(
        select(a.person_id, a.questionnaire_id, a.question_id, type_coerce(a.value, Text)).where(
            a.questionnaire_id.in_(INTAKE) | a.questionnaire_id.contains(CAMPAIGN_SEPARATOR)
        )
    )
    rows = raw.all()
    values = _decoded([row[3] for row in rows])
    intake: dict[tuple[int, str], dict[str, Any]] = {}
    surveys = []
    for (person_id, questionnaire_id, question_id, _), value in zip(rows, values, strict=True):
        if CAMPAIGN_SEPARATOR in questionnaire_id:
            surveys.append((person_id, questionnaire_id, question_id, value))
        else:
            intake.setdefault((person_id, questionnaire_id), {})[question_id] = value
    return intake, surveys


async def read(session: AsyncSession) -> Data:
    """Thirteen plain queries, in the session's transaction."""
    connection = await session.connection()
    p, c = _people.c, _consents.c
    people = (
        await connection.execute(
            select(
                p.id,
                p.telegram_id,
                p.full_name,
                p.first_name,
                p.last_name,
                p.username,
                p.role,
                p.category,
                p.age_group,
                _raw(p.first_seen_at),
                p.is_blocked,
            ).where(p.role.is_not(None))
        )
    ).all()
    # Newest first, as `consent.latest` orders them: the first row of a person is in force.
    consents = (
        await connection.execute(
            select(
                c.person_id,
                c.status,
                c.kind,
                c.text_version,
                _raw(c.at),
                c.parent_name,
                c.recorded_by,
                p.telegram_id,
                p.full_name,
                p.first_name,
                p.last_name,
                p.role,
            )
            .join(_people, p.id == c.person_id)
            .order_by(c.at.desc(), c.id.desc())
        )
    ).all()
    r = _runs.c
    runs = await connection.execute(
        select(r.person_id, r.questionnaire_id, _raw(r.submitted_at)).where(
            r.submitted_at.is_not(None), r.questionnaire_id.in_(INTAKE)
        )
    )
    intake, surveys = await _answers(connection)
    mentor, mentee, pair = _people.alias("mentor"), _people.alias("mentee"), _pairs.c
    pairs = (
        await connection.execute(
            select(
                pair.id,
                pair.form,
                pair.status,
                pair.months,
                pair.order_number,
                pair.order_date,
                _raw(pair.created_at),
                _raw(pair.started_at),
                _raw(pair.ended_at),
                pair.end_reason,
                mentor.c.full_name,
                mentor.c.first_name,
                mentor.c.last_name,
                mentee.c.full_name,
                mentee.c.first_name,
                mentee.c.last_name,
                pair.mentor_id,
                pair.mentee_id,
            )
            .join(mentor, mentor.c.id == pair.mentor_id)
            .join(mentee, mentee.c.id == pair.mentee_id)
            .order_by(pair.id)
        )
    ).all()
    g = _agreements.c
    agreements = await connection.execute(select(g.pair_id, g.side, g.accepted))
    m, i = _meetings.c, _invites.c
    meetings = sorted(
        (
            await connection.execute(
                select(
                    m.id,
                    m.pair_id,
                    m.mentor_id,
                    m.kind,
                    _raw(m.starts_at),
                    m.status,
                    m.outcome_note,
                    _raw(m.outcome_at),
                )
            )
        ).all(),
        key=lambda meeting: (meeting[4], meeting[0]),  # by when (as stored, in UTC), then id
    )
    invites = await connection.execute(
        select(
            i.meeting_id,
            func.count(),
            func.sum(case((i.answer == "yes", 1), else_=0)),
            func.sum(case((i.answer == "no", 1), else_=0)),
            func.count(i.rating),
            func.avg(i.rating),
        ).group_by(i.meeting_id)
    )
    t = _tasks.c
    tasks = (
        await connection.execute(
            select(t.id, t.pair_id, t.title, t.due_on, t.status, t.created_at, t.done_at).order_by(
                t.pair_id, t.id
            )
        )
    ).all()
    k, v = _campaigns.c, _campaign_invites.c
    campaigns = await connection.execute(
        select(k.id, k.kind, k.year, k.opens_on, k.due_on, k.status)
    )
    answered = await connection.execute(
        select(v.campaign_id, v.person_id, v.role)
        .where(v.answered_at.is_not(None))
        .order_by(v.answered_at, v.person_id)  # as the results count them
    )
    e = _audit.c
    audit = (
        await connection.execute(
            select(
                e.id, _raw(e.at), e.actor_telegram_id, e.action, e.person_id, _raw(e.details)
            ).order_by(e.at, e.id)
        )
    ).all()
    curators = await connection.execute(select(_curators.c.telegram_id))
    details = _decoded([entry[5] for entry in audit])
    entries = [(*entry[:5], found) for entry, found in zip(audit, details, strict=True)]
    return Data(
        people=list(people),
        consents=list(consents),
        runs={(person, questionnaire): at for person, questionnaire, at in runs if at is not None},
        intake=intake,
        pairs=list(pairs),
        agreements={(pair_id, side): bool(accepted) for pair_id, side, accepted in agreements},
        meetings=list(meetings),
        invites={
            meeting_id: Invites(
                int(invited),
                int(yes or 0),
                int(no or 0),
                int(ratings),
                float(mean) if mean is not None else None,
            )
            for meeting_id, invited, yes, no, ratings, mean in invites
        },
        tasks=list(tasks),
        campaigns={row.id: row for row in campaigns},
        answered={(campaign, person): role for campaign, person, role in answered},
        surveys=surveys,
        audit=entries,
        curators=frozenset(telegram_id for (telegram_id,) in curators),
    )
