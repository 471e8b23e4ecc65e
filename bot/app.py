"""Running the bot: database, migrations, commands, long polling."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass
from datetime import timedelta

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.db import migrate
from bot.db.engine import create_engine, create_session_factory
from bot.factory import create_bot, create_dispatcher, create_sender
from bot.i18n import Translations, consent_version
from bot.questionnaires.loader import load_catalog
from bot.scheduling.base import Scheduler
from bot.scheduling.runner import ApScheduler
from bot.services import curators, meetings, reminders
from bot.telegram.broadcast_progress import BroadcastProgress
from bot.telegram.callbacks import CallbackAnswers
from bot.telegram.commands import (
    remove_curator_commands,
    set_curator_commands,
    set_default_commands,
)
from bot.telegram.links import start_link_base
from bot.telegram.outbox_sender import OutboxSender
from bot.telegram.polling import Poller

logger = logging.getLogger(__name__)


@dataclass
class Database:
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]


async def open_database(settings: Settings, *, upgrade: bool = True) -> Database:
    """Connect and bring the schema up to date (`upgrade`; webhook workers leave it to the
    process that starts them)."""
    engine = create_engine(settings.database_url)
    if upgrade:
        await migrate.upgrade(engine)
    return Database(engine, create_session_factory(engine))


def job_context(
    settings: Settings,
    db: Database,
    translations: Translations,
    scheduler: Scheduler,
    link_base: str,
) -> reminders.Context:
    """What the scheduler's jobs need."""
    return reminders.Context(
        db.sessions,
        translations,
        scheduler,
        settings.tz,
        consent_version(translations),
        link_base=link_base,
        outbox_keep=timedelta(days=settings.outbox_keep_days),
        meeting_offsets=settings.meeting_reminders,
        plan_digest=settings.plan_digest,
    )


async def prepare_data(db: Database, settings: Settings) -> tuple[list[int], list[int]]:
    """Curators from the settings; old seen updates forgotten.

    Returns the curators who have written to the bot and those no longer curators.
    """
    start_up = await curators.prepare(db.sessions, settings.curator_ids)
    return start_up.reachable, start_up.removed


async def register_commands(
    bot: Bot, translations: Translations, curator_chats: list[int], former: list[int]
) -> None:
    await set_default_commands(bot, translations)
    for chat_id in curator_chats:
        await set_curator_commands(bot, translations, chat_id)
    for chat_id in former:
        await remove_curator_commands(bot, translations, chat_id)


def stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):  # not on Windows
            loop.add_signal_handler(signum, stop.set)


async def poll_and_send(
    dispatcher: Dispatcher,
    bot: Bot,
    sender: OutboxSender,
    progress: BroadcastProgress | None = None,
) -> None:
    """Long polling with the outbox sender (and the broadcasts' progress) beside it, until
    SIGTERM or SIGINT; when polling stops, so do they."""
    stop = asyncio.Event()
    stop_on_signals(stop)
    stop_sending = asyncio.Event()
    sending = asyncio.create_task(sender.run(stop_sending), name="outbox-sender")
    watching = (
        asyncio.create_task(progress.run(stop_sending), name="broadcast-progress")
        if progress is not None
        else None
    )
    try:
        await Poller(dispatcher, bot).run(stop)
    finally:
        stop_sending.set()
        if watching is not None:
            await asyncio.gather(watching, return_exceptions=True)
        try:
            await sending  # bounded: requests under way get a few seconds, the rest is given back
        except Exception:
            logger.exception("The outbox sender failed")


async def run_polling(settings: Settings) -> None:
    translations = Translations.load(default_locale=settings.default_locale)
    catalog = load_catalog(translations)
    db = await open_database(settings)
    callback_answers = CallbackAnswers()
    bot = create_bot(settings, db.sessions, callback_answers)
    sender = create_sender(settings, db.sessions, bot, translations)
    dispatcher: Dispatcher = create_dispatcher(
        settings, db.engine, translations, catalog, callback_answers, outbox_wake=sender.wake
    )
    scheduler = ApScheduler(settings.tz, after_job=sender.wake)
    # Use cases plan a meeting's reminders at once (the hourly rebuild would catch them late).
    dispatcher["meeting_planner"] = meetings.Planner(scheduler, settings.meeting_reminders)
    progress = BroadcastProgress(db.sessions, bot, translations, outbox_wake=sender.wake)
    dispatcher["broadcast_progress"] = progress  # «Остановить» wakes it
    try:
        curator_chats, former = await prepare_data(db, settings)
        me = await bot.get_me()
        logger.info("Starting @%s (id %s) for %s", me.username, me.id, settings.org_name)
        scheduler.bind(
            job_context(settings, db, translations, scheduler, await start_link_base(bot))
        )
        try:
            # A webhook left set would make every getUpdates fail with 409.
            await bot.delete_webhook(drop_pending_updates=False)
            await register_commands(bot, translations, curator_chats, former)
        except TelegramAPIError as error:
            logger.warning("Start-up calls to Telegram failed, going on: %s", error)
        await scheduler.start()
        await poll_and_send(dispatcher, bot, sender, progress)
    finally:
        scheduler.shutdown()
        await bot.session.close()
        await db.engine.dispose()
        logger.info("Stopped")
