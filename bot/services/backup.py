"""The SQLite database's backup and restore: `python -m bot backup|restore`.

A backup is taken while the bot runs: SQLite's online backup (`sqlite3.Connection.backup`) copies
the database a few pages at a time with a short pause between steps, each step reading one
consistent state (WAL mode: the bot's writes go on meanwhile). A write between two steps makes
SQLite start the copy again; after a few such restarts the rest is copied in one step (one read
transaction, which in WAL mode does not stop the bot's writes either). The copy is written beside
the target as `FILE.part`, switched to a single file (journal mode DELETE: no -wal beside it),
checked with `PRAGMA integrity_check`, and only then renamed into place.

A restore never changes the file it is given: the file is copied beside the live database
(`<db>.restore.part`) and the copy is checked (an SQLite database, integrity_check ok, an
`alembic_version` of one of this bot's revisions). It is refused while another process has the
live database open: every SQLite connection to a WAL database holds a shared lock on one byte of
its `-shm` file (the "DMS" byte) for as long as it is open, so an exclusive lock that cannot be
had there means a bot (or anything else) is using the database. The live database is then made
whole (its WAL checkpointed) and kept as `<db>.before-restore-<UTC time>`, the copy takes its
place, and the caller runs the migrations (an older backup is brought up to date).

PostgreSQL is backed up and restored with its own tools: `postgres_hint` gives the command.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shlex
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.db.migrate import revisions

logger = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
STEP_PAGES = 256  # a step copies 1 MB (4 KB pages) and holds a read transaction that long
PAUSE_S = 0.01  # between steps
MAX_RESTARTS = 4  # then the rest in one step
BUSY_TIMEOUT_MS = 5000
# SQLite's unix VFS: the byte of the -shm file every open connection holds a shared lock on
# ((22 + SQLITE_SHM_NLOCK) * 4 + SQLITE_SHM_NLOCK, os_unix.c's UNIX_SHM_DMS).
_SHM_DMS_BYTE = 128


class BackupError(Exception):
    """Refused or failed: the message is one line for the operator; `code` the exit status
    (2: the command cannot do this at all, 1: not now or not with this file)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Snapshot:
    """What a database file holds, for the operator's one line."""

    path: Path
    size: int
    revision: str | None
    tables: int
    people: int | None

    def describe(self) -> str:
        parts = [_size(self.size), f"revision {self.revision or 'none'}", f"{self.tables} tables"]
        if self.people is not None:
            parts.append(f"{self.people} people")
        return ", ".join(parts)


@dataclass(frozen=True)
class Restored:
    backup: Snapshot  # as it was copied in (before the migrations)
    kept: Path | None  # the database it replaced (None: there was none)


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _discard(path: Path) -> None:
    """A database file with whatever SQLite may have left beside it."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        _beside(path, suffix).unlink(missing_ok=True)


def _open_existing(path: Path) -> sqlite3.Connection:
    """A connection that never creates the file (a typo in DATABASE_URL is not a database)."""
    uri = f"{path.resolve().as_uri()}?mode=rw"
    connection = sqlite3.connect(uri, uri=True, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return connection


def _check(connection: sqlite3.Connection, path: Path, name: str) -> Snapshot:
    """integrity_check, then what the database holds; `name` is how the error names it."""
    problems = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
    if problems != ["ok"]:
        raise BackupError(f"{name} is damaged (integrity_check: {problems[0]})")
    tables = {
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    revision = None
    if "alembic_version" in tables:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = None if row is None else str(row[0])
    people = None
    if "people" in tables:
        people = int(connection.execute("SELECT count(*) FROM people").fetchone()[0])
    return Snapshot(path, path.stat().st_size, revision, len(tables), people)


class _TooBusy(Exception):
    """The copy started again too often: the rest goes in one step."""


def _copy(source: sqlite3.Connection, target: sqlite3.Connection, pages: int, pause: float) -> None:
    setbacks = 0
    last: int | None = None

    def step(_status: int, remaining: int, _total: int) -> None:
        nonlocal setbacks, last
        if last is not None and remaining >= last:  # a write restarted the copy (or it grew)
            setbacks += 1
            if setbacks > MAX_RESTARTS:
                raise _TooBusy
        last = remaining
        if remaining:
            time.sleep(pause)  # the bot's writes go on between steps

    try:
        source.backup(target, pages=pages, progress=step)
    except _TooBusy:
        logger.info("The database kept changing during the backup; copying the rest in one step")
        source.backup(target)


def backup(
    source: Path,
    out: Path,
    *,
    force: bool = False,
    pages: int = STEP_PAGES,
    pause: float = PAUSE_S,
) -> Snapshot:
    """Copy the live database `source` into `out` while the bot may be writing to it."""
    if not source.is_file():
        raise BackupError(f"there is no database at {source} (see DATABASE_URL)")
    if out.exists() and not force:
        raise BackupError(f"{out} exists: give --force to overwrite it", code=2)
    if out.exists() and out.resolve() == source.resolve():
        raise BackupError(f"{out} is the database itself", code=2)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = _beside(out, ".part")
        _discard(partial)
        try:
            live = _open_existing(source)
        except sqlite3.Error as error:
            raise BackupError(f"cannot open {source}: {error}") from None
        try:
            copy = sqlite3.connect(partial, isolation_level=None)
            try:
                _copy(live, copy, pages, pause)
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                snapshot = _check(copy, partial, f"the copy of {source}")
            finally:
                copy.close()
        except sqlite3.Error as error:
            _discard(partial)
            raise BackupError(f"the backup of {source} failed: {error}") from None
        except BackupError:
            _discard(partial)
            raise
        finally:
            live.close()
        os.replace(partial, out)
    except OSError as error:
        raise BackupError(f"cannot write {out}: {error.strerror or error}") from None
    made = Snapshot(out, out.stat().st_size, snapshot.revision, snapshot.tables, snapshot.people)
    logger.info(
        "Backup of %s written to %s",
        source,
        out,
        extra={"backup": str(out), "bytes": made.size, "revision": made.revision},
    )
    return made


def in_use(database: Path) -> str | None:
    """Why the database cannot be replaced now (another process has it open), or None.

    Opens and closes a descriptor of the -shm file: POSIX locks are per process, so call this
    while this process has no SQLite connection to `database` open (closing any descriptor of
    a file drops every lock the process holds on it)."""
    shm = _beside(database, "-shm")
    try:
        descriptor = os.open(shm, os.O_RDWR)
    except FileNotFoundError:
        return None  # nobody has had it open in WAL mode since the last clean close
    except OSError as error:
        return f"cannot tell whether {database} is in use ({shm}: {error.strerror or error})"
    try:
        fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS_BYTE)
    except OSError:
        return (
            f"{database} is open in another process: stop the bot (all its workers) first, "
            "then restore"
        )
    else:
        fcntl.lockf(descriptor, fcntl.LOCK_UN, 1, _SHM_DMS_BYTE)
        return None
    finally:
        os.close(descriptor)


def stage(file: Path, database: Path) -> Snapshot:
    """`file` copied beside `database` and checked; raises `BackupError` (the copy removed)
    when it is not a sound database of this bot at a revision this code knows."""
    if not file.is_file():
        raise BackupError(f"{file} does not exist", code=2)
    if database.exists() and file.resolve() == database.resolve():
        raise BackupError(f"{file} is the database itself", code=2)
    reason = in_use(database)
    if reason:
        raise BackupError(reason)
    with file.open("rb") as stream:
        if stream.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{file} is not an SQLite database")
    staged = _beside(database, ".restore.part")
    _discard(staged)
    try:
        database.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, staged)
        if _beside(file, "-wal").exists():  # a copy taken with its WAL: SQLite replays it
            shutil.copyfile(_beside(file, "-wal"), _beside(staged, "-wal"))
        connection = sqlite3.connect(staged, isolation_level=None)
        try:
            snapshot = _check(connection, staged, str(file))
            connection.execute("PRAGMA journal_mode=DELETE")
        finally:
            connection.close()
        if snapshot.revision is None:
            raise BackupError(
                f"{file} is an SQLite database but not one of this bot's "
                "(it has no alembic_version)"
            )
        known = revisions()
        if snapshot.revision not in known:
            raise BackupError(
                f"{file} is at revision {snapshot.revision}, which this version of the bot does "
                f"not know (it knows {known[0]} to {known[-1]}): restore it with the version "
                "that made it"
            )
    except sqlite3.Error as error:
        _discard(staged)
        raise BackupError(f"{file} cannot be read as an SQLite database ({error})") from None
    except OSError as error:
        _discard(staged)
        raise BackupError(f"cannot copy {file}: {error.strerror or error}") from None
    except BackupError:
        _discard(staged)
        raise
    return Snapshot(file, snapshot.size, snapshot.revision, snapshot.tables, snapshot.people)


def discard_staged(database: Path) -> None:
    _discard(_beside(database, ".restore.part"))


def _settle(database: Path) -> None:
    """The live database whole in its main file (the WAL checkpointed into it), so the kept
    copy is complete; a damaged database is kept as it is."""
    try:
        connection = _open_existing(database)
    except sqlite3.Error as error:
        logger.warning("Could not open %s (%s); keeping it as it is", database, error)
        return
    try:
        busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.DatabaseError as error:
        logger.warning("%s could not be checkpointed (%s); keeping it as it is", database, error)
        return
    finally:
        connection.close()
    if busy:
        raise BackupError(f"{database} is busy: stop the bot (all its workers) first")


def swap(database: Path, backup: Snapshot, now: datetime | None = None) -> Restored:
    """Put the staged copy in the place of `database`, keeping the one it replaces."""
    staged = _beside(database, ".restore.part")
    reason = in_use(database)
    if reason:
        raise BackupError(reason)
    kept = None
    try:
        if database.exists():
            _settle(database)
            stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
            kept = _beside(database, f".before-restore-{stamp}")
            number = 1
            while kept.exists():
                number += 1
                kept = _beside(database, f".before-restore-{stamp}-{number}")
            os.replace(database, kept)
            for suffix in ("-wal", "-journal"):  # whatever is left goes with the file it is of
                if _beside(database, suffix).exists():
                    os.replace(_beside(database, suffix), _beside(kept, suffix))
        for suffix in ("-wal", "-journal", "-shm"):  # never replayed into the restored one
            _beside(database, suffix).unlink(missing_ok=True)
        os.replace(staged, database)
    except OSError as error:
        raise BackupError(f"cannot replace {database}: {error.strerror or error}") from None
    logger.info(
        "Restored %s into %s",
        backup.path,
        database,
        extra={"revision": backup.revision, "kept": str(kept) if kept else None},
    )
    return Restored(backup, kept)


def postgres_hint(url: str, command: Literal["backup", "restore"], file: Path) -> str:
    """The one line `backup`/`restore` give when DATABASE_URL is not an SQLite file: for
    PostgreSQL, the pg_dump/pg_restore command for the URL's server (never its password)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "DATABASE_URL is not an SQLAlchemy URL"
    if parsed.get_backend_name() != "postgresql":
        return (
            f"{command} works on an SQLite database file; DATABASE_URL names "
            f"{parsed.get_backend_name()} ({parsed.database or 'in memory'})"
        )
    server = [
        f"--host={shlex.quote(parsed.host or 'localhost')}",
        f"--port={parsed.port or 5432}",
        *([f"--username={shlex.quote(parsed.username)}"] if parsed.username else []),
        f"--dbname={shlex.quote(parsed.database or 'postgres')}",
    ]
    password = " (the password from PGPASSWORD or ~/.pgpass)" if parsed.password else ""
    target = shlex.quote(str(file))
    if command == "backup":
        tool = f"pg_dump --format=custom {' '.join(server)} --file={target}"
        return f"DATABASE_URL is PostgreSQL: back it up with pg_dump: {tool}{password}"
    tool = f"pg_restore --clean --if-exists --no-owner {' '.join(server)} {target}"
    return (
        f"DATABASE_URL is PostgreSQL: stop the bot, then restore with pg_restore: {tool}"
        f"{password} (a plain SQL dump: psql {' '.join(server)} --file={target})"
    )
