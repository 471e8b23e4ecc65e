"""The fake's webhook: updates are posted to the URL `setWebhook` gave, as Telegram does.

Up to `max_connections` requests at once, each carrying the secret token in
`X-Telegram-Bot-Api-Secret-Token`; an update leaves the queue only when the bot answers 2xx;
any other answer, or none (a worker killed mid-request), sends it again after a pause that
grows. Updates of a type not in `allowed_updates` are dropped, as Telegram drops them.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

import aiohttp

from tests.fake_telegram.core import FakeTelegram, FakeWebhook

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RETRY_FIRST = 0.3
RETRY_MAX = 3.0


class WebhookDelivery:
    def __init__(self, fake: FakeTelegram) -> None:
        self.fake = fake
        self._inflight: dict[int, asyncio.Task[None]] = {}
        self._not_before: dict[int, float] = {}
        self._failures: dict[int, int] = {}
        self._done = asyncio.Event()

    async def run(self) -> None:
        timeout = aiohttp.ClientTimeout(total=60)
        connector = aiohttp.TCPConnector(limit=100, force_close=False)
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as http:
            try:
                while True:
                    hook = self.fake.webhook
                    if hook is None:  # long polling: the updates wait for getUpdates
                        await asyncio.sleep(0.1)
                        continue
                    self._post_due(http, hook)
                    self.fake._new_updates.clear()
                    self._done.clear()
                    waits = [
                        asyncio.ensure_future(self.fake._new_updates.wait()),
                        asyncio.ensure_future(self._done.wait()),
                    ]
                    try:
                        await asyncio.wait(waits, timeout=0.1, return_when=asyncio.FIRST_COMPLETED)
                    finally:
                        for waiting in waits:
                            waiting.cancel()
            finally:
                for task in self._inflight.values():
                    task.cancel()
                await asyncio.gather(*self._inflight.values(), return_exceptions=True)

    def _post_due(self, http: aiohttp.ClientSession, hook: FakeWebhook) -> None:
        now = time.monotonic()
        for update in list(self.fake._pending):
            update_id = int(update["update_id"])
            kind = next(k for k in update if k != "update_id")
            if hook.allowed_updates is not None and kind not in hook.allowed_updates:
                self.fake._pending.remove(update)
                continue
            if update_id in self._inflight or self._not_before.get(update_id, 0) > now:
                continue
            if len(self._inflight) >= hook.max_connections:
                return
            self._inflight[update_id] = asyncio.create_task(self._post(http, hook, update))

    async def _post(
        self, http: aiohttp.ClientSession, hook: FakeWebhook, update: dict[str, Any]
    ) -> None:
        update_id = int(update["update_id"])
        headers = {SECRET_HEADER: hook.secret_token} if hook.secret_token else {}
        status = 0
        try:
            async with http.post(hook.url, json=update, headers=headers) as response:
                status = response.status
                await response.read()
        except (aiohttp.ClientError, TimeoutError, OSError):
            status = 0
        finally:
            self.fake.webhook_requests.append((update_id, status))
            if 200 <= status < 300:
                with contextlib.suppress(ValueError):
                    self.fake._pending.remove(update)
                self._not_before.pop(update_id, None)
            else:
                failures = self._failures[update_id] = self._failures.get(update_id, 0) + 1
                pause = min(RETRY_MAX, RETRY_FIRST * 2 ** (failures - 1))
                self._not_before[update_id] = time.monotonic() + pause
            del self._inflight[update_id]
            self._done.set()
