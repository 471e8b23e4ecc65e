"""/privacy: what is stored and why, a copy of it, and withdrawing consent."""

from __future__ import annotations

import json
import logging
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, SwitchTo
from aiogram_dialog.widgets.text import Multi
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.dialogs.common import (
    consent_version,
    i18n_of,
    person_of,
    session_of,
    settings_of,
    translations_of,
)
from bot.dialogs.states import PrivacySG
from bot.dialogs.widgets import Tr, not_understood
from bot.services import consent, curators, people, privacy
from bot.services.consent import ConsentStatus
from bot.storage import SQLStorage

logger = logging.getLogger(__name__)


async def getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    session, person = session_of(dialog_manager), person_of(dialog_manager)
    latest = await consent.latest(session, person.id)
    status = consent.status_of(latest, consent_version(translations_of(dialog_manager)))
    settings = settings_of(dialog_manager)
    given = status in (ConsentStatus.GIVEN, ConsentStatus.OUTDATED)
    return {
        "given": given,
        "not_given": not given,
        "date": latest.at.astimezone(settings.tz).strftime("%d.%m.%Y") if latest else "",
        "by_parent": bool(latest and latest.kind == "parent"),
        "org": settings.org_name,
    }


async def on_download(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    data = await privacy.export(session_of(manager), person_of(manager))
    content = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    bot: Bot = manager.middleware_data["bot"]
    await bot.send_document(
        person_of(manager).telegram_id,
        BufferedInputFile(content, filename="my-data.json"),
        caption=i18n_of(manager)("privacy-file"),
    )


async def on_withdraw(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    session, person = session_of(manager), person_of(manager)
    await privacy.erase(session, person, actor=person.telegram_id)
    await session.commit()
    storage = manager.middleware_data.get("fsm_storage")
    if isinstance(storage, SQLStorage):
        storage.forget_user(person.telegram_id)
    engine: AsyncEngine = manager.middleware_data["db_engine"]
    await privacy.purge_freed_pages(engine)
    await manager.done()
    bot: Bot = manager.middleware_data["bot"]
    await bot.send_message(person.telegram_id, i18n_of(manager)("privacy-withdrawn"))
    await _tell_curators(manager, person.telegram_id)


async def _tell_curators(manager: DialogManager, telegram_id: int) -> None:
    bot: Bot = manager.middleware_data["bot"]
    translations = translations_of(manager)
    session = session_of(manager)
    for curator in await curators.list_curators(session):
        known = await people.get_person(session, curator.telegram_id)
        i18n = translations.get(
            translations.choose(known.locale, known.language_code) if known else None
        )
        try:
            await bot.send_message(
                curator.telegram_id, i18n("curator-consent-withdrawn", id=str(telegram_id))
            )
        except TelegramAPIError as error:
            logger.info("Curator %s not told of a withdrawal: %s", curator.telegram_id, error)


def build_privacy_dialog() -> Dialog:
    return Dialog(
        Window(
            Multi(
                Tr("privacy-what"),
                Tr("privacy-given", when="given"),
                Tr("privacy-by-parent", when="by_parent"),
                Tr("privacy-not-given", when="not_given"),
                Tr("privacy-rights"),
                sep="\n\n",
            ),
            Button(Tr("privacy-download", html=False), id="download", on_click=on_download),
            SwitchTo(
                Tr("privacy-withdraw", html=False),
                id="withdraw",
                state=PrivacySG.confirm,
                when="given",
            ),
            Cancel(Tr("btn-close", html=False), id="close"),
            not_understood(),
            getter=getter,
            state=PrivacySG.main,
        ),
        Window(
            Tr("privacy-confirm"),
            Button(Tr("privacy-confirm-yes", html=False), id="yes", on_click=on_withdraw),
            SwitchTo(Tr("privacy-confirm-no", html=False), id="no", state=PrivacySG.main),
            not_understood(),
            getter=getter,
            state=PrivacySG.confirm,
        ),
    )
