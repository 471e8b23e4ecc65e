"""`python -m tests.clock_bot [COMMAND]`: `python -m bot` on a clock that an end-to-end test
moves (time-machine, ticking), in place of `python -m bot`.

- `CLOCK_START` (an aware ISO moment) is what the clock read at `CLOCK_ORIGIN` (real Unix
  seconds): a process started (or restarted) later starts as far along that timeline as real
  time has gone, so a restart goes on where the killed process was.
- `CLOCK_FILE` holds the seconds the test has moved the clock forward in total. The launcher
  reads it at start and polls it; when it changes, the clock is shifted by the difference, the
  scheduler is woken, and the value is written to `CLOCK_FILE.applied` (the test waits for it).

APScheduler's `AsyncIOScheduler` waits for its next job with the event loop's timer, on the
monotonic clock, which time-machine leaves alone: after a shift the timer would fire at the old
moment, so the launcher calls the scheduler's `wakeup()` (it computes the wait again from the
moved clock). The scheduler is found by wrapping `AsyncIOScheduler.start` in this process only;
the bot's code is run unchanged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import time_machine
from apscheduler.schedulers.asyncio import AsyncIOScheduler

POLL_S = 0.05

logger = logging.getLogger("tests.clock_bot")


def applied_path(control: Path) -> Path:
    return control.with_name(control.name + ".applied")


def read_shift(control: Path) -> float:
    """The total shift asked for (the test replaces the file whole, never writes it in part)."""
    try:
        text = control.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return 0.0
    return float(text) if text else 0.0


def write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


class MovedClock:
    """The process's clock, shifted to follow the control file."""

    def __init__(self, control: Path, traveller: time_machine.Traveller, shift: float) -> None:
        self.control = control
        self.traveller = traveller
        self.shift = shift
        self._follower: asyncio.Task[None] | None = None

    def attach(self, scheduler: Any) -> None:
        """Called as the scheduler starts, on the bot's event loop: follow the file from now."""
        if self._follower is None:
            self._follower = asyncio.get_running_loop().create_task(
                self._follow(scheduler), name="clock-follower"
            )

    async def _follow(self, scheduler: Any) -> None:
        write_atomically(applied_path(self.control), repr(self.shift))
        while True:
            await asyncio.sleep(POLL_S)
            try:
                wanted = read_shift(self.control)
            except (OSError, ValueError):
                continue  # being replaced: read again
            if wanted == self.shift:
                continue
            self.traveller.shift(wanted - self.shift)
            self.shift = wanted
            logger.info("Clock moved to %s", datetime.now(UTC).isoformat(timespec="seconds"))
            scheduler.wakeup()  # queued on this loop: runs the jobs now due, sets a new timer
            await asyncio.sleep(0.01)
            write_atomically(applied_path(self.control), repr(wanted))


def hook_scheduler(clock: MovedClock) -> None:
    original = AsyncIOScheduler.start

    def start(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        clock.attach(self)

    AsyncIOScheduler.start = start


def main() -> None:
    start = datetime.fromisoformat(os.environ["CLOCK_START"])
    origin = float(os.environ["CLOCK_ORIGIN"])
    control = Path(os.environ["CLOCK_FILE"])
    with contextlib.suppress(FileNotFoundError):
        applied_path(control).unlink()
    shift = read_shift(control)
    now = start + timedelta(seconds=time.time() - origin + shift)
    traveller = time_machine.travel(now, tick=True).start()
    time.time()  # the clock ticks from its first reading: from now, not after the imports
    hook_scheduler(MovedClock(control, traveller, shift))

    from bot.cli import main as bot_main  # noqa: PLC0415 - the bot starts on the moved clock

    bot_main()


if __name__ == "__main__":
    main()
