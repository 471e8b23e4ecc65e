"""/broadcast for curators, and «⏹ Остановить» under a broadcast's progress message."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from bot.dialogs.broadcast.states import BroadcastSG
from bot.filters import IsCurator
from bot.i18n import Translator
from bot.services import broadcasts
from bot.services.broadcasts import CALLBACK, Outcome
from bot.services.people import Sessions
from bot.telegram.broadcast_progress import BroadcastProgress

logger = logging.getLogger(__name__)


async def on_broadcast(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(
        BroadcastSG.compose, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
    )


async def on_refused(message: Message, i18n: Translator) -> None:
    """Someone who is not a curator asked for /broadcast."""
    user = message.from_user.id if message.from_user else None
    logger.warning("Refused /broadcast to %s: not a curator", user)
    await message.answer(i18n("curator-only"))


async def on_stop(
    query: CallbackQuery,
    session_factory: Sessions,
    i18n: Translator,
    broadcast_progress: BroadcastProgress | None = None,
) -> None:
    """«Остановить»: the progress loop then shows the broadcast as stopped."""
    broadcast_id = broadcasts.parse_stop(query.data or "")
    if broadcast_id is None:
        await query.answer(i18n.plain("broadcast-gone"), show_alert=True)
        return
    stopped = await broadcasts.stop(session_factory, broadcast_id, by=query.from_user.id)
    if stopped.outcome is Outcome.STOPPED:
        if broadcast_progress is not None:
            broadcast_progress.wake()
        await query.answer(i18n.plain("broadcast-stopped", sent=stopped.sent, total=stopped.total))
        return
    if stopped.outcome is Outcome.NOT_CURATOR:
        logger.warning(
            "Refused to stop broadcast %s to %s: not a curator", broadcast_id, query.from_user.id
        )
    keys = {
        Outcome.ALREADY_STOPPED: "broadcast-already-stopped",
        Outcome.FINISHED: "broadcast-finished",
        Outcome.NOT_YOURS: "broadcast-not-yours",
        Outcome.NOT_CURATOR: "curator-only",
    }
    await query.answer(i18n.plain(keys.get(stopped.outcome, "broadcast-gone")), show_alert=True)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_broadcast, Command("broadcast"), IsCurator())
    router.message.register(on_refused, Command("broadcast"))
    router.callback_query.register(on_stop, F.data.startswith(CALLBACK))
    return router
