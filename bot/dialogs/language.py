"""Choosing the bot's language."""

from __future__ import annotations

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Row
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogs.states import LanguageSG
from bot.dialogs.widgets import Tr, not_understood
from bot.i18n import Translations
from bot.services import people


async def on_language(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    translations: Translations = manager.middleware_data["translations"]
    locale = button.widget_id
    if locale not in translations.locales:
        return
    session: AsyncSession = manager.middleware_data["session"]
    await people.set_locale(session, callback.from_user.id, locale)
    await session.commit()
    manager.middleware_data["locale"] = locale
    manager.middleware_data["i18n"] = translations.get(locale)
    await manager.done(result={"language_changed": True})


def build_language_dialog() -> Dialog:
    return Dialog(
        Window(
            Tr("language-prompt"),
            Row(
                Button(Tr("language-name-ru", html=False), id="ru", on_click=on_language),
                Button(Tr("language-name-en", html=False), id="en", on_click=on_language),
            ),
            Cancel(Tr("btn-back", html=False), id="back"),
            not_understood(),
            state=LanguageSG.choose,
        ),
    )
