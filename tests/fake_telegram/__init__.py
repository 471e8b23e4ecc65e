"""A fake Telegram Bot API for the tests: in-process and over HTTP."""

from tests.fake_telegram.core import FakeTelegram, FakeUser, Message, TelegramError
from tests.fake_telegram.server import FakeTelegramServer
from tests.fake_telegram.session import FakeSession

__all__ = [
    "FakeSession",
    "FakeTelegram",
    "FakeTelegramServer",
    "FakeUser",
    "Message",
    "TelegramError",
]
