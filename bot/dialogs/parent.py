"""A parent opens the child's link, reads the consent, gives their name and agrees."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import BgManagerFactory, Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, SwitchTo
from aiogram_dialog.widgets.text import Format, Multi

from bot.db.models import ParentLink, Person
from bot.dialogs.common import (
    consent_version,
    i18n_of,
    person_of,
    session_of,
    settings_of,
    start_data,
    translations_of,
)
from bot.dialogs.states import OnboardingSG, ParentSG, QuestionnaireSG
from bot.dialogs.widgets import Tr, not_understood, reading_window
from bot.domain.roles import Category, Role, questionnaire_for
from bot.questionnaires import engine
from bot.questionnaires.engine import Invalid
from bot.questionnaires.model import QType, Question
from bot.services import consent
from bot.services.consent import ConsentKind
from bot.telegram.names import child_name

logger = logging.getLogger(__name__)

_PARENT_NAME = Question(id="parent_name", type=QType.TEXT, text_key="parent-name", min=5, max=200)


async def _link(manager: DialogManager) -> tuple[ParentLink, Person] | None:
    """The link this dialog is about, while it can still be used."""
    session = session_of(manager)
    link = await session.get(ParentLink, str(start_data(manager).get("link")))
    if link is None or link.used_at is not None:
        return None
    child = await session.get(Person, link.person_id)
    return (link, child) if child is not None else None


async def getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    found = await _link(dialog_manager)
    i18n = i18n_of(dialog_manager)
    name = None
    if found is not None:
        name = await child_name(dialog_manager.middleware_data["bot"], found[1])
    error = dialog_manager.dialog_data.pop("error", None)
    return {
        "child": name or i18n.plain("parent-child-unknown"),
        "org": settings_of(dialog_manager).org_name,
        "error": "⚠️ " + i18n(str(error)) if error else "",
    }


async def _finish(manager: DialogManager, notice: str) -> None:
    await manager.done()
    bot: Bot = manager.middleware_data["bot"]
    await bot.send_message(person_of(manager).telegram_id, i18n_of(manager)(notice))


async def _tell_child(manager: DialogManager, child: Person, agreed: bool) -> None:
    """The child hears the news in their language; with consent, the questionnaire opens."""
    translations = translations_of(manager)
    i18n = translations.get(translations.choose(child.locale, child.language_code))
    bot: Bot = manager.middleware_data["bot"]
    key = "parent-agreed-child" if agreed else "parent-declined-child"
    try:
        await bot.send_message(child.telegram_id, i18n(key))
    except TelegramAPIError as error:
        logger.warning("Could not tell person %s about the parent's answer: %s", child.id, error)
        return
    factory: BgManagerFactory = manager.middleware_data["dialog_bg_factory"]
    background = factory.bg(bot, child.telegram_id, child.telegram_id)
    if agreed and child.role and child.category:
        await background.start(
            QuestionnaireSG.question,
            data={"qid": questionnaire_for_child(child)},
            mode=StartMode.RESET_STACK,
            show_mode=ShowMode.SEND,
        )
    elif not agreed:
        # The child may start again (perhaps with another parent's help).
        await background.start(
            OnboardingSG.role, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
        )


def questionnaire_for_child(child: Person) -> str:
    return questionnaire_for(Role(str(child.role)), Category(str(child.category)))


async def on_name(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    found = await _link(manager)
    if found is None:
        await _finish(manager, "parent-link-used")
        return
    checked = (
        engine.check_typed(_PARENT_NAME, message.text, datetime.now(settings_of(manager).tz).date())
        if message.text
        else Invalid("qerr-not-text")
    )
    if isinstance(checked, Invalid):
        manager.dialog_data["error"] = "parent-name-invalid"
        return
    link, child = found
    session = session_of(manager)
    parent = person_of(manager)
    await consent.give(
        session,
        child,
        consent.link_profile(link),
        consent_version(translations_of(manager)),
        kind=ConsentKind.PARENT,
        parent_name=str(checked.value),
        parent_telegram_id=parent.telegram_id,
    )
    await consent.use_link(session, link)
    await session.commit()
    await _finish(manager, "parent-thanks")
    await _tell_child(manager, child, agreed=True)


async def on_decline(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    found = await _link(manager)
    if found is None:
        await _finish(manager, "parent-link-used")
        return
    link, child = found
    session = session_of(manager)
    await consent.decline(session, child, consent_version(translations_of(manager)))
    await consent.use_link(session, link)
    await session.commit()
    await _finish(manager, "parent-declined")
    await _tell_child(manager, child, agreed=False)


def build_parent_dialog() -> Dialog:
    return Dialog(
        Window(
            Tr("parent-intro"),
            SwitchTo(Tr("consent-read", html=False), id="text", state=ParentSG.consent_text),
            SwitchTo(Tr("parent-agree", html=False), id="agree", state=ParentSG.name),
            Button(Tr("parent-decline", html=False), id="decline", on_click=on_decline),
            not_understood(),
            getter=getter,
            state=ParentSG.intro,
        ),
        reading_window("consent-text", ParentSG.consent_text, ParentSG.intro, getter),
        Window(
            Multi(Tr("parent-name"), Format("{error}"), sep="\n\n"),
            SwitchTo(Tr("btn-back", html=False), id="back", state=ParentSG.intro),
            MessageInput(on_name),
            getter=getter,
            state=ParentSG.name,
        ),
    )
