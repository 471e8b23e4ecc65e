"""One place that builds the Bot and the Dispatcher; `__main__` and the tests both use it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram_dialog import setup_dialogs
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.db.engine import create_session_factory
from bot.dialogs import dialogs_router
from bot.dialogs.ids import use_own_ids
from bot.handlers import command_routers, fallback_router
from bot.i18n import Translations
from bot.middlewares.buttons import OfferedButtonsMiddleware
from bot.middlewares.callbacks import AnswerCallbacksMiddleware
from bot.middlewares.context import UpdateContextMiddleware
from bot.questionnaires.loader import Catalog
from bot.services import notify, people, updates
from bot.services.notify import Outgoing
from bot.services.outbox import Claimed
from bot.storage import SQLStorage
from bot.storage.isolation import LocalIsolation, ReadingIsolation
from bot.telegram.blocked import BlockedUsersMiddleware
from bot.telegram.callbacks import CallbackAnswers, ShownKeyboards
from bot.telegram.outbox_sender import OutboxSender
from bot.telegram.redone import ShownBefore
from bot.telegram.responses import PinResponseTypes
from bot.telegram.retry import RetryMiddleware, RetryPolicy
from bot.telegram.sent import SentOnce


def create_bot(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    callback_answers: CallbackAnswers,
    *,
    session: BaseSession | None = None,
    retry_policy: RetryPolicy | None = None,
) -> Bot:
    """A Bot whose every request passes: callback answers, blocked users, retries."""
    if session is None:
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.bot_api_url))

    async def mark_blocked(telegram_id: int) -> None:
        await people.mark_blocked(session_factory, telegram_id)

    session.middleware(SentOnce())
    session.middleware(ShownBefore())
    session.middleware(PinResponseTypes())
    session.middleware(callback_answers)
    session.middleware(BlockedUsersMiddleware(mark_blocked))
    session.middleware(RetryMiddleware(retry_policy))
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def create_sender(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    bot: Bot,
    translations: Translations,
    **options: Any,
) -> OutboxSender:
    """The outbox sender: messages rendered when sent, at the pace of the settings."""

    async def render(rows: Sequence[Claimed]) -> list[Outgoing]:
        return await notify.render(session_factory, translations, rows)

    options.setdefault("rate_per_s", settings.outbox_rate_per_s)
    options.setdefault("chat_rate_per_s", settings.outbox_chat_rate_per_s)
    return OutboxSender(session_factory, bot, render, zone=settings.tz, **options)


def create_dispatcher(
    settings: Settings,
    engine: AsyncEngine,
    translations: Translations,
    catalog: Catalog,
    callback_answers: CallbackAnswers,
    *,
    storage: BaseStorage | None = None,
    outbox_wake: Callable[[], None] | None = None,
    boot: str | None = None,
    isolation: BaseEventIsolation | None = None,
) -> Dispatcher:
    """The Dispatcher with every router; `boot` names this process in the updates it takes;
    `isolation` keeps a chat's updates one at a time (across processes, for webhook workers)."""
    session_factory = create_session_factory(engine)
    # Several workers share the dialogs' state: none keeps it beyond the update it handles.
    storage = storage or SQLStorage(session_factory, shared=isolation is not None)
    if isolation is not None and isinstance(storage, SQLStorage):
        isolation = ReadingIsolation(isolation, storage)
    boot = boot or updates.new_boot_id()
    dispatcher = Dispatcher(
        storage=storage,
        events_isolation=isolation or LocalIsolation(),
        settings=settings,
        translations=translations,
        catalog=catalog,
        db_engine=engine,
        session_factory=session_factory,
        callback_answers=callback_answers,
        outbox_wake=outbox_wake,  # call after committing an outbox message
        shown_keyboards=ShownKeyboards(),  # keyboards set on messages, so none is set twice
        boot=boot,  # this process, in the updates it takes
    )
    dispatcher.update.outer_middleware(
        UpdateContextMiddleware(
            session_factory,
            translations,
            storage if isinstance(storage, SQLStorage) else None,
            boot,
        )
    )
    dispatcher.callback_query.outer_middleware(AnswerCallbacksMiddleware(callback_answers))
    dispatcher.callback_query.outer_middleware(OfferedButtonsMiddleware())
    dispatcher.include_routers(*command_routers(), dialogs_router(), fallback_router())
    use_own_ids()
    setup_dialogs(dispatcher)
    return dispatcher
