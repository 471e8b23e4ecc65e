"""`python -m bot serve`: Telegram's webhook served by WORKERS processes on one port.

The process started by the operator prepares once (migrations, curators, `setWebhook` with the
secret token, the command menus), then runs the workers: itself when WORKERS=1, else as many
child processes (`serve --worker`), each listening on WEBHOOK_LISTEN with SO_REUSEPORT, so the
kernel shares the connections among them; a worker that dies is started again.

Every worker handles the updates it receives (`bot/telegram/webhook.py`), one at a time per
chat across all workers (`bot/storage/isolation.py`), and runs an outbox sender (claims with
leases: a message goes once). One of them leads (`bot/scheduling/leader.py`): it runs the
scheduler, and handles the updates a dead worker left unfinished (a worker is alive while its
heartbeat lease is renewed).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import signal
import sys
import time
from datetime import timedelta
from urllib.parse import urlsplit

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import Update
from aiohttp import web

from bot.app import (
    Database,
    job_context,
    open_database,
    prepare_data,
    register_commands,
    stop_on_signals,
)
from bot.config import Settings
from bot.db.engine import create_engine
from bot.db.models import utcnow
from bot.factory import create_bot, create_dispatcher, create_sender
from bot.i18n import Translations
from bot.questionnaires.loader import load_catalog
from bot.scheduling.leader import Leadership, SharedScheduler
from bot.scheduling.runner import ApScheduler
from bot.services import health, leases, meetings, updates
from bot.storage.isolation import AdvisoryIsolation
from bot.telegram.broadcast_progress import BroadcastProgress
from bot.telegram.callbacks import CallbackAnswers
from bot.telegram.handling import UpdateTasks, workflow_of
from bot.telegram.links import start_link_base
from bot.telegram.webhook import Webhook

logger = logging.getLogger(__name__)

STOP_GRACE = 10.0  # updates under way when a worker stops
CHAT_LOCKS = 16  # connections for the chats' advisory locks, per worker
OLDER_WAIT = 5  # leases an update waits for its sender's older ones under way elsewhere
TELEGRAM_WEBHOOK_PORTS = (443, 80, 88, 8443)


class WebhookRefused(Exception):
    """Telegram refused `setWebhook`: the settings are wrong, starting again will not help."""


RESTART_PAUSE = 1.0


def serve_problems(settings: Settings) -> list[str]:
    """What keeps `serve` from starting, one line each, for the operator."""
    problems = []
    if settings.webhook_url is None:
        problems.append(
            "Setting WEBHOOK_URL is not set: give the public https URL Telegram sends updates "
            "to, such as https://bot.school.ru/telegram."
        )
    if settings.webhook_secret is None:
        problems.append(
            "Setting WEBHOOK_SECRET is not set: give 16 to 256 characters of A-Z, a-z, 0-9, _ "
            "and - (python -c 'import secrets; print(secrets.token_urlsafe(32))')."
        )
    if settings.webhook_url is not None and settings.uses_telegram_api:
        url = urlsplit(settings.webhook_url)
        if url.scheme != "https" or (url.port or 443) not in TELEGRAM_WEBHOOK_PORTS:
            problems.append(
                f"Setting WEBHOOK_URL={settings.webhook_url} is refused by Telegram: it takes "
                "https only, on port 443, 80, 88 or 8443 (https://bot.school.ru/telegram)."
            )
    if settings.database_url.startswith("sqlite") and settings.sqlite_path() is None:
        problems.append(
            "Setting DATABASE_URL names an SQLite database in memory: serve needs a file "
            "(sqlite+aiosqlite:///data/bot.db) or PostgreSQL."
        )
    if settings.workers > 1 and settings.sqlite_path() is not None:
        problems.append(
            f"WORKERS={settings.workers} needs PostgreSQL (DATABASE_URL=postgresql+asyncpg://"
            "...): SQLite has one writer. With SQLite, use WORKERS=1."
        )
    return problems


async def prepare(settings: Settings, translations: Translations) -> None:
    """Once for all workers: the schema, the curators, the webhook and the command menus."""
    db = await open_database(settings)
    callback_answers = CallbackAnswers()
    bot = create_bot(settings, db.sessions, callback_answers)
    try:
        curator_chats, former = await prepare_data(db, settings)
        dispatcher = create_dispatcher(
            settings, db.engine, translations, load_catalog(translations), callback_answers
        )
        assert settings.webhook_url is not None and settings.webhook_secret is not None
        try:
            await bot.set_webhook(
                url=settings.webhook_url,
                secret_token=settings.webhook_secret.get_secret_value(),
                allowed_updates=dispatcher.resolve_used_update_types(),
                drop_pending_updates=False,
            )
        except TelegramBadRequest as error:
            raise WebhookRefused(
                f"Telegram refused WEBHOOK_URL={settings.webhook_url} ({error.message})"
            ) from error
        me = await bot.get_me()
        logger.info("Webhook set for @%s (id %s): %s", me.username, me.id, settings.webhook_url)
        await register_commands(bot, translations, curator_chats, former)
    finally:
        await bot.session.close()
        await db.engine.dispose()


class Worker:
    """One webhook worker: the web server, the handling, the sender, the heartbeat, and the
    leadership it may win."""

    def __init__(self, settings: Settings, translations: Translations, db: Database) -> None:
        self.settings = settings
        self.db = db
        self.boot = updates.new_boot_id()
        self._lock_engine = (
            # Autocommit: a lock and an unlock are one statement each, no BEGIN nor COMMIT.
            create_engine(
                settings.database_url,
                pool_size=CHAT_LOCKS,
                max_overflow=0,
                isolation_level="AUTOCOMMIT",
            )
            if db.engine.dialect.name == "postgresql"
            else None
        )
        # One process (SQLite): the dispatcher's own lock per chat, and its cached dialog state.
        isolation = AdvisoryIsolation(self._lock_engine, CHAT_LOCKS) if self._lock_engine else None
        callback_answers = CallbackAnswers()
        self.bot: Bot = create_bot(settings, db.sessions, callback_answers)
        self.sender = create_sender(settings, db.sessions, self.bot, translations, boot=self.boot)
        self.dispatcher = create_dispatcher(
            settings,
            db.engine,
            translations,
            load_catalog(translations),
            callback_answers,
            outbox_wake=self.sender.wake,
            boot=self.boot,
            isolation=isolation,
        )
        self.scheduler = ApScheduler(settings.tz, after_job=self.sender.wake)
        # LEASE_SECONDS: the leader's lease; a heartbeat lasts half of it, renewed every sixth;
        # an update a dead worker left is taken over once it is a third of it old.
        lease = float(settings.lease_seconds)
        self._heartbeat_ttl = timedelta(seconds=lease / 2)
        self._heartbeat_every = lease / 6
        self._orphan_age = timedelta(seconds=lease / 3)
        self.leadership = Leadership(
            db.sessions,
            self.boot,
            self.scheduler,
            on_tick=self._sweep,
            ttl=timedelta(seconds=lease),
            renew_every=lease / 3,
        )
        shared = SharedScheduler(self.leadership, self.scheduler, db.sessions, self.boot)
        self.dispatcher["meeting_planner"] = meetings.Planner(shared, settings.meeting_reminders)
        self.progress = BroadcastProgress(
            db.sessions, self.bot, translations, outbox_wake=self.sender.wake
        )
        self.dispatcher["broadcast_progress"] = self.progress
        self.workflow = workflow_of(self.dispatcher, self.bot)
        self.tasks = UpdateTasks(self.dispatcher, self.bot, self.workflow, self._older_first)
        assert settings.webhook_secret is not None
        self.webhook = Webhook(
            self.bot,
            self.tasks,
            db.sessions,
            self.boot,
            secret=settings.webhook_secret.get_secret_value(),
            path=settings.webhook_path,
            health=lambda: health.check(db.sessions, self.bot.id),
        )
        self._translations = translations

    async def run(self, stop: asyncio.Event) -> None:
        self.scheduler.bind(
            job_context(
                self.settings,
                self.db,
                self._translations,
                self.scheduler,
                await start_link_base(self.bot),
            )
        )
        # Alive before the first update: no leader takes this worker's updates for a dead one's.
        await leases.take(self.db.sessions, self._heartbeat_name, self.boot, self._heartbeat_ttl)
        runner = web.AppRunner(self.webhook.application(), handle_signals=False, access_log=None)
        await runner.setup()
        host, port = self.settings.listen
        site = web.TCPSite(runner, host, port, reuse_port=True)
        await self.dispatcher.emit_startup(bot=self.bot, **self.workflow)
        background = asyncio.Event()
        loops = [
            asyncio.create_task(self._beat(background), name="heartbeat"),
            asyncio.create_task(self.leadership.run(background), name="leadership"),
            asyncio.create_task(self.sender.run(background), name="outbox-sender"),
            asyncio.create_task(self.progress.run(background), name="broadcast-progress"),
        ]
        try:
            await site.start()
            # What start-up made lives as long as the process: the collector stops walking it
            # (full collections took a few milliseconds an update).
            gc.freeze()
            logger.info("Worker %s (pid %d) listening on %s:%s", self.boot, os.getpid(), host, port)
            await stop.wait()
            logger.info("Worker %s stopping", self.boot)
            self.webhook.stopping = True
            await site.stop()
            await self.tasks.finish(STOP_GRACE)
        finally:
            background.set()
            for result in await asyncio.gather(*loops, return_exceptions=True):
                if isinstance(result, BaseException):
                    logger.error("A background loop failed: %r", result)
            await runner.cleanup()
            await self.dispatcher.emit_shutdown(bot=self.bot, **self.workflow)
            with contextlib.suppress(Exception):  # others take its updates over at once
                await leases.give_up(self.db.sessions, self._heartbeat_name, self.boot)
            await self.bot.session.close()
            if self._lock_engine is not None:
                await self._lock_engine.dispose()

    @property
    def _heartbeat_name(self) -> str:
        return leases.WORKER + self.boot

    async def _beat(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self._heartbeat_every)
            if stop.is_set():
                return
            try:
                await leases.take(
                    self.db.sessions, self._heartbeat_name, self.boot, self._heartbeat_ttl
                )
            except Exception as error:
                logger.warning("Could not renew this worker's heartbeat (%s)", error)

    async def _older_first(self, update: Update) -> list[Update]:
        """The sender's older updates that a dead worker left, to be handled first; while
        older ones are under way in a live worker (the leader's sweep may hold a dead one's
        backlog), wait for them: handled before them, a press on a screen they show finds no
        dialog. At most `OLDER_WAIT` leases, looking less often as it goes on."""
        payload = update.model_dump(mode="json", by_alias=True, exclude_none=True)
        user_id = updates.sender_of(payload)
        if user_id is None:
            return []
        deadline = time.monotonic() + OLDER_WAIT * self.settings.lease_seconds
        pause = 0.1
        while True:
            taken, waiting = await updates.older_first(
                self.db.sessions, self.bot.id, self.boot, user_id, update.update_id
            )
            if taken or not waiting:
                return [Update.model_validate(p, context={"bot": self.bot}) for p in taken]
            if time.monotonic() > deadline:
                logger.warning(
                    "Update %s: older ones still under way; handled now", update.update_id
                )
                return []
            await asyncio.sleep(pause)
            pause = min(pause * 2, 1.0)

    async def _sweep(self) -> None:
        """The leader's: the updates dead workers left unfinished are handled here, and their
        heartbeats, over for an hour, go (each restart leaves one)."""
        for payload in await updates.take_over_orphans(
            self.db.sessions, self.bot.id, self.boot, older_than=self._orphan_age
        ):
            self.tasks.start(Update.model_validate(payload, context={"bot": self.bot}), redone=True)
        await leases.forget_dead_workers(self.db.sessions, before=utcnow() - timedelta(hours=1))


async def run_worker(
    settings: Settings, translations: Translations, *, supervised: bool = False
) -> None:
    """One worker; `supervised`: started by `supervise`, it stops when its parent is gone (a
    supervisor killed with SIGKILL leaves no workers behind)."""
    parent = os.getppid()  # first: a supervisor killed while this worker starts is noticed
    db = await open_database(settings, upgrade=False)
    watching: asyncio.Task[None] | None = None
    try:
        stop = asyncio.Event()
        stop_on_signals(stop)
        if supervised:
            watching = asyncio.create_task(_stop_when_orphaned(parent, stop))
        await Worker(settings, translations, db).run(stop)
    finally:
        if watching is not None:
            watching.cancel()
        await db.engine.dispose()
        logger.info("Stopped")


async def _stop_when_orphaned(parent: int, stop: asyncio.Event) -> None:
    while os.getppid() == parent:  # noqa: ASYNC110 (no event tells a process its parent died)
        await asyncio.sleep(1.0)
    logger.warning("The supervisor (pid %d) is gone: this worker stops", parent)
    stop.set()


async def run_one(settings: Settings, translations: Translations) -> None:
    """WORKERS=1: prepare and serve in this process."""
    await prepare(settings, translations)
    await run_worker(settings, translations)


async def supervise(settings: Settings, translations: Translations) -> None:
    """WORKERS>1: prepare, then keep that many worker processes running until SIGTERM."""
    await prepare(settings, translations)
    stop = asyncio.Event()
    stop_on_signals(stop)
    workers = [asyncio.create_task(_keep(number, stop)) for number in range(settings.workers)]
    await asyncio.gather(*workers)
    logger.info("Stopped")


async def _keep(number: int, stop: asyncio.Event) -> None:
    """Worker `number`, started again whenever it dies, until `stop`."""
    while not stop.is_set():
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "serve", "--worker"
        )
        logger.info("Worker %d started (pid %d)", number + 1, process.pid)
        started = time.monotonic()
        waiting = asyncio.ensure_future(process.wait())
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait([waiting, stopping], return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not waiting.done():
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(waiting, timeout=STOP_GRACE + 20)
            except TimeoutError:
                process.kill()
                await process.wait()
            return
        logger.error(
            "Worker %d (pid %d) exited with %s; starting it again",
            number + 1,
            process.pid,
            process.returncode,
        )
        # A worker that dies at once (a bad setting, the database away) is not restarted in
        # a tight loop.
        if time.monotonic() - started < 5:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=RESTART_PAUSE * 5)
