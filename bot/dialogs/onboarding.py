"""Who you are (role, category, age group) and personal-data consent."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from aiogram import Bot
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, User
from aiogram_dialog import Data, Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.kbd import Back, Button, Column, Start, SwitchTo
from aiogram_dialog.widgets.text import Multi

from bot.dialogs.common import (
    consent_version,
    i18n_of,
    person_of,
    session_of,
    settings_of,
    translations_of,
)
from bot.dialogs.home import start_questionnaire
from bot.dialogs.states import LanguageSG, OnboardingSG
from bot.dialogs.widgets import Tr, choices, not_understood, reading_window
from bot.domain.roles import CATEGORIES, AgeGroup, Category, Role, asks_age, needs_parent_consent
from bot.services import consent
from bot.services.consent import LINK_PREFIX, ConsentStatus, Profile


async def on_start(start_data: Data, manager: DialogManager) -> None:
    if isinstance(start_data, dict):
        for key in ("role", "category", "age_group", "outdated"):
            if start_data.get(key) is not None:
                manager.dialog_data[key] = start_data[key]


def _profile(manager: DialogManager) -> Profile | None:
    data = manager.dialog_data
    try:
        role, category = Role(data["role"]), Category(data["category"])
        age = AgeGroup(data["age_group"]) if data.get("age_group") else None
    except (KeyError, ValueError):
        return None
    if category not in CATEGORIES[role] or (asks_age(category) and age is None):
        return None
    return Profile(role, category, age)


async def getter(dialog_manager: DialogManager, event_from_user: User, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    data = dialog_manager.dialog_data
    start = dialog_manager.start_data if isinstance(dialog_manager.start_data, dict) else {}
    role = data.get("role")
    profile = _profile(dialog_manager)
    categories = CATEGORIES.get(Role(str(role)), ()) if role in Role._value2member_map_ else ()
    return {
        "org": settings_of(dialog_manager).org_name,
        "name": event_from_user.first_name,
        "greet": bool(start.get("greet")) and not data.get("greeted"),
        "outdated": bool(data.get("outdated")),
        "minor": bool(profile and needs_parent_consent(profile.age_group)),
        "adult": not (profile and needs_parent_consent(profile.age_group)),
        "categories": [(c.value, i18n.plain(f"category-{role}-{c.value}")) for c in categories],
        "ages": [(a.value, i18n.plain(f"age-{a.value}")) for a in AgeGroup],
    }


async def on_role(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data.update(role=button.widget_id, greeted=True)
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
        return
    manager.dialog_data["age_group"] = item_id
    await _after_profile(manager)


async def _after_profile(manager: DialogManager) -> None:
    """Consent comes next, unless a curator has already recorded a paper one."""
    session, person = session_of(manager), person_of(manager)
    profile = _profile(manager)
    if profile is None:
        await manager.switch_to(OnboardingSG.role)
        return
    version = consent_version(translations_of(manager))
    if await consent.status(session, person.id, version) is ConsentStatus.GIVEN:
        consent.apply_profile(person, profile)
        await session.commit()
        await start_questionnaire(manager)
        return
    await manager.switch_to(OnboardingSG.consent)


async def on_agree(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    profile = _profile(manager)
    if profile is None:
        await manager.switch_to(OnboardingSG.role)
        return
    if needs_parent_consent(profile.age_group):
        return  # a forged button: under 14, only a parent consents
    session, person, user = session_of(manager), person_of(manager), callback.from_user
    await consent.give(
        session,
        person,
        profile,
        consent_version(translations_of(manager)),
        names=(user.first_name, user.last_name, user.username),
    )
    await session.commit()
    await start_questionnaire(manager)


async def on_decline(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await consent.decline(
        session_of(manager), person_of(manager), consent_version(translations_of(manager))
    )
    await session_of(manager).commit()
    await manager.switch_to(OnboardingSG.declined)


async def on_parent_link(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    profile = _profile(manager)
    if profile is None or not needs_parent_consent(profile.age_group):
        await manager.switch_to(OnboardingSG.role)
        return
    await _new_link(manager, profile)
    await manager.switch_to(OnboardingSG.parent_link)


async def _new_link(manager: DialogManager, profile: Profile) -> None:
    """Send the link in a message of its own, easy to forward; it is not kept anywhere."""
    session, person = session_of(manager), person_of(manager)
    token = await consent.create_parent_link(session, person, profile)
    await session.commit()
    bot: Bot = manager.middleware_data["bot"]
    me = await bot.me()
    link = f"https://t.me/{me.username}?start={LINK_PREFIX}{token}"
    i18n = i18n_of(manager)
    share = InlineKeyboardButton(
        text=i18n.plain("parent-link-share"),
        url=f"https://t.me/share/url?url={quote(link, safe='')}",
    )
    await bot.send_message(
        person.telegram_id,
        i18n("parent-link", link=link),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=[[share]]),
    )
    manager.show_mode = ShowMode.SEND  # the waiting screen goes below the link


async def on_renew_link(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    profile = _profile(manager)
    if profile is not None and needs_parent_consent(profile.age_group):
        await _new_link(manager, profile)


def build_onboarding_dialog() -> Dialog:
    back = Back(Tr("btn-back", html=False), id="back")
    return Dialog(
        Window(
            Multi(
                Tr("menu-greeting", when="greet"),
                Tr("onboarding-role"),
                sep="\n\n",
            ),
            Column(
                Button(Tr("role-mentor", html=False), id=Role.MENTOR.value, on_click=on_role),
                Button(Tr("role-mentee", html=False), id=Role.MENTEE.value, on_click=on_role),
                Start(Tr("btn-language", html=False), id="lang", state=LanguageSG.choose),
            ),
            not_understood(),
            getter=getter,
            state=OnboardingSG.role,
        ),
        Window(
            Tr("onboarding-category"),
            Column(choices("cat", "categories", on_category)),
            SwitchTo(Tr("btn-back", html=False), id="back", state=OnboardingSG.role),
            not_understood(),
            getter=getter,
            state=OnboardingSG.category,
        ),
        Window(
            Tr("onboarding-age"),
            Column(choices("age", "ages", on_age)),
            back,
            not_understood(),
            getter=getter,
            state=OnboardingSG.age,
        ),
        Window(
            Multi(
                Tr("consent-outdated", when="outdated"),
                Tr("consent-summary", when="adult"),
                Tr("consent-minor", when="minor"),
                sep="\n\n",
            ),
            SwitchTo(Tr("consent-read", html=False), id="text", state=OnboardingSG.consent_text),
            Button(Tr("consent-agree", html=False), id="agree", on_click=on_agree, when="adult"),
            Button(
                Tr("consent-get-link", html=False), id="link", on_click=on_parent_link, when="minor"
            ),
            Button(Tr("consent-decline", html=False), id="decline", on_click=on_decline),
            SwitchTo(Tr("btn-back", html=False), id="back", state=OnboardingSG.role),
            not_understood(),
            getter=getter,
            state=OnboardingSG.consent,
        ),
        reading_window("consent-text", OnboardingSG.consent_text, OnboardingSG.consent, getter),
        Window(
            Tr("consent-declined"),
            SwitchTo(
                Tr("consent-changed-mind", html=False), id="again", state=OnboardingSG.consent
            ),
            not_understood(),
            getter=getter,
            state=OnboardingSG.declined,
        ),
        Window(
            Tr("parent-link-waiting"),
            Button(Tr("parent-link-new", html=False), id="renew", on_click=on_renew_link),
            not_understood(),
            getter=getter,
            state=OnboardingSG.parent_link,
        ),
        on_start=on_start,
    )
