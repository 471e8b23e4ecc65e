"""Reading questionnaires from YAML and checking them against the translations."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.domain.roles import QUESTIONNAIRES, AgeGroup, Category, Role
from bot.i18n import Translations
from bot.questionnaires.engine import companions
from bot.questionnaires.model import (
    Condition,
    NumberFormat,
    QType,
    Question,
    Questionnaire,
    TextFormat,
)

QUESTIONNAIRES_DIR = Path(__file__).resolve().parent.parent.parent / "questionnaires"
OPTIONS_FILE = "options.yaml"
CAMPAIGN_SEPARATOR = "@"
CONTEXT_NAMES = {
    "role": {r.value for r in Role},
    "category": {c.value for c in Category},
    "age_group": {a.value for a in AgeGroup},
}
_ID = re.compile(r"^[a-z][a-z0-9_]{0,23}$")
_QUESTION_KEYS = {
    "id",
    "type",
    "text",
    "optional",
    "min",
    "max",
    "options",
    "only",
    "show_if",
    "format",
}


class QuestionnaireError(Exception):
    """A questionnaire file is wrong; the message names the file and the question."""


@dataclass(frozen=True)
class Catalog:
    questionnaires: dict[str, Questionnaire]
    option_sets: dict[str, tuple[str, ...]]

    def get(self, questionnaire_id: str) -> Questionnaire:
        """A questionnaire by id; `<id>@<campaign>` is questionnaire `<id>` as answered in a
        monitoring campaign: the same questions, its answers kept under that id."""
        base, separator, campaign = questionnaire_id.partition(CAMPAIGN_SEPARATOR)
        questionnaire = self.questionnaires[base]
        if not separator:
            return questionnaire
        if not campaign.isdigit():
            raise KeyError(questionnaire_id)
        return _in_campaign(questionnaire, questionnaire_id)


@cache
def _in_campaign(questionnaire: Questionnaire, answered_as: str) -> Questionnaire:
    return replace(questionnaire, id=answered_as, _index={})


def _fail(where: str, problem: str) -> QuestionnaireError:
    return QuestionnaireError(f"{where}: {problem}")


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise _fail(f"questionnaires/{path.name}", f"not valid YAML ({error})") from None


def _option_sets(path: Path) -> dict[str, tuple[str, ...]]:
    where = f"questionnaires/{path.name}"
    raw = _load_yaml(path)
    if not isinstance(raw, dict):
        raise _fail(where, "must map option set names to lists of option ids")
    sets: dict[str, tuple[str, ...]] = {}
    for name, options in raw.items():
        if not _ID.match(str(name)) or not isinstance(options, list) or not options:
            raise _fail(where, f"option set {name!r} must be a non-empty list with a short id")
        for option in options:
            if not _ID.match(str(option)):
                raise _fail(where, f"option {option!r} in {name!r}: use a-z, 0-9 and _")
        if len(set(options)) != len(options):
            raise _fail(where, f"option set {name!r} repeats an option")
        sets[str(name)] = tuple(str(o) for o in options)
    return sets


def _int(where: str, value: Any, name: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise _fail(where, f"{name} must be a whole number")
    return value


def _date_limit(where: str, value: Any, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if value == "today":
        return "today"
    raise _fail(where, f"{name} must be 'today' or a date like 2025-09-01")


def _format(where: str, value: Any, qtype: QType) -> TextFormat | NumberFormat | None:
    """`format: name` marks a text question that asks for a person's name (checked as one);
    `format: grade` a number question that asks for a school class (its letter kept too)."""
    if value is None:
        return None
    formats: dict[QType, type[TextFormat] | type[NumberFormat]] = {
        QType.TEXT: TextFormat,
        QType.NUMBER: NumberFormat,
    }
    kind = formats.get(qtype)
    if kind is None:
        raise _fail(
            where, f"format is for text and number questions only, not for a {qtype.value} one"
        )
    try:
        return kind(str(value))
    except ValueError:
        raise _fail(
            where, f"format of a {qtype.value} question must be one of {[f.value for f in kind]}"
        ) from None


def _condition(where: str, raw: Any, earlier: Mapping[str, Question]) -> Condition:
    if not isinstance(raw, dict):
        raise _fail(where, "show_if must be a mapping")
    values = raw.get("any_of", [raw["equals"]] if "equals" in raw else None)
    if not isinstance(values, list) or not values:
        raise _fail(where, "show_if needs 'equals: X' or 'any_of: [X, Y]'")
    if "question" in raw:
        name = str(raw["question"])
        source = earlier.get(name)
        if source is None:
            raise _fail(where, f"show_if refers to {name!r}, which is not an earlier question")
        allowed: set[Any] | None = (
            set(source.options)
            if source.type in (QType.SINGLE, QType.MULTI)
            else {True, False}
            if source.type is QType.YESNO
            else None
        )
        kind = "question"
    elif "context" in raw:
        name = str(raw["context"])
        if name not in CONTEXT_NAMES:
            raise _fail(where, f"show_if context must be one of {sorted(CONTEXT_NAMES)}")
        allowed, kind = set(CONTEXT_NAMES[name]), "context"
    else:
        raise _fail(where, "show_if needs 'question:' or 'context:'")
    if allowed is not None:
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise _fail(where, f"show_if values {unknown} are not among {sorted(allowed, key=str)}")
    return Condition(kind, name, frozenset(values))


def _options(
    where: str, raw: dict[str, Any], qtype: QType, sets: Mapping[str, tuple[str, ...]]
) -> tuple[str | None, tuple[str, ...]]:
    """The option set a choice question names, narrowed by `only` if given."""
    if qtype not in (QType.SINGLE, QType.MULTI):
        if "options" in raw or "only" in raw:
            raise _fail(where, f"a {qtype.value} question has no options")
        return None, ()
    option_set = str(raw.get("options"))
    if option_set not in sets:
        raise _fail(where, f"options must name a set from {OPTIONS_FILE}: {sorted(sets)}")
    options = sets[option_set]
    only = raw.get("only")
    if only is not None:
        if not isinstance(only, list) or not only or any(o not in options for o in only):
            raise _fail(where, f"only must list options of the set {option_set!r}")
        options = tuple(o for o in options if o in only)
    return option_set, options


def _question(
    where: str, raw: Any, sets: Mapping[str, tuple[str, ...]], earlier: Mapping[str, Question]
) -> Question:
    if not isinstance(raw, dict):
        raise _fail(where, "each question must be a mapping")
    unknown = set(raw) - _QUESTION_KEYS
    if unknown:
        raise _fail(where, f"unknown fields {sorted(unknown)}")
    try:
        qtype = QType(str(raw.get("type")))
    except ValueError:
        raise _fail(where, f"type must be one of {[t.value for t in QType]}") from None
    question_id = str(raw["id"])
    option_set, options = _options(where, raw, qtype, sets)
    text_format = _format(where, raw.get("format"), qtype)
    low = high = None
    min_date = max_date = None
    if qtype is QType.DATE:
        min_date, max_date = (
            _date_limit(where, raw.get("min"), "min"),
            _date_limit(where, raw.get("max"), "max"),
        )
    else:
        low, high = _int(where, raw.get("min"), "min"), _int(where, raw.get("max"), "max")
        if low is not None and high is not None and low > high:
            raise _fail(where, "min is greater than max")
        if qtype is QType.SCALE and (low, high) not in ((1, 5), (1, 10)):
            raise _fail(where, "a scale is 1–5 or 1–10 (min: 1, max: 5 or 10)")
        if qtype is QType.MULTI and high is not None and options and high > len(options):
            raise _fail(where, "max is more than the number of options")
    condition = (
        _condition(where, raw["show_if"], earlier) if raw.get("show_if") is not None else None
    )
    return Question(
        id=question_id,
        type=qtype,
        text_key=str(raw.get("text") or "q-" + question_id.replace("_", "-")),
        optional=bool(raw.get("optional", False)),
        min=low,
        max=high,
        option_set=option_set,
        options=options,
        min_date=min_date,
        max_date=max_date,
        condition=condition,
        format=text_format,
    )


def load_questionnaire(path: Path, sets: Mapping[str, tuple[str, ...]]) -> Questionnaire:
    shown = f"questionnaires/{path.name}"
    raw = _load_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
        raise _fail(shown, "must have 'id' and a list of 'questions'")
    questionnaire_id = str(raw.get("id", ""))
    if not _ID.match(questionnaire_id):
        raise _fail(shown, "id must be a short name of a-z, 0-9 and _")
    questions: dict[str, Question] = {}
    beside: set[str] = set()  # answers kept beside a question's own (a class's letter)
    for number, item in enumerate(raw["questions"], start=1):
        question_id = str(item.get("id", "")) if isinstance(item, dict) else ""
        where = f"{shown}: question {number} ({question_id or 'no id'})"
        if not _ID.match(question_id):
            raise _fail(where, "id must be a short name of a-z, 0-9 and _")
        if question_id in questions or question_id in beside:
            raise _fail(where, "this id is used twice")
        questions[question_id] = _question(where, item, sets, questions)
        beside.update(companions(questions[question_id]))
    if not questions:
        raise _fail(shown, "has no questions")
    return Questionnaire(questionnaire_id, tuple(questions.values()), source=shown)


def translation_keys(question: Question) -> Iterable[str]:
    yield question.text_key
    if question.type is QType.SCALE:
        yield f"{question.text_key}-min"
        yield f"{question.text_key}-max"
    for option in question.options:
        yield question.option_key(option)


def load_catalog(translations: Translations, directory: Path = QUESTIONNAIRES_DIR) -> Catalog:
    """Every questionnaire in `directory`, checked; texts must exist in every language."""
    options_path = directory / OPTIONS_FILE
    if not options_path.exists():
        raise _fail(f"questionnaires/{OPTIONS_FILE}", "is missing")
    sets = _option_sets(options_path)
    questionnaires: dict[str, Questionnaire] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name == OPTIONS_FILE:
            continue
        questionnaire = load_questionnaire(path, sets)
        if questionnaire.id in questionnaires:
            raise _fail(questionnaire.source, f"id {questionnaire.id!r} is used by another file")
        questionnaires[questionnaire.id] = questionnaire
        for question in questionnaire.questions:
            for key in translation_keys(question):
                for locale in translations.locales:
                    if key not in translations.keys(locale):
                        raise _fail(
                            f"{questionnaire.source}: question {question.id}",
                            f"text {key!r} is missing in locales/{locale}/",
                        )
    needed = set(QUESTIONNAIRES.values()) - set(questionnaires)
    if needed:
        raise _fail("questionnaires/", f"missing questionnaires: {sorted(needed)}")
    return Catalog(questionnaires, sets)
