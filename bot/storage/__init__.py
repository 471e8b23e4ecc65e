"""FSM and dialog state kept in the bot's database."""

from bot.storage.sql import SQLStorage

__all__ = ["SQLStorage"]
