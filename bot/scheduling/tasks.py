"""The tasks a job may name, and the start-up rebuild: every job comes from the database."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.services import (
    meeting_followups,
    meeting_reminders,
    meetings,
    outbox,
    plan,
    reminders,
    surveys,
    term,
)
from bot.services.reminders import Context

logger = logging.getLogger(__name__)

Task = Callable[..., Awaitable[None]]

TASKS: dict[str, Task] = {
    reminders.NUDGE_TASK: reminders.questionnaire_nudge,
    reminders.LINK_TASK: reminders.parent_link_reminder,
    reminders.CHOICES_TASK: reminders.choices_reminder,
    reminders.COMPLETION_TASK: reminders.pair_completion,
    reminders.AGREEMENT_TASK: reminders.agreement_reminder,
    meetings.REMINDER_TASK: meeting_reminders.meeting_reminder,
    meeting_followups.ASK_TASK: meeting_followups.meeting_followup,
    meeting_followups.AGAIN_TASK: meeting_followups.meeting_followup_again,
    plan.DIGEST_TASK: plan.plan_digest,
    term.TASK: term.term_question,
    surveys.OPEN_TASK: surveys.open_campaign,
    surveys.NUDGE_TASK: surveys.nudge_campaign,
    surveys.CLOSE_TASK: surveys.close_campaign,
}


BatchTask = Callable[[Context, list[dict[str, Any]]], Awaitable[None]]

BATCHED: dict[str, BatchTask] = {
    meetings.REMINDER_TASK: meeting_reminders.meeting_reminders,
}
"""Tasks whose jobs that fall due together may run as one batch (the same work as each job
alone, with far fewer trips to the database): the scheduler hands them over together."""


async def run_task(ctx: Context, name: str, args: dict[str, Any]) -> None:
    await TASKS[name](ctx, **args)


async def run_batch(ctx: Context, name: str, args: list[dict[str, Any]]) -> None:
    await BATCHED[name](ctx, args)


async def replan(ctx: Context) -> int:
    """Plan every job the database says should exist (replacing any planned before); sent
    messages older than `outbox_keep` are purged on the way."""
    purged = await outbox.purge(ctx.sessions, ctx.outbox_keep)
    if purged:
        logger.info("Purged %d sent messages older than %s", purged, ctx.outbox_keep)
    jobs = [*await reminders.planned(ctx), *await meeting_reminders.planned(ctx)]
    jobs += await term.planned(ctx)
    jobs += await plan.planned(ctx)
    jobs += await meeting_followups.planned(ctx)
    jobs += await surveys.planned(ctx)
    for job in jobs:
        ctx.scheduler.plan(job)
    return len(jobs)
