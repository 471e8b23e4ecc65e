"""The outbox sender against a fake Bot API over HTTP that enforces Telegram's overall limit.

Run: `.venv/bin/python benchmarks/outbox.py [--messages 1000] [--limit 30] [--rate R]`

1,000 messages to 1,000 people are queued as the bot queues them (a translation key and the id
of a person the message names), then the real `OutboxSender` (from `create_sender`: each
message rendered when it is sent, in its recipient's language, on the Bot from `create_bot`
with its blocked-user middleware, over aiohttp) sends them to the fake
Bot API, which runs in a process of its own on 127.0.0.1 as Telegram would (sharing the bot's
event loop, it would also share its pauses). The fake accepts at most `--limit` messages in any
second (more: 429 "retry after 1") and refuses a share of the sends at random with 502
(`--bad-gateway`) and with 429 (`--flood`). Prints one JSON line: sent, lost (people who got
nothing), duplicates (extra copies), seconds, limit_per_s, efficiency (messages delivered per
second / limit), the sender's rate and what the fake refused.

`--rate` is the sender's OUTBOX_RATE_PER_S: by default one under the limit, as it is set for
real Telegram. Every 429 pauses all sending for a second (what Telegram asks), so a higher
`--limit` (shorter runs) makes each of them weigh more.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import multiprocessing
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from bot.config import Settings
from bot.db import migrate
from bot.db.engine import create_engine, create_session_factory
from bot.db.models import OutboxMessage, Person, utcnow
from bot.factory import create_bot, create_sender
from bot.i18n import Translations
from bot.services import notify
from bot.telegram.callbacks import CallbackAnswers
from tests.fake_telegram import FakeTelegram, FakeTelegramServer
from tests.fake_telegram.core import TelegramError

FIRST_ID = 200_000


def people(count: int) -> range:
    return range(FIRST_ID, FIRST_ID + count)


class CountingFake(FakeTelegram):
    """Counts the 429s of its limit apart from the ones it is told to answer at random."""

    over_limit = 0

    def _flood_control(self, chat_id: int) -> None:
        try:
            super()._flood_control(chat_id)
        except TelegramError:
            self.over_limit += 1
            raise


async def serve(pipe: Connection, options: dict[str, Any]) -> None:
    """The fake Bot API: tells its URL, serves until asked, then tells what it saw."""
    fake = CountingFake()
    fake.global_per_second = options["limit"]
    fake.fail_randomly("sendMessage", options["bad_gateway"], 502, "Bad Gateway")
    fake.fail_randomly(
        "sendMessage", options["flood"], 429, "Too Many Requests: retry after 1", retry_after=1
    )
    for user_id in people(options["messages"]):
        fake.add_user(user_id, f"Участник {user_id}", has_chat=True)
    async with FakeTelegramServer(fake) as server:
        pipe.send(server.url)
        await asyncio.get_running_loop().run_in_executor(None, pipe.recv)
    refused = [d for method, d in fake.refusals if method == "sendMessage"]
    pipe.send(
        {
            "copies": [len(fake.bot_messages(u)) for u in people(options["messages"])],
            "answered_429": sum("Too Many Requests" in d for d in refused),
            "over_limit": fake.over_limit,
            "answered_502": sum("Bad Gateway" in d for d in refused),
        }
    )


def serve_in_process(pipe: Connection, options: dict[str, Any]) -> None:
    asyncio.run(serve(pipe, options))


async def send_all(args: argparse.Namespace, url: str, directory: Path) -> tuple[int, float]:
    settings = Settings(
        bot_token=FakeTelegram().token,
        bot_api_url=url,
        database_url=f"sqlite+aiosqlite:///{directory / 'bench.sqlite3'}",
        _env_file=None,
    )
    engine = create_engine(settings.database_url)
    await migrate.upgrade(engine)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        now = utcnow()
        recipients = [
            Person(
                telegram_id=user_id,
                full_name=f"Участник {user_id}",
                locale="ru",
                first_seen_at=now,
                last_seen_at=now,
            )
            for user_id in people(args.messages)
        ]
        session.add_all(recipients)
        await session.flush()
        for recipient, partner in zip(recipients, recipients[1:] + recipients[:1], strict=True):
            await notify.tell(
                session,
                recipient,
                "pair-paused",
                kind="reminder",
                batch="benchmark",
                partner=notify.Name(partner.id),
            )
    bot = create_bot(settings, sessions, CallbackAnswers())
    sender = create_sender(
        settings, sessions, bot, Translations.load(), rate_per_s=args.rate, chat_rate_per_s=1
    )
    started = time.perf_counter()
    await sender.drain()
    seconds = time.perf_counter() - started
    async with sessions() as session:
        sent = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.sent_at.is_not(None))
        )
    await bot.session.close()
    await engine.dispose()
    return int(sent or 0), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--limit", type=int, default=30, help="the fake's messages per second")
    parser.add_argument("--rate", type=float, default=None, help="default: limit - 1")
    parser.add_argument("--bad-gateway", type=float, default=0.02, help="share answered 502")
    parser.add_argument("--flood", type=float, default=0.001, help="share answered 429")
    args = parser.parse_args()
    args.rate = args.rate or args.limit - 1
    logging.basicConfig(level=logging.ERROR)
    context = multiprocessing.get_context("spawn")
    pipe, child_pipe = context.Pipe()
    server = context.Process(target=serve_in_process, args=(child_pipe, vars(args)))
    server.start()
    try:
        url = pipe.recv()
        with tempfile.TemporaryDirectory() as directory:
            sent, seconds = asyncio.run(send_all(args, url, Path(directory)))
        pipe.send("done")
        seen = pipe.recv()
    finally:
        server.join(10)
        if server.is_alive():
            server.kill()
    copies = seen["copies"]
    print(
        json.dumps(
            {
                "sent": sent,
                "lost": copies.count(0),
                "duplicates": sum(n - 1 for n in copies if n > 1),
                "seconds": round(seconds, 2),
                "limit_per_s": args.limit,
                "efficiency": round(sent / seconds / args.limit, 3),
                "rate_per_s": args.rate,
                "answered_429": seen["answered_429"],  # at random and over the limit
                "over_limit": seen["over_limit"],
                "answered_502": seen["answered_502"],
            }
        )
    )


if __name__ == "__main__":
    main()
