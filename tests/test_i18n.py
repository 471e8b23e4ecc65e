"""Translations: both languages complete, Russian plurals right, arguments escaped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.i18n import LOCALES_DIR, Markup, TranslationError, Translations
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
