"""Settings read from the environment and `.env` (PRODUCT.md §3)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.domain.meetings import DEFAULT_REMINDERS, parse_offsets
from bot.domain.plan import DEFAULT_DIGEST, Digest, parse_digest

TELEGRAM_API_URL = "https://api.telegram.org"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/bot.sqlite3"
DEFAULT_ORG_NAME = "Программа наставничества"

_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")

# How each setting is fixed, for the one-line message a person sees at start-up.
_HINTS: dict[str, str] = {
    "BOT_TOKEN": "put the token from @BotFather into .env as BOT_TOKEN=123456:ABC... "
    "(see .env.example)",
    "BOT_API_URL": "give an http(s) URL such as https://api.telegram.org, or leave it unset",
    "DATABASE_URL": "give an SQLAlchemy async URL such as sqlite+aiosqlite:///./data/bot.sqlite3",
    "CURATOR_IDS": "give Telegram user ids separated by commas, e.g. CURATOR_IDS=12345,67890",
    "TIMEZONE": "give an IANA time zone such as Europe/Moscow",
    "DEFAULT_LOCALE": "use ru or en",
    "ORG_NAME": 'give the organisation\'s name, e.g. ORG_NAME="Школа № 1"',
    "LOG_LEVEL": "use DEBUG, INFO, WARNING or ERROR",
    "OUTBOX_RATE_PER_S": "give messages per second overall, a number above 0 such as 25",
    "OUTBOX_CHAT_RATE_PER_S": "give messages per second to one chat, a number above 0 such as 1",
    "OUTBOX_KEEP_DAYS": "give a whole number of days from 1 to 3650, such as 30",
    "MEETING_REMINDERS": "give hours or minutes before a meeting separated by commas, "
    "such as 24h,1h or 30m",
    "PLAN_DIGEST": "give a weekday and a time from 09:00 to 20:59 (quiet hours hold), "
    "such as mon 18:00",
    "LOG_FORMAT": "use text or json (one JSON object a line)",
    "WEBHOOK_URL": "give the public https URL Telegram sends updates to, such as "
    "https://bot.school.ru/telegram",
    "WEBHOOK_SECRET": "give 16 to 256 characters of A-Z, a-z, 0-9, _ and - "
    "(e.g. from: python -c 'import secrets; print(secrets.token_urlsafe(32))')",
    "WEBHOOK_LISTEN": "give the address and port the web server listens on, such as "
    "0.0.0.0:8080 or 127.0.0.1:8080",
    "WORKERS": "give a number of worker processes from 1 to 64",
    "MODE": "use polling (the default) or webhook (the same as python -m bot serve)",
    "LEASE_SECONDS": "give a whole number of seconds from 3 to 600, such as 30",
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
    )

    bot_token: SecretStr
    bot_api_url: str = TELEGRAM_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    curator_ids: Annotated[frozenset[int], NoDecode] = Field(default_factory=frozenset)
    timezone: str = "Europe/Moscow"
    default_locale: Literal["ru", "en"] = "ru"
    org_name: str = Field(default=DEFAULT_ORG_NAME, min_length=1, max_length=200)
    # How to reach the school (a phone, an address, a site), shown on agreements and to parents.
    org_contact: str = Field(default="", max_length=300)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    # Webhook mode (`python -m bot serve`): Telegram posts updates to WEBHOOK_URL, with
    # WEBHOOK_SECRET in a header; WORKERS processes share WEBHOOK_LISTEN (one port).
    mode: Literal["polling", "webhook"] = "polling"  # webhook: `python -m bot` is `serve`
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0:8080"
    workers: int = Field(default=1, ge=1, le=64)
    # How long a worker's leadership of the scheduler, and its heartbeat, last unrenewed: a
    # killed worker's jobs and unfinished updates are taken over within about this long.
    lease_seconds: int = Field(default=30, ge=3, le=600)
    # The outbox's pace (reminders, broadcasts, notices): Telegram allows about 30 messages a
    # second overall and 1 a second in one chat; replies to people share the overall budget.
    outbox_rate_per_s: float = Field(default=25.0, gt=0, le=1000)
    outbox_chat_rate_per_s: float = Field(default=1.0, gt=0, le=100)
    # Days a sent message is kept (then purged; a withdrawal deletes a person's at once).
    outbox_keep_days: int = Field(default=30, ge=1, le=3650)
    # How long before a meeting its reminders go: "24h,1h" (hours or minutes, e.g. "30m").
    meeting_reminders: Annotated[tuple[timedelta, ...], NoDecode] = DEFAULT_REMINDERS
    # When the weekly digest of overdue plan tasks goes: a weekday and a time, "mon 18:00".
    plan_digest: Annotated[Digest, NoDecode] = DEFAULT_DIGEST

    @field_validator("log_level", mode="before")
    @classmethod
    def _level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("mode", "log_format", mode="before")
    @classmethod
    def _format(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("webhook_url", mode="before")
    @classmethod
    def _webhook_url(cls, value: object) -> object:
        if not isinstance(value, str) or not value.strip():
            return None
        value = value.strip()
        if not re.match(r"^https?://[^\s/]+(/\S*)?$", value):
            raise ValueError("is not an http(s) URL")
        return value

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _webhook_secret(cls, value: object) -> object:
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if not isinstance(value, str) or not value.strip():
            return None
        # Telegram's rule for secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
        if not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", value.strip()):
            raise ValueError("must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -")
        return SecretStr(value.strip())

    @field_validator("webhook_listen")
    @classmethod
    def _listen(cls, value: str) -> str:
        value = value.strip()
        host, _, port = value.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError("is not host:port")
        return value

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not _TOKEN_RE.match(value.get_secret_value().strip()):
            raise ValueError("does not look like a bot token")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("bot_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("is not an http(s) URL")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        value = value.strip()
        if "://" not in value:
            raise ValueError("is not an SQLAlchemy URL")
        return value

    @field_validator("curator_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(re.fullmatch(r"\d{1,15}", part) for part in parts):
                raise ValueError("must be numbers separated by commas")
            return frozenset(int(part) for part in parts)
        return value

    @field_validator("meeting_reminders", mode="before")
    @classmethod
    def _offsets(cls, value: object) -> object:
        return parse_offsets(value) if isinstance(value, str) else value

    @field_validator("plan_digest", mode="before")
    @classmethod
    def _digest(cls, value: object) -> object:
        return parse_digest(value) if isinstance(value, str) else value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("is not a known time zone") from exc
        return value.strip()

    @field_validator("org_name")
    @classmethod
    def _org_name(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must not be empty")
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def listen(self) -> tuple[str, int]:
        host, _, port = self.webhook_listen.rpartition(":")
        return host.strip("[]"), int(port)

    @property
    def webhook_path(self) -> str:
        """The path Telegram posts to (that of WEBHOOK_URL)."""
        return urlsplit(self.webhook_url).path or "/" if self.webhook_url else "/webhook"

    @property
    def uses_telegram_api(self) -> bool:
        return self.bot_api_url == TELEGRAM_API_URL

    def sqlite_path(self) -> Path | None:
        """The database file when the URL names an SQLite file, else None."""
        match = re.match(r"^sqlite(\+\w+)?:///(.+)$", self.database_url)
        if not match or match.group(2) == ":memory:":
            return None
        return Path(match.group(2).split("?", 1)[0])


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line for a person to act on."""


def describe_errors(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        name = str(item["loc"][0]).upper() if item["loc"] else "settings"
        message = str(item["msg"]).removeprefix("Value error, ")
        missing = item["type"] == "missing" or item.get("input") in ("", None)
        problem = "is not set" if missing else f"is invalid ({message})"
        hint = _HINTS.get(name, "see .env.example")
        lines.append(f"Setting {name} {problem}: {hint}.")
    return "\n".join(lines)


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning validation errors into a `SettingsError`."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise SettingsError(describe_errors(exc)) from None
