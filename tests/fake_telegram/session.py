"""An aiogram session that talks to `FakeTelegram` in-process, serialising as over HTTP."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InputFile

from tests.fake_telegram.core import FakeTelegram, TelegramError


class FakeSession(BaseSession):
    def __init__(self, fake: FakeTelegram) -> None:
        super().__init__()
        self.fake = fake

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        files: dict[str, InputFile] = {}
        params: dict[str, Any] = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files)
            if prepared:
                params[key] = prepared
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                input_file = files[value.removeprefix("attach://")]
                content = b"".join([chunk async for chunk in input_file.read(bot)])
                params[key] = {"filename": input_file.filename, "content": content}
        try:
            result = await self.fake.call(method.__api_method__, params)
            status, body = 200, {"ok": True, "result": result}
        except TelegramError as error:
            status, body = error.status, error.payload()
        response = self.check_response(
            bot=bot, method=method, status_code=status, content=json.dumps(body)
        )
        return cast(TelegramType, response.result)

    async def close(self) -> None:
        """Nothing to close."""

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        served: tuple[bytes, ...] = ()  # the fake serves no files
        for chunk in served:
            yield chunk
