"""Long polling with an inbox: an update is stored as it arrives, then confirmed to Telegram.

aiogram's own polling confirms a batch with the next `getUpdates` while its updates are still
being handled, so a process killed in the middle of one loses it. Here each batch is first
written to the database (`updates.receive`: the update and this process's boot id), and only
then confirmed; each update is handled in a task of its own and marked handled when it is done.
At start-up, updates an earlier process took and never finished are handled first
(`updates.unfinished`). A slow update holds back nothing: the offset moves at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import GetUpdates
from aiogram.types import Update
from aiogram.utils.backoff import Backoff, BackoffConfig

from bot.services import updates
from bot.telegram.handling import UpdateTasks, workflow_of

logger = logging.getLogger(__name__)

BACKOFF = BackoffConfig(min_delay=1.0, max_delay=5.0, factor=1.3, jitter=0.1)


class Poller:
    def __init__(
        self, dispatcher: Dispatcher, bot: Bot, *, timeout: int = 10, stop_grace: float = 10.0
    ) -> None:
        self._dispatcher = dispatcher
        self._bot = bot
        self._timeout = timeout
        self._stop_grace = stop_grace
        self._sessions: updates.Sessions = dispatcher["session_factory"]
        self._boot: str = dispatcher["boot"]
        self._tasks = UpdateTasks(dispatcher, bot, workflow_of(dispatcher, bot))
        self.offset: int | None = None

    async def run(self, stop: asyncio.Event) -> None:
        """Poll and handle until `stop` is set; then let the updates under way finish."""
        dispatcher, bot = self._dispatcher, self._bot
        workflow = workflow_of(dispatcher, bot)
        await dispatcher.emit_startup(bot=bot, **workflow)
        allowed = dispatcher.resolve_used_update_types()
        backoff = Backoff(BACKOFF)
        logger.info("Polling for updates")
        try:
            for payload in await updates.unfinished(self._sessions, bot.id, self._boot):
                self._tasks.start(Update.model_validate(payload, context={"bot": bot}), redone=True)
            while not stop.is_set():
                request = GetUpdates(
                    offset=self.offset, timeout=self._timeout, allowed_updates=allowed
                )
                try:
                    batch = await self._until_stopped(bot(request), stop)
                    if batch is None:
                        break  # stopped
                    await self._take(batch)
                except asyncio.CancelledError:
                    raise
                except Exception as error:
                    logger.error("Could not get updates (%s); trying again", error)
                    await self._until_stopped(backoff.asleep(), stop)
                    continue
                backoff.reset()
        finally:
            await self._finish(workflow)

    async def _take(self, batch: list[Update]) -> None:
        """Store the batch, start what is to be handled, and confirm it with the next poll."""
        if not batch:
            return
        payloads = [u.model_dump(mode="json", by_alias=True, exclude_none=True) for u in batch]
        taken = await updates.receive(self._sessions, self._bot.id, self._boot, payloads)
        for update in batch:
            if update.update_id in taken:
                self._tasks.start(update, redone=taken[update.update_id] is updates.Taken.AGAIN)
        self.offset = max(u.update_id for u in batch) + 1

    @staticmethod
    async def _until_stopped(work: Any, stop: asyncio.Event) -> Any:
        """The result of `work`, or None if `stop` is set first (the work is cancelled)."""
        task = asyncio.ensure_future(work)
        stopping = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait([task, stopping], return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
        if task.done():
            return task.result()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return None

    async def _finish(self, workflow: dict[str, Any]) -> None:
        """Updates under way get `stop_grace` seconds (the rest are handled at the next start);
        what was received is confirmed."""
        await self._tasks.finish(self._stop_grace)
        try:
            if self.offset is not None:
                await self._bot(GetUpdates(offset=self.offset, timeout=0, limit=1))
        except Exception as error:
            logger.warning("Could not confirm the last updates (%s); they will be skipped", error)
        logger.info("Polling stopped")
        await self._dispatcher.emit_shutdown(bot=self._bot, **workflow)
