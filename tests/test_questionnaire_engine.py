"""The questionnaire engine and loader, with no Telegram: answers, conditions, files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.i18n import Translations
from bot.questionnaires import engine
from bot.questionnaires.engine import SUMMARY, Invalid, Valid
from bot.questionnaires.loader import Catalog, QuestionnaireError, load_catalog
from bot.questionnaires.model import Condition, QType, Question, Questionnaire, TextFormat

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(Translations.load())


def q(qtype: QType, **kwargs: object) -> Question:
    return Question(id="x", type=qtype, text_key="q-x", **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Иванов\x00 Иван\u202e  ", Valid("Иванов Иван")),
        ("😀 🎉", Invalid("qerr-text-words")),
        ("Ян", Invalid("qerr-text-short", {"min": 3})),
        ("<b>Ок</b> & </a>", Valid("<b>Ок</b> & </a>")),
    ],
)
def test_text(raw: str, expected: object) -> None:
    assert engine.check_typed(q(QType.TEXT, min=3, max=50), raw, TODAY) == expected


def test_text_limit_applies_whatever_the_file_says() -> None:
    checked = engine.check_typed(q(QType.TEXT, max=10**6), "a" * 5000, TODAY)
    assert checked == Invalid("qerr-text-long", {"max": engine.TEXT_LIMIT, "length": 5000})


def name_question(**kwargs: object) -> Question:
    return q(QType.TEXT, format=TextFormat.NAME, **kwargs)


@pytest.mark.parametrize(
    "raw",
    [
        "15.12.2026",
        "+79161234567",
        "a",
        "--",
        "Анна 2",
        "😀 Анна",
        "ivan@mail.ru",
        "Анна\x00 Мария",  # a control character
        "Иванов И.И.",
        "ʼʼ",  # apostrophes are not letters, whatever Unicode says of ʼ
        "\u0301Анна",  # a combining mark on nothing
    ],
)
def test_a_name_is_letters(raw: str) -> None:
    assert engine.check_typed(name_question(min=3, max=100), raw, TODAY) == Invalid("qerr-name")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Анна-Мария Д'Арк", "Анна-Мария Д'Арк"),
        ("Иванова Ольга Петровна", "Иванова Ольга Петровна"),
        ("O’Brien", "O’Brien"),
        ("Zöe", "Zöe"),
        ("Гүлназ", "Гүлназ"),
        ("  Пётр   Ильич  ", "Пётр Ильич"),
        ("Иванова\nОльга", "Иванова Ольга"),
        ("Андреи\u0306", "Андрей"),  # Й typed as И + a combining breve: one letter after NFC
        ("Ана\u0301стасия", "Ана\u0301стасия"),  # a stress mark NFC cannot join
        ("Салих Гали\u2010улла", "Салих Гали\u2010улла"),
        ("Анна\u200b", "Анна"),  # invisible characters are dropped, as in any text
        ("अनिल कुमार", "अनिल कुमार"),
    ],
)
def test_names_in_any_script_are_taken(raw: str, expected: str) -> None:
    assert engine.check_typed(name_question(min=3, max=100), raw, TODAY) == Valid(expected)


def test_a_name_keeps_its_length_limits() -> None:
    assert engine.check_typed(name_question(min=3), "Ян", TODAY) == Invalid(
        "qerr-text-short", {"min": 3}
    )
    assert engine.check_typed(name_question(max=10), "Анна  Мария Петрова", TODAY) == Invalid(
        "qerr-text-long", {"max": 10, "length": 18}
    )
    # A plain text question still takes what a name question refuses.
    assert engine.check_typed(q(QType.TEXT, min=3), "15.12.2026", TODAY) == Valid("15.12.2026")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7", Valid(7)),
        (" 1 1 ", Valid(11)),
        ("12", Invalid("qerr-number", {"min": 1, "max": 11})),
        ("седьмой", Invalid("qerr-number", {"min": 1, "max": 11})),
        ("9" * 30, Invalid("qerr-number", {"min": 1, "max": 11})),
    ],
)
def test_number(raw: str, expected: object) -> None:
    assert engine.check_typed(q(QType.NUMBER, min=1, max=11), raw, TODAY) == expected


def test_date() -> None:
    question = q(QType.DATE, min_date="today")
    assert engine.check_typed(question, "01.09.2027", TODAY) == Valid("2027-09-01")
    assert engine.check_typed(question, "2027-09-01", TODAY) == Valid("2027-09-01")
    assert engine.check_typed(question, "31.02.2027", TODAY) == Invalid("qerr-date")
    past = engine.check_typed(question, "01.09.2020", TODAY)
    assert isinstance(past, Invalid) and past.key == "qerr-date-range"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+7 (916) 123-45-67", Valid("+79161234567")),
        ("89161234567", Valid("+79161234567")),
        ("123", Invalid("qerr-phone")),
        ("звоните маме", Invalid("qerr-phone")),
    ],
)
def test_phone(raw: str, expected: object) -> None:
    assert engine.check_phone(raw) == expected


def test_buttons_are_checked_on_the_server() -> None:
    single = Question("f", QType.SINGLE, "q-f", option_set="format", options=("a", "b"))
    assert engine.check_choice(single, "a") == Valid("a")
    assert engine.check_choice(single, "zzz") == Invalid("qerr-use-buttons")
    scale = q(QType.SCALE, min=1, max=5)
    assert engine.check_choice(scale, "5") == Valid(5)
    assert engine.check_choice(scale, "6") == Invalid("qerr-use-buttons")
    assert engine.check_choice(q(QType.YESNO), "no") == Valid(False)
    multi = Question("m", QType.MULTI, "q-m", min=1, max=2, option_set="s", options=("a", "b", "c"))
    assert engine.check_multi(multi, ["c", "a", "forged"]) == Valid(["a", "c"])
    assert engine.check_multi(multi, []) == Invalid("qerr-multi-min", {"min": 1})
    assert engine.check_multi(multi, ["a", "b", "c"]) == Invalid("qerr-multi-max", {"max": 2})


def test_conditions_steps_and_progress() -> None:
    topics = Question("t", QType.MULTI, "q-t", option_set="s", options=("a", "b"))
    detail = Question(
        "d", QType.TEXT, "q-d", condition=Condition("question", "t", frozenset({"a"}))
    )
    teacher = Question(
        "p", QType.TEXT, "q-p", condition=Condition("context", "category", frozenset({"teacher"}))
    )
    last = Question("l", QType.TEXT, "q-l", optional=True)
    questionnaire = Questionnaire("demo", (topics, detail, teacher, last))
    context = {"category": "student"}
    assert engine.first_step(questionnaire, {}, context) == "t"
    assert engine.step_after(questionnaire, "t", {"t": ["b"]}, context) == "l"
    assert engine.step_after(questionnaire, "t", {"t": ["a"]}, context) == "d"
    assert engine.step_after(questionnaire, "l", {"t": ["a"]}, context) == SUMMARY
    assert engine.progress(questionnaire, "d", {"t": ["a"]}, context) == (2, 3)
    assert engine.progress(questionnaire, "d", {"t": ["a"]}, {"category": "teacher"}) == (2, 4)
    kept = engine.kept_answers(questionnaire, {"t": ["b"], "d": "stale", "l": None}, context)
    assert kept == {"t": ["b"], "l": None}
    assert [m.id for m in engine.missing_required(questionnaire, {"t": ["a"]}, context)] == ["d"]


def test_the_shipped_questionnaires_load(catalog: Catalog) -> None:
    intake = {"intake_student", "intake_teacher", "intake_mentor"}
    assert intake <= set(catalog.questionnaires)  # and the campaigns' surveys
    mentor = catalog.get("intake_mentor")
    shown = engine.visible(mentor, {}, {"category": "college_student"})
    assert "study_place" in [question.id for question in shown]
    assert "grade" not in [question.id for question in shown]
    for questionnaire in map(catalog.get, intake):
        topics = [q for q in questionnaire.questions if q.option_set == "topics"]
        assert topics, "matching needs the shared list of topics"
    student_topics = catalog.get("intake_student").question("request_topics")
    assert student_topics is not None
    assert "methodology" not in student_topics.options
    assert set(student_topics.options) <= set(catalog.option_sets["topics"])
    for questionnaire in map(catalog.get, intake):
        full_name = questionnaire.question("full_name")
        assert full_name is not None and full_name.format is TextFormat.NAME, questionnaire.id


def write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "id: intake_student\nquestions:\n  - {id: a, type: essay}\n",
            "questionnaires/intake_student.yaml: question 1 (a), field 'type': "
            "'essay' is not a type",
        ),
        (
            "id: intake_student\nquestions:\n  - {id: a, type: single, options: nope}\n",
            "question 1 (a), field 'options': 'nope' is not an option set of options.yaml",
        ),
        (
            "id: intake_student\nquestions:\n  - {id: a, type: text, show_if: {question: z, "
            "equals: 1}}\n",
            "question 1 (a), field 'show_if': refers to 'z'",
        ),
        (
            "id: intake_student\nquestions:\n  - {id: brand_new, type: text}\n",
            "question 1 (brand_new), field 'text': text 'q-brand-new' is missing in locales/ru/",
        ),
        ("id: intake_student\nquestions: [\n", "intake_student.yaml: not valid YAML at line 3"),
        (
            "id: intake_student\nquestions:\n"
            "  - {id: a, type: multi, options: format, only: [z]}\n",
            "question 1 (a), field 'only': not options of the set 'format': z",
        ),
        (
            "id: intake_student\nquestions:\n  - {id: a, type: scale, min: 1, max: 7}\n",
            "field 'max': a scale is 1–5 or 1–10",
        ),
        (
            "id: intake_student\nquestions:\n  - {id: a, type: number, format: name}\n",
            "question 1 (a), field 'format': must be 'grade'",
        ),
        (
            "id: intake_student\nquestions:\n  - {id: a, type: date, format: grade}\n",
            "question 1 (a), field 'format': a date question has no 'format' "
            "(only text and number questions have one)",
        ),
        (
            "id: intake_student\nquestions:\n  - {id: a, type: number, format: grade}\n"
            "  - {id: a_letter, type: text}\n",
            "question 2 (a_letter), field 'id': 'a_letter' is used twice: "
            "question 1 (a) keeps a class's letter as 'a_letter'",
        ),
        (
            "id: intake_student\nquestions:\n  - {id: a, type: text, format: surname}\n",
            "question 1 (a), field 'format': must be 'name'",
        ),
    ],
)
def test_broken_files_name_the_file_and_the_question(
    tmp_path: Path, catalog: Catalog, body: str, message: str
) -> None:
    write(tmp_path, "options.yaml", "format: [a, b]\n")
    write(tmp_path, "intake_student.yaml", body)
    with pytest.raises(QuestionnaireError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_catalog(Translations.load(), tmp_path)
