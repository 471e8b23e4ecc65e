from __future__ import annotations

from typing import Any

from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Data, DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button

from bot.dialogs.choices.states import ChoicesSG
from bot.dialogs.common import (
    bot_of,
    catalog_of,
    i18n_of,
    person_of,
    refuse,
    sessions_of,
    settings_of,
    start_data,
    translations_of,
    version_of,
)
from bot.dialogs.events.states import EventsSG
from bot.dialogs.match.states import MatchSG
from bot.dialogs.menu.states import MenuSG
from bot.dialogs.navigation import go_home, open_questionnaire
from bot.dialogs.pairs.states import PairsSG
from bot.handlers import curator, export, participants
from bot.handlers import surveys as survey_answers
from bot.handlers.participants import SEARCHABLE
from bot.services import choices, people, privacy
from bot.storage import SQLStorage
from bot.telegram.callbacks import as_id

_CURATOR_SCREENS: dict[str, State] = {
    "home_events": EventsSG.list,
    "home_match": MatchSG.proposal,
    "home_pairs": PairsSG.list,
}


async def on_start(data: Data, manager: DialogManager) -> None:
    """The greeting and a notice show on the first screen only."""
    given = start_data(manager)
    manager.dialog_data.update(greet=bool(given.get("greet")), notice=given.get("notice"))


async def on_result(data: Data, result: Any, manager: DialogManager) -> None:
    manager.dialog_data.update(greet=False, notice=None)
    if isinstance(result, dict) and result.get("language_changed"):
        manager.dialog_data["notice"] = "menu-language-changed"


async def on_leave_main(callback: CallbackQuery, button: Any, manager: DialogManager) -> None:
    manager.dialog_data.update(greet=False, notice=None)


async def on_profile(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    profile = person_of(manager).profile
    if profile is None:
        await refuse(manager)
        return
    await open_questionnaire(manager, profile)


async def on_survey(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    """«📝 Опрос: ответить до …»: the campaign the button names, where they left it (the same
    use case as the invitation's button)."""
    campaign_id = as_id(item_id)
    if campaign_id is None:
        await refuse(manager, "fallback-button")
        return
    manager.show_mode = ShowMode.NO_UPDATE  # the home screen stays; the survey comes below
    await survey_answers.open_answering(
        callback,
        manager,
        campaign_id,
        sessions=sessions_of(manager),
        person=person_of(manager),
        i18n=i18n_of(manager),
        settings=settings_of(manager),
        catalog=catalog_of(manager),
        version=version_of(manager),
    )


async def on_choices(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    event_id = await choices.open_for(sessions_of(manager), person_of(manager).id)
    if event_id is None:
        await refuse(manager, "choices-problem-over")
        return
    await manager.start(ChoicesSG.board, data={"event": event_id})


async def on_join(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await go_home(manager)


async def on_language(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    translations = translations_of(manager)
    locale = button.widget_id
    if locale not in translations.locales:
        await refuse(manager)
        return
    await people.set_locale(sessions_of(manager), person_of(manager).id, locale)
    manager.middleware_data["locale"] = locale
    manager.middleware_data["i18n"] = translations.get(locale)
    await manager.done(result={"language_changed": True})


async def search_as_curator(message: Message, manager: DialogManager) -> bool:
    """A curator types a name on her desk: she is looking for someone (True: answered)."""
    text = " ".join((message.text or "").split())
    if not _curator(manager) or not SEARCHABLE.fullmatch(text):
        return False
    await participants.send_search(
        message,
        text,
        session_factory=sessions_of(manager),
        i18n=i18n_of(manager),
        translations=translations_of(manager),
    )
    manager.show_mode = ShowMode.NO_UPDATE  # the desk stays above the answer
    return True


def _curator(manager: DialogManager) -> bool:
    """A curator's button on the home screen: still a curator, checked on this very press."""
    return bool(manager.middleware_data.get("is_curator"))


async def on_curator_screen(
    callback: CallbackQuery, button: Button, manager: DialogManager
) -> None:
    """Events, matching, pairs: the curators' own screens, opened above the home screen."""
    if not _curator(manager):
        await refuse(manager, "curator-only")
        return
    state = _CURATOR_SCREENS[str(button.widget_id)]
    await manager.start(state, show_mode=ShowMode.SEND)


async def on_participants(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    if not _curator(manager):
        await refuse(manager, "curator-only")
        return
    await participants.send_overview(
        bot_of(manager),
        callback.from_user.id,
        session_factory=sessions_of(manager),
        i18n=i18n_of(manager),
        translations=translations_of(manager),
        settings=settings_of(manager),
    )
    manager.show_mode = ShowMode.SEND  # the home screen again below the numbers


async def on_export(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    if not _curator(manager):
        await refuse(manager, "curator-only")
        return
    await callback.answer(i18n_of(manager).plain("home-export-wait"))
    await export.send_workbook(
        bot_of(manager),
        callback.from_user.id,
        callback.from_user.id,
        session_factory=sessions_of(manager),
        i18n=i18n_of(manager),
        translations=translations_of(manager),
        catalog=catalog_of(manager),
        settings=settings_of(manager),
    )
    manager.show_mode = ShowMode.SEND


async def on_curators(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    if not _curator(manager):
        await refuse(manager, "curator-only")
        return
    await curator.send_overview(
        bot_of(manager),
        callback.from_user.id,
        sessions_of(manager),
        i18n_of(manager),
        settings_of(manager),
    )
    manager.show_mode = ShowMode.SEND


async def on_child_withdraw(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    """A parent withdraws the consent they gave for a child under 14 (the button names the
    child; the service checks that this parent gave the consent in force)."""
    child = as_id(item_id)
    withdrawal = (
        await privacy.withdraw_for_child(
            sessions_of(manager), person_of(manager).telegram_id, child, version_of(manager)
        )
        if child is not None
        else None
    )
    if withdrawal is None:
        await refuse(manager, "privacy-nothing-to-withdraw")
        return
    storage = manager.middleware_data.get("fsm_storage")
    if isinstance(storage, SQLStorage):
        for user_id in withdrawal.dialogs_of:
            storage.forget_user(user_id)
    wake = manager.middleware_data.get("outbox_wake")
    if wake is not None:
        wake()
    manager.dialog_data["notice"] = "child-consent-withdrawn"
    await manager.switch_to(MenuSG.main)
