from __future__ import annotations

import json

from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button

from bot.dialogs.common import (
    bot_of,
    catalog_of,
    i18n_of,
    person_of,
    refuse,
    sessions_of,
    settings_of,
    version_of,
)
from bot.dialogs.privacy.summary import summary
from bot.services import privacy
from bot.storage import SQLStorage


async def on_download(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """A summary people read in the chat, then the full copy as a file for computers."""
    person = person_of(manager)
    found = await privacy.copy(sessions_of(manager), person.id)
    if found is None:
        await refuse(manager)
        return
    data, stored = found
    i18n, bot = i18n_of(manager), bot_of(manager)
    for part in summary(stored, i18n, catalog_of(manager), settings_of(manager).tz):
        await bot.send_message(person.telegram_id, part)
    content = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    await bot.send_document(
        person.telegram_id,
        BufferedInputFile(content, filename="my-data.json"),
        caption=i18n("privacy-file"),
    )
    manager.show_mode = ShowMode.NO_UPDATE  # the screen above the file stays as it is


async def on_withdraw(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    person = person_of(manager)
    withdrawn = await privacy.withdraw(sessions_of(manager), person.id, version_of(manager))
    if withdrawn is None:
        await refuse(manager, "privacy-nothing-to-withdraw")
        return
    storage = manager.middleware_data.get("fsm_storage")
    if isinstance(storage, SQLStorage):
        for user_id in withdrawn.dialogs_of:
            storage.forget_user(user_id)
    await manager.done()
    await bot_of(manager).send_message(person.telegram_id, i18n_of(manager)("privacy-withdrawn"))
