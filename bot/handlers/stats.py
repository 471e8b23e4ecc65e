"""/stats for curators (the dialog in bot/dialogs/stats); anyone else is refused, and it is
logged."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from bot.dialogs.stats.states import StatsSG
from bot.filters import IsCurator
from bot.i18n import Translator

logger = logging.getLogger(__name__)


async def on_stats(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(StatsSG.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def on_refused(message: Message, i18n: Translator) -> None:
    user = message.from_user.id if message.from_user else None
    logger.warning("/stats refused to %s: not a curator", user)
    await message.answer(i18n("curator-only"))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_stats, Command("stats"), IsCurator())
    router.message.register(on_refused, Command("stats"))
    return router
