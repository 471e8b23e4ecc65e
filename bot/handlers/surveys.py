"""/survey for curators (a non-curator is refused, and it is logged), and the invitation's
button «📝 Пройти опрос» (`sv:<campaign id>`), which opens the campaign's questionnaire (as
does the home screen's «📝 Опрос: ответить до …», through `open_answering`)."""

from __future__ import annotations

import logging
from datetime import datetime

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from bot.config import Settings
from bot.dialogs.navigation import POSITION_KEY, questionnaire_state
from bot.dialogs.questionnaire.states import QuestionnaireSG
from bot.dialogs.surveys.states import SurveysSG
from bot.filters import IsCurator
from bot.i18n import Translations, Translator, consent_version
from bot.questionnaires.loader import Catalog
from bot.services import questionnaire as runs
from bot.services import surveys
from bot.services.people import PersonView, Sessions
from bot.telegram.callbacks import as_id

logger = logging.getLogger(__name__)


async def on_survey(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(SurveysSG.list, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def on_survey_refused(message: Message, i18n: Translator) -> None:
    """/survey from someone who is not a curator: refused, and logged."""
    user = message.from_user.id if message.from_user else None
    logger.warning("/survey refused: %s is not a curator", user)
    await message.answer(i18n("curator-only"))


def _tapped_again(manager: DialogManager, questionnaire_id: str, message_id: int | None) -> bool:
    """The questionnaire was opened from this very message already: a second tap of the same
    button (a tap under another message, a reminder, opens it again below that one)."""
    if not manager.has_context() or message_id is None:
        return False
    context = manager.current_context()
    data = context.start_data if isinstance(context.start_data, dict) else {}
    return (
        context.state.group is QuestionnaireSG
        and data.get("qid") == questionnaire_id
        and data.get("from") == message_id
    )


async def on_answer(
    query: CallbackQuery,
    *,
    dialog_manager: DialogManager,
    session_factory: Sessions,
    person: PersonView | None,
    i18n: Translator,
    settings: Settings,
    catalog: Catalog,
    translations: Translations,
) -> None:
    """`sv:<campaign>`: the campaign's questionnaire, where they left it (`open_answering`)."""
    campaign_id = as_id((query.data or "").removeprefix(surveys.CALLBACK))
    if campaign_id is None or person is None:
        await query.answer(i18n.plain("fallback-button"), show_alert=True)
        return
    await open_answering(
        query,
        dialog_manager,
        campaign_id,
        sessions=session_factory,
        person=person,
        i18n=i18n,
        settings=settings,
        catalog=catalog,
        version=consent_version(translations),
    )


async def open_answering(
    query: CallbackQuery,
    manager: DialogManager,
    campaign_id: int,
    *,
    sessions: Sessions,
    person: PersonView,
    i18n: Translator,
    settings: Settings,
    catalog: Catalog,
    version: str,
) -> None:
    """The use case checks that the presser is invited to that campaign, has not answered, that
    it is open and not past their due day, and that their consent is in force; then its
    questionnaire opens where they left it, in a new message (or why not, in an alert)."""
    allowed = await surveys.may_answer(
        sessions, campaign_id, person.id, zone=settings.tz, version=version
    )
    if allowed.refusal is not None:
        today = datetime.now(settings.tz).date()
        due = i18n.day(allowed.due_on, today=today) if allowed.due_on else ""
        await query.answer(i18n.plain(allowed.refusal.key, due=due), show_alert=True)
        return
    tapped = query.message.message_id if query.message else None
    if _tapped_again(manager, allowed.questionnaire_id, tapped):
        await query.answer()
        return
    questionnaire = catalog.get(allowed.questionnaire_id)
    position = await runs.open_position(sessions, person.id, questionnaire)
    if position is None:
        await query.answer(i18n.plain("fallback-button"), show_alert=True)
        return
    await query.answer()
    manager.middleware_data[POSITION_KEY] = position
    await manager.start(
        questionnaire_state(position),
        data={"qid": questionnaire.id, "from": tapped},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.SEND,
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_survey, Command("survey"), IsCurator())
    router.message.register(on_survey_refused, Command("survey"))
    router.callback_query.register(on_answer, F.data.startswith(surveys.CALLBACK))
    return router
