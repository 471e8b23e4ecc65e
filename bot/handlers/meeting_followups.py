"""After a meeting: the mentor's «Да» / «Нет» / «Перенесли» under «Встреча состоялась?», and an
invitee's rating. The buttons name the meeting; the use cases check who answers, and when."""

from __future__ import annotations

from datetime import datetime

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from bot.config import Settings
from bot.dialogs.meeting_outcome.states import MeetingOutcomeSG
from bot.dialogs.meetings.states import MoveMeetingSG
from bot.i18n import Translator
from bot.services import meeting_followups
from bot.services.meeting_followups import HELD_CALLBACK, RATE_CALLBACK, Answer, Result
from bot.services.people import PersonView, Sessions


def _yes_no(value: bool | None) -> str:
    return "yes" if value else "no"


async def _refused(query: CallbackQuery, i18n: Translator, result: Result, key: str) -> None:
    await query.answer(
        i18n.plain(key, held=_yes_no(result.held), rating=result.rating or 0), show_alert=True
    )


async def _record(query: CallbackQuery, text: str) -> None:
    """The question's message becomes the record of the answer (its buttons go)."""
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=None)


def _about(result: Result, i18n: Translator, settings: Settings) -> dict[str, str]:
    assert result.kind is not None and result.starts_at is not None
    today = datetime.now(settings.tz).date()
    return {
        "meeting": i18n.plain(f"meeting-kind-{result.kind}"),
        "when": i18n.moment(result.starts_at, settings.tz, today=today),
    }


async def open_move(dialog_manager: DialogManager, meeting_id: int) -> None:
    """«Перенесли»: the move of the meeting, as /meetings opens it."""
    await dialog_manager.start(
        MoveMeetingSG.date,
        data={"meeting_id": meeting_id},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.SEND,
    )


async def on_held(
    query: CallbackQuery,
    *,
    dialog_manager: DialogManager,
    session_factory: Sessions,
    person: PersonView,
    i18n: Translator,
    settings: Settings,
) -> None:
    """`mh:<meeting>:<version>:y|n|m`: «Да» and «Нет» are kept (then a note is offered);
    «Перенесли» opens the move of the meeting."""
    parsed = meeting_followups.parse_held(query.data or "")
    if parsed is None:
        await query.answer(i18n.plain("fallback-button"), show_alert=True)
        return
    meeting_id, version, choice = parsed
    if choice == "m":
        allowed = await meeting_followups.may_move(
            session_factory, meeting_id, by=person.id, version=version
        )
        if allowed.outcome is not Answer.DONE:
            await _refused(query, i18n, allowed, allowed.outcome.key)
            return
        await query.answer()
        await open_move(dialog_manager, meeting_id)
        return
    held = choice == "y"
    result = await meeting_followups.answer_held(
        session_factory, meeting_id, by=person.id, version=version, held=held
    )
    if result.outcome is not Answer.DONE:
        await _refused(query, i18n, result, result.outcome.key)
        return
    await query.answer(i18n.plain("followup-held-done", held=_yes_no(held)))
    # The note's screen first: it takes the buttons off the message the tap came from, and
    # that message then becomes the record (an edit that changes its text).
    await dialog_manager.start(
        MeetingOutcomeSG.note,
        data={"meeting_id": meeting_id, "held": held},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.SEND,
    )
    await _record(
        query, i18n("followup-held-record", held=_yes_no(held), **_about(result, i18n, settings))
    )


async def on_rating(
    query: CallbackQuery,
    session_factory: Sessions,
    person: PersonView,
    i18n: Translator,
    settings: Settings,
) -> None:
    """`mr:<meeting>:<1-5>`: the first rating counts."""
    parsed = meeting_followups.parse_rating(query.data or "")
    if parsed is None:
        await query.answer(i18n.plain("fallback-button"), show_alert=True)
        return
    meeting_id, rating = parsed
    result = await meeting_followups.rate(session_factory, meeting_id, person.id, rating)
    if result.outcome is not Answer.DONE:
        key = "followup-rate-already" if result.outcome is Answer.ALREADY else result.outcome.key
        await _refused(query, i18n, result, key)
        return
    await _record(
        query,
        i18n(
            "followup-rated-record",
            rating=rating,
            stars="⭐" * rating,
            **_about(result, i18n, settings),
        ),
    )
    await query.answer(i18n.plain("followup-rated"))


def build_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(on_held, F.data.startswith(HELD_CALLBACK))
    router.callback_query.register(on_rating, F.data.startswith(RATE_CALLBACK))
    return router
