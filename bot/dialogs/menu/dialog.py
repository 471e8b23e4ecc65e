"""The main menu, the help screen and the choice of language."""

from __future__ import annotations

from typing import Any

from aiogram import F
from aiogram_dialog import Dialog, LaunchMode
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Row, Start, SwitchTo
from aiogram_dialog.widgets.text import Format, Multi

from bot.dialogs.meetings.states import MeetingsSG
from bot.dialogs.menu import handlers
from bot.dialogs.menu.getters import child_withdraw_getter, contact_getter, menu_getter
from bot.dialogs.menu.states import LanguageSG, MenuSG
from bot.dialogs.pair.states import PairSG
from bot.dialogs.plan.states import PlanSG
from bot.dialogs.privacy.states import PrivacySG
from bot.dialogs.widgets import Tr, action, choices, not_understood, screen


def _curator_home() -> list[Any]:
    """A curator's own work, with live counts on the buttons."""
    when = "is_curator"
    return [
        Button(
            Format("{btn_participants}"),
            id="home_people",
            on_click=handlers.on_participants,
            when=when,
        ),
        Button(
            Format("{btn_events}"), id="home_events", on_click=handlers.on_curator_screen, when=when
        ),
        Button(
            Format("{btn_match}"), id="home_match", on_click=handlers.on_curator_screen, when=when
        ),
        Button(
            Format("{btn_pairs}"), id="home_pairs", on_click=handlers.on_curator_screen, when=when
        ),
        Row(
            action("home-export", "home_export", handlers.on_export, when=when),
            action("home-curators", "home_curators", handlers.on_curators, when=when),
        ),
    ]


def build_menu_dialog() -> Dialog:
    return Dialog(
        screen(
            Multi(
                Tr("menu-greeting", when="greet"),
                Format("{notice}", when="notice"),
                Tr("menu-title-curator", when="is_curator"),
                Tr("menu-title", when=~F["is_curator"]),
                Format("{next}", when="next"),
                Format("{children}", when="parent"),
                sep="\n\n",
            ),
            *_curator_home(),
            action("btn-join", "join", handlers.on_join, when="newcomer"),
            action("btn-parent-wait", "parent_wait", handlers.on_join, when="waiting_parent"),
            action("btn-choices", "choices", handlers.on_choices, when="choosing"),
            Column(choices("home_survey", "surveys", handlers.on_survey, limit=40), when="survey"),
            Start(Tr("btn-my-pair", html=False), id="pair", state=PairSG.view, when="participant"),
            Start(
                Tr("btn-meetings", html=False),
                id="meetings",
                state=MeetingsSG.upcoming,
                when="participant",
            ),
            Start(Tr("btn-plan", html=False), id="plan", state=PlanSG.view, when="has_plan"),
            Start(
                Tr("btn-child-agreements", html=False), id="child", state=PairSG.view, when="parent"
            ),
            SwitchTo(
                Tr("btn-child-withdraw-open", html=False),
                id="child_withdraw",
                state=MenuSG.child_withdraw,
                when="may_withdraw_child",
                on_click=handlers.on_leave_main,
            ),
            Row(
                action("btn-profile", "profile", handlers.on_profile, when="participant"),
                Start(Tr("btn-privacy", html=False), id="privacy", state=PrivacySG.main),
            ),
            Row(
                SwitchTo(
                    Tr("btn-help", html=False),
                    id="help",
                    state=MenuSG.help,
                    on_click=handlers.on_leave_main,
                ),
                SwitchTo(
                    Tr("btn-contact", html=False),
                    id="contact",
                    state=MenuSG.contact,
                    on_click=handlers.on_leave_main,
                    when=~F["is_curator"],
                ),
                Start(Tr("btn-language", html=False), id="lang", state=LanguageSG.choose),
            ),
            action("btn-join-curator", "join_curator", handlers.on_join, when="curator_joins"),
            not_understood(first=handlers.search_as_curator),
            getter=menu_getter,
            state=MenuSG.main,
        ),
        screen(
            Multi(Tr("help-text"), Tr("help-curator", when="is_curator"), sep="\n\n"),
            SwitchTo(Tr("btn-back", html=False), id="back", state=MenuSG.main),
            not_understood(),
            getter=menu_getter,
            state=MenuSG.help,
        ),
        screen(
            Format("{text}"),
            SwitchTo(Tr("btn-back", html=False), id="back", state=MenuSG.main),
            not_understood(),
            getter=contact_getter,
            state=MenuSG.contact,
        ),
        screen(
            Tr("child-withdraw-confirm"),
            Tr("child-withdraw-none", when="none"),
            Column(choices("cw", "children", handlers.on_child_withdraw)),
            SwitchTo(Tr("btn-back", html=False), id="back", state=MenuSG.main),
            not_understood(),
            getter=child_withdraw_getter,
            state=MenuSG.child_withdraw,
        ),
        on_start=handlers.on_start,
        on_process_result=handlers.on_result,
        launch_mode=LaunchMode.ROOT,
    )


def build_language_dialog() -> Dialog:
    return Dialog(
        screen(
            Tr("language-prompt"),
            Row(
                action("language-name-ru", "ru", handlers.on_language),
                action("language-name-en", "en", handlers.on_language),
            ),
            Cancel(Tr("btn-back", html=False), id="back"),
            not_understood(),
            state=LanguageSG.choose,
        ),
    )
