"""`python -m bot [run|migrate|check]`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from aiogram.exceptions import TelegramUnauthorizedError

from bot.app import open_database, run_polling
from bot.config import Settings, SettingsError, load_settings
from bot.db.migrate import current_revision
from bot.i18n import TranslationError, Translations
from bot.questionnaires.loader import Catalog, QuestionnaireError, load_catalog

logger = logging.getLogger("bot")


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        raise SystemExit(2) from None


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    quiet = max(logging.getLevelName(level), logging.WARNING)
    logging.getLogger("aiogram.event").setLevel(quiet)
    logging.getLogger("alembic").setLevel(quiet)


def _translations(settings: Settings) -> Translations:
    try:
        translations = Translations.load(default_locale=settings.default_locale)
    except TranslationError as error:
        print(f"Translations: {error}", file=sys.stderr)
        raise SystemExit(1) from None
    problems = translations.parity_problems()
    if problems:
        for problem in problems:
            print(f"Translations: {problem}", file=sys.stderr)
        raise SystemExit(1)
    return translations


def cmd_run(settings: Settings) -> None:
    _catalog(_translations(settings))
    try:
        asyncio.run(run_polling(settings))
    except TelegramUnauthorizedError:
        print(
            "Telegram refused BOT_TOKEN (Unauthorized): copy the token from @BotFather again.",
            file=sys.stderr,
        )
        raise SystemExit(2) from None


def cmd_migrate(settings: Settings) -> None:
    async def migrate() -> None:
        db = await open_database(settings)
        revision = await current_revision(db.engine)
        await db.engine.dispose()
        print(f"Database is at revision {revision}")

    asyncio.run(migrate())


def _catalog(translations: Translations) -> Catalog:
    try:
        return load_catalog(translations)
    except QuestionnaireError as error:
        print(f"Questionnaires: {error}", file=sys.stderr)
        raise SystemExit(1) from None


def cmd_check(settings: Settings) -> None:
    translations = _translations(settings)
    catalog = _catalog(translations)
    keys = len(translations.keys(translations.default_locale))
    print(
        f"OK: settings are valid; {keys} translation keys in "
        f"{', '.join(translations.locales)}, all in both; "
        f"{len(catalog.questionnaires)} questionnaires."
    )


COMMANDS = {"run": cmd_run, "migrate": cmd_migrate, "check": cmd_check}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="The school mentoring programme's Telegram bot."
    )
    parser.add_argument(
        "command",
        nargs="?",
        default="run",
        choices=sorted(COMMANDS),
        help="run: long polling (default); migrate: update the database schema; "
        "check: validate settings and translations",
    )
    args = parser.parse_args(argv)
    settings = _settings()
    _configure_logging(settings.log_level)
    try:
        COMMANDS[args.command](settings)
    except KeyboardInterrupt:
        logger.info("Interrupted")
