"""A probe for the benchmark's `serve` children only (`--probe`: this folder goes first on their
PYTHONPATH, so Python imports this module at start-up; the bot's code is untouched).

It counts, per process: SQL statements (by their first words) and the time each took from
being sent to its result; transactions begun, committed and rolled back; pool checkouts (the
time each took: waiting for a connection, and the pre-ping), waits for a free connection, and
new connections; log records by logger and level; garbage collections and their time; the
process's CPU time (user, system) and context switches. SIGUSR1 writes what was counted so far
to `$BENCH_PROBE_DIR/<pid>-<n>.json`; the benchmark takes one before and one after the timed
phase and reports the difference. With BENCH_PROBE_CPROFILE=1, cProfile records the main
thread between the two, into `<pid>.pstats`.
"""

from __future__ import annotations

import cProfile
import gc
import itertools
import json
import logging
import os
import re
import resource
import signal
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import Pool, base, impl

_OUT = Path(os.environ.get("BENCH_PROBE_DIR", "."))
_SNAPSHOTS = itertools.count(1)
_counts: defaultdict[str, float] = defaultdict(float)
_SPACES = re.compile(r"\s+")
_PARAMS = re.compile(r"\$\d+(::\w+)?|\?|\d+")


def _add(name: str, seconds: float | None = None) -> None:
    _counts[name + " n"] += 1
    if seconds is not None:
        _counts[name + " s"] += seconds


def _statement_key(statement: str) -> str:
    words = _SPACES.sub(" ", statement).strip()
    return "sql " + _PARAMS.sub("?", words)[:90]


@event.listens_for(Engine, "before_cursor_execute")
def _before(conn: Connection, cursor: Any, statement: str, *args: Any) -> None:
    conn.info.setdefault("probe_started", []).append(time.perf_counter())


@event.listens_for(Engine, "after_cursor_execute")
def _after(conn: Connection, cursor: Any, statement: str, *args: Any) -> None:
    started = conn.info.get("probe_started") or [time.perf_counter()]
    _add(_statement_key(statement), time.perf_counter() - started.pop())


@event.listens_for(Engine, "begin")
def _begin(conn: Connection) -> None:
    _add("tx begin")


@event.listens_for(Engine, "commit")
def _commit(conn: Connection) -> None:
    _add("tx commit")


@event.listens_for(Engine, "rollback")
def _rollback(conn: Connection) -> None:
    _add("tx rollback")


@event.listens_for(Pool, "connect")
def _connect(dbapi_connection: Any, record: Any) -> None:
    _add("pool new connection")


def _size(pool: Pool) -> str:
    size = getattr(pool, "size", None)
    return f"pool of {size()}" if callable(size) else type(pool).__name__


_checkout = base._ConnectionFairy._checkout.__func__  # type: ignore[attr-defined]


def _timed_checkout(cls: Any, pool: Pool, *args: Any, **kwargs: Any) -> Any:
    started = time.perf_counter()
    try:
        return _checkout(cls, pool, *args, **kwargs)
    finally:
        _add(f"pool checkout ({_size(pool)})", time.perf_counter() - started)


base._ConnectionFairy._checkout = classmethod(_timed_checkout)  # type: ignore[assignment]
_do_get = impl.QueuePool._do_get


def _timed_get(self: impl.QueuePool) -> Any:
    started = time.perf_counter()
    try:
        return _do_get(self)
    finally:
        waited = time.perf_counter() - started
        if waited > 0.001:
            _add(f"pool waited >1ms for a connection ({_size(self)})", waited)


impl.QueuePool._do_get = _timed_get  # type: ignore[method-assign]
_handle = logging.Logger.handle


def _counted_handle(self: logging.Logger, record: logging.LogRecord) -> None:
    _add(f"log {record.levelname} {record.name}")
    _handle(self, record)


logging.Logger.handle = _counted_handle  # type: ignore[method-assign]


_gc_started: list[float] = []


def _gc(phase: str, info: dict[str, Any]) -> None:
    if phase == "start":
        _gc_started.append(time.perf_counter())
    elif _gc_started:
        _add(
            f"gc collection, generation {info['generation']}",
            time.perf_counter() - _gc_started.pop(),
        )


gc.callbacks.append(_gc)
_profile: dict[str, cProfile.Profile] = {}


def _snapshot(signum: int, frame: Any) -> None:
    _OUT.mkdir(parents=True, exist_ok=True)
    path = _OUT / f"{os.getpid()}-{next(_SNAPSHOTS)}.json"
    usage = resource.getrusage(resource.RUSAGE_SELF)
    counts = {
        **_counts,
        "cpu user s": usage.ru_utime,
        "cpu system s": usage.ru_stime,
        "context switches, involuntary n": usage.ru_nivcsw,
        "context switches, voluntary n": usage.ru_nvcsw,
    }
    path.write_text(json.dumps(counts), encoding="utf-8")
    if os.environ.get("BENCH_PROBE_CPROFILE"):  # the main thread, between two snapshots
        if _profile.get("on"):
            _profile["on"].disable()
            _profile["on"].dump_stats(str(_OUT / f"{os.getpid()}.pstats"))
            del _profile["on"]
        else:
            _profile["on"] = cProfile.Profile()
            _profile["on"].enable()


signal.signal(signal.SIGUSR1, _snapshot)
