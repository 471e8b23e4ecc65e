from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from bot.dialogs.common import bot_of, i18n_of, sessions_of, settings_of, start_data
from bot.services import consent
from bot.services.consent import LinkView
from bot.telegram.names import first_name


async def getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    found = await consent.link_state(
        sessions_of(dialog_manager), str(start_data(dialog_manager).get("link"))
    )
    i18n = i18n_of(dialog_manager)
    name = None
    if isinstance(found, LinkView):
        name = await first_name(bot_of(dialog_manager), found.child_telegram_id)
    error = dialog_manager.dialog_data.get("error")
    return {
        "child": name or i18n.plain("parent-child-unknown"),
        "org": settings_of(dialog_manager).org_name,
        "error": "⚠️ " + i18n(str(error)) if error else "",
    }
