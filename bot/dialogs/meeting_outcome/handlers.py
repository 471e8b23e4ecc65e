from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput

from bot.dialogs.common import i18n_of, person_of, sessions_of, start_data
from bot.dialogs.meeting_outcome.states import MeetingOutcomeSG
from bot.dialogs.navigation import go_home
from bot.services import meeting_followups
from bot.services.meeting_followups import Answer


async def on_note(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    """The note typed after «Да» / «Нет»: kept once, up to 300 characters."""
    i18n = i18n_of(manager)
    text = message.text
    if text is None or text.startswith("/"):
        await message.answer(i18n("followup-note-text-only"))
        manager.show_mode = ShowMode.SEND
        return
    result = await meeting_followups.save_note(
        sessions_of(manager),
        int(start_data(manager).get("meeting_id", 0)),
        by=person_of(manager).id,
        note=text,
    )
    if result.outcome in (Answer.TOO_LONG, Answer.INVALID):
        length = len(" ".join(text.split()))
        await message.answer(i18n("followup-note-too-long", length=length))
        manager.show_mode = ShowMode.SEND
        return
    if result.outcome is not Answer.DONE:
        key = "followup-note-already" if result.outcome is Answer.ALREADY else result.outcome.key
        await message.answer(i18n(key, held="yes" if result.held else "no", rating=0))
        await manager.done()
        return
    manager.dialog_data["saved"] = True
    await manager.switch_to(MeetingOutcomeSG.done)


async def on_skip(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    manager.dialog_data["saved"] = False
    await manager.switch_to(MeetingOutcomeSG.done)


async def on_home(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    await go_home(manager)
