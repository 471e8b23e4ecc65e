"""Updates handled each in a task of its own, by the poller and by the webhook alike."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.types import Update

from bot.telegram.redone import before as shown_before

logger = logging.getLogger(__name__)

First = Callable[[Update], Awaitable[list[Update]]]
"""What must be handled before an update (in order): the sender's older updates left over."""


def workflow_of(dispatcher: Dispatcher, bot: Bot) -> dict[str, Any]:
    """What `feed_update` needs beside the update (as aiogram's own polling passes it)."""
    workflow = {"dispatcher": dispatcher, "bots": (bot,), **dispatcher.workflow_data}
    workflow.pop("bot", None)
    return workflow


class UpdateTasks:
    """Each update in a task; a failed one is logged (it stays unfinished in the inbox, and is
    handled again by the next process that takes it over)."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot,
        workflow: dict[str, Any],
        first: First | None = None,
    ) -> None:
        self._dispatcher = dispatcher
        self._bot = bot
        self._workflow = workflow
        self._first = first
        self._running: set[asyncio.Task[None]] = set()

    def __len__(self) -> int:
        return len(self._running)

    def start(self, update: Update, *, redone: bool = False) -> None:
        """Handle `update`; `redone`: taken over from a process that never finished it."""
        task = asyncio.create_task(self._handle(update, redone), name=f"update-{update.update_id}")
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _handle(self, update: Update, redone: bool) -> None:
        earlier: list[Update] = []
        if self._first is not None:
            try:
                earlier = await self._first(update)
            except Exception:
                logger.exception("Could not look for updates before %s", update.update_id)
        for each in earlier:
            # Its screens the person pressed already (`update`) are not sent twice.
            with shown_before(update):
                await self._feed(each, redone=True)
        await self._feed(update, redone)

    async def _feed(self, update: Update, redone: bool) -> None:
        try:
            response = await self._dispatcher.feed_update(
                self._bot, update, received=True, redone=redone, **self._workflow
            )
            if isinstance(response, TelegramMethod):
                await self._dispatcher.silent_call_request(bot=self._bot, result=response)
        except Exception:
            logger.exception("Update %s failed", update.update_id)

    async def finish(self, grace: float) -> None:
        """Updates under way get `grace` seconds; the rest are cancelled (and stay unfinished,
        to be handled again)."""
        if not self._running:
            return
        logger.info("Waiting for %d updates under way", len(self._running))
        _, late = await asyncio.wait(set(self._running), timeout=grace)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
