"""`python -m bot backup|restore`: SQLite's online backup while the bot writes, and a restore
that checks what it is given, refuses while the database is open, and keeps what it replaces.

SQLite by nature: each test has its own files under tmp_path (not the `database_url` fixture,
which runs on PostgreSQL too)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from bot import cli
from bot.db import migrate
from bot.db.engine import create_engine
from bot.services import backup

ROOT = Path(__file__).resolve().parent.parent


def add_people(database: Path, numbers: range) -> None:
    with closing(sqlite3.connect(database)) as connection, connection:
        connection.executemany(
            "INSERT INTO people (telegram_id, first_name, first_seen_at, last_seen_at, "
            "is_blocked) VALUES (?, 'Аня', '2026-09-01 10:00:00', '2026-09-01 10:00:00', 0)",
            [(n,) for n in numbers],
        )


def people_in(database: Path) -> list[int]:
    with closing(sqlite3.connect(database)) as connection:
        return [row[0] for row in connection.execute("SELECT telegram_id FROM people ORDER BY 1")]


def revision_of(database: Path) -> str:
    with closing(sqlite3.connect(database)) as connection:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def live(tmp_path: Path, migrated_template: Path) -> Path:
    """The bot's database (migrated, in WAL mode as the bot keeps it) with three people."""
    path = tmp_path / "data" / "bot.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(migrated_template, path)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
    add_people(path, range(1, 4))
    return path


def cli_env(database: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_", "LOG_"))}
    env.update(
        BOT_TOKEN="1:abc", PYTHONPATH=str(ROOT), DATABASE_URL=f"sqlite+aiosqlite:///{database}"
    )
    env.update(extra)
    return env


def run_cli(
    *args: str, env: dict[str, str], cwd: Path, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=env,
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


# ---- backup ----------------------------------------------------------------------------------


def test_a_backup_taken_while_another_connection_writes_is_whole(
    live: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A writer commits a person and a matching tick in each transaction all the time; the
    copy holds a consistent state (every tick has its person), passes integrity_check, and the
    writer was never held up for long (it went on committing during the backup)."""
    with closing(sqlite3.connect(live)) as connection, connection:
        connection.execute("CREATE TABLE ticks (n INTEGER PRIMARY KEY, pad BLOB)")
        connection.executemany(  # 2 MB: many steps of 8 pages
            "INSERT INTO ticks VALUES (?, randomblob(4000))", [(-n,) for n in range(500)]
        )
    stop = threading.Event()
    committed: list[int] = []
    failures: list[BaseException] = []

    def write() -> None:
        connection = sqlite3.connect(live, timeout=5)
        try:
            n = 100
            while not stop.is_set():
                n += 1
                with connection:
                    connection.execute(
                        "INSERT INTO people (telegram_id, first_seen_at, last_seen_at, "
                        "is_blocked) VALUES (?, '2026-09-01', '2026-09-01', 0)",
                        (n,),
                    )
                    connection.execute("INSERT INTO ticks VALUES (?, randomblob(300))", (n,))
                committed.append(n)
                time.sleep(0.002)
        except BaseException as error:  # reported by the test
            failures.append(error)
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(committed) < 5:
            time.sleep(0.01)
        before = len(committed)
        with caplog.at_level(logging.INFO, logger="bot.services.backup"):
            made = backup.backup(live, tmp_path / "copies" / "one.sqlite3", pages=8, pause=0.005)
        during = len(committed) - before
    finally:
        stop.set()
        writer.join()
    assert failures == []
    assert during > 0  # the bot's writes went on
    assert "kept changing" in caplog.text  # the copy never finished in steps: one step did it
    out = tmp_path / "copies" / "one.sqlite3"
    assert made.path == out and made.size == out.stat().st_size
    assert sorted(p.name for p in out.parent.iterdir()) == ["one.sqlite3"]  # no .part, no -wal
    with closing(sqlite3.connect(out)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        people = {row[0] for row in copy.execute("SELECT telegram_id FROM people")}
        ticks = {row[0] for row in copy.execute("SELECT n FROM ticks WHERE n > 0")}
    assert ticks and people == {1, 2, 3} | ticks  # each transaction whole or not at all
    assert ticks == set(range(101, 101 + len(ticks)))
    assert made.people == len(people) and made.revision == migrate.revisions()[-1]


def test_backup_from_the_command_line_logs_json_and_keeps_a_file(
    live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "backups" / "monday.sqlite3"
    done = run_cli("backup", "--out", str(out), env=cli_env(live, LOG_FORMAT="json"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    head = migrate.revisions()[-1]
    assert done.stdout.strip().splitlines() == [
        f"Backed up {live} to {out}: {out.stat().st_size / 1024:.1f} KB, revision {head}, "
        f"{_tables(live)} tables, 3 people"
    ]
    logged = [json.loads(line) for line in done.stderr.splitlines()]  # every line is JSON
    written = [e for e in logged if e["message"].startswith("Backup of")]
    assert len(written) == 1 and written[0]["level"] == "INFO"
    assert not [e for e in logged if "kept changing" in e["message"]]  # in steps, nobody wrote
    assert written[0]["backup"] == str(out) and written[0]["revision"] == head
    assert people_in(out) == [1, 2, 3]

    # Another backup to the same name is refused unless --force; the first stays as it was.
    monkeypatch.chdir(tmp_path)
    for name, value in cli_env(live).items():
        monkeypatch.setenv(name, value)
    kept = digest(out)
    add_people(live, range(4, 6))
    with pytest.raises(SystemExit) as stopped:
        cli.main(["backup", "--out", str(out)])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.strip() == f"backup: {out} exists: give --force to overwrite it"
    assert digest(out) == kept
    cli.main(["backup", "--out", str(out), "--force"])
    assert people_in(out) == [1, 2, 3, 4, 5]

    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/typo.sqlite3")
    with pytest.raises(SystemExit) as stopped:
        cli.main(["backup", "--out", str(tmp_path / "other.sqlite3")])
    assert stopped.value.code == 1
    assert "backup: there is no database at" in capsys.readouterr().err
    assert not (tmp_path / "typo.sqlite3").exists() and not (tmp_path / "other.sqlite3").exists()


def _tables(database: Path) -> int:
    with closing(sqlite3.connect(database)) as connection:
        return int(
            connection.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
        )


def test_postgres_is_pointed_to_its_own_tools(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOT_TOKEN", "1:abc")
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://mentor:s3cret@db.school:6432/bot")
    server = "--host=db.school --port=6432 --username=mentor --dbname=bot"
    for argv, said in (
        (
            ["backup", "--out", "b.dump"],
            f"backup: DATABASE_URL is PostgreSQL: back it up with pg_dump: pg_dump "
            f"--format=custom {server} --file=b.dump (the password from PGPASSWORD or ~/.pgpass)",
        ),
        (
            ["restore", "--from", "b.dump"],
            f"restore: DATABASE_URL is PostgreSQL: stop the bot, then restore with pg_restore: "
            f"pg_restore --clean --if-exists --no-owner {server} b.dump",
        ),
    ):
        with pytest.raises(SystemExit) as stopped:
            cli.main(argv)
        assert stopped.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith(said) and err.count("\n") == 1 and "s3cret" not in err
    assert list(tmp_path.iterdir()) == []


async def downgrade(database: Path, revision: str) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    await migrate.downgrade(engine, revision)
    await engine.dispose()


# ---- restore ---------------------------------------------------------------------------------


def test_restore_puts_an_older_backup_in_place_and_keeps_the_old_database(
    live: Path, tmp_path: Path
) -> None:
    """Through the process, confirmed on stdin: the backup (one revision behind) takes the
    database's place and is migrated; the database it replaced is kept whole beside it."""
    saved = tmp_path / "saved.sqlite3"
    backup.backup(live, saved)
    asyncio.run(downgrade(saved, migrate.revisions()[-2]))
    # After the backup two more people came, and the bot was killed: they are in its WAL only.
    subprocess.run([sys.executable, "-c", KILLED, str(live)], check=True, timeout=30)
    assert (live.parent / "bot.sqlite3-wal").stat().st_size > 0

    done = run_cli("restore", "--from", str(saved), env=cli_env(live), cwd=tmp_path, stdin="y\n")
    assert done.returncode == 0, done.stderr
    older, head = migrate.revisions()[-2:]
    prompt, said = done.stdout.split("? [y/N] ")
    assert prompt.startswith(f"Replace {live} with {saved} (") and f"revision {older}" in prompt
    kept = [p for p in live.parent.iterdir() if ".before-restore-" in p.name]
    assert len(kept) == 1 and kept[0].name.startswith("bot.sqlite3.before-restore-")
    assert said.strip() == (
        f"Restored {saved} into {live} (revision {older}, now {head}); "
        f"the previous database is kept as {kept[0]}"
    )
    assert people_in(live) == [1, 2, 3] and revision_of(live) == head
    assert people_in(kept[0]) == [1, 2, 3, 4, 5]  # its WAL was in it before it was moved
    assert not list(live.parent.glob("*.restore.part*"))
    assert revision_of(saved) == older  # the file given is never changed


def test_restore_refuses_what_is_not_this_bots_database_and_an_open_database(
    live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, value in cli_env(live).items():
        monkeypatch.setenv(name, value)
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database\n")
    foreign = tmp_path / "foreign.sqlite3"
    with closing(sqlite3.connect(foreign)) as connection, connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    future = tmp_path / "future.sqlite3"
    backup.backup(live, future)
    with closing(sqlite3.connect(future)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    good = tmp_path / "good.sqlite3"
    backup.backup(live, good)
    before = digest(live)

    def refused(source: Path, code: int, *, answer: str | None = None) -> str:
        argv = ["restore", "--from", str(source)] + ([] if answer is not None else ["--yes"])
        if answer is not None:
            monkeypatch.setattr(sys, "stdin", _Lines(answer))
        with pytest.raises(SystemExit) as stopped:
            cli.main(argv)
        assert stopped.value.code == code
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0
        return err

    first, last = migrate.revisions()[0], migrate.revisions()[-1]
    assert refused(text, 1) == f"restore: {text} is not an SQLite database"
    assert refused(foreign, 1) == (
        f"restore: {foreign} is an SQLite database but not one of this bot's "
        "(it has no alembic_version)"
    )
    assert refused(future, 1) == (
        f"restore: {future} is at revision 9999, which this version of the bot does not know "
        f"(it knows {first} to {last}): restore it with the version that made it"
    )
    assert refused(tmp_path / "missing.sqlite3", 2) == (
        f"restore: {tmp_path / 'missing.sqlite3'} does not exist"
    )
    assert refused(good, 1, answer="n\n") == "restore: nothing changed"

    # A process that has the database open, as a running bot's connections do.
    with subprocess.Popen(
        [sys.executable, "-c", HOLD, str(live)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None and holder.stdin is not None
        try:
            assert holder.stdout.readline() == "open\n"
            assert refused(good, 1) == (
                f"restore: {live} is open in another process: stop the bot (all its workers) "
                "first, then restore"
            )
        finally:
            holder.stdin.close()  # it closes the database and ends
            holder.wait(timeout=10)

    assert digest(live) == before and people_in(live) == [1, 2, 3]
    assert sorted(p.name for p in live.parent.iterdir()) == ["bot.sqlite3"]  # nothing left over
    assert backup.in_use(live) is None  # once it has closed, a restore may go ahead


KILLED = """
import os, sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
with connection:
    connection.executemany(
        "INSERT INTO people (telegram_id, first_seen_at, last_seen_at, is_blocked) "
        "VALUES (?, '2026-09-02', '2026-09-02', 0)",
        [(4,), (5,)],
    )
os._exit(0)  # no close: nothing checkpointed
"""

HOLD = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
connection.execute("SELECT count(*) FROM people").fetchall()
print("open", flush=True)
sys.stdin.read()
"""


class _Lines:
    """stdin with the operator's answer."""

    def __init__(self, text: str) -> None:
        self.text = text

    def readline(self) -> str:
        line, _, self.text = self.text.partition("\n")
        return line + "\n"
