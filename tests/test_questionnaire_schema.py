"""The questionnaire files' schema (bot/questionnaires/schema.py, checked by loader.py): each
rule refuses a broken file with one readable line that names the file, the question and the
field; the shipped questionnaires load exactly as the hand-written checks loaded them."""

from __future__ import annotations

import json
import shutil
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from bot import cli
from bot.i18n import Translations
from bot.questionnaires.loader import (
    QUESTIONNAIRES_DIR,
    Catalog,
    QuestionnaireError,
    load_catalog,
    load_questionnaire,
)
from bot.questionnaires.model import Condition, QType, Question

BEFORE = Path(__file__).resolve().parent / "questionnaires_before_schema.json"
FILE = "questionnaires/intake_student.yaml"
# Words of pydantic's own that a curator reading `python -m bot check` should never see.
JARGON = (
    "pydantic",
    "http",
    "Input should",
    "Value error",
    "Question(",
    "TextQuestion",
    "ScaleQuestion",
    "ShowIf",
    "QuestionnaireFile",
    "discriminator",
    "union",
    "QType",
    "dict",
)


def questions(*items: str, head: str = "id: intake_student\n") -> str:
    """A questionnaire file: each item is one question in YAML's flow style."""
    return head + "questions:\n" + "".join(f"  - {item}\n" for item in items)


TOPICS_9 = (
    "{id: request_topics, type: multi, options: topics, min: 1, max: 10, only: [subjects, "
    "olympiads, projects, career, adaptation_school, digital, creativity, sport, leadership]}"
)

# (a broken file, the line that says what is wrong in it, without "questionnaires/<file>: ").
BROKEN: list[tuple[str, str]] = [
    # The file itself.
    ("- a\n- b\n", "must be a mapping with the fields id and questions (see README)"),
    ("", "must be a mapping with the fields id and questions (see README)"),
    ("id: intake_student\nquestions: [\n", "not valid YAML at line 3, column 1: expected the node"),
    ("id: intake_student\n", "field 'questions': is required"),
    ("id: intake_student\nquestions: []\n", "field 'questions': must not be empty"),
    ("id: intake_student\nquestions: {a: 1}\n", "field 'questions': must be a list"),
    (
        questions("{id: a, type: text}", head="id: Intake-Student\n"),
        "field 'id': 'Intake-Student' is not a short id: use a-z, 0-9 and _, a letter first, "
        "at most 24 characters",
    ),
    (
        questions("{id: a, type: text}", head="id: intake_student\ntitle: X\n"),
        "field 'title': unknown field",
    ),
    # A question: its id, its type, unknown fields.
    (
        "id: intake_student\nquestions:\n  - just words\n",
        "question 1 (no id): must be a mapping of fields (name: value)",
    ),
    (questions("{type: text}"), "question 1 (no id), field 'id': is required"),
    (
        questions("{id: Full_Name, type: text}"),
        "question 1 (Full_Name), field 'id': 'Full_Name' is not a short id: use a-z, 0-9 and _, "
        "a letter first, at most 24 characters",
    ),
    (
        questions("{id: a_very_long_question_id_x, type: text}"),  # 25 characters
        "question 1 (a_very_long_question_id_x), field 'id': 'a_very_long_question_id_x' is not a "
        "short id: use a-z, 0-9 and _, a letter first, at most 24 characters",
    ),
    (
        questions("{id: about, type: essay}"),
        "question 1 (about), field 'type': 'essay' is not a type; one of text, number, single, "
        "multi, scale, date, yesno, phone",
    ),
    (
        questions("{id: about}"),
        "question 1 (about), field 'type': is required: one of text, number, single, multi, "
        "scale, date, yesno, phone",
    ),
    (
        questions("{id: about, type: text, colour: red}"),
        "question 1 (about), field 'colour': unknown field; a text question has id, type, text, "
        "optional, show_if, min, max and format",
    ),
    (
        questions("{id: about, type: text, optional: maybe}"),
        "question 1 (about), field 'optional': must be true or false",
    ),
    (
        questions("{id: about, type: text, text: About you}"),
        "question 1 (about), field 'text': 'About you' is not a message id of locales/*/*.ftl, "
        "such as q-about",
    ),
    (
        questions("{id: grade, type: number}", "{id: grade, type: text}"),
        "question 2 (grade), field 'id': 'grade' is used twice: question 1 (grade) has it",
    ),
    (
        questions("{id: grade, type: number, format: grade}", "{id: grade_letter, type: text}"),
        "question 2 (grade_letter), field 'id': 'grade_letter' is used twice: question 1 "
        "(grade) keeps a class's letter as 'grade_letter'",
    ),
    (
        questions("{id: grade_letter, type: text}", "{id: grade, type: number, format: grade}"),
        "question 2 (grade), field 'format': 'grade_letter' is used twice: question 1 "
        "(grade_letter) has it",
    ),
    # `format` for each type.
    (
        questions("{id: born, type: date, format: grade}"),
        "question 1 (born), field 'format': a date question has no 'format' (only text and "
        "number questions have one)",
    ),
    (
        questions("{id: about, type: text, format: grade}"),
        "question 1 (about), field 'format': must be 'name'",
    ),
    (
        questions("{id: age, type: number, format: name}"),
        "question 1 (age), field 'format': must be 'grade'",
    ),
    # min and max.
    (
        questions("{id: about, type: text, min: few}"),
        "question 1 (about), field 'min': must be a whole number, 0 or more",
    ),
    (
        questions("{id: about, type: text, max: -1}"),
        "question 1 (about), field 'max': must be a whole number, 0 or more",
    ),
    (
        questions("{id: age, type: number, min: 1.5}"),
        "question 1 (age), field 'min': must be a whole number",
    ),
    (
        questions("{id: age, type: number, max: true}"),
        "question 1 (age), field 'max': must be a whole number",
    ),
    (
        questions("{id: age, type: number, min: 10, max: 5}"),
        "question 1 (age), field 'max': max (5) is less than min (10)",
    ),
    (
        questions("{id: phone, type: phone, max: 12}"),
        "question 1 (phone), field 'max': a phone question has no 'max' (only text, number, "
        "multi, scale and date questions have one)",
    ),
    # A scale is 1–5 or 1–10.
    (
        questions("{id: comfort, type: scale, min: 1, max: 7}"),
        "question 1 (comfort), field 'max': a scale is 1–5 or 1–10 (min: 1, max: 5 or 10)",
    ),
    (
        questions("{id: comfort, type: scale, min: 0, max: 10}"),
        "question 1 (comfort), field 'min': a scale is 1–5 or 1–10 (min: 1, max: 5 or 10)",
    ),
    (
        questions("{id: comfort, type: scale, min: 1}"),
        "question 1 (comfort), field 'max': is required",
    ),
    # Dates: 'today' or ISO.
    (
        questions("{id: start, type: date, min: tomorrow}"),
        "question 1 (start), field 'min': must be 'today' or a date like 2025-09-01",
    ),
    (
        questions("{id: start, type: date, min: 2026-09-01, max: 2026-05-20}"),
        "question 1 (start), field 'max': max (2026-05-20) is less than min (2026-09-01)",
    ),
    # Options: the set, `only`, a multiple choice's max.
    (
        questions("{id: format, type: single, options: formats}"),
        "question 1 (format), field 'options': 'formats' is not an option set of options.yaml; "
        "one of colours, format, slots, topics",
    ),
    (questions("{id: format, type: single}"), "question 1 (format), field 'options': is required"),
    (
        questions("{id: about, type: text, options: topics}"),
        "question 1 (about), field 'options': a text question has no 'options' (only single "
        "and multi questions have one)",
    ),
    (
        questions("{id: format, type: single, options: format, only: [offline, by_post]}"),
        "question 1 (format), field 'only': not options of the set 'format': by_post",
    ),
    (
        questions("{id: format, type: single, options: format, only: []}"),
        "question 1 (format), field 'only': must not be empty",
    ),
    (
        questions("{id: full_name, type: text}", "{id: grade, type: number}", TOPICS_9),
        "question 3 (request_topics), field 'max': max is more than the number of options (9)",
    ),
    # show_if.
    (
        questions(
            "{id: about, type: text, show_if: {question: format, equals: online}}",
            "{id: format, type: single, options: format}",
        ),
        "question 1 (about), field 'show_if': refers to 'format', which is not an earlier "
        "question (it comes later)",
    ),
    (
        questions("{id: about, type: text, show_if: {question: nowhere, equals: 1}}"),
        "question 1 (about), field 'show_if': refers to 'nowhere', which is not an earlier "
        "question",
    ),
    (
        questions(
            "{id: format, type: single, options: format}",
            "{id: city, type: text, show_if: {question: format, any_of: [offline, walk]}}",
        ),
        "question 2 (city), field 'show_if': not answers to 'format': walk (its answers: any, "
        "offline or online)",
    ),
    (
        questions(
            "{id: young, type: yesno}",
            "{id: since, type: number, show_if: {question: young, equals: maybe}}",
        ),
        "question 2 (since), field 'show_if': not answers to 'young': maybe (its answers: false "
        "or true)",
    ),
    (
        questions("{id: about, type: text, show_if: {context: mood, equals: happy}}"),
        "question 1 (about), field 'show_if.context': must be 'role', 'category' or 'age_group'",
    ),
    (
        questions("{id: about, type: text, show_if: {context: category, any_of: [wizard]}}"),
        "question 1 (about), field 'show_if': not a category: wizard (a category is "
        "college_student, employer, graduate, parent, senior_student, student or teacher)",
    ),
    (
        questions("{id: about, type: text, show_if: {equals: mentor}}"),
        "question 1 (about), field 'show_if': needs either 'question: ID' or 'context: NAME', "
        "one of them",
    ),
    (
        questions("{id: about, type: text, show_if: {context: role}}"),
        "question 1 (about), field 'show_if': needs either 'equals: X' or 'any_of: [X, Y]', one "
        "of them",
    ),
    (
        questions(
            "{id: about, type: text, show_if: {context: role, equals: mentor, any_of: [mentee]}}"
        ),
        "question 1 (about), field 'show_if': needs either 'equals: X' or 'any_of: [X, Y]', one "
        "of them",
    ),
    (
        questions("{id: about, type: text, show_if: {context: role, any_of: []}}"),
        "question 1 (about), field 'show_if.any_of': must not be empty",
    ),
    (
        questions("{id: about, type: text, show_if: {context: role, any_of: [[mentor]]}}"),
        "question 1 (about), field 'show_if.any_of', item 1: must be an option id, a number, or "
        "yes/no",
    ),
    (
        questions("{id: about, type: text, show_if: {context: role, equals: mentor, when: x}}"),
        "question 1 (about), field 'show_if.when': unknown field",
    ),
    (
        questions("{id: about, type: text, show_if: mentors}"),
        "question 1 (about), field 'show_if': must be a mapping of fields (name: value)",
    ),
    # Texts in every locale.
    (
        questions("{id: brand_new, type: text}"),
        "question 1 (brand_new), field 'text': text 'q-brand-new' is missing in locales/ru/ "
        "and locales/en/",
    ),
    (
        questions(
            "{id: comfort, type: scale, min: 1, max: 10, text: q-need-level}",
            "{id: colour, type: single, options: colours, text: q-format}",
        ),
        "question 2 (colour), field 'options': text 'opt-colours-red' is missing in "
        "locales/ru/ and locales/en/",
    ),
]


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    """A questionnaires/ folder with a copy of the real options.yaml and one extra set."""
    options = (QUESTIONNAIRES_DIR / "options.yaml").read_text(encoding="utf-8")
    (tmp_path / "options.yaml").write_text(options + "\ncolours: [red]\n", encoding="utf-8")
    return tmp_path


def refusal(directory: Path, translations: Translations) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        load_catalog(translations, directory)
    lines = str(caught.value).splitlines()
    assert lines == list(caught.value.problems)
    for line in lines:
        assert not any(word in line for word in JARGON), line
    return lines


@pytest.mark.parametrize(("body", "problem"), BROKEN, ids=[p[:60] for _, p in BROKEN])
def test_each_rule_names_the_file_the_question_and_the_field(
    directory: Path, translations: Translations, body: str, problem: str
) -> None:
    (directory / "intake_student.yaml").write_text(body, encoding="utf-8")
    lines = refusal(directory, translations)
    if problem.startswith("not valid YAML"):
        assert len(lines) == 1 and lines[0].startswith(f"{FILE}: {problem}")
    else:
        assert lines == [f"{FILE}: {problem}"]


def test_several_problems_are_listed_one_a_line(
    directory: Path, translations: Translations
) -> None:
    (directory / "intake_student.yaml").write_text(
        questions(
            "{id: full_name, type: text, min: 5, max: 3}",
            "{id: level, type: scale, min: 1, max: 7}",
            "{id: city, type: text, show_if: {question: nowhere, equals: x}}",
            "{id: format, type: single, options: formats}",
        ),
        encoding="utf-8",
    )
    (directory / "intake_teacher.yaml").write_text(
        questions("{id: about, type: essay}", head="id: intake_teacher\n"), encoding="utf-8"
    )
    assert refusal(directory, translations) == [
        # The schema's problems come all at once; the cross-checks' only when the schema holds.
        f"{FILE}: question 1 (full_name), field 'max': max (3) is less than min (5)",
        f"{FILE}: question 2 (level), field 'max': a scale is 1–5 or 1–10 (min: 1, max: 5 or 10)",
        "questionnaires/intake_teacher.yaml: question 1 (about), field 'type': 'essay' is not a "
        "type; one of text, number, single, multi, scale, date, yesno, phone",
    ]
    (directory / "intake_student.yaml").write_text(
        questions(
            "{id: city, type: text, show_if: {question: nowhere, equals: x}}",
            "{id: format, type: single, options: formats}",
        ),
        encoding="utf-8",
    )
    assert refusal(directory, translations) == [
        f"{FILE}: question 1 (city), field 'show_if': refers to 'nowhere', which is not an "
        "earlier question",
        f"{FILE}: question 2 (format), field 'options': 'formats' is not an option set of "
        "options.yaml; one of colours, format, slots, topics",
        "questionnaires/intake_teacher.yaml: question 1 (about), field 'type': 'essay' is not a "
        "type; one of text, number, single, multi, scale, date, yesno, phone",
    ]


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ("- topics\n", "must map option set names to lists of option ids"),
        ("topics: []\n", "option set 'topics': must not be empty"),
        ("topics: sport\n", "option set 'topics': must be a list"),
        ("topics: [sport, art, sport]\n", "option set 'topics': repeats sport"),
        (
            "topics: [sport, Art]\n",
            "option set 'topics', option 2: 'Art' is not a short id: use a-z, 0-9 and _, a "
            "letter first, at most 24 characters",
        ),
        (
            "Topics: [sport]\n",
            "option set 'Topics': 'Topics' is not a short id: use a-z, 0-9 and _, a letter "
            "first, at most 24 characters",
        ),
    ],
)
def test_the_options_file_is_checked(
    tmp_path: Path, translations: Translations, options: str, problem: str
) -> None:
    (tmp_path / "options.yaml").write_text(options, encoding="utf-8")
    assert refusal(tmp_path, translations) == [f"questionnaires/options.yaml: {problem}"]


def test_the_roles_questionnaires_must_all_be_there_and_ids_are_unique(
    directory: Path, translations: Translations
) -> None:
    assert refusal(directory, translations) == [
        "questionnaires/: missing questionnaires: intake_mentor, intake_student, intake_teacher "
        "(each role and category needs its intake questionnaire)"
    ]
    for name in ("intake_student.yaml", "intake_teacher.yaml", "intake_mentor.yaml"):
        shutil.copy(QUESTIONNAIRES_DIR / name, directory / name)
    shutil.copy(QUESTIONNAIRES_DIR / "intake_teacher.yaml", directory / "second.yaml")
    assert refusal(directory, translations) == [
        "questionnaires/second.yaml: field 'id': 'intake_teacher' is also the id of "
        "questionnaires/intake_teacher.yaml"
    ]
    (directory / "second.yaml").unlink()
    (directory / "options.yaml").unlink()
    assert refusal(directory, translations) == ["questionnaires/options.yaml: is missing"]


def test_a_survey_like_file_loads(directory: Path) -> None:
    """A campaign's questionnaire in the same form: 1–10 scales, open questions, `text:`."""
    path = directory / "survey_mentee.yaml"
    path.write_text(
        questions(
            "{id: comfort, type: scale, min: 1, max: 10, text: q-need-level}",
            "{id: progress, type: scale, min: 1, max: 5}",
            "{id: liked, type: text, optional: true, max: 1000}",
            "{id: again, type: yesno}",
            "{id: why_not, type: text, show_if: {question: again, equals: false}}",
            "{id: when, type: date, min: today, max: 2027-05-20}",
            "{id: slots, type: multi, options: slots, only: [weekend, weekday_day], max: 2}",
            head="id: survey_mentee\n",
        ),
        encoding="utf-8",
    )
    survey = load_questionnaire(path, {"slots": ("weekday_day", "weekday_evening", "weekend")})
    assert survey.id == "survey_mentee" and survey.source == "questionnaires/survey_mentee.yaml"
    comfort, progress, liked, _again, why_not, when, slots = survey.questions
    assert comfort == Question("comfort", QType.SCALE, "q-need-level", min=1, max=10)
    assert progress == Question("progress", QType.SCALE, "q-progress", min=1, max=5)
    assert liked == Question("liked", QType.TEXT, "q-liked", optional=True, max=1000)
    assert why_not.condition == Condition("question", "again", frozenset({False}))
    assert (when.min_date, when.max_date) == ("today", "2027-05-20")
    assert slots.options == ("weekday_day", "weekend") and slots.option_set == "slots"
    assert all(type(q.type) is QType for q in survey.questions)


def described(catalog: Catalog) -> dict[str, Any]:
    """The catalog as the snapshot in tests/ writes it (enum types kept by name)."""

    def question(q: Question) -> dict[str, Any]:
        condition = q.condition
        return {
            "id": q.id,
            "type": q.type.value if isinstance(q.type, QType) else f"not a QType: {q.type!r}",
            "text_key": q.text_key,
            "optional": q.optional,
            "min": q.min,
            "max": q.max,
            "option_set": q.option_set,
            "options": list(q.options),
            "min_date": q.min_date,
            "max_date": q.max_date,
            "condition": None
            if condition is None
            else [condition.source, condition.name, sorted(condition.values, key=str)],
            "format": None if q.format is None else f"{type(q.format).__name__}.{q.format.name}",
        }

    return {
        "option_sets": {name: list(options) for name, options in catalog.option_sets.items()},
        "questionnaires": {
            qid: {"source": q.source, "questions": [question(x) for x in q.questions]}
            for qid, q in catalog.questionnaires.items()
        },
    }


def test_the_real_questionnaires_load_as_before(translations: Translations) -> None:
    """tests/questionnaires_before_schema.json is what the hand-written checks (before
    the schema) made of the intake files; if you change an intake file on purpose, change
    that file with it."""
    before = json.loads(BEFORE.read_text(encoding="utf-8"))
    catalog = load_catalog(translations)
    now = described(catalog)
    assert now["option_sets"] == before["option_sets"]
    for questionnaire_id, expected in before["questionnaires"].items():
        assert now["questionnaires"][questionnaire_id] == expected, questionnaire_id
    in_campaign = catalog.get("intake_student@7")
    assert in_campaign.id == "intake_student@7"
    assert in_campaign.questions == catalog.get("intake_student").questions


def test_python_m_bot_check_prints_each_problem_and_fails(
    directory: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(QUESTIONNAIRES_DIR / "intake_mentor.yaml", directory / "intake_mentor.yaml")
    for name, old, new in (
        ("intake_student.yaml", "    min: 1\n    max: 3\n", "    min: 1\n    max: 10\n"),
        ("intake_teacher.yaml", "type: yesno", "type: yes_no"),
    ):
        text = (QUESTIONNAIRES_DIR / name).read_text(encoding="utf-8")
        assert text.count(old) == 1, name
        (directory / name).write_text(text.replace(old, new), encoding="utf-8")
    # `python -m bot check` is `bot.cli.main()`; run in this process (a new one spends half a
    # minute importing aiogram), its questionnaires read from `directory`.
    monkeypatch.setenv("BOT_TOKEN", "1:abc")
    monkeypatch.chdir(directory)  # no developer's .env
    monkeypatch.setattr(cli, "_configure_logging", lambda level, log_format: None)
    monkeypatch.setattr(cli, "load_catalog", partial(load_catalog, directory=directory))
    with pytest.raises(SystemExit) as stopped:
        cli.main(["check"])
    assert stopped.value.code == 1
    out, err = capsys.readouterr()
    assert "OK" not in out
    assert err.splitlines() == [
        f"{FILE}: question 3 (request_topics), field 'max': max is more than the number of "
        "options (9)",
        "questionnaires/intake_teacher.yaml: question 4 (young_specialist), field 'type': "
        "'yes_no' is not a type; one of text, number, single, multi, scale, date, yesno, phone",
    ]
