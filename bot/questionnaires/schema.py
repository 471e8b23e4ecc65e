"""The form of a questionnaire file and of options.yaml, as pydantic models.

Each question type is its own model (a tagged union on `type`), so that a field a type does
not have is refused, and each field is checked on its own: ids, limits, a scale's range, a
format, a `show_if`. What needs more than one question or the option sets (an earlier question
in `show_if`, an option set's name, `only`, ids used twice, the translations) is checked by
loader.py, which turns these models into the dataclasses of model.py.

`problems` turns pydantic's ValidationError into one readable line per problem: where (the
question's number and id, the field) and what is wrong, with no pydantic jargon.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    RootModel,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from bot.domain.roles import AgeGroup, Category, Role
from bot.questionnaires.model import NumberFormat, QType, TextFormat

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,23}$")
TEXT_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")
CONTEXT_NAMES: dict[str, set[str]] = {
    "role": {r.value for r in Role},
    "category": {c.value for c in Category},
    "age_group": {a.value for a in AgeGroup},
}


def listed(items: list[str], last: str = "and") -> str:
    """«text, number and date»."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def _problem(message: str) -> PydanticCustomError:
    # The message goes in as a value, so that braces in it are not read as a template.
    return PydanticCustomError("questionnaire", "{problem}", {"problem": message})


def _explained(message: str) -> WrapValidator:
    """Whatever pydantic finds wrong with the value, say `message` instead."""

    def validate(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(value)
        except ValidationError:
            raise _problem(message) from None

    return WrapValidator(validate)


def _short_id(value: Any) -> str:
    if isinstance(value, str) and ID_PATTERN.match(value):
        return value
    raise _problem(
        f"{value!r} is not a short id: use a-z, 0-9 and _, a letter first, at most 24 characters"
    )


def _text_key(value: Any) -> str:
    if isinstance(value, str) and TEXT_KEY_PATTERN.match(value):
        return value
    raise _problem(f"{value!r} is not a message id of locales/*/*.ftl, such as q-about")


def _date_limit(value: Any) -> date | Literal["today"]:
    """A date question's `min`/`max`: `today`, or a date (YAML reads 2025-09-01 as one)."""
    if value == "today":
        return "today"
    if type(value) is date:
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _problem("must be 'today' or a date like 2025-09-01")


def _one_of(*allowed: int) -> Callable[[int], int]:
    def check(value: int) -> int:
        if value not in allowed:
            raise _problem("not allowed")  # replaced by the field's own explanation
        return value

    return check


def _no_repeats(options: list[str]) -> list[str]:
    repeated = sorted({o for o in options if options.count(o) > 1})
    if repeated:
        raise _problem(f"repeats {', '.join(repeated)}")
    return options


ShortId = Annotated[str, PlainValidator(_short_id)]
TextKey = Annotated[str, PlainValidator(_text_key)]
Flag = Annotated[StrictBool, _explained("must be true or false")]
WholeNumber = Annotated[StrictInt, _explained("must be a whole number")]
Count = Annotated[StrictInt, Field(ge=0), _explained("must be a whole number, 0 or more")]
DateLimit = Annotated[date | Literal["today"], PlainValidator(_date_limit)]
_SCALE = "a scale is 1–5 or 1–10 (min: 1, max: 5 or 10)"
ScaleMin = Annotated[StrictInt, AfterValidator(_one_of(1)), _explained(_SCALE)]
ScaleMax = Annotated[StrictInt, AfterValidator(_one_of(5, 10)), _explained(_SCALE)]
ConditionValue = Annotated[
    StrictBool | StrictInt | StrictStr,
    _explained("must be an option id, a number, or yes/no"),
]


def _formats(kind: type[TextFormat] | type[NumberFormat]) -> str:
    return listed([repr(f.value) for f in kind], "or")


class _Form(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ShowIf(_Form):
    """`show_if`: ask a question only when an earlier answer (`question: ID`) or the person's
    role, category or age group (`context: NAME`) `equals: X` or is `any_of: [X, Y]`."""

    question: ShortId | None = None
    context: Literal["role", "category", "age_group"] | None = None
    equals: ConditionValue | None = None
    any_of: list[ConditionValue] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if (self.question is None) == (self.context is None):
            raise _problem("needs either 'question: ID' or 'context: NAME', one of them")
        if (self.equals is None) == (self.any_of is None):
            raise _problem("needs either 'equals: X' or 'any_of: [X, Y]', one of them")
        if self.context is not None:
            allowed = CONTEXT_NAMES[self.context]
            unknown = [v for v in self.values if v not in allowed]
            if unknown:
                name = self.context.replace("_", " ")
                article = "an" if name[0] in "aeiou" else "a"
                raise _problem(
                    f"not {article} {name}: {listed([str(v) for v in unknown])} "
                    f"({article} {name} is {listed(sorted(allowed), 'or')})"
                )
        return self

    @property
    def values(self) -> tuple[bool | int | str, ...]:
        if self.any_of is not None:
            return tuple(self.any_of)
        return () if self.equals is None else (self.equals,)


class _Question(_Form):
    id: ShortId
    text: TextKey | None = None
    """The question's message id; `q-<id>` (underscores as hyphens) if not given."""
    optional: Flag = False
    show_if: ShowIf | None = None


class _Range(_Form):
    """min ≤ max, when both are given (the type's own fields, checked after them)."""

    @field_validator("max", check_fields=False)
    @classmethod
    def _max_not_below_min(cls, high: Any, info: ValidationInfo) -> Any:
        low = info.data.get("min")
        if low is None or high is None or isinstance(low, str) or isinstance(high, str):
            return high
        if high < low:
            raise _problem(f"max ({high}) is less than min ({low})")
        return high


class TextQuestion(_Question, _Range):
    type: Literal[QType.TEXT]
    min: Count | None = None
    max: Count | None = None
    format: Annotated[TextFormat, _explained(f"must be {_formats(TextFormat)}")] | None = None


class NumberQuestion(_Question, _Range):
    type: Literal[QType.NUMBER]
    min: WholeNumber | None = None
    max: WholeNumber | None = None
    format: Annotated[NumberFormat, _explained(f"must be {_formats(NumberFormat)}")] | None = None


class SingleQuestion(_Question):
    type: Literal[QType.SINGLE]
    options: ShortId
    """The name of an option set in options.yaml."""
    only: list[ShortId] | None = Field(default=None, min_length=1)
    """A part of the set, in the set's order."""


class MultiQuestion(_Question, _Range):
    type: Literal[QType.MULTI]
    options: ShortId
    only: list[ShortId] | None = Field(default=None, min_length=1)
    min: Count | None = None
    max: Count | None = None


class ScaleQuestion(_Question):
    type: Literal[QType.SCALE]
    min: ScaleMin
    max: ScaleMax


class DateQuestion(_Question, _Range):
    type: Literal[QType.DATE]
    min: DateLimit | None = None
    max: DateLimit | None = None


class YesNoQuestion(_Question):
    type: Literal[QType.YESNO]


class PhoneQuestion(_Question):
    type: Literal[QType.PHONE]


QuestionForm = Annotated[
    TextQuestion
    | NumberQuestion
    | SingleQuestion
    | MultiQuestion
    | ScaleQuestion
    | DateQuestion
    | YesNoQuestion
    | PhoneQuestion,
    Field(discriminator="type"),
]
QUESTION_FORMS: dict[QType, type[_Question]] = {
    QType.TEXT: TextQuestion,
    QType.NUMBER: NumberQuestion,
    QType.SINGLE: SingleQuestion,
    QType.MULTI: MultiQuestion,
    QType.SCALE: ScaleQuestion,
    QType.DATE: DateQuestion,
    QType.YESNO: YesNoQuestion,
    QType.PHONE: PhoneQuestion,
}


class QuestionnaireFile(_Form):
    """A file `questionnaires/<id>.yaml`: its id and its questions, in the order asked."""

    id: ShortId
    questions: list[QuestionForm] = Field(min_length=1)


OptionSet = Annotated[list[ShortId], Field(min_length=1), AfterValidator(_no_repeats)]


class OptionsFile(RootModel[dict[ShortId, OptionSet]]):
    """`questionnaires/options.yaml`: option set names, each with its list of option ids."""


# Turning pydantic's errors into lines a curator can read.

_FILE_FIELDS = " and ".join(QuestionnaireFile.model_fields)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: `where` (a question, a field; empty for the whole file)."""

    where: str
    message: str


def question_place(number: int, question_id: Any) -> str:
    """«question 3 (request_topics)»: its number in the file and its id as written."""
    shown = question_id if isinstance(question_id, str | int) and question_id != "" else "no id"
    return f"question {number} ({shown})"


def _field_place(path: tuple[str | int, ...]) -> str:
    names = [str(p) for p in path if isinstance(p, str)]
    items = [p for p in path if isinstance(p, int)]
    place = f"field '{'.'.join(names)}'" if names else ""
    if items:
        place += f"{', ' if place else ''}item {items[-1] + 1}"
    return place


def _types_with(field: str) -> list[str]:
    return [t.value for t, form in QUESTION_FORMS.items() if field in form.model_fields]


def fields_of(qtype: QType) -> list[str]:
    fields = list(QUESTION_FORMS[qtype].model_fields)
    return ["id", "type", *(f for f in fields if f not in ("id", "type"))]


def _message(kind: str, error: Any, field: str, qtype: str | None) -> str:
    types = ", ".join(t.value for t in QType)
    match kind:
        case "questionnaire":
            return str(error["ctx"]["problem"])
        case "missing":
            return "is required"
        case "union_tag_invalid":
            return f"{error['ctx']['tag']!r} is not a type; one of {types}"
        case "union_tag_not_found":
            return f"is required: one of {types}"
        case "extra_forbidden" if qtype is not None:
            having = _types_with(field)
            if having:
                return (
                    f"a {qtype} question has no {field!r} "
                    f"(only {listed(having)} questions have one)"
                )
            return f"unknown field; a {qtype} question has {listed(fields_of(QType(qtype)))}"
        case "extra_forbidden":
            return "unknown field"
        case "model_type" | "model_attributes_type" | "dict_type":
            return "must be a mapping of fields (name: value)"
        case "list_type":
            return "must be a list"
        case "too_short":
            return "must not be empty"
        case "literal_error" | "enum":
            return f"must be {error['ctx']['expected']}"
        case _:
            return str(error["msg"])


def questionnaire_problems(error: ValidationError, raw: Any) -> list[Problem]:
    """Each error of `QuestionnaireFile.model_validate(raw)` as a readable problem."""
    found: list[Problem] = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        kind = str(item["type"])
        if not loc:
            found.append(
                Problem("", f"must be a mapping with the fields {_FILE_FIELDS} (see README)")
            )
            continue
        if loc[0] != "questions" or len(loc) < 2 or not isinstance(loc[1], int):
            found.append(Problem(_field_place(loc), _message(kind, item, str(loc[-1]), None)))
            continue
        number = loc[1] + 1
        questions = raw.get("questions") if isinstance(raw, dict) else None
        question = questions[loc[1]] if isinstance(questions, list) else None
        question_id = question.get("id") if isinstance(question, dict) else None
        place = question_place(number, question_id)
        if kind in ("union_tag_invalid", "union_tag_not_found"):
            found.append(Problem(f"{place}, field 'type'", _message(kind, item, "type", None)))
            continue
        if len(loc) < 4:  # the question itself is not a mapping
            found.append(Problem(place, _message(kind, item, "", None)))
            continue
        qtype, path = str(loc[2]), loc[3:]
        field = _field_place(path)
        message = _message(kind, item, str(path[0]), qtype if len(path) == 1 else None)
        found.append(Problem(f"{place}, {field}", message))
    return found


def options_problems(error: ValidationError) -> list[Problem]:
    """Each error of `OptionsFile.model_validate(raw)` as a readable problem."""
    found: list[Problem] = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        kind = str(item["type"])
        if not loc:
            found.append(Problem("", "must map option set names to lists of option ids"))
        elif len(loc) > 1 and loc[1] == "[key]":
            found.append(Problem(f"option set {loc[0]!r}", _message(kind, item, "", None)))
        elif len(loc) > 1 and isinstance(loc[1], int):
            found.append(
                Problem(
                    f"option set {loc[0]!r}, option {loc[1] + 1}", _message(kind, item, "", None)
                )
            )
        else:
            found.append(Problem(f"option set {loc[0]!r}", _message(kind, item, "", None)))
    return found
