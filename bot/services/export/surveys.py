"""The monitoring surveys' answers: a sheet per survey questionnaire, a row per respondent and
campaign, a column per question.

The results are promised anonymous, so a respondent is a number and a role, never a name, a
Telegram id or a registry number, and no row says when it was answered (the audit log and the
registry carry times that could be matched). The numbers are dealt at random for each workbook:
within one workbook a person keeps their number in every campaign (interim and final answers
can be compared), but the numbers of two workbooks have nothing in common, and their order
follows nobody's place in the registry. Rows are ordered by campaign and number.

Only surveys submitted count (the invite's `answered_at`); the answers of someone who started
and stopped are not in it. The rows follow the results' rule (`survey_stats.counted`): a
campaign's answers of a role are in it only when three respondents of that role or more count,
and while the campaign is open only its earliest whole threes of respondents count (by when
they submitted), so that neither one answer nor the one person who has just answered can be
singled out. Every survey questionnaire of the catalog has its sheet, headed, even before
anyone has answered; a questionnaire the catalog no longer has is shown by its question ids.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from bot.domain import survey_stats
from bot.domain.surveys import Status
from bot.questionnaires.loader import CAMPAIGN_SEPARATOR, Catalog
from bot.questionnaires.model import QType, Question
from bot.services.export.cells import Sheet, Texts, Value
from bot.services.export.people import converter, question_text
from bot.services.export.read import INTAKE, Data

SLUG = "survey_"  # a survey sheet's file: survey_<questionnaire id>.csv
Responses = dict[tuple[int, int], dict[str, Any]]  # (campaign, person) → answers


def shown(data: Data) -> dict[tuple[int, int], str]:
    """The respondents whose answers the sheets show, (campaign, person) → role: of each
    campaign's respondents of a role, those `survey_stats.counted` counts, if they are enough."""
    submitted: dict[tuple[int, str], list[int]] = {}
    for (campaign, person), role in data.answered.items():  # in the order they submitted
        submitted.setdefault((campaign, role), []).append(person)
    found: dict[tuple[int, int], str] = {}
    for (campaign, role), people in submitted.items():
        row = data.campaigns.get(campaign)
        is_open = row is not None and row.status == Status.OPEN.value
        counted = survey_stats.counted(people, is_open)
        if survey_stats.enough(len(counted)):
            found.update(((campaign, person), role) for person in counted)
    return found


def _responses(data: Data, counted: dict[tuple[int, int], str]) -> dict[str, Responses]:
    """The answers of the surveys shown, by questionnaire."""
    found: dict[str, Responses] = {}
    for person_id, answered_as, question_id, value in data.surveys:
        base, _, campaign = answered_as.partition(CAMPAIGN_SEPARATOR)
        if not campaign.isdigit() or (int(campaign), person_id) not in counted:
            continue
        responses = found.setdefault(base, {})
        responses.setdefault((int(campaign), person_id), {})[question_id] = value
    return found


def _questions(catalog: Catalog, base: str, responses: Responses) -> list[Question]:
    """The questionnaire's questions; if it is gone, one per answer seen, by its id."""
    found = catalog.questionnaires.get(base)
    if found is not None:
        return list(found.questions)
    seen = sorted({question for answers in responses.values() for question in answers})
    return [Question(question, QType.TEXT, question) for question in seen]


def respondents(counted: dict[tuple[int, int], str]) -> dict[int, int]:
    """A number for each person whose answers are shown, dealt at random."""
    people = sorted({person for _, person in counted})
    random.SystemRandom().shuffle(people)
    return {person: number for number, person in enumerate(people, 1)}


def _campaign(texts: Texts, row: Any) -> list[Value]:
    if row is None:
        return [None, None, None]
    return [
        texts.optional("export-campaign-", row.kind),
        f"{row.year}/{(row.year + 1) % 100:02d}",
        row.due_on,
    ]


def surveys(data: Data, texts: Texts, catalog: Catalog) -> list[Sheet]:
    """A sheet per survey questionnaire (every one of the catalog's that is not an intake
    questionnaire, and any other that has answers shown), by id."""
    counted = shown(data)
    found = _responses(data, counted)
    numbers = respondents(counted)
    bases = {base for base in catalog.questionnaires if base not in INTAKE} | set(found)
    sheets = []
    for base in sorted(bases):
        responses = found.get(base, {})
        questions = _questions(catalog, base, responses)
        keys = sorted(responses, key=lambda key: (key[0], numbers[key[1]]))

        def rows(
            keys: list[tuple[int, int]] = keys,
            responses: Responses = responses,
            questions: list[Question] = questions,
        ) -> Iterator[list[Value]]:
            converters = [converter(question, texts) for question in questions]
            for campaign, person in keys:
                answers = responses[(campaign, person)]
                yield [
                    numbers[person],
                    texts.optional("role-short-", counted[(campaign, person)]),
                    *_campaign(texts, data.campaigns.get(campaign)),
                    *[convert(answers) for convert in converters],
                ]

        headers = [
            *texts.columns("respondent", "role", "campaign", "school-year", "due"),
            *(question_text(question, texts) for question in questions),
        ]
        title = texts.label(f"qn-title-{base}", base)
        sheets.append(
            Sheet(
                f"{SLUG}{base}",
                texts.i18n.plain("export-sheet-survey", title=title),
                headers,
                rows,
                len(keys),
            )
        )
    return sheets
