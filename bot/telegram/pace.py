"""Telegram's pace for messages the bot sends on its own, kept on the monotonic clock."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Bucket:
    """`rate` requests a second, evenly spaced, and never more than `rate` in any second (after
    a stall of the event loop the late ones would otherwise go at once); none during a pause
    (a 429's `retry_after`)."""

    rate: float
    clock: Callable[[], float]
    sleep: Callable[[float], Awaitable[Any]]
    next_at: float = 0.0
    paused_until: float = 0.0
    started: deque[float] = field(default_factory=deque)

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, self.clock() + seconds)

    async def take(self) -> None:
        while True:
            now = self.clock()
            while self.started and now - self.started[0] >= 1.0:
                self.started.popleft()
            full = len(self.started) >= max(1, math.floor(self.rate))
            wait = max(self.paused_until, self.started[0] + 1.0 if full else now) - now
            if wait > 0:
                await self.sleep(wait)
                continue
            at = max(now, self.next_at)
            self.next_at = at + 1.0 / self.rate
            if at > now:
                await self.sleep(at - now)
            if self.clock() >= self.paused_until:  # else a 429 came meanwhile: queue again
                self.started.append(self.clock())
                return


class ChatGaps:
    """At most one message each `gap` seconds to one chat (Telegram: about one a second)."""

    def __init__(self, gap: float, clock: Callable[[], float]) -> None:
        self._gap, self._clock = gap, clock
        self._free: dict[int, float] = {}  # chat -> when it may get its next message

    def wait(self, chat_id: int) -> float:
        return self._free.get(chat_id, 0.0) - self._clock()

    def sent(self, chat_id: int) -> None:
        now = self._clock()
        if len(self._free) > 10_000:
            self._free = {c: t for c, t in self._free.items() if t > now}
        self._free[chat_id] = now + self._gap
