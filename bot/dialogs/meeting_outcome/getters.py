from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from bot.dialogs.common import start_data


async def note_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"held": "yes" if start_data(dialog_manager).get("held") else "no"}


async def done_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"saved": "yes" if dialog_manager.dialog_data.get("saved") else "no"}
