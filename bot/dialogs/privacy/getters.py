from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from bot.dialogs.common import person_of, sessions_of, settings_of, version_of
from bot.services import privacy


async def getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    settings = settings_of(dialog_manager)
    seen = await privacy.overview(
        sessions_of(dialog_manager), person_of(dialog_manager).id, version_of(dialog_manager)
    )
    return {
        "given": seen.given,
        "not_given": not seen.given,
        "date": seen.at.astimezone(settings.tz).strftime("%d.%m.%Y") if seen.at else "",
        "by_parent": seen.by_parent,
        "org": settings.org_name,
    }
