from __future__ import annotations

from typing import Any

from aiogram.types import User
from aiogram_dialog import DialogManager

from bot.dialogs.common import i18n_of, person_of, sessions_of, settings_of
from bot.domain.onboarding import Profile
from bot.domain.roles import CATEGORIES, AgeGroup, Role, needs_parent_consent
from bot.services import onboarding


def chosen_profile(manager: DialogManager) -> Profile | None:
    """The profile chosen on the screens so far (client-sent values, checked)."""
    data = manager.dialog_data
    return Profile.parse(data.get("role"), data.get("category"), data.get("age_group"))


async def getter(dialog_manager: DialogManager, event_from_user: User, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    data = dialog_manager.dialog_data
    role = data.get("role")
    profile = chosen_profile(dialog_manager)
    categories = CATEGORIES.get(Role(str(role)), ()) if role in Role._value2member_map_ else ()
    minor = bool(profile and needs_parent_consent(profile.age_group))
    return {
        "org": settings_of(dialog_manager).org_name,
        "name": event_from_user.first_name,
        "greet": bool(data.get("greet")),
        "outdated": bool(data.get("outdated")),
        "minor": minor,
        "adult": not minor,
        "categories": [(c.value, i18n.plain(f"category-{role}-{c.value}")) for c in categories],
        "ages": [(a.value, i18n.plain(f"age-{a.value}")) for a in AgeGroup],
    }


async def waiting_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    expired = await onboarding.link_expired(
        sessions_of(dialog_manager), person_of(dialog_manager).id
    )
    return {**await getter(dialog_manager, **kwargs), "expired": expired}
