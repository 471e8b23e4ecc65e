"""Reading questionnaires from YAML and checking them against the translations.

The form of each file is checked by the pydantic models of schema.py; here, what needs more
than one question (an earlier question in `show_if`, ids used twice, a class's letter kept
beside its number), the option sets of options.yaml, the translations and the questionnaires
the roles need. Every problem is one line: the file, the question (its number and id), the
field, and what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.domain.roles import QUESTIONNAIRES
from bot.i18n import Translations
from bot.questionnaires.engine import companions
from bot.questionnaires.model import Condition, QType, Question, Questionnaire
from bot.questionnaires.schema import (
    CONTEXT_NAMES,
    DateQuestion,
    MultiQuestion,
    NumberQuestion,
    OptionsFile,
    Problem,
    QuestionForm,
    QuestionnaireFile,
    ScaleQuestion,
    SingleQuestion,
    TextQuestion,
    listed,
    options_problems,
    question_place,
    questionnaire_problems,
)

QUESTIONNAIRES_DIR = Path(__file__).resolve().parent.parent.parent / "questionnaires"
OPTIONS_FILE = "options.yaml"
CAMPAIGN_SEPARATOR = "@"


class QuestionnaireError(Exception):
    """Questionnaire files are wrong: one line per problem, each naming the file, the question
    and the field."""

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems: tuple[str, ...] = problems


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


def _shown(path: Path) -> str:
    return f"questionnaires/{path.name}"


def _lines(shown: str, problems: Iterable[Problem]) -> list[str]:
    """«questionnaires/<file>: question 3 (id), field 'max': what is wrong», one a problem."""
    return [
        f"{shown}: {p.where}: {p.message}" if p.where else f"{shown}: {p.message}" for p in problems
    ]


def _error(shown: str, problems: Iterable[Problem]) -> QuestionnaireError:
    return QuestionnaireError(*_lines(shown, problems))


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise _error(_shown(path), [Problem("", _yaml_problem(error))]) from None


def _yaml_problem(error: yaml.YAMLError) -> str:
    """One line: where in the file and what PyYAML found."""
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        return (
            f"not valid YAML at line {mark.line + 1}, column {mark.column + 1}: "
            f"{error.problem or error.context or 'cannot read it'}"
        )
    return f"not valid YAML ({' '.join(str(error).split())})"


def _option_sets(path: Path) -> dict[str, tuple[str, ...]]:
    try:
        form = OptionsFile.model_validate(_load_yaml(path))
    except ValidationError as error:
        raise _error(_shown(path), options_problems(error)) from None
    return {name: tuple(options) for name, options in form.root.items()}


def _date_limit(value: date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


class _Checker:
    """The checks that need the whole file and the option sets, made while its questions are
    turned into model.py's dataclasses; every problem found is kept, not only the first."""

    def __init__(self, form: QuestionnaireFile, sets: Mapping[str, tuple[str, ...]]) -> None:
        self.form = form
        self.sets = sets
        self.problems: list[Problem] = []
        self.questions: dict[str, Question] = {}
        self.places: dict[str, str] = {}  # each answer's id: which question gives it
        self.all_ids = {q.id for q in form.questions}

    def fail(self, place: str, field: str, message: str) -> None:
        self.problems.append(Problem(f"{place}, field {field!r}", message))

    def run(self) -> tuple[Question, ...]:
        for number, form in enumerate(self.form.questions, start=1):
            place = question_place(number, form.id)
            question = self.question(place, form)
            if question.id in self.places:
                self.fail(place, "id", f"{question.id!r} is used twice: {self.places[question.id]}")
                continue
            self.questions[question.id] = question
            self.places[question.id] = f"{place} has it"
            for beside in companions(question):  # answers kept beside its own (a class's letter)
                if beside in self.places:
                    self.fail(place, "format", f"{beside!r} is used twice: {self.places[beside]}")
                self.places[beside] = f"{place} keeps a class's letter as {beside!r}"
        return tuple(self.questions.values())

    def question(self, place: str, form: QuestionForm) -> Question:
        option_set, options = self.options(place, form)
        low = high = None
        if isinstance(form, TextQuestion | NumberQuestion | MultiQuestion | ScaleQuestion):
            low, high = form.min, form.max
        if isinstance(form, MultiQuestion) and option_set is not None:
            for field, value in (("min", low), ("max", high)):
                if value is not None and value > len(options):
                    self.fail(
                        place,
                        field,
                        f"{field} is more than the number of options ({len(options)})",
                    )
        min_date = max_date = None
        if isinstance(form, DateQuestion):
            min_date, max_date = _date_limit(form.min), _date_limit(form.max)
        return Question(
            id=form.id,
            type=QType(form.type),
            text_key=form.text or "q-" + form.id.replace("_", "-"),
            optional=form.optional,
            min=low,
            max=high,
            option_set=option_set,
            options=options,
            min_date=min_date,
            max_date=max_date,
            condition=None if form.show_if is None else self.condition(place, form),
            format=form.format if isinstance(form, TextQuestion | NumberQuestion) else None,
        )

    def options(self, place: str, form: QuestionForm) -> tuple[str | None, tuple[str, ...]]:
        """The option set a choice question names, narrowed by `only` if given."""
        if not isinstance(form, SingleQuestion | MultiQuestion):
            return None, ()
        options = self.sets.get(form.options)
        if options is None:
            self.fail(
                place,
                "options",
                f"{form.options!r} is not an option set of {OPTIONS_FILE}; "
                f"one of {', '.join(sorted(self.sets))}",
            )
            return None, ()
        if form.only is not None:
            unknown = [o for o in form.only if o not in options]
            if unknown:
                self.fail(
                    place, "only", f"not options of the set {form.options!r}: {listed(unknown)}"
                )
            options = tuple(o for o in options if o in form.only)
        return form.options, options

    def condition(self, place: str, form: QuestionForm) -> Condition | None:
        show_if = form.show_if
        assert show_if is not None
        if show_if.context is not None:
            return Condition("context", show_if.context, frozenset(show_if.values))
        name = str(show_if.question)
        source = self.questions.get(name)
        if source is None:
            later = name in self.all_ids and name != form.id
            self.fail(
                place,
                "show_if",
                f"refers to {name!r}, which is not an earlier question"
                + (" (it comes later)" if later else ""),
            )
            return None
        allowed: set[Any] | None = None
        if source.type in (QType.SINGLE, QType.MULTI) and source.option_set is not None:
            allowed = set(source.options)
        elif source.type is QType.YESNO:
            allowed = {True, False}
        if allowed is not None:
            unknown = [v for v in show_if.values if v not in allowed]
            if unknown:
                self.fail(
                    place,
                    "show_if",
                    f"not answers to {name!r}: {listed([_shown_value(v) for v in unknown])} "
                    f"(its answers: {listed(sorted(map(_shown_value, allowed)), 'or')})",
                )
        return Condition("question", name, frozenset(show_if.values))


def _shown_value(value: Any) -> str:
    """A value as written in YAML: true/false for a yes-or-no answer."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def load_questionnaire(path: Path, sets: Mapping[str, tuple[str, ...]]) -> Questionnaire:
    shown = _shown(path)
    raw = _load_yaml(path)
    try:
        form = QuestionnaireFile.model_validate(raw)
    except ValidationError as error:
        raise _error(shown, questionnaire_problems(error, raw)) from None
    checker = _Checker(form, sets)
    questions = checker.run()
    if checker.problems:
        raise _error(shown, checker.problems)
    return Questionnaire(form.id, questions, source=shown)


def translation_keys(question: Question) -> Iterable[str]:
    yield question.text_key
    if question.type is QType.SCALE:
        yield f"{question.text_key}-min"
        yield f"{question.text_key}-max"
    for option in question.options:
        yield question.option_key(option)


def _untranslated(questionnaire: Questionnaire, translations: Translations) -> list[Problem]:
    found: list[Problem] = []
    for number, question in enumerate(questionnaire.questions, start=1):
        option_keys = {question.option_key(o) for o in question.options}
        for key in translation_keys(question):
            missing = [
                locale for locale in translations.locales if key not in translations.keys(locale)
            ]
            if missing:
                field = "options" if key in option_keys else "text"
                found.append(
                    Problem(
                        f"{question_place(number, question.id)}, field {field!r}",
                        f"text {key!r} is missing in "
                        + listed([f"locales/{locale}/" for locale in missing]),
                    )
                )
    return found


def load_catalog(translations: Translations, directory: Path = QUESTIONNAIRES_DIR) -> Catalog:
    """Every questionnaire in `directory`, checked; texts must exist in every language.
    Raises one QuestionnaireError listing every problem of every file."""
    options_path = directory / OPTIONS_FILE
    if not options_path.exists():
        raise _error(f"questionnaires/{OPTIONS_FILE}", [Problem("", "is missing")])
    sets = _option_sets(options_path)
    questionnaires: dict[str, Questionnaire] = {}
    problems: list[str] = []
    for path in sorted(directory.glob("*.yaml")):
        if path.name == OPTIONS_FILE:
            continue
        try:
            questionnaire = load_questionnaire(path, sets)
        except QuestionnaireError as error:
            problems.extend(error.problems)
            continue
        other = questionnaires.get(questionnaire.id)
        if other is not None:
            twice = Problem("field 'id'", f"{questionnaire.id!r} is also the id of {other.source}")
            problems.extend(_lines(questionnaire.source, [twice]))
            continue
        questionnaires[questionnaire.id] = questionnaire
        problems.extend(_lines(questionnaire.source, _untranslated(questionnaire, translations)))
    needed = set(QUESTIONNAIRES.values()) - set(questionnaires)
    if needed and not problems:
        problems.append(
            f"questionnaires/: missing questionnaires: {', '.join(sorted(needed))} "
            "(each role and category needs its intake questionnaire)"
        )
    if problems:
        raise QuestionnaireError(*problems)
    return Catalog(questionnaires, sets)


__all__ = [
    "CAMPAIGN_SEPARATOR",
    "CONTEXT_NAMES",
    "OPTIONS_FILE",
    "QUESTIONNAIRES_DIR",
    "Catalog",
    "QuestionnaireError",
    "load_catalog",
    "load_questionnaire",
    "translation_keys",
]
