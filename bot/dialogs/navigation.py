"""Opening the screen a person should see: the landing rule's answer turned into a dialog."""

from __future__ import annotations

from aiogram.fsm.state import State
from aiogram_dialog import DialogManager, ShowMode, StartMode

from bot.dialogs.common import catalog_of, person_of, sessions_of, version_of
from bot.dialogs.menu.states import MenuSG
from bot.dialogs.onboarding.states import OnboardingSG
from bot.dialogs.questionnaire.states import QuestionnaireSG
from bot.domain.onboarding import Landing, Profile, Stop
from bot.domain.roles import questionnaire_for
from bot.questionnaires.engine import SUMMARY
from bot.questionnaires.model import QType
from bot.services import onboarding
from bot.services import questionnaire as runs
from bot.services.questionnaire import Position

POSITION_KEY = "questionnaire_position"
"""The position a use case returned during this update, so the screen needs no second read."""

_STATES: dict[Stop, State] = {
    Stop.ROLE: OnboardingSG.role,
    Stop.CONSENT_AGAIN: OnboardingSG.consent,
    Stop.PARENT_WAIT: OnboardingSG.parent_link,
    Stop.MENU: MenuSG.main,
}


def questionnaire_state(position: Position) -> State:
    if position.run.current == SUMMARY:
        return QuestionnaireSG.summary
    question = position.question
    return (
        QuestionnaireSG.phone
        if question and question.type is QType.PHONE
        else QuestionnaireSG.question
    )


async def open_questionnaire(
    manager: DialogManager, profile: Profile, show_mode: ShowMode = ShowMode.SEND
) -> None:
    questionnaire = catalog_of(manager).get(questionnaire_for(profile.role, profile.category))
    position = await runs.open_position(sessions_of(manager), person_of(manager).id, questionnaire)
    if position is None:
        await go_home(manager, show_mode=show_mode)
        return
    manager.middleware_data[POSITION_KEY] = position
    await manager.start(
        questionnaire_state(position),
        data={"qid": questionnaire.id},
        mode=StartMode.RESET_STACK,
        show_mode=show_mode,
    )


async def go_home(
    manager: DialogManager,
    *,
    greet: bool = False,
    notice: str | None = None,
    show_mode: ShowMode = ShowMode.SEND,
    menu_first: bool = False,
) -> None:
    """Onboarding, consent again, waiting for a parent, the questionnaire or the menu.

    With `menu_first` (/menu), a participant who has not finished the questionnaire gets the
    menu all the same.
    """
    where = await onboarding.where_to(
        sessions_of(manager), person_of(manager).id, version_of(manager)
    )
    if where.stop is Stop.QUESTIONNAIRE and menu_first:
        where = Landing(Stop.MENU, where.profile)
    if where.stop is Stop.QUESTIONNAIRE and where.profile is not None:
        await open_questionnaire(manager, where.profile, show_mode)
        return
    data: dict[str, object] = {"greet": greet}
    if notice:
        data["notice"] = notice
    if where.profile is not None:
        data.update(
            role=where.profile.role.value,
            category=where.profile.category.value,
            age_group=where.profile.age_group.value if where.profile.age_group else None,
            outdated=where.stop is Stop.CONSENT_AGAIN,
        )
    await manager.start(
        _STATES[where.stop], data=data, mode=StartMode.RESET_STACK, show_mode=show_mode
    )
