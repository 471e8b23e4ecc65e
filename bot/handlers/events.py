"""/event for curators; a participant's way into the choices after an event."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from bot.dialogs.choices.states import ChoicesSG
from bot.dialogs.events.states import EventsSG
from bot.filters import IsCurator
from bot.i18n import Translator
from bot.services import choices
from bot.services.choices import Problem
from bot.services.events import CHOICES_CALLBACK
from bot.services.people import PersonView, Sessions
from bot.telegram.callbacks import as_id


async def on_event(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(EventsSG.list, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def on_choices(
    query: CallbackQuery,
    dialog_manager: DialogManager,
    session_factory: Sessions,
    person: PersonView,
    i18n: Translator,
) -> None:
    """The button under an invitation (or a reminder): the choices, if they are open to them."""
    event_id = as_id((query.data or "").removeprefix(CHOICES_CALLBACK))
    board = (
        await choices.board(session_factory, event_id, person.id)
        if event_id is not None
        else Problem.UNKNOWN
    )
    if isinstance(board, Problem):
        await query.answer(i18n.plain(f"choices-problem-{board.value}"), show_alert=True)
        return
    await dialog_manager.start(
        ChoicesSG.board,
        data={"event": board.event_id},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.SEND,
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_event, Command("event"), IsCurator())
    router.callback_query.register(on_choices, F.data.startswith(CHOICES_CALLBACK))
    return router
