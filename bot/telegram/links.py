"""Links into the bot (`t.me/<bot>?start=...`): the payload goes after this base."""

from __future__ import annotations

from aiogram import Bot


async def start_link_base(bot: Bot) -> str:
    me = await bot.me()
    return f"https://t.me/{me.username}?start="
