"""The buttons under a term notice (`term:<pair id>:final|new`): the new-meeting screen for
that pair, after the use case has checked that the pair is the presser's and still works."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, ShowMode, StartMode

from bot.config import Settings
from bot.dialogs.meetings.states import NewMeetingSG
from bot.i18n import Translator
from bot.services import term, term_buttons
from bot.services.people import PersonView, Sessions


async def on_term(
    query: CallbackQuery,
    *,
    dialog_manager: DialogManager,
    session_factory: Sessions,
    i18n: Translator,
    settings: Settings,
    person: PersonView | None = None,
) -> None:
    parsed = term_buttons.parse_callback(query.data or "")
    if parsed is None or person is None:
        await query.answer(i18n.plain("fallback-button"), show_alert=True)
        return
    pair_id, action = parsed
    may = await term.may_set_meeting(session_factory, pair_id, person.id, action, zone=settings.tz)
    if may is not term.May.YES:
        await query.answer(i18n.plain(f"term-refused-{may.value}"), show_alert=True)
        return
    data: dict[str, int | str] = {"pair_id": pair_id}
    if action == "final":
        data["kind"] = "final"
    await query.answer()
    await dialog_manager.start(
        NewMeetingSG.pair, data=data, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(on_term, F.data.startswith(term_buttons.CALLBACK))
    return router
