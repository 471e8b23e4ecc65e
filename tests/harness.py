"""The bot's real Dispatcher and database against the in-process fake Telegram."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, Dispatcher
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_bot, create_dispatcher, create_sender
from bot.i18n import Translations
from bot.questionnaires.loader import Catalog
from bot.telegram.callbacks import CallbackAnswers
from bot.telegram.outbox_sender import OutboxSender
from bot.telegram.retry import RetryPolicy
from tests.fake_telegram import FakeSession, FakeTelegram, Message


async def settle() -> None:
    """Wait for the tasks an update started (aiogram-dialog's background updates)."""
    for _ in range(20):
        await asyncio.sleep(0)
        others = [
            task
            for task in asyncio.all_tasks()
            if task is not asyncio.current_task() and not task.done()
        ]
        if not others:
            return
        await asyncio.wait(others, timeout=5)


@dataclass
class Harness:
    fake: FakeTelegram
    bot: Bot
    dispatcher: Dispatcher
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    settings: Settings
    translations: Translations
    sender: OutboxSender

    @classmethod
    def build(
        cls,
        *,
        fake: FakeTelegram,
        settings: Settings,
        engine: AsyncEngine,
        translations: Translations,
        catalog: Catalog,
        retry_policy: RetryPolicy | None = None,
    ) -> Harness:
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        answers = CallbackAnswers()
        bot = create_bot(
            settings, sessions, answers, session=FakeSession(fake), retry_policy=retry_policy
        )
        # Fast enough that a test never waits for Telegram's pace (the outbox tests check it).
        sender = create_sender(
            settings, sessions, bot, translations, rate_per_s=1000, chat_rate_per_s=1000
        )
        dispatcher = create_dispatcher(
            settings, engine, translations, catalog, answers, outbox_wake=sender.wake
        )
        return cls(fake, bot, dispatcher, engine, sessions, settings, translations, sender)

    async def deliver(self) -> None:
        """Feed every pending update through the Dispatcher, as polling would."""
        pending, self.fake._pending = self.fake._pending, []
        for update in pending:
            await self.dispatcher.feed_raw_update(self.bot, update)
            await settle()
            await self.sender.drain()  # what the update queued for others, as the bot sends it

    async def send(self, user_id: int, text: str | None = None, **content: Any) -> Message:
        """The person sends a message; returns the bot's last message in that chat."""
        self.fake.user_message(user_id, text, **content)
        await self.deliver()
        return self.fake.last_bot_message(user_id)

    async def press(self, user_id: int, label: str, message: Message | None = None) -> Message:
        """The person presses the button whose label contains `label`."""
        message = message or self.fake.last_bot_message(user_id)
        data = message.button(label)["callback_data"]
        self.fake.press(user_id, message, data)
        await self.deliver()
        return self.fake.last_bot_message(user_id)

    async def press_reply(self, user_id: int, label: str) -> Message:
        """The person taps a reply-keyboard button: its exact text arrives as a message."""
        button = self.fake.last_bot_message(user_id).button(label)
        return await self.send(user_id, button["text"])

    async def press_data(self, user_id: int, message: Message, data: str) -> None:
        self.fake.press(user_id, message, data)
        await self.deliver()

    def last_answer(self) -> dict[str, Any]:
        """How the newest callback query was answered: its text and whether as an alert."""
        answer = list(self.fake.callback_queries.values())[-1].answer
        assert answer is not None, "the callback query was not answered"
        return answer
