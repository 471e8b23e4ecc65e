"""Who you are (role, category, age group) and personal-data consent."""

from __future__ import annotations

from aiogram_dialog import Dialog
from aiogram_dialog.widgets.kbd import Back, Column, Start, SwitchTo
from aiogram_dialog.widgets.text import Multi

from bot.dialogs.menu.states import LanguageSG
from bot.dialogs.onboarding import handlers
from bot.dialogs.onboarding.getters import getter, waiting_getter
from bot.dialogs.onboarding.states import OnboardingSG
from bot.dialogs.widgets import Tr, action, choices, not_understood, reading_window, screen
from bot.domain.roles import Role


def build_onboarding_dialog() -> Dialog:
    back = Back(Tr("btn-back", html=False), id="back")
    return Dialog(
        screen(
            Multi(Tr("menu-greeting", when="greet"), Tr("onboarding-role"), sep="\n\n"),
            Column(
                action("role-mentor", Role.MENTOR.value, handlers.on_role),
                action("role-mentee", Role.MENTEE.value, handlers.on_role),
                Start(Tr("btn-language", html=False), id="lang", state=LanguageSG.choose),
            ),
            not_understood(),
            getter=getter,
            state=OnboardingSG.role,
        ),
        screen(
            Tr("onboarding-category"),
            Column(choices("cat", "categories", handlers.on_category)),
            SwitchTo(Tr("btn-back", html=False), id="back", state=OnboardingSG.role),
            not_understood(),
            getter=getter,
            state=OnboardingSG.category,
        ),
        screen(
            Tr("onboarding-age"),
            Column(choices("age", "ages", handlers.on_age)),
            back,
            not_understood(),
            getter=getter,
            state=OnboardingSG.age,
        ),
        screen(
            Multi(
                Tr("consent-outdated", when="outdated"),
                Tr("consent-summary", when="adult"),
                Tr("consent-minor", when="minor"),
                sep="\n\n",
            ),
            SwitchTo(Tr("consent-read", html=False), id="text", state=OnboardingSG.consent_text),
            action("consent-agree", "agree", handlers.on_agree, when="adult"),
            action("consent-get-link", "link", handlers.on_parent_link, when="minor"),
            action("consent-decline", "decline", handlers.on_decline),
            SwitchTo(Tr("btn-back", html=False), id="back", state=OnboardingSG.role),
            not_understood(),
            getter=getter,
            state=OnboardingSG.consent,
        ),
        reading_window("consent-text", OnboardingSG.consent_text, OnboardingSG.consent, getter),
        screen(
            Tr("consent-declined"),
            SwitchTo(
                Tr("consent-changed-mind", html=False), id="again", state=OnboardingSG.consent
            ),
            not_understood(),
            getter=getter,
            state=OnboardingSG.declined,
        ),
        screen(
            Multi(
                Tr("parent-link-expired-child", when="expired"),
                Tr("parent-link-waiting"),
                sep="\n\n",
            ),
            action("parent-link-new", "renew", handlers.on_renew_link),
            not_understood(),
            getter=waiting_getter,
            state=OnboardingSG.parent_link,
        ),
        on_start=handlers.on_start,
    )
