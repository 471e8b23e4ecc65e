"""The sheets about people: the registry, every consent, the intake questionnaires' answers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, cast

from bot.db.models import Consent
from bot.domain.typed_input import SchoolClass
from bot.questionnaires import engine
from bot.questionnaires.loader import Catalog
from bot.questionnaires.model import NumberFormat, QType, Question, Questionnaire
from bot.services import consent
from bot.services.export.cells import Sheet, Texts, Value, name, sheet
from bot.services.export.read import INTAKE, Data

PHONE_QUESTION = "phone"
GRADE_QUESTION = "grade"  # a class: its number, and its letter beside it (`format: grade`)
GRADE_LETTER = GRADE_QUESTION + engine.LETTER


def school_class(answers: dict[str, Any], question_id: str = GRADE_QUESTION) -> str | None:
    """A class as it reads: «9 «Б»», or «9» without a letter."""
    number = answers.get(question_id)
    if not isinstance(number, int) or isinstance(number, bool):
        return None
    letter = answers.get(question_id + engine.LETTER)
    return str(SchoolClass(number, letter if isinstance(letter, str) and letter else None))


def _intake_answers(data: Data, person_id: int) -> dict[str, Any]:
    """The person's intake answers (one intake questionnaire a person)."""
    for questionnaire_id in INTAKE:
        found = data.intake.get((person_id, questionnaire_id))
        if found:
            return found
    return {}


def registry(data: Data, texts: Texts, version: str) -> Sheet:
    submitted = data.submitted
    rows: list[list[Value]] = []
    for number, person in enumerate(data.people, 1):
        latest = data.in_force.get(person.id)
        # The row has the status, kind and text version `status_of` reads (an ORM object made
        # for each of ten thousand people would take a second).
        shape = cast(Consent | None, latest)
        answers = _intake_answers(data, person.id)
        phone = answers.get(PHONE_QUESTION)
        at = submitted.get(person.id)
        rows.append(
            [
                number,
                data.names.get(person.id),
                texts.optional("role-short-", person.role),
                texts.optional(f"category-{person.role}-", person.category),
                school_class(answers),
                texts.optional("age-", person.age_group),
                texts("participants-submitted" if at else "participants-not-submitted"),
                texts.local(at),
                texts(f"consent-status-{consent.status_of(shape, version).value}"),
                texts.optional("export-kind-", latest.kind if latest is not None else None),
                phone if isinstance(phone, str) and phone.strip() else None,
                f"@{person.username}" if person.username else None,
                person.telegram_id,
                texts.local(person.first_seen_at),
                texts.yes_no(bool(person.is_blocked)),
            ]
        )
    headers = texts.columns(
        "number",
        "name",
        "role",
        "category",
        "class",
        "age",
        "questionnaire",
        "submitted-at",
        "consent",
        "consent-kind",
        "phone",
        "username",
        "telegram-id",
        "first-seen",
        "blocked",
    )
    return sheet("registry", texts("export-sheet-registry"), headers, rows)


def consents(data: Data, texts: Texts) -> Sheet:
    """Every consent row, newest first. A person whose data a withdrawal erased is neither
    named nor given their Telegram id (which opens their profile): only the fact and time."""
    erased = texts("export-erased")

    def rows() -> Iterator[list[Value]]:
        for number, row in enumerate(data.consents, 1):
            shown = name(row.full_name, row.first_name, row.last_name)
            yield [
                number,
                shown or erased,
                row.telegram_id if shown is not None else None,
                texts.optional("export-consent-", row.status),
                texts.optional("export-kind-", row.kind),
                row.text_version,
                texts.local(row.at),
                row.parent_name,
                row.recorded_by,
            ]

    headers = texts.columns(
        "number", "person", "telegram-id", "status", "kind", "version", "at", "parent", "curator"
    )
    return Sheet("consents", texts("export-sheet-consents"), headers, rows, len(data.consents))


# ---- answers to questionnaires ------------------------------------------------------------


def question_text(question: Question, texts: Texts) -> str:
    return texts.label(question.text_key, question.id)


def _option(question: Question, option: Any, texts: Texts) -> str:
    return texts.label(question.option_key(str(option)), str(option))


def answer(question: Question, answers: dict[str, Any], texts: Texts) -> Value:
    """An answer as the curator reads it: an option by its label, a date as a date, a class
    with its letter, numbers as numbers; text as typed."""
    value = answers.get(question.id)
    if value is None:
        return None
    match question.type:
        case QType.SINGLE:
            return _option(question, value, texts)
        case QType.MULTI:
            chosen = value if isinstance(value, list) else [value]
            return ", ".join(_option(question, option, texts) for option in chosen)
        case QType.YESNO:
            return texts.yes_no(bool(value))
        case QType.DATE if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                return value
        case QType.NUMBER if question.format is NumberFormat.GRADE:
            return school_class(answers, question.id) or str(value)
    if isinstance(value, bool):
        return texts.yes_no(value)
    if isinstance(value, str | int | float):
        return value
    return str(value)


Converter = Callable[[dict[str, Any]], Value]


def converter(question: Question, texts: Texts) -> Converter:
    """`answer` for one question, its labels looked up once (a sheet converts thousands)."""
    qid = question.id
    if question.type in (QType.SINGLE, QType.MULTI):
        labels = {option: _option(question, option, texts) for option in question.options}

        def label(option: Any) -> str:
            found = labels.get(option) if isinstance(option, str) else None
            return found if found is not None else _option(question, option, texts)

        if question.type is QType.SINGLE:
            return lambda answers: None if (v := answers.get(qid)) is None else label(v)
        return lambda answers: (
            None
            if (v := answers.get(qid)) is None
            else ", ".join(label(option) for option in (v if isinstance(v, list) else [v]))
        )
    if question.type in (QType.TEXT, QType.PHONE, QType.SCALE) or (
        question.type is QType.NUMBER and question.format is not NumberFormat.GRADE
    ):
        return lambda answers: (
            v
            if (v := answers.get(qid)) is None or v.__class__ in (str, int, float)
            else answer(question, answers, texts)
        )
    return lambda answers: answer(question, answers, texts)


def _intake_sheet(data: Data, texts: Texts, questionnaire: Questionnaire) -> Sheet:
    """A row per person who submitted it and whose consent is in force, mentors first and
    each by name, as in the registry (whose number they keep); a column per question."""
    qid = questionnaire.id
    people = [p for p in data.people if (p.id, qid) in data.runs and data.consented(p.id)]
    questions = questionnaire.questions

    def rows() -> Iterator[list[Value]]:
        converters = [converter(question, texts) for question in questions]
        for person in people:
            answers = data.intake.get((person.id, qid), {})
            yield [
                data.numbers[person.id],
                texts.optional(f"category-{person.role}-", person.category),
                texts.local(data.runs[(person.id, qid)]),
                *[convert(answers) for convert in converters],
            ]

    headers = [
        *texts.columns("registry-number", "category", "submitted-at"),
        *(question_text(question, texts) for question in questions),
    ]
    title = texts.label(f"export-sheet-{qid}", texts.label(f"qn-title-{qid}", qid))
    return Sheet(qid, title, headers, rows, len(people))


def intake(data: Data, texts: Texts, catalog: Catalog) -> list[Sheet]:
    """A sheet per intake questionnaire."""
    found = []
    for questionnaire_id in INTAKE:
        try:
            questionnaire = catalog.get(questionnaire_id)
        except KeyError:  # the catalog is checked at start-up to have every one
            continue
        found.append(_intake_sheet(data, texts, questionnaire))
    return found
