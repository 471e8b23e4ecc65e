from __future__ import annotations

from typing import Any

from aiogram.types import User
from aiogram_dialog import DialogManager

from bot.dialogs.common import i18n_of, person_of, sessions_of, settings_of
from bot.services import choices

# Notices the menu may show on top; dialog data holds only a key into this set.
NOTICES = frozenset({"menu-language-changed", "qn-submitted", "profile-saved"})


async def menu_getter(
    dialog_manager: DialogManager, event_from_user: User, is_curator: bool, **_: Any
) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    notice = data.get("notice")
    person = person_of(dialog_manager)
    participant = person.profile is not None
    choosing = (
        await choices.open_for(sessions_of(dialog_manager), person.id) if participant else None
    )
    return {
        "choosing": choosing is not None,
        "org": settings_of(dialog_manager).org_name,
        "name": event_from_user.first_name,
        "greet": bool(data.get("greet")),
        "notice": i18n_of(dialog_manager)(notice) if notice in NOTICES else "",
        "is_curator": is_curator,
        "participant": participant,
        "newcomer": not participant,
    }
