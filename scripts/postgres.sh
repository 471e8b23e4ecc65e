#!/usr/bin/env bash
# Sourced by test.sh: a throw-away PostgreSQL server for the tests, in a temporary directory on
# a free port, stopped when the sourcing shell exits. Sets TEST_DATABASE_URL.
#
# PostgreSQL comes from the distribution's packages: installed with apt-get when it is missing
# (as root). The server never runs as root: as root, it runs as the `postgres` user.
set -euo pipefail

pg_bin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
    done
    command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v pg_ctl)"; return 0; }
    return 1
}

if ! PG_BIN=$(pg_bin); then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing PostgreSQL from the distribution's packages..." >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null ||
            { apt-get update -qq >/dev/null &&
                DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
        PG_BIN=$(pg_bin)
    else
        echo "PostgreSQL is needed for the tests: install it (apt-get install postgresql)," \
            "or give a server of your own in TEST_DATABASE_URL." >&2
        return 1
    fi
fi

PG_DIR=$(mktemp -d /tmp/mentor-bot-pg.XXXXXX)
PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_DIR"
    as_owner=(runuser -u postgres --)
fi
"${as_owner[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U mentor --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log" >&2; return 1; }
# A test server: speed over durability (it is thrown away), room for every test process.
"${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
    -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off \
        -c full_page_writes=off -c max_connections=400 -c shared_buffers=256MB" >/dev/null ||
    { cat "$PG_DIR/server.log" >&2; return 1; }

stop_postgres() {
    "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
trap stop_postgres EXIT

export TEST_DATABASE_URL="postgresql+asyncpg://mentor@127.0.0.1:$PG_PORT/postgres"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') for the tests on port $PG_PORT" >&2
