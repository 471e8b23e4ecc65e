"""Settings: the names of PRODUCT.md §3, and one clear line for each mistake."""

from __future__ import annotations

import pytest

from bot.config import DEFAULT_DATABASE_URL, TELEGRAM_API_URL, SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    for name in (
        "BOT_TOKEN",
        "BOT_API_URL",
        "DATABASE_URL",
        "CURATOR_IDS",
        "TIMEZONE",
        "DEFAULT_LOCALE",
        "ORG_NAME",
        "LOG_LEVEL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(str(tmp_path))  # no developer's .env


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123456:ABC-def_ghi")
    settings = load_settings()
    assert settings.bot_api_url == TELEGRAM_API_URL
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.curator_ids == frozenset()
    assert settings.timezone == "Europe/Moscow"
    assert settings.default_locale == "ru"
    assert settings.org_name
    assert "ABC-def_ghi" not in repr(settings)


def test_values_from_environment_and_dotenv(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("CURATOR_IDS", " 1, 22 ,333 ")
    monkeypatch.setenv("BOT_API_URL", "http://127.0.0.1:8081/")
    with open(".env", "w", encoding="utf-8") as env:
        env.write('BOT_TOKEN=42:from-dotenv\nORG_NAME="Школа № 5"\nDEFAULT_LOCALE=en\n')
    settings = load_settings()
    assert settings.bot_token.get_secret_value() == "42:from-dotenv"
    assert settings.curator_ids == frozenset({1, 22, 333})
    assert settings.bot_api_url == "http://127.0.0.1:8081"
    assert settings.org_name == "Школа № 5"
    assert settings.default_locale == "en"


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("BOT_TOKEN", None, "Setting BOT_TOKEN is not set: put the token from @BotFather"),
        ("BOT_TOKEN", "not a token", "Setting BOT_TOKEN is invalid (does not look like a bot"),
        ("CURATOR_IDS", "12,abc", "Setting CURATOR_IDS is invalid"),
        ("TIMEZONE", "Mars/Olympus", "Setting TIMEZONE is invalid (is not a known time zone)"),
        ("DEFAULT_LOCALE", "de", "Setting DEFAULT_LOCALE is invalid"),
        ("BOT_API_URL", "ftp://x", "Setting BOT_API_URL is invalid (is not an http(s) URL)"),
        ("ORG_NAME", "   ", "Setting ORG_NAME is invalid"),
    ],
)
def test_mistakes_are_named(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str | None, fragment: str
) -> None:
    if name != "BOT_TOKEN":
        monkeypatch.setenv("BOT_TOKEN", "1:ok")
    if value is not None:
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert fragment in message
    assert "Traceback" not in message
    assert len(message.splitlines()) == 1
