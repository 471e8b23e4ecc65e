"""Where a person lands on /start or /menu: onboarding, consent, questionnaire or menu."""

from __future__ import annotations

from aiogram.fsm.state import State
from aiogram_dialog import DialogManager, ShowMode, StartMode

from bot.dialogs.common import (
    catalog_of,
    consent_version,
    person_of,
    session_of,
    translations_of,
)
from bot.dialogs.states import MenuSG, OnboardingSG, QuestionnaireSG
from bot.domain.roles import Category, Role, questionnaire_for
from bot.questionnaires.engine import SUMMARY
from bot.questionnaires.model import QType
from bot.services import consent
from bot.services import questionnaire as runs
from bot.services.consent import ConsentStatus
from bot.services.questionnaire import Position


def questionnaire_state(position: Position) -> State:
    if position.run.current == SUMMARY:
        return QuestionnaireSG.summary
    question = position.question
    return (
        QuestionnaireSG.phone
        if question and question.type is QType.PHONE
        else (QuestionnaireSG.question)
    )


async def start_questionnaire(manager: DialogManager, show_mode: ShowMode = ShowMode.SEND) -> None:
    person = person_of(manager)
    questionnaire = catalog_of(manager).get(
        questionnaire_for(Role(str(person.role)), Category(str(person.category)))
    )
    position = await runs.open_run(session_of(manager), person, questionnaire)
    await session_of(manager).commit()
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
) -> None:
    session, person = session_of(manager), person_of(manager)
    version = consent_version(translations_of(manager))
    status = await consent.status(session, person.id, version)
    data: dict[str, object] = {"greet": greet}
    if notice:
        data["notice"] = notice

    async def start(state: State, extra: dict[str, object] | None = None) -> None:
        await manager.start(
            state, data={**data, **(extra or {})}, mode=StartMode.RESET_STACK, show_mode=show_mode
        )

    if status is ConsentStatus.GIVEN:
        if person.role is None or person.category is None:
            await start(OnboardingSG.role)
        else:
            questionnaire_id = questionnaire_for(Role(person.role), Category(person.category))
            if await runs.is_submitted(session, person.id, questionnaire_id):
                await start(MenuSG.main)
            else:
                await start_questionnaire(manager, show_mode)
        return
    if status is ConsentStatus.OUTDATED and person.role and person.category:
        profile: dict[str, object] = {
            "role": person.role,
            "category": person.category,
            "age_group": person.age_group,
            "outdated": True,
        }
        await start(OnboardingSG.consent, profile)
        return
    link = await consent.pending_link(session, person.id)
    if link is not None:
        await start(
            OnboardingSG.parent_link,
            {"role": link.role, "category": link.category, "age_group": link.age_group},
        )
        return
    await start(OnboardingSG.role)
