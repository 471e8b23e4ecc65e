from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from aiogram_dialog import Data, DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button

from bot.dialogs.common import (
    bot_of,
    i18n_of,
    person_of,
    refuse,
    sessions_of,
    settings_of,
    start_data,
    version_of,
)
from bot.dialogs.navigation import open_questionnaire
from bot.dialogs.onboarding.getters import chosen_profile
from bot.dialogs.onboarding.states import OnboardingSG
from bot.domain.onboarding import Profile
from bot.domain.roles import CATEGORIES, AgeGroup, Category, Role, asks_age, needs_parent_consent
from bot.i18n import Markup
from bot.services import consent
from bot.services.consent import LINK_PREFIX, OwnConsent
from bot.services.notify import share_url
from bot.telegram.links import start_link_base


async def on_start(data: Data, manager: DialogManager) -> None:
    given = start_data(manager)
    for key in ("role", "category", "age_group", "outdated", "greet"):
        if given.get(key) is not None:
            manager.dialog_data[key] = given[key]


async def on_role(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data.update(role=button.widget_id, greet=False)
    manager.dialog_data.pop("category", None)
    manager.dialog_data.pop("age_group", None)
    await manager.switch_to(OnboardingSG.category)


async def on_category(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    role = manager.dialog_data.get("role")
    if role not in Role._value2member_map_ or item_id not in {
        c.value for c in CATEGORIES[Role(str(role))]
    }:
        await refuse(manager)
        return
    manager.dialog_data["category"] = item_id
    manager.dialog_data.pop("age_group", None)
    if asks_age(Category(item_id)):
        await manager.switch_to(OnboardingSG.age)
    else:
        await _after_profile(manager)


async def on_age(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    if item_id not in AgeGroup._value2member_map_:
        await refuse(manager)
        return
    manager.dialog_data["age_group"] = item_id
    await _after_profile(manager)


async def _after_profile(manager: DialogManager) -> None:
    """Consent comes next, unless a curator has already recorded a paper one."""
    profile = chosen_profile(manager)
    if profile is None:
        await manager.switch_to(OnboardingSG.role)
        return
    if await consent.keep_profile_if_consented(
        sessions_of(manager), person_of(manager).id, profile, version_of(manager)
    ):
        await open_questionnaire(manager, profile)
        return
    await manager.switch_to(OnboardingSG.consent)


async def on_agree(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    profile = chosen_profile(manager)
    if profile is None:
        await refuse(manager)
        return
    user = callback.from_user
    outcome = await consent.give_own(
        sessions_of(manager),
        person_of(manager).id,
        profile,
        version_of(manager),
        names=(user.first_name, user.last_name, user.username),
    )
    if outcome is OwnConsent.NEEDS_PARENT:
        await refuse(manager)  # under 14, only a parent consents
        return
    await open_questionnaire(manager, profile)


async def on_decline(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await consent.decline_own(sessions_of(manager), person_of(manager).id, version_of(manager))
    await manager.switch_to(OnboardingSG.declined)


async def on_parent_link(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    profile = chosen_profile(manager)
    if profile is None or not needs_parent_consent(profile.age_group):
        await refuse(manager)
        return
    if await _send_new_link(manager, profile, callback.from_user.first_name):
        await manager.switch_to(OnboardingSG.parent_link)


async def on_renew_link(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    profile = chosen_profile(manager)
    if profile is None or not await _send_new_link(manager, profile, callback.from_user.first_name):
        await refuse(manager)


async def _send_new_link(manager: DialogManager, profile: Profile, name: str) -> bool:
    """The link goes in a message of its own, written to the parent, easy to forward; with a
    button that shares it with the same words. The link is not kept anywhere (only its hash).

    `name` is the child's first name in Telegram, as the parent knows them from their chats.
    False if no link is needed (not under 14, or consent is in force already).
    """
    token = await consent.new_parent_link(
        sessions_of(manager), person_of(manager).id, profile, version_of(manager)
    )
    if token is None:
        return False
    bot = bot_of(manager)
    link = f"{await start_link_base(bot)}{LINK_PREFIX}{token}"
    i18n = i18n_of(manager)
    words = {"name": name, "org": settings_of(manager).org_name, "role": profile.role.value}
    share = InlineKeyboardButton(
        text=i18n.plain("parent-link-share"),
        url=share_url(link, i18n.plain("parent-link-request", **words)),
    )
    await bot.send_message(
        person_of(manager).telegram_id,
        i18n("parent-link", request=Markup(i18n("parent-link-request", **words)), link=link),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=[[share]]),
    )
    manager.show_mode = ShowMode.SEND  # the waiting screen goes below the link
    return True
