"""What every dialog takes from the update's context, and a refusal that changes nothing."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, ShowMode

from bot.config import Settings
from bot.i18n import Translations, Translator, consent_version
from bot.questionnaires.loader import Catalog
from bot.services.people import PersonView, Sessions


def sessions_of(manager: DialogManager) -> Sessions:
    sessions: Sessions = manager.middleware_data["session_factory"]
    return sessions


def person_of(manager: DialogManager) -> PersonView:
    person: PersonView = manager.middleware_data["person"]
    return person


def bot_of(manager: DialogManager) -> Bot:
    bot: Bot = manager.middleware_data["bot"]
    return bot


def i18n_of(manager: DialogManager) -> Translator:
    i18n: Translator = manager.middleware_data["i18n"]
    return i18n


def translations_of(manager: DialogManager) -> Translations:
    translations: Translations = manager.middleware_data["translations"]
    return translations


def catalog_of(manager: DialogManager) -> Catalog:
    catalog: Catalog = manager.middleware_data["catalog"]
    return catalog


def settings_of(manager: DialogManager) -> Settings:
    settings: Settings = manager.middleware_data["settings"]
    return settings


def version_of(manager: DialogManager) -> str:
    return consent_version(translations_of(manager))


def start_data(manager: DialogManager) -> dict[str, Any]:
    data = manager.start_data
    return data if isinstance(data, dict) else {}


async def refuse(manager: DialogManager, key: str = "unavailable") -> None:
    """The action is not allowed now: a short alert, and the screen stays as it is."""
    manager.show_mode = ShowMode.NO_UPDATE
    event = manager.event
    if isinstance(event, CallbackQuery):
        await event.answer(i18n_of(manager).plain(key), show_alert=True)
    else:
        await bot_of(manager).send_message(
            manager.middleware_data["event_chat"].id, i18n_of(manager)(key)
        )
