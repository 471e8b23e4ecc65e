"""Translations: both languages complete, Russian plurals right, arguments escaped."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fluent.syntax import FluentParser, FluentSerializer, ast
from fluent.syntax.visitor import Visitor

from bot.i18n import LOCALES_DIR, Markup, TranslationError, Translations, nest_quotes
from bot.questionnaires import engine
from bot.questionnaires.loader import load_catalog


def test_every_key_and_placeholder_exists_in_both_languages(translations: Translations) -> None:
    assert translations.parity_problems() == []
    assert translations.keys("ru") == translations.keys("en")


def test_parity_check_names_what_is_missing(tmp_path: Path) -> None:
    for locale, body in {
        "ru": "hello = Привет, { $name }\nonly-ru = Только тут\n",
        "en": "hello = Hello, { $user }\n",
    }.items():
        (tmp_path / locale).mkdir()
        (tmp_path / locale / "main.ftl").write_text(body, encoding="utf-8")
    problems = Translations.load(tmp_path).parity_problems()
    assert any("only-ru" in p and "locales/en/" in p for p in problems)
    assert any("'hello'" in p and "name" in p and "user" in p for p in problems)


def test_broken_file_is_named_with_its_line(tmp_path: Path) -> None:
    for locale in ("ru", "en"):
        (tmp_path / locale).mkdir()
        (tmp_path / locale / "main.ftl").write_text("ok = fine\nbroken = { $x\n", "utf-8")
    with pytest.raises(TranslationError, match=r"locales/ru/main.ftl:2"):
        Translations.load(tmp_path)


def test_command_descriptions_fit_telegram(translations: Translations) -> None:
    for locale in translations.locales:
        for key in translations.keys(locale):
            if key.startswith("cmd-"):
                assert 1 <= len(translations.get(locale).plain(key)) <= 256


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 человек"),
        (2, "2 человека"),
        (4, "4 человека"),
        (5, "5 человек"),
        (11, "11 человек"),
        (21, "21 человек"),
        (22, "22 человека"),
        (111, "111 человек"),
    ],
)
def test_russian_plurals(translations: Translations, count: int, expected: str) -> None:
    text = translations.get("ru")("curator-people", people=count, blocked=0)
    assert f"В боте {expected}," in text


def test_english_plurals(translations: Translations) -> None:
    en = translations.get("en")
    assert en("curator-people", people=1, blocked=0).startswith("1 person uses")
    assert en("curator-people", people=3, blocked=0).startswith("3 people use")


def test_string_arguments_are_escaped_unless_markup(translations: Translations) -> None:
    ru = translations.get("ru")
    text = ru("menu-greeting", name="<b>Петя</b> & Co", org=Markup("<i>школа</i>"))
    assert "&lt;b&gt;Петя&lt;/b&gt; &amp; Co" in text
    assert "<i>школа</i>" in text
    assert ru.plain("fallback-command", command="/<x>") == (
        "Я не знаю команды /<x>. Список команд — /help."
    )


def test_missing_key_gives_the_key_not_a_crash(translations: Translations) -> None:
    assert translations.get("ru")("no-such-key") == "no-such-key"


def test_language_codes_resolve(translations: Translations) -> None:
    assert translations.resolve("en") == "en"
    assert translations.resolve("en-US") == "en"
    assert translations.resolve("ru") == "ru"
    assert translations.resolve("uk") == "ru"
    assert translations.resolve(None) == "ru"
    assert Translations.load(LOCALES_DIR, default_locale="en").resolve("de") == "en"


def test_limits_of_a_typed_number_are_not_grouped_but_counts_are(
    translations: Translations,
) -> None:
    year = load_catalog(translations).get("intake_mentor").question("graduation_year")
    assert year is not None
    refused = engine.check_typed(year, "1900", date(2026, 9, 1))
    assert isinstance(refused, engine.Invalid)
    ru, en = translations.get("ru"), translations.get("en")
    assert ru(refused.key, **refused.args) == "Нужно число от 1950 до 2030."
    assert en(refused.key, **refused.args) == "A number from 1950 to 2030, please."
    # A count is a quantity and keeps the grouping of its language.
    found = ru("participants-found", count=1500, query="Иван")
    assert "найдено 1\xa0500 участников" in found
    assert "1,500 participants found" in en("participants-found", count=1500, query="Ivan")


# Russian that reads naturally (issue 12): what must not come back.


def _messages(locale: str) -> dict[str, ast.Message]:
    found = {}
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        for entry in FluentParser().parse(path.read_text(encoding="utf-8")).body:
            if isinstance(entry, ast.Message):
                found[entry.id.name] = entry
    return found


def _source(message: ast.Message) -> str:
    return FluentSerializer().serialize_entry(message)


# The legal text of the consent is versioned (consent-version): a change of its words asks
# everyone again, so it keeps its legal terms.
LEGAL = {"consent-text"}
NAMES = r"partner|partners|mentor|mentee|name|child|asker|who|by|org|parent"
UNNATURAL = {
    "a gender written as «(а)»": r"\((?:а|на|ла|ы|ая|ой)\)",
    "«согласен», which has a gender": r"(?i)\bсоглас(?:ен|на)\b",
    "«вторая сторона»": r"(?i)\bвтор\w+ сторон|\bоб(?:е|еими) сторон",
    "a name after a preposition that needs another case": (
        r"(?i)(?<![\w-])(?:с|со|для|у|от|к|ко|о|об|про|по|за|при|без|вместе с|наставником для:?)"
        rf"\s+(?:<b>)?\{{\s*\$(?:{NAMES})\s*\}}"
    ),
    "the school's name wrapped as the programme's": r"программ\w*[^.\n{]*[«“\"](?:<b>)?\{\s*\$org",
}
OFFICIAL = {"«запрос»": r"(?i)\bзапрос", "«компетенции»": r"(?i)компетенц"}


@pytest.mark.parametrize(("what", "pattern"), [*UNNATURAL.items(), *OFFICIAL.items()])
def test_no_russian_message_says_what_reads_unnaturally(what: str, pattern: str) -> None:
    found = [
        key
        for key, message in _messages("ru").items()
        if key not in LEGAL and re.search(pattern, _source(message).split("=", 1)[1])
    ]
    assert found == [], f"{what}: {found}"


def test_the_rules_catch_what_they_are_meant_to() -> None:
    def caught(text: str) -> list[str]:
        return [what for what, pattern in UNNATURAL.items() if re.search(pattern, text)]

    assert caught("✅ Согласен(на)") == [
        "a gender written as «(а)»",
        "«согласен», which has a gender",
    ]
    assert caught("Ждём ответа второй стороны.") == ["«вторая сторона»"]
    assert caught("вы работаете вместе с { $partner }") == [
        "a name after a preposition that needs another case"
    ]
    assert caught("куратором программы «<b>{ $org }</b>»") == [
        "the school's name wrapped as the programme's"
    ]
    assert caught("В паре с вами — { $partner }. Программу проводит { $org }.") == []


class _Selects(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[set[str], str]] = []

    def visit_SelectExpression(self, node: ast.SelectExpression) -> None:
        keys = {
            v.key.name if isinstance(v.key, ast.Identifier) else v.key.value for v in node.variants
        }
        default = next(v.key for v in node.variants if v.default)
        name = default.name if isinstance(default, ast.Identifier) else default.value
        self.found.append((keys, name))
        self.generic_visit(node)


def test_russian_plurals_have_every_form_and_other_for_fractions() -> None:
    """A number meets a noun through one/few/many, or through one/other where few and many
    read alike («1 наставляемого», «2 наставляемых»); the default is always `other`, which
    fractions take («1,5 года»)."""
    wrong = []
    for key, message in _messages("ru").items():
        selects = _Selects()
        selects.visit(message)
        for keys, default in selects.found:
            if "one" not in keys:
                continue
            forms = keys & {"one", "few", "many"}
            if default != "other" or forms not in ({"one"}, {"one", "few", "many"}):
                wrong.append(f"{key}: {sorted(keys)} default {default}")
    assert wrong == []


COUNTED = (
    r"мес\.|месяц|пар[аыу]?\b|участник|наставник|наставляем|человек|дн[яей]|день|лет\b|год|"
    r"символ|вариант|мест[оа]?\b|родител|раз\b|минут|час"
)


class _Counted(Visitor):
    """A variable followed by a noun outside the variants of a select on that variable."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.selected: list[str] = []

    def visit_SelectExpression(self, node: ast.SelectExpression) -> None:
        name = node.selector.id.name if isinstance(node.selector, ast.VariableReference) else ""
        self.selected.append(name)
        self.generic_visit(node)
        self.selected.pop()

    def visit_Pattern(self, node: ast.Pattern) -> None:
        for before, after in zip(node.elements, node.elements[1:], strict=False):
            if (
                isinstance(before, ast.Placeable)
                and isinstance(before.expression, ast.VariableReference)
                and isinstance(after, ast.TextElement)
                and before.expression.id.name not in self.selected
                and re.match(rf"\s+(?:{COUNTED})", after.value)
            ):
                self.found.append(f"{{ ${before.expression.id.name} }}{after.value[:12]}")
        self.generic_visit(node)


def test_a_number_meets_a_noun_only_through_plural_forms() -> None:
    wrong = []
    for key, message in _messages("ru").items():
        counted = _Counted()
        counted.visit(message)
        wrong += [f"{key}: {found}" for found in counted.found]
    assert wrong == []


def test_text_inside_quotes_has_its_own_quotes_nested(translations: Translations) -> None:
    ru, en = translations.get("ru"), translations.get("en")
    title = 'Встреча «Старт» и "Финиш"'
    assert "«Встреча „Старт“ и „Финиш“»" in ru("checkin-done", title=title)
    assert "“Встреча ‘Старт’ и ‘Финиш’”" in en("checkin-done", title=title)
    # Only what the message quotes: a title outside quotes keeps its own.
    assert ru("event-card", title=title, date="", place="", count=0, mentors=0, mentees=0)
    assert "<b>Встреча «Старт»" in ru(
        "event-card", title="Встреча «Старт»", date="", place="", count=0, mentors=0, mentees=0
    )
    assert nest_quotes("«а» “в”", "en") == "‘а’ ‘в’"


def test_days_and_moments_are_said_with_the_weekday(translations: Translations) -> None:
    ru = translations.get("ru")
    zone = ZoneInfo("Europe/Moscow")
    moment = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)
    assert ru.moment(moment, zone, today=date(2026, 11, 20)) == "чт, 10 декабря, 15:00"
    assert ru.moment(moment, zone, today=date(2025, 11, 20)) == "чт, 10 декабря 2026, 15:00"
    assert ru.short_day(date(2026, 12, 3)) == "03.12.2026"
