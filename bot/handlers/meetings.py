"""/meetings, and the buttons under meeting messages that came through the outbox: an
invitation's «Приду» / «Не смогу», a mentee's proposal's «Принять» / «Отклонить»."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from bot.config import Settings
from bot.dialogs.meetings.states import MeetingsSG, NewMeetingSG
from bot.i18n import Translator
from bot.services import meeting_proposals, meetings
from bot.services.meeting_proposals import Proposed
from bot.services.meetings import Outcome
from bot.services.people import PersonView, Sessions


async def on_meetings(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(
        MeetingsSG.upcoming, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
    )


async def on_rsvp(
    query: CallbackQuery,
    *,
    dialog_manager: DialogManager,
    session_factory: Sessions,
    person: PersonView | None,
    i18n: Translator,
    settings: Settings,
) -> None:
    """`mt:<meeting>:y|n` under an invitation: «Приду» is taken at once; «Не смогу» opens the
    question of why (a reason may be typed, or none). The use case checks the invitation."""
    parsed = meetings.parse_callback(query.data or "")
    if parsed is None or person is None:
        await query.answer(i18n.plain("fallback-button"), show_alert=True)
        return
    meeting_id = parsed.meeting_id
    if parsed.yes:
        result = await meetings.answer(
            session_factory,
            meeting_id,
            person.id,
            yes=True,
            version=parsed.version,
            zone=settings.tz,
        )
        if result.outcome is Outcome.DONE:
            await query.answer(i18n.plain("meeting-answer-yes"))
        else:
            await query.answer(i18n.plain(result.outcome.key), show_alert=True)
        return
    refused = await meetings.may_answer(
        session_factory, meeting_id, person.id, version=parsed.version
    )
    if refused is not None:
        await query.answer(i18n.plain(refused.key), show_alert=True)
        return
    await query.answer()
    await dialog_manager.start(
        MeetingsSG.reason,
        data={"meeting_id": meeting_id, "version": parsed.version},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.SEND,
    )


async def on_proposal(
    query: CallbackQuery,
    *,
    dialog_manager: DialogManager,
    session_factory: Sessions,
    person: PersonView | None,
    i18n: Translator,
    settings: Settings,
) -> None:
    """`mp:<proposal>:a|d` under a mentee's proposal: «Принять» opens the new meeting at that
    time (where it is, then «Создать»); «Отклонить» declines it, and the mentee is told."""
    parsed = meeting_proposals.parse_callback(query.data or "")
    if parsed is None or person is None:
        await query.answer(i18n.plain("fallback-button"), show_alert=True)
        return
    proposal_id, accept = parsed
    if not accept:
        outcome = await meeting_proposals.decline(
            session_factory, proposal_id, by=person.id, zone=settings.tz
        )
        if outcome is Proposed.DONE:
            await query.answer(i18n.plain("proposal-declined-done"))
            wake = dialog_manager.middleware_data.get("outbox_wake")
            if wake is not None:
                wake()
        else:
            await query.answer(i18n.plain(outcome.key), show_alert=True)
        return
    found = await meeting_proposals.open_one(session_factory, proposal_id, by=person.id)
    if isinstance(found, Proposed):
        await query.answer(i18n.plain(found.key), show_alert=True)
        return
    await query.answer()
    await dialog_manager.start(
        NewMeetingSG.kind,
        data={"proposal_id": proposal_id},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.SEND,
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_meetings, Command("meetings"))
    router.callback_query.register(on_rsvp, F.data.startswith(meetings.CALLBACK))
    router.callback_query.register(on_proposal, F.data.startswith(meeting_proposals.CALLBACK))
    return router
