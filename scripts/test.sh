#!/usr/bin/env bash
# Sets everything up on first use, then runs the linters, the type checker and the tests.
# Every test that uses a database runs on SQLite and on PostgreSQL: give a server of your own
# in TEST_DATABASE_URL (postgresql+asyncpg://user@host:port/postgres; the user creates
# databases), or a throw-away one is started (installed from the distribution when missing).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
if [ -z "${TEST_DATABASE_URL:-}" ]; then
    source scripts/postgres.sh
fi
# The tests run on every core (each has its own databases, fake Telegram and bot process).
.venv/bin/python -m pytest -n auto "$@"
