"""The fake Bot API over HTTP (aiohttp), for running `python -m bot` against it."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web
from multidict import MultiDictProxy

from tests.fake_telegram.core import FakeTelegram, TelegramError
from tests.fake_telegram.webhook import WebhookDelivery


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        body = await request.json()
        return dict(body) if isinstance(body, dict) else {}
    if request.method == "GET":
        return dict(request.query)
    form: MultiDictProxy[Any] = await request.post()
    params: dict[str, Any] = {}
    files: dict[str, dict[str, Any]] = {}
    for key, value in form.items():
        if isinstance(value, web.FileField):
            files[key] = {"filename": value.filename, "content": value.file.read()}
        else:
            params[key] = value
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = files.get(value.removeprefix("attach://"))
    return params


class FakeTelegramServer:
    """`async with FakeTelegramServer(fake) as server:` then `server.url` is BOT_API_URL."""

    def __init__(self, fake: FakeTelegram) -> None:
        self.fake = fake
        self.app = web.Application()
        self.app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(self.app, handle_signals=False)
        self.url = ""
        self._delivery: asyncio.Task[None] | None = None

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.fake.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        params = await _params(request)
        try:
            result = await self.fake.call(request.match_info["method"], params)
        except TelegramError as error:
            return web.json_response(error.payload(), status=error.status)
        return web.json_response({"ok": True, "result": result}, dumps=json.dumps)

    async def __aenter__(self) -> FakeTelegramServer:
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        self._delivery = asyncio.create_task(WebhookDelivery(self.fake).run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.fake.end_long_polls()  # a stopped bot's last long poll would hold the server
        if self._delivery is not None:
            self._delivery.cancel()
            await asyncio.gather(self._delivery, return_exceptions=True)
        await self._runner.cleanup()
