"""What use cases need of a scheduler: plan a job by id, or cancel it. Tests put a fake here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Job:
    """Run `task` (a name in `bot.scheduling.tasks.TASKS`) with `args` (ids) at `at`.

    Planning a job with the id of a planned one replaces it.
    """

    id: str
    task: str
    at: datetime
    args: dict[str, int | str] = field(default_factory=dict)


class Scheduler(Protocol):
    def plan(self, job: Job) -> None: ...

    def cancel(self, job_id: str) -> None: ...
