"""A scheduler for tests: it keeps the planned jobs, and runs those due when asked."""

from __future__ import annotations

from datetime import datetime

from bot.scheduling import tasks
from bot.scheduling.base import Job
from bot.services.reminders import Context


class FakeScheduler:
    def __init__(self) -> None:
        self.jobs: dict[str, Job] = {}

    def plan(self, job: Job) -> None:
        self.jobs[job.id] = job

    def cancel(self, job_id: str) -> None:
        self.jobs.pop(job_id, None)

    async def run_due(self, ctx: Context, now: datetime) -> list[str]:
        """Run every job due by `now` (including those the runs plan for then); their ids."""
        ran: list[str] = []
        while due := sorted((j for j in self.jobs.values() if j.at <= now), key=lambda j: j.at):
            for job in due:
                if self.jobs.get(job.id) is job:
                    del self.jobs[job.id]
                    await tasks.run_task(ctx, job.task, dict(job.args))
                    ran.append(job.id)
        return ran
