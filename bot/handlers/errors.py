"""Errors: logged with the update id; the person is told, in their language."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent, Update
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState

from bot.dialogs.menu.states import MenuSG
from bot.i18n import Translations, Translator
from bot.telegram.callbacks import CallbackAnswers

logger = logging.getLogger(__name__)


def _chat_id(update: Update) -> int | None:
    if update.message:
        return update.message.chat.id
    query = update.callback_query
    if query and query.message:
        return query.message.chat.id
    if query:
        return query.from_user.id
    return None


async def on_outdated_dialog(
    event: ErrorEvent,
    *,
    dialog_manager: DialogManager,
    bot: Bot,
    callback_answers: CallbackAnswers,
    translations: Translations,
    i18n: Translator | None = None,
) -> None:
    """A button or reply of a dialog that is gone (closed, reset, or from before a restart).

    A press gets a short alert and changes nothing (whatever is open now stays open); a message
    gets the menu.
    """
    i18n = i18n or translations.get(None)
    logger.info("Update %s: outdated dialog (%s)", event.update.update_id, event.exception)
    query = event.update.callback_query
    if query:
        await callback_answers.ensure_answered(
            bot, query.id, i18n.plain("fallback-button"), alert=True
        )
        return
    await dialog_manager.start(MenuSG.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def on_error(
    event: ErrorEvent,
    *,
    bot: Bot,
    callback_answers: CallbackAnswers,
    translations: Translations,
    i18n: Translator | None = None,
) -> None:
    update = event.update
    logger.error("Update %s failed", update.update_id, exc_info=event.exception)
    i18n = i18n or translations.get(None)
    try:
        if update.callback_query:
            await callback_answers.ensure_answered(bot, update.callback_query.id)
        chat_id = _chat_id(update)
        if chat_id is not None:
            await bot.send_message(chat_id, i18n("error-generic"))
    except TelegramAPIError as error:
        logger.warning("Could not tell about the failure of update %s: %s", update.update_id, error)


def build_router() -> Router:
    router = Router(name=__name__)
    router.errors.register(
        on_outdated_dialog, ExceptionTypeFilter(UnknownIntent, OutdatedIntent, UnknownState)
    )
    router.errors.register(on_error)
    return router
