"""A monitoring campaign's results for curators (read only, but each view is audited).

Per role (mentor, mentee): how many were invited and how many submitted the questionnaire; per
question, how many answered and — only when that rests on `THRESHOLD` answers or more — what
the answers add up to (`bot.domain.survey_stats`). Only the answers of invites with
`answered_at` set count: a questionnaire begun and never submitted says nothing yet. While the
campaign is open, a role's figures rest on its earliest whole threes of respondents by the time
they submitted (`survey_stats.counted`; the others are `waiting`), once it is closed on all of
them, so that two views never differ by one known person's answers. A role's open (text)
answers are given only when `THRESHOLD` questionnaires or more are counted, without names, in
a random but stable order.

A person's answers are `answers` rows under `<questionnaire>@<campaign id>`, the questionnaire
being the campaign's for the invite's role (`Campaign.questionnaires`); its questions come from
the catalog the caller passes.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Answer, Campaign, CampaignInvite
from bot.domain import survey_stats as stats
from bot.domain.survey_stats import Aggregate
from bot.domain.surveys import Status
from bot.questionnaires.loader import CAMPAIGN_SEPARATOR, Catalog
from bot.questionnaires.model import QType, Question, Questionnaire
from bot.services import audit, curators
from bot.services.people import Sessions

logger = logging.getLogger(__name__)

ROLES = ("mentor", "mentee")
"""The roles in the order results show them (others, if a campaign had any, after them)."""
VIEWED = "survey_results_viewed"
"""The audit log's action for a curator's view of a campaign's results."""


class Refused(StrEnum):
    NOT_CURATOR = "not_curator"  # whoever asks is not a curator (any more)
    NO_CAMPAIGN = "no_campaign"  # no such campaign (a forged id, or it was deleted)


class View(StrEnum):
    """Which part of the results a curator looked at (written to the audit log)."""

    SUMMARY = "summary"
    ANSWERS = "answers"
    CHART = "chart"


@dataclass(frozen=True)
class CampaignView:
    id: int
    kind: str  # interim, final, pair_final, adhoc
    year: int
    opens_on: date
    due_on: date
    status: str  # planned, open, closed, cancelled


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    aggregate: Aggregate


@dataclass(frozen=True)
class OpenAnswers:
    question: Question
    texts: tuple[str, ...]


@dataclass(frozen=True)
class RoleResult:
    role: str
    invited: int
    answered: int  # submitted questionnaires
    counted: int  # of them, those the figures rest on (`survey_stats.counted`)
    questionnaire: Questionnaire | None  # None: its file is gone from the catalog
    questions: tuple[QuestionResult, ...] = ()
    open_answers: tuple[OpenAnswers, ...] = ()
    """Empty unless `THRESHOLD` questionnaires or more are counted."""

    @property
    def share(self) -> int | None:
        return stats.share(self.answered, self.invited)

    @property
    def waiting(self) -> int:
        """Submitted questionnaires not in the figures yet (an open campaign takes them in
        three at a time)."""
        return self.answered - self.counted


@dataclass(frozen=True)
class Results:
    campaign: CampaignView
    roles: tuple[RoleResult, ...]

    def scales(self) -> list[tuple[str, QuestionResult]]:
        """(role, result) of every scale question whose mean may be shown: a chart's bars."""
        return [
            (role.role, result)
            for role in self.roles
            for result in role.questions
            if result.question.type is QType.SCALE
            and result.aggregate.shown
            and result.aggregate.mean is not None
        ]

    def hidden_scales(self) -> int:
        """Scale questions left out of a chart: fewer than `THRESHOLD` answers."""
        return sum(
            1
            for role in self.roles
            for result in role.questions
            if result.question.type is QType.SCALE and not result.aggregate.shown
        )

    @property
    def open_count(self) -> int:
        return sum(len(found.texts) for role in self.roles for found in role.open_answers)


def answered_as(questionnaire_id: str, campaign_id: int) -> str:
    """The questionnaire id a campaign's answers are kept under: `<questionnaire>@<campaign>`."""
    return f"{questionnaire_id}{CAMPAIGN_SEPARATOR}{campaign_id}"


def _ordered(roles: set[str]) -> list[str]:
    return [r for r in ROLES if r in roles] + sorted(roles - set(ROLES))


def _questionnaire(catalog: Catalog, base: str | None, campaign_id: int) -> Questionnaire | None:
    if not base:
        return None
    try:
        return catalog.get(answered_as(base, campaign_id))
    except KeyError:
        logger.warning("Campaign %s: questionnaire %r is not in the catalog", campaign_id, base)
        return None


async def _check(session: AsyncSession, campaign_id: int, by: int) -> Campaign | Refused:
    if not await curators.is_curator(session, by):
        return Refused.NOT_CURATOR
    campaign = await session.get(Campaign, campaign_id)
    return Refused.NO_CAMPAIGN if campaign is None else campaign


async def record_view(
    sessions: Sessions, campaign_id: int, *, by: int, view: View
) -> Refused | None:
    """A curator looks at a campaign's results (`view`): written to the audit log. Refused
    (and nothing written) for a non-curator or a campaign that does not exist."""
    async with sessions.begin() as session:
        found = await _check(session, campaign_id, by)
        if isinstance(found, Refused):
            return found
        audit.log(session, VIEWED, actor=by, campaign=campaign_id, view=view.value)
        return None


async def results(
    sessions: Sessions, catalog: Catalog, campaign_id: int, *, by: int
) -> Results | Refused:
    """The campaign's results as curator `by` may see them (checked on every call)."""
    async with sessions() as session:
        found = await _check(session, campaign_id, by)
        if isinstance(found, Refused):
            return found
        campaign = found
        mapping = {str(k): str(v) for k, v in (campaign.questionnaires or {}).items()}
        counts = await _counts(session, campaign.id)
        people = await counted_respondents(session, campaign)
        values = await _answers(session, campaign.id, mapping, people)
    roles = []
    for role in _ordered(set(mapping) | set(counts)):
        invited, answered = counts.get(role, (0, 0))
        questionnaire = _questionnaire(catalog, mapping.get(role), campaign.id)
        roles.append(
            _role(
                role,
                invited=invited,
                answered=answered,
                counted=len(people.get(role, ())),
                questionnaire=questionnaire,
                values=values.get(role, {}),
                campaign=campaign,
            )
        )
    view = CampaignView(
        campaign.id,
        campaign.kind,
        campaign.year,
        campaign.opens_on,
        campaign.due_on,
        campaign.status,
    )
    return Results(view, tuple(roles))


async def _counts(session: AsyncSession, campaign_id: int) -> dict[str, tuple[int, int]]:
    """Per role: (invited, submitted)."""
    rows = await session.execute(
        select(CampaignInvite.role, func.count(), func.count(CampaignInvite.answered_at))
        .where(CampaignInvite.campaign_id == campaign_id)
        .group_by(CampaignInvite.role)
    )
    return {str(role): (int(invited), int(answered)) for role, invited, answered in rows}


async def counted_respondents(session: AsyncSession, campaign: Campaign) -> dict[str, list[int]]:
    """Per role, the people (ids) whose submitted questionnaires the campaign's figures rest on:
    `survey_stats.counted` of its respondents by the time they submitted (then by person), the
    earliest whole threes while it is open, all of them once it is not."""
    rows = await session.execute(
        select(CampaignInvite.role, CampaignInvite.person_id)
        .where(
            CampaignInvite.campaign_id == campaign.id,
            CampaignInvite.answered_at.is_not(None),
        )
        .order_by(CampaignInvite.answered_at, CampaignInvite.person_id)
    )
    submitted: dict[str, list[int]] = defaultdict(list)
    for role, person_id in rows:
        submitted[str(role)].append(int(person_id))
    is_open = campaign.status == Status.OPEN.value
    return {role: stats.counted(people, is_open) for role, people in submitted.items()}


async def _answers(
    session: AsyncSession,
    campaign_id: int,
    mapping: dict[str, str],
    people: dict[str, list[int]],
) -> dict[str, dict[str, list[Any]]]:
    """Per role and question, the values of the counted questionnaires (one per person)."""
    if not mapping:
        return {}
    counted = {role: set(ids) for role, ids in people.items()}
    rows = await session.execute(
        select(CampaignInvite.role, CampaignInvite.person_id, Answer.question_id, Answer.value)
        .join(Answer, Answer.person_id == CampaignInvite.person_id)
        .where(
            CampaignInvite.campaign_id == campaign_id,
            CampaignInvite.answered_at.is_not(None),
            or_(
                *(
                    and_(
                        CampaignInvite.role == role,
                        Answer.questionnaire_id == answered_as(base, campaign_id),
                    )
                    for role, base in mapping.items()
                )
            ),
        )
    )
    found: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for role, person_id, question_id, value in rows:
        if person_id in counted.get(str(role), ()):
            found[str(role)][str(question_id)].append(value)
    return found


def _role(
    role: str,
    *,
    invited: int,
    answered: int,
    counted: int,
    questionnaire: Questionnaire | None,
    values: dict[str, list[Any]],
    campaign: Campaign,
) -> RoleResult:
    if questionnaire is None:
        return RoleResult(role, invited, answered, counted, None)
    questions = tuple(
        QuestionResult(q, stats.aggregate(q, values.get(q.id, [])))
        for q in questionnaire.questions
        if q.type is not QType.PHONE  # a phone number is no survey's answer to sum up
    )
    open_answers: tuple[OpenAnswers, ...] = ()
    if stats.enough(counted):
        open_answers = tuple(
            OpenAnswers(q, tuple(_open(values.get(q.id, []), f"{campaign.id}:{role}:{q.id}")))
            for q in questionnaire.questions
            if q.type is QType.TEXT
        )
        open_answers = tuple(found for found in open_answers if found.texts)
    return RoleResult(role, invited, answered, counted, questionnaire, questions, open_answers)


def _open(values: list[Any], salt: str) -> list[str]:
    texts = [" ".join(str(value).split()) for value in values if stats.given(value)]
    return stats.stable_order([text for text in texts if text], salt)
