"""What every dialog takes from the update's context."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.db.models import Person
from bot.i18n import Translations, Translator
from bot.questionnaires.loader import Catalog


def session_of(manager: DialogManager) -> AsyncSession:
    session: AsyncSession = manager.middleware_data["session"]
    return session


def person_of(manager: DialogManager) -> Person:
    person: Person = manager.middleware_data["person"]
    return person


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


def consent_version(translations: Translations) -> str:
    """The version of the consent text, kept beside the text in the default locale's file."""
    return translations.get(translations.default_locale).plain("consent-version")


def start_data(manager: DialogManager) -> dict[str, Any]:
    data = manager.start_data
    return data if isinstance(data, dict) else {}
