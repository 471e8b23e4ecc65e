"""`python -m bot [run|migrate|check|export|seed-demo|backup|restore]`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path
from typing import Literal

from aiogram.exceptions import TelegramUnauthorizedError

from bot import serving
from bot.app import open_database, run_polling
from bot.config import Settings, SettingsError, load_settings
from bot.db.migrate import current_revision
from bot.i18n import TranslationError, Translations, consent_version
from bot.logs import JsonFormatter
from bot.questionnaires.loader import Catalog, QuestionnaireError, load_catalog
from bot.services import backup, demo, export

logger = logging.getLogger("bot")


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        raise SystemExit(2) from None


def _configure_logging(level: str, log_format: str = "text") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter()
        if log_format == "json"
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    logging.basicConfig(level=level, handlers=[handler])
    quiet = max(logging.getLevelName(level), logging.WARNING)
    logging.getLogger("aiogram.event").setLevel(quiet)
    logging.getLogger("alembic").setLevel(quiet)
    logging.getLogger("apscheduler").setLevel(quiet)  # a line for each job planned


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
    if settings.mode == "webhook":  # MODE=webhook: `python -m bot` serves the webhook
        cmd_serve(settings, worker=False)
        return
    _catalog(_translations(settings))
    try:
        asyncio.run(run_polling(settings))
    except TelegramUnauthorizedError:
        print(
            "Telegram refused BOT_TOKEN (Unauthorized): copy the token from @BotFather again.",
            file=sys.stderr,
        )
        raise SystemExit(2) from None
    except serving.WebhookRefused as refused:
        print(f"{refused}: check WEBHOOK_URL and WEBHOOK_SECRET.", file=sys.stderr)
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
        for problem in error.problems:  # each names its file: questionnaires/<name>.yaml: …
            print(problem, file=sys.stderr)
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


def _write(path: Path, content: bytes) -> None:
    """The file whole or not at all: written beside it, then put in its place."""
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(content)
    partial.replace(path)


def cmd_export(settings: Settings, out: Path | None, csv_dir: Path | None) -> None:
    """The curators' workbook (the same as /export) written to a file, and/or its sheets as CSV
    files (the same as the «CSV (zip)» button) into a directory; written to the audit log (no
    actor: from the command line), as every export is."""
    if out is not None and out.suffix.lower() != ".xlsx":
        print(f"export: {out} should end in .xlsx (an Excel workbook)", file=sys.stderr)
        raise SystemExit(2)
    if csv_dir is not None and csv_dir.exists() and not csv_dir.is_dir():
        print(f"export: {csv_dir} is not a directory (--csv takes one)", file=sys.stderr)
        raise SystemExit(2)
    translations = _translations(settings)
    catalog = _catalog(translations)
    formats = frozenset(
        ([export.Format.XLSX] if out is not None else [])
        + ([export.Format.CSV] if csv_dir is not None else [])
    )

    async def run() -> export.Export | None:
        db = await open_database(settings)
        try:
            return await export.build(
                db.sessions,
                zone=settings.tz,
                locale_texts=translations.get(translations.default_locale),
                version=consent_version(translations),
                catalog=catalog,
                command_line=True,
                formats=formats,
            )
        finally:
            await db.engine.dispose()

    made = asyncio.run(run())
    assert made is not None  # no actor to check: the operator at the command line
    if out is not None:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            _write(out, made.content)  # never a half-written workbook
        except OSError as error:
            print(f"export: cannot write {out}: {error.strerror or error}", file=sys.stderr)
            raise SystemExit(1) from None
        print(
            f"Wrote {out}: {made.participants} participants, {made.consents} consents, "
            f"{made.pairs} pairs"
        )
    if csv_dir is not None:
        try:
            csv_dir.mkdir(parents=True, exist_ok=True)
            for name, content in made.csv.items():
                _write(csv_dir / name, content)
        except OSError as error:
            print(f"export: cannot write {csv_dir}: {error.strerror or error}", file=sys.stderr)
            raise SystemExit(1) from None
        print(f"Wrote {len(made.csv)} CSV files to {csv_dir}: {', '.join(made.csv)}")


def cmd_seed_demo(settings: Settings) -> None:
    """A demo programme with fake people, only into a database that has nobody in it."""
    translations = _translations(settings)

    async def run() -> demo.Seeded | None:
        db = await open_database(settings)
        try:
            return await demo.seed(
                db.sessions,
                version=consent_version(translations),
                zone=settings.tz,
                curator_id=min(settings.curator_ids, default=None),
            )
        finally:
            await db.engine.dispose()

    seeded = asyncio.run(run())
    if seeded is None:
        print(
            "seed-demo: the database already has people in it; the demo goes only into an "
            "empty database (set DATABASE_URL to a new file to try it).",
            file=sys.stderr,
        )
        raise SystemExit(1)
    print(
        f"Demo programme added: {seeded.mentors} mentors and {seeded.mentees} mentees with "
        f"consents ({seeded.consents}) and questionnaires; the event «{seeded.event_title}» "
        f"(closed, {seeded.attendees} checked in, {seeded.choices} choices, "
        f"{seeded.mutual} mutual, open for choosing); {seeded.pairs} active pairs with "
        f"{seeded.meetings} meetings and {seeded.tasks} plan tasks; the interim survey open "
        f"({seeded.answered} of {seeded.surveyed} answered). Try /participants, /event, /match, "
        "/pairs, /meetings, /plan, /survey, /stats, /broadcast and /export."
    )


def _sqlite_file(settings: Settings, command: Literal["backup", "restore"], file: Path) -> Path:
    """The database file, or exit 2 with the PostgreSQL tool to use instead."""
    path = settings.sqlite_path()
    if path is None:
        print(
            f"{command}: {backup.postgres_hint(settings.database_url, command, file)}",
            file=sys.stderr,
        )
        raise SystemExit(2)
    return path


def cmd_backup(settings: Settings, out: Path, force: bool) -> None:
    """A copy of the SQLite database taken while the bot runs (see bot/services/backup.py)."""
    database = _sqlite_file(settings, "backup", out)
    try:
        made = backup.backup(database, out, force=force)
    except backup.BackupError as error:
        print(f"backup: {error}", file=sys.stderr)
        raise SystemExit(error.code) from None
    print(f"Backed up {database} to {out}: {made.describe()}")


def _confirmed(database: Path, source: Path, staged: backup.Snapshot) -> bool:
    kept = f"; the current one is kept as {database}.before-restore-<time>"
    kept = kept if database.exists() else ""
    print(f"Replace {database} with {source} ({staged.describe()}){kept}? [y/N] ", end="")
    sys.stdout.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes")


def cmd_restore(settings: Settings, source: Path, yes: bool) -> None:
    """A backup in the place of the SQLite database (the bot stopped), the one it replaces
    kept beside it, then the migrations (an older backup is brought up to date)."""
    database = _sqlite_file(settings, "restore", source)
    try:
        staged = backup.stage(source, database)
        if not yes and not _confirmed(database, source, staged):
            raise backup.BackupError("nothing changed")
        restored = backup.swap(database, staged)
    except backup.BackupError as error:
        backup.discard_staged(database)
        print(f"restore: {error}", file=sys.stderr)
        raise SystemExit(error.code) from None
    kept = f"; the previous database is kept as {restored.kept}" if restored.kept else ""

    async def migrate() -> str | None:
        db = await open_database(settings)
        try:
            return await current_revision(db.engine)
        finally:
            await db.engine.dispose()

    try:
        revision = asyncio.run(migrate())
    except Exception as error:  # the backup is in place: say so, and what is kept
        logger.exception("Migrating the restored database failed")
        print(
            f"restore: {source} is in place but its migration failed ({error}){kept}",
            file=sys.stderr,
        )
        raise SystemExit(1) from None
    print(f"Restored {source} into {database} (revision {staged.revision}, now {revision}){kept}")


def cmd_serve(settings: Settings, *, worker: bool) -> None:
    """Webhook workers (`bot/serving.py`); `--worker` is one of them, started by `serve`."""
    problems = serving.serve_problems(settings)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        raise SystemExit(2)
    translations = _translations(settings)
    _catalog(translations)
    if worker:
        run = serving.run_worker(settings, translations, supervised=True)
    elif settings.workers == 1:
        run = serving.run_one(settings, translations)
    else:
        run = serving.supervise(settings, translations)
    try:
        asyncio.run(run)
    except TelegramUnauthorizedError:
        print(
            "Telegram refused BOT_TOKEN (Unauthorized): copy the token from @BotFather again.",
            file=sys.stderr,
        )
        raise SystemExit(2) from None
    except serving.WebhookRefused as refused:
        print(f"{refused}: check WEBHOOK_URL and WEBHOOK_SECRET.", file=sys.stderr)
        raise SystemExit(2) from None


COMMANDS = {"run": cmd_run, "migrate": cmd_migrate, "check": cmd_check}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="The school mentoring programme's Telegram bot."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("run", help="long polling (the default)")
    commands.add_parser("migrate", help="update the database schema")
    commands.add_parser("check", help="validate settings, questionnaires and translations")
    serving_ = commands.add_parser(
        "serve", help="webhook workers (WEBHOOK_URL, WEBHOOK_SECRET, WORKERS, WEBHOOK_LISTEN)"
    )
    serving_.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    exporting = commands.add_parser(
        "export", help="write the year's workbook (--out) and/or its sheets as CSV files (--csv)"
    )
    exporting.add_argument("--out", type=Path, metavar="FILE.xlsx")
    exporting.add_argument("--csv", type=Path, metavar="DIR", help="a CSV file per sheet")
    commands.add_parser(
        "seed-demo", help="fill an empty database with a demo programme of fake people"
    )
    backing = commands.add_parser("backup", help="copy the SQLite database while the bot runs")
    backing.add_argument("--out", type=Path, required=True, metavar="FILE")
    backing.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    restoring = commands.add_parser("restore", help="put a backup in place (the bot stopped)")
    restoring.add_argument("--from", dest="source", type=Path, required=True, metavar="FILE")
    restoring.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.set_defaults(command="run")
    args = parser.parse_args(argv)
    if args.command == "export" and args.out is None and args.csv is None:
        exporting.error("give --out FILE.xlsx, --csv DIR or both")
    settings = _settings()
    _configure_logging(settings.log_level, settings.log_format)
    try:
        match args.command:
            case "export":
                cmd_export(settings, args.out, args.csv)
            case "seed-demo":
                cmd_seed_demo(settings)
            case "serve":
                cmd_serve(settings, worker=args.worker)
            case "backup":
                cmd_backup(settings, args.out, args.force)
            case "restore":
                cmd_restore(settings, args.source, args.yes)
            case _:
                COMMANDS[args.command](settings)
    except KeyboardInterrupt:
        logger.info("Interrupted")
