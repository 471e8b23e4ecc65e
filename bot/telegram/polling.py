"""Long polling that confirms an update to Telegram only once it has been handled.

aiogram's own polling confirms each batch with the next `getUpdates` (its `offset`) while the
updates of the batch are still being handled, so a process killed in the middle of an update
loses it: Telegram never sends it again. Here the offset moves only past updates whose
handling has finished: after a kill, Telegram sends the unfinished ones again, and the update
middleware (`bot/services/updates.py`) hands them to the handlers again, while those that were
finished are skipped.

Updates are still handled concurrently, each in a task. While one is under way, `getUpdates`
returns it again at once (it is not confirmed); the loop then waits for a task to finish, or
`idle_wait` for newer updates, before asking again, so it does not spin.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.types import Update
from aiogram.utils.backoff import Backoff, BackoffConfig

logger = logging.getLogger(__name__)

BACKOFF = BackoffConfig(min_delay=1.0, max_delay=5.0, factor=1.3, jitter=0.1)


class Poller:
    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot,
        *,
        timeout: int = 10,
        idle_wait: float = 0.5,
        stop_grace: float = 10.0,
    ) -> None:
        self._dispatcher = dispatcher
        self._bot = bot
        self._timeout = timeout
        self._idle_wait = idle_wait
        self._stop_grace = stop_grace
        self._running: dict[int, asyncio.Task[None]] = {}
        self._finished: set[int] = set()  # handled, but a lower update is still under way
        self._abandoned: set[int] = set()  # cancelled when stopping: Telegram sends them again
        self._highest: int | None = None

    @property
    def offset(self) -> int | None:
        """Everything below it has been handled."""
        unfinished = self._running.keys() | self._abandoned
        if unfinished:
            return min(unfinished)
        return None if self._highest is None else self._highest + 1

    async def run(self, stop: asyncio.Event) -> None:
        """Poll and handle until `stop` is set; then let the updates under way finish."""
        dispatcher, bot = self._dispatcher, self._bot
        workflow = {"dispatcher": dispatcher, "bots": (bot,), **dispatcher.workflow_data}
        workflow.pop("bot", None)
        await dispatcher.emit_startup(bot=bot, **workflow)
        allowed = dispatcher.resolve_used_update_types()
        backoff = Backoff(BACKOFF)
        logger.info("Polling for updates")
        try:
            while not stop.is_set():
                timeout = 0 if self._running else self._timeout
                request = GetUpdates(offset=self.offset, timeout=timeout, allowed_updates=allowed)
                try:
                    updates = await self._until_stopped(bot(request), stop)
                except asyncio.CancelledError:
                    raise
                except Exception as error:
                    logger.error("Could not get updates (%s); trying again", error)
                    await self._until_stopped(backoff.asleep(), stop)
                    continue
                backoff.reset()
                if updates is None:
                    break  # stopped
                fresh = [u for u in updates if self._is_new(u.update_id)]
                for update in fresh:
                    self._start(update, workflow)
                if not fresh and self._running:
                    await self._wait_for_one(stop)
        finally:
            await self._finish(workflow)

    def _is_new(self, update_id: int) -> bool:
        return update_id not in self._running and update_id not in self._finished

    def _start(self, update: Update, workflow: dict[str, Any]) -> None:
        update_id = update.update_id
        self._highest = max(self._highest or update_id, update_id)
        task = asyncio.create_task(self._handle(update, workflow), name=f"update-{update_id}")
        self._running[update_id] = task

        def done(finished: asyncio.Task[None]) -> None:
            self._running.pop(update_id, None)
            if finished.cancelled():
                self._abandoned.add(update_id)
                return
            self._finished.add(update_id)
            floor = self.offset
            if floor is not None:
                self._finished = {i for i in self._finished if i >= floor}

        task.add_done_callback(done)

    async def _handle(self, update: Update, workflow: dict[str, Any]) -> None:
        try:
            response = await self._dispatcher.feed_update(self._bot, update, **workflow)
            if isinstance(response, TelegramMethod):
                await self._dispatcher.silent_call_request(bot=self._bot, result=response)
        except Exception:
            logger.exception("Update %s failed", update.update_id)

    async def _wait_for_one(self, stop: asyncio.Event) -> None:
        stopping = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait(
                [*self._running.values(), stopping],
                timeout=self._idle_wait,
                return_when=asyncio.FIRST_COMPLETED,
            )
        finally:
            stopping.cancel()

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
        """Updates under way get `stop_grace` seconds; what was handled is confirmed."""
        if self._running:
            logger.info("Waiting for %d updates under way", len(self._running))
            _, late = await asyncio.wait(list(self._running.values()), timeout=self._stop_grace)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        try:
            if self.offset is not None:
                await self._bot(GetUpdates(offset=self.offset, timeout=0, limit=1))
        except Exception as error:
            logger.warning("Could not confirm the last updates (%s); they will be skipped", error)
        logger.info("Polling stopped")
        await self._dispatcher.emit_shutdown(bot=self._bot, **workflow)
