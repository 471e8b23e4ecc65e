"""`python -m bot serve` as a child process, for the webhook tests."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import aiohttp
import pytest

from tests.fake_telegram import FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
SECRET = "the-webhook-secret_0123456789"
CURATOR = 503


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServeProcess:
    """The supervisor (or the single worker) and what it logged."""

    def __init__(
        self, fake: FakeTelegram, api_url: str, database_url: str, tmp_path: Path, **settings: str
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.hook = f"{self.url}/telegram/hook"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))}
        self.env.update(
            BOT_TOKEN=fake.token,
            BOT_API_URL=api_url,
            DATABASE_URL=database_url,
            CURATOR_IDS=str(CURATOR),
            ORG_NAME="Школа № 1",
            LOG_LEVEL="INFO",
            WEBHOOK_URL=self.hook,
            WEBHOOK_SECRET=SECRET,
            WEBHOOK_LISTEN=f"127.0.0.1:{self.port}",
            PYTHONPATH=str(ROOT),
            **settings,
        )
        self.log = tmp_path / "serve.log"
        self.cwd = tmp_path
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self.log.open("a") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "serve",
                env=self.env,
                cwd=self.cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its workers in its process group, for the cleanup
            )

    async def __aenter__(self) -> ServeProcess:
        return self

    async def __aexit__(self, *exc: object) -> None:
        """Whatever happened in the test, no process is left behind."""
        if self.process is None:
            return
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.process.wait(), 30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # workers that outlived it

    async def stop(self, sig: int = signal.SIGTERM, timeout: float = 40) -> int:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(sig)
        return await asyncio.wait_for(self.process.wait(), timeout)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def workers(self) -> dict[str, int]:
        """Each worker's boot id and pid, as it logged them when it began to listen."""
        found = re.findall(r"Worker (\w+) \(pid (\d+)\) listening", self.output())
        return {boot: int(pid) for boot, pid in found}

    async def wait_for(
        self, condition: Callable[[], object], what: str, timeout: float = 30
    ) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            assert self.process is not None
            if self.process.returncode is not None:
                pytest.fail(f"serve exited while waiting for {what}:\n{self.output()[-5000:]}")
            await asyncio.sleep(0.05)
        pytest.fail(f"timed out waiting for {what}; serve said:\n{self.output()[-8000:]}")

    async def post(
        self, body: bytes, headers: dict[str, str] | None = None, path: str = "/telegram/hook"
    ) -> int:
        async with (
            aiohttp.ClientSession() as http,
            http.post(f"{self.url}{path}", data=body, headers=headers or {}) as response,
        ):
            return response.status

    async def health(self) -> tuple[int, dict[str, object]]:
        async with aiohttp.ClientSession() as http, http.get(f"{self.url}/healthz") as response:
            return response.status, await response.json()


def kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
