"""Handlers: thin translations of Telegram into service calls and replies."""

from aiogram import Router

from bot.handlers import (
    broadcast,
    curator,
    errors,
    events,
    export,
    fallback,
    help,
    meeting_followups,
    meetings,
    membership,
    pairs,
    participants,
    plan,
    start,
    stats,
    surveys,
    term,
)


def command_routers() -> list[Router]:
    return [
        errors.build_router(),
        start.build_router(),
        help.build_router(),
        curator.build_router(),
        participants.build_router(),
        events.build_router(),
        broadcast.build_router(),
        pairs.build_router(),
        plan.build_router(),
        meetings.build_router(),
        meeting_followups.build_router(),
        term.build_router(),
        export.build_router(),
        stats.build_router(),
        surveys.build_router(),
        membership.build_router(),
    ]


def fallback_router() -> Router:
    """Included after every other router, dialogs too."""
    return fallback.build_router()
