"""/plan, and the buttons under plan notices: «👍 Принять» / «👎 Отклонить» a mentee's proposal,
«📋 Открыть план»."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from bot.config import Settings
from bot.dialogs.plan.states import PlanSG
from bot.i18n import Translator
from bot.services import plan
from bot.services.people import PersonView, Sessions
from bot.services.plan import DECIDE_CALLBACK, OPEN_CALLBACK, Outcome


async def on_plan(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(PlanSG.view, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def on_decide(
    query: CallbackQuery,
    session_factory: Sessions,
    i18n: Translator,
    person: PersonView | None,
    settings: Settings,
) -> None:
    """`pl:<task>:<version>:a|d` under «💡 … предлагает задачу»: the service checks that this is
    the pair's mentor, that the pair works and that the proposal still waits."""
    parsed = plan.parse_decide(query.data or "")
    if parsed is None or person is None:
        await query.answer(i18n.plain("fallback-button"), show_alert=True)
        return
    task, version, action = parsed
    result = await plan.change(
        session_factory, task, by=person.id, version=version, action=action, zone=settings.tz
    )
    text = i18n.plain(result.outcome.key(action.value))
    if result.outcome is not Outcome.DONE:
        await query.answer(text, show_alert=True)
        return
    await query.answer(text)
    if isinstance(query.message, Message) and query.message.reply_markup:
        # Decided: only «📋 Открыть план» stays under the notice.
        kept = [
            [b for b in row if (b.callback_data or "").startswith(OPEN_CALLBACK)]
            for row in query.message.reply_markup.inline_keyboard
        ]
        rows = [row for row in kept if row]
        await query.message.edit_reply_markup(
            reply_markup=InlineKeyboardMarkup(inline_keyboard=rows) if rows else None
        )


async def on_open(
    query: CallbackQuery, dialog_manager: DialogManager, person: PersonView | None, i18n: Translator
) -> None:
    """«📋 Открыть план» under a notice: that pair's plan (the screen checks it is theirs)."""
    pair = plan.parse_open(query.data or "")
    if pair is None or person is None:
        await query.answer(i18n.plain("fallback-button"), show_alert=True)
        return
    await query.answer()
    await dialog_manager.start(
        PlanSG.view, data={"pair": pair}, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_plan, Command("plan"))
    router.callback_query.register(on_decide, F.data.startswith(DECIDE_CALLBACK))
    router.callback_query.register(on_open, F.data.startswith(OPEN_CALLBACK))
    return router
