"""Running the bot: database, migrations, commands, long polling."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.db import migrate
from bot.db.engine import create_engine, create_session_factory
from bot.db.models import Curator, Person
from bot.factory import create_bot, create_dispatcher
from bot.i18n import Translations
from bot.questionnaires.loader import load_catalog
from bot.services import curators, updates
from bot.telegram.callbacks import CallbackAnswers
from bot.telegram.commands import (
    remove_curator_commands,
    set_curator_commands,
    set_default_commands,
)

logger = logging.getLogger(__name__)


@dataclass
class Database:
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]


async def open_database(settings: Settings) -> Database:
    """Connect and bring the schema up to date."""
    engine = create_engine(settings.database_url)
    await migrate.upgrade(engine)
    return Database(engine, create_session_factory(engine))


async def prepare_data(db: Database, settings: Settings) -> tuple[list[int], list[int]]:
    """Curators from the settings; old seen updates forgotten.

    Returns the curators who have written to the bot and those no longer curators.
    """
    async with db.sessions() as session:
        removed = await curators.sync_from_settings(session, settings.curator_ids)
        await updates.forget_old_updates(session)
        await session.commit()
        reachable = await session.scalars(
            select(Curator.telegram_id).join(Person, Person.telegram_id == Curator.telegram_id)
        )
        return list(reachable), removed


async def register_commands(
    bot: Bot, translations: Translations, curator_chats: list[int], former: list[int]
) -> None:
    await set_default_commands(bot, translations)
    for chat_id in curator_chats:
        await set_curator_commands(bot, translations, chat_id)
    for chat_id in former:
        await remove_curator_commands(bot, translations, chat_id)


async def run_polling(settings: Settings) -> None:
    translations = Translations.load(default_locale=settings.default_locale)
    catalog = load_catalog(translations)
    db = await open_database(settings)
    callback_answers = CallbackAnswers()
    bot = create_bot(settings, db.sessions, callback_answers)
    dispatcher: Dispatcher = create_dispatcher(
        settings, db.engine, translations, catalog, callback_answers
    )
    try:
        curator_chats, former = await prepare_data(db, settings)
        me = await bot.get_me()
        logger.info("Starting @%s (id %s) for %s", me.username, me.id, settings.org_name)
        try:
            # A webhook left set would make every getUpdates fail with 409.
            await bot.delete_webhook(drop_pending_updates=False)
            await register_commands(bot, translations, curator_chats, former)
        except TelegramAPIError as error:
            logger.warning("Start-up calls to Telegram failed, going on: %s", error)
        await dispatcher.start_polling(bot, allowed_updates=dispatcher.resolve_used_update_types())
    finally:
        await bot.session.close()
        await db.engine.dispose()
        logger.info("Stopped")
