"""The command lists shown in Telegram's menu, in each language; curators' in their chats."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault

from bot.i18n import Translations

logger = logging.getLogger(__name__)

# Only the commands that work today; each has a `cmd-<name>` description in locales/.
USER_COMMANDS = (
    "start",
    "menu",
    "pair",
    "meetings",
    "plan",
    "profile",
    "privacy",
    "help",
    "language",
    "cancel",
)
CURATOR_COMMANDS = (
    "event",
    "match",
    "pairs",
    "participants",
    "survey",
    "stats",
    "broadcast",
    "export",
    "curator",
)


def build_commands(translations: Translations, locale: str, *, curator: bool) -> list[BotCommand]:
    i18n = translations.get(locale)
    names = USER_COMMANDS + (CURATOR_COMMANDS if curator else ())
    return [BotCommand(command=name, description=i18n.plain(f"cmd-{name}")) for name in names]


def _language_codes(translations: Translations) -> list[str | None]:
    return [None, *translations.locales]


async def set_default_commands(bot: Bot, translations: Translations) -> None:
    for code in _language_codes(translations):
        await bot.set_my_commands(
            build_commands(translations, code or translations.default_locale, curator=False),
            scope=BotCommandScopeDefault(),
            language_code=code,
        )


async def set_curator_commands(bot: Bot, translations: Translations, chat_id: int) -> bool:
    """Show curators' commands in one curator's chat; False if that chat is not open yet."""
    scope = BotCommandScopeChat(chat_id=chat_id)
    try:
        for code in _language_codes(translations):
            await bot.set_my_commands(
                build_commands(translations, code or translations.default_locale, curator=True),
                scope=scope,
                language_code=code,
            )
    except (TelegramBadRequest, TelegramForbiddenError) as error:
        logger.info("Curator commands for %s not set yet: %s", chat_id, error.message)
        return False
    return True


async def remove_curator_commands(bot: Bot, translations: Translations, chat_id: int) -> None:
    scope = BotCommandScopeChat(chat_id=chat_id)
    try:
        for code in _language_codes(translations):
            await bot.delete_my_commands(scope=scope, language_code=code)
    except (TelegramBadRequest, TelegramForbiddenError) as error:
        logger.info("Curator commands for %s not removed: %s", chat_id, error.message)
