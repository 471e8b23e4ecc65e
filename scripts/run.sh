#!/usr/bin/env bash
# Sets everything up on first use, then runs the bot: ./scripts/run.sh [run|migrate|check]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

if [ ! -f .env ] && [ -z "${BOT_TOKEN:-}" ]; then
    cp .env.example .env
    echo "Created .env from .env.example: put your bot's token from @BotFather into BOT_TOKEN" \
        "and run this again." >&2
    exit 2
fi
exec .venv/bin/python -m bot "$@"
