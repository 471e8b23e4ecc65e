"""Telegram's webhook: an update is stored as it arrives, answered 200, then handled.

Every request must carry the secret token given to `setWebhook`
(`X-Telegram-Bot-Api-Secret-Token`); one without it, or with another, is refused with 401 and
logged; a body that is not an update gets 400. Both are handled not at all. An update is
written to the inbox (`updates.receive`) before Telegram hears 200, so a worker killed right
after loses nothing: the update is handled by another worker once this one's heartbeat runs
out. An update Telegram sends again (to this worker or another) is taken once. While the
database is away, Telegram hears 503 at once and sends the update again later; while it does
not answer (a frozen server, a network that drops packets), 503 after `ANSWER_WITHIN` seconds,
and an update stored after all is handled then (its copy sent again is not taken twice).

`GET /healthz` says whether the database is reachable, the outbox's backlog, which worker
leads the scheduler, and how long ago the last update came (503 when the database is away).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from aiogram import Bot
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

from bot.services import updates
from bot.services.health import Health
from bot.telegram.handling import UpdateTasks

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
MAX_BODY = 1024 * 1024  # an update is far smaller; Telegram's own limit for a message is 4096
ANSWER_WITHIN = 5.0  # seconds the database has to store an update or report its health


class Webhook:
    def __init__(
        self,
        bot: Bot,
        tasks: UpdateTasks,
        sessions: updates.Sessions,
        boot: str,
        *,
        secret: str,
        path: str,
        health: Callable[[], Awaitable[Health]],
    ) -> None:
        self._bot = bot
        self._tasks = tasks
        self._sessions = sessions
        self._boot = boot
        self._secret = secret.encode()
        self._path = path
        self._health = health
        self.answer_within = ANSWER_WITHIN
        self.stopping = False

    def application(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post(self._path, self._receive)
        app.router.add_get(HEALTH_PATH, self._report)
        return app

    async def _receive(self, request: web.Request) -> web.Response:
        # A header that is not UTF-8 (a forged one) compares as what it is, and fails.
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, self._secret):
            logger.warning(
                "Webhook request from %s %s: refused (401)",
                request.remote,
                "with a wrong secret token" if given else "without the secret token",
            )
            return web.Response(status=401, text="Unauthorized")
        if self.stopping:
            return web.Response(status=503, text="Stopping")  # Telegram sends it again
        update = await self._parse(request)
        if update is None:
            return web.Response(status=400, text="Not an update")
        stored = update.model_dump(mode="json", by_alias=True, exclude_none=True)
        receiving = asyncio.ensure_future(
            updates.receive(self._sessions, self._bot.id, self._boot, [stored])
        )
        try:
            done, _ = await asyncio.wait({receiving}, timeout=self.answer_within)
        except asyncio.CancelledError:
            receiving.cancel()  # the request is given up (the worker stops): so is its storing
            raise
        if not done:
            logger.error("Could not store update %s (no answer in time): 503", update.update_id)
            # Stored after all, it is handled then: its copy Telegram sends again is not taken.
            receiving.add_done_callback(partial(self._start_if_taken, update))
            return web.Response(status=503, text="Database unavailable")
        if (error := receiving.exception()) is not None:
            logger.error("Could not store update %s (%s): 503", update.update_id, error)
            return web.Response(status=503, text="Database unavailable")
        self._start_if_taken(update, receiving)
        return web.Response(status=200)

    def _start_if_taken(
        self, update: Update, receiving: asyncio.Future[dict[int, updates.Taken]]
    ) -> None:
        if receiving.cancelled() or receiving.exception() is not None:
            return
        taken = receiving.result().get(update.update_id)
        if taken is not None:
            self._tasks.start(update, redone=taken is updates.Taken.AGAIN)

    async def _parse(self, request: web.Request) -> Update | None:
        try:
            payload: Any = json.loads(await request.read())
            update_id = payload.get("update_id") if isinstance(payload, dict) else None
            if type(update_id) is not int or not 0 <= update_id < 2**63:
                raise ValueError("no update_id, or not one Telegram gives")
            return Update.model_validate(payload, context={"bot": self._bot})
        except (ValueError, ValidationError, UnicodeDecodeError, RecursionError) as error:
            reason = str(error).splitlines()[0][:200]
            logger.warning(
                "Webhook request from %s is not an update (%s): 400", request.remote, reason
            )
            return None

    async def _report(self, _request: web.Request) -> web.Response:
        checking = asyncio.ensure_future(self._health())
        done, _ = await asyncio.wait({checking}, timeout=self.answer_within)
        if not done:
            checking.cancel()
            health = Health(database=False, error="no answer in time")
        else:
            health = checking.result()
        return web.json_response(health.as_json(self._boot), status=200 if health.ok else 503)
