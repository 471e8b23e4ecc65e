#!/usr/bin/env bash
# Sets everything up on first use, then runs the linters, the type checker and the tests.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
# The tests run on every core (each has its own database, fake Telegram and bot process).
.venv/bin/python -m pytest -n auto "$@"
