"""/start, /menu and /language open the dialogs."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from bot.dialogs.states import LanguageSG, MenuSG


async def on_start(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(
        MenuSG.main, data={"greet": True}, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
    )


async def on_menu(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(MenuSG.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def on_language(message: Message, dialog_manager: DialogManager) -> None:
    # The menu goes underneath, so that choosing a language lands in it.
    await dialog_manager.start(
        MenuSG.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.NO_UPDATE
    )
    await dialog_manager.start(LanguageSG.choose, show_mode=ShowMode.SEND)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_start, CommandStart())
    router.message.register(on_menu, Command("menu"))
    router.message.register(on_language, Command("language"))
    return router
