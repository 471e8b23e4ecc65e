"""/help and /cancel."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram_dialog import DialogManager

from bot.i18n import Translator


async def on_help(message: Message, i18n: Translator, is_curator: bool) -> None:
    parts = [i18n("help-text")]
    if is_curator:
        parts.append(i18n("help-curator"))
    await message.answer("\n\n".join(parts))


async def on_cancel(
    message: Message, dialog_manager: DialogManager, state: FSMContext, i18n: Translator
) -> None:
    active = dialog_manager.has_context() or await state.get_state() is not None
    if dialog_manager.has_context():
        await dialog_manager.reset_stack(remove_keyboard=True)
    await state.clear()
    await message.answer(i18n("cancel-done" if active else "cancel-nothing"))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_help, Command("help"))
    router.message.register(on_cancel, Command("cancel"))
    return router
