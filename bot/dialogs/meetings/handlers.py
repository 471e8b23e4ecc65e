"""/meetings: each press and message becomes one use case of `bot.services.meetings` (or of
`meeting_proposals`); the use case checks who may and whether it is allowed now."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time
from typing import Any

from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_dialog.widgets.input import MessageInput

from bot.dialogs.common import i18n_of, person_of, refuse, sessions_of, settings_of, start_data
from bot.dialogs.meetings.getters import now_in
from bot.dialogs.meetings.states import (
    MeetingsSG,
    MoveMeetingSG,
    NewMeetingSG,
    ProposeMeetingSG,
)
from bot.domain import meetings as rules
from bot.domain.meetings import Kind
from bot.domain.names import with_initials
from bot.domain.typed_input import parse_moment, parse_time
from bot.services import meeting_proposals, meetings, pairs
from bot.services.meeting_proposals import Proposed
from bot.services.meetings import Outcome, Planner
from bot.telegram.callbacks import as_id

NEXT_AFTER_TIME: dict[type[StatesGroup], State] = {
    NewMeetingSG: NewMeetingSG.where,
    MoveMeetingSG: MoveMeetingSG.confirm,
    ProposeMeetingSG: ProposeMeetingSG.note,
}
TIME_STATE: dict[type[StatesGroup], State] = {
    NewMeetingSG: NewMeetingSG.time,
    MoveMeetingSG: MoveMeetingSG.time,
    ProposeMeetingSG: ProposeMeetingSG.time,
}


def _planner(manager: DialogManager) -> Planner | None:
    planner = manager.middleware_data.get("meeting_planner")
    return planner if isinstance(planner, Planner) else None


def _wake(manager: DialogManager) -> None:
    wake = manager.middleware_data.get("outbox_wake")
    if wake is not None:
        wake()


async def _say(manager: DialogManager, message: Message, key: str, **args: Any) -> None:
    """A typed answer that cannot be taken: why, and the same screen again below it."""
    await message.answer(i18n_of(manager)(key, **args))
    manager.show_mode = ShowMode.SEND


def _group(manager: DialogManager) -> type[StatesGroup]:
    group = manager.current_context().state.group
    assert group is not None
    return group


# ---- lists ---------------------------------------------------------------------------------


async def on_open(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    meeting_id = as_id(item_id)
    if meeting_id is None:
        await refuse(manager)
        return
    manager.dialog_data.update(meeting_id=meeting_id, notice=None, confirm_cancel=False)
    await manager.switch_to(MeetingsSG.meeting)


async def on_page(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    """«◀️» / «▶️» of a list: the page goes round."""
    state = manager.current_context().state
    key = "upcoming_page" if state == MeetingsSG.upcoming else "past_page"
    step = -1 if (widget.widget_id or "").endswith("prev") else 1
    pages = max(1, int(manager.dialog_data.get(f"{key}s") or 1))
    manager.dialog_data[key] = (int(manager.dialog_data.get(key) or 0) + step) % pages
    manager.dialog_data["notice"] = None


async def on_page_label(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    manager.show_mode = ShowMode.NO_UPDATE


# ---- one meeting ---------------------------------------------------------------------------


async def on_answer(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    """«Приду» at once; «Не смогу» asks for a reason first (or none)."""
    meeting_id = int(manager.dialog_data.get("meeting_id") or 0)
    if widget.widget_id == "no":
        manager.dialog_data["notice"] = None
        await manager.switch_to(MeetingsSG.reason)
        return
    result = await meetings.answer(
        sessions_of(manager),
        meeting_id,
        person_of(manager).id,
        yes=True,
        version=_seen(manager),
        zone=settings_of(manager).tz,
    )
    if result.outcome is not Outcome.DONE:
        await refuse(manager, result.outcome.key)
        return
    manager.dialog_data["notice"] = "meeting-answer-yes"


def _seen(manager: DialogManager) -> int | None:
    """The version of the meeting the person saw (its screen, or the invitation they tapped):
    an answer is for that time, and refused if the meeting moved since."""
    seen = manager.dialog_data.get("seen_version")
    return int(seen) if seen is not None else None


async def _answer_no(manager: DialogManager, reason: str | None) -> Outcome:
    meeting_id = int(manager.dialog_data.get("meeting_id") or 0)
    result = await meetings.answer(
        sessions_of(manager),
        meeting_id,
        person_of(manager).id,
        yes=False,
        reason=reason,
        version=_seen(manager),
        zone=settings_of(manager).tz,
    )
    _wake(manager)
    return result.outcome


async def on_reason(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    reason = " ".join((message.text or "").split())
    if not reason or reason.startswith("/"):
        await _say(manager, message, "meeting-reason-hint")
        return
    if len(reason) > rules.REASON_LIMIT:
        await _say(manager, message, "meeting-outcome-reason_too_long")
        return
    outcome = await _answer_no(manager, reason)
    await _after_no(manager, outcome)


async def on_no_reason(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    outcome = await _answer_no(manager, None)
    await _after_no(manager, outcome)


async def _after_no(manager: DialogManager, outcome: Outcome) -> None:
    done = outcome in (Outcome.DONE, Outcome.ALREADY)
    manager.dialog_data["notice"] = "meeting-answer-no" if done else outcome.key
    await manager.switch_to(MeetingsSG.meeting)


async def on_move_open(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    await manager.start(
        MoveMeetingSG.date, data={"meeting_id": int(manager.dialog_data.get("meeting_id") or 0)}
    )


async def on_cancel_ask(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    manager.dialog_data.update(confirm_cancel=True, notice=None)


async def on_cancel_keep(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    manager.dialog_data.update(confirm_cancel=False, notice=None)


async def on_cancel(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    result = await meetings.cancel(
        sessions_of(manager),
        int(manager.dialog_data.get("meeting_id") or 0),
        by=person_of(manager).id,
        zone=settings_of(manager).tz,
        planner=_planner(manager),
    )
    manager.dialog_data["confirm_cancel"] = False
    if result.outcome not in (Outcome.DONE, Outcome.ALREADY):
        await refuse(manager, result.outcome.key)
        return
    _wake(manager)
    manager.dialog_data["notice"] = "meeting-cancelled-done"


# ---- a new meeting -------------------------------------------------------------------------


async def start_new(manager: DialogManager) -> None:
    """Start setting a meeting: the pair (when there are several), else straight to its type."""
    await manager.start(NewMeetingSG.pair, data=start_data(manager) or None)


async def on_new_start(data: Any, manager: DialogManager) -> None:
    """The new-meeting dialog begins: a token makes its «Создать» count once; a pair (or a
    proposal) given in the start data skips the choice."""
    given = data if isinstance(data, dict) else {}
    manager.dialog_data["token"] = secrets.token_hex(8)
    mine = await pairs.of_person(sessions_of(manager), person_of(manager).id)
    working = [
        p for p in mine if p.status == "active" and p.partner_role == "mentee" and not p.paused
    ]
    if given.get("kind") in {k.value for k in Kind}:
        manager.dialog_data["kind"] = given["kind"]
    proposal = as_id(str(given.get("proposal_id") or ""))
    if proposal is not None:
        found = await meeting_proposals.open_one(
            sessions_of(manager), proposal, by=person_of(manager).id
        )
        if isinstance(found, Proposed):
            await refuse(manager, found.key)
            await manager.done()
            return
        manager.dialog_data.update(
            proposal=proposal,
            pair=found.pair_id,
            whom=with_initials(found.mentee),
            at=found.starts_at.isoformat(),
        )
        await manager.switch_to(NewMeetingSG.kind)
        return
    pair = as_id(str(given.get("pair_id") or ""))
    chosen = [p for p in working if p.id == pair] if pair is not None else []
    if chosen or len(working) == 1:
        one = (chosen or working)[0]
        manager.dialog_data.update(pair=one.id, whom=with_initials(one.partner_name))
        await manager.switch_to(_after_pair(manager))
    elif not working:
        paused = any(p.paused for p in mine if p.partner_role == "mentee")
        await refuse(manager, "meeting-outcome-paused" if paused else "meeting-none-to-set")
        await manager.done()


async def on_pair(callback: CallbackQuery, widget: Any, manager: DialogManager, item: str) -> None:
    i18n = i18n_of(manager)
    if item == "group":
        manager.dialog_data.update(pair=None, whom=i18n.plain("meeting-whom-group"))
    else:
        mine = await pairs.of_person(sessions_of(manager), person_of(manager).id)
        found = [p for p in mine if str(p.id) == item and p.partner_role == "mentee"]
        if not found:
            await refuse(manager)
            return
        manager.dialog_data.update(pair=found[0].id, whom=with_initials(found[0].partner_name))
    await manager.switch_to(_after_pair(manager))


def _after_pair(manager: DialogManager) -> State:
    """The type comes next, unless it was given (the final meeting, asked for at a term's end)."""
    return NewMeetingSG.date if manager.dialog_data.get("kind") else NewMeetingSG.kind


async def on_kind(callback: CallbackQuery, widget: Any, manager: DialogManager, item: str) -> None:
    if item not in {k.value for k in Kind}:
        await refuse(manager)
        return
    manager.dialog_data["kind"] = item
    if manager.dialog_data.get("at"):  # a proposal: its time is given
        await manager.switch_to(NewMeetingSG.where)
        return
    await manager.switch_to(NewMeetingSG.date)


# ---- dates and times (a new meeting, a move, a proposal) -----------------------------------


def _at(manager: DialogManager, day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=settings_of(manager).tz)


async def on_day(callback: CallbackQuery, widget: Any, manager: DialogManager, day: date) -> None:
    if day < now_in(manager).date():
        await refuse(manager, "meeting-outcome-in_the_past")
        return
    manager.dialog_data["day"] = day.isoformat()
    await manager.switch_to(TIME_STATE[_group(manager)])


async def on_typed_day(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    """A day typed («25.12», «завтра»), or a day and a time («25.12 15:30»)."""
    today = now_in(manager).date()
    typed = parse_moment(message.text or "", today=today)
    if typed is None or typed.day is None:
        await _say(manager, message, "meeting-bad-date")
        return
    if typed.day < today:
        await _say(manager, message, "meeting-outcome-in_the_past")
        return
    manager.dialog_data["day"] = typed.day.isoformat()
    if typed.time is not None:
        await _take_time(manager, message, typed.time)
        return
    await manager.switch_to(TIME_STATE[_group(manager)])


async def _take_time(manager: DialogManager, message: Message | None, clock: time) -> None:
    at = _at(manager, date.fromisoformat(str(manager.dialog_data["day"])), clock)
    if at <= now_in(manager):
        if message is not None:
            await _say(manager, message, "meeting-outcome-in_the_past")
        else:
            await refuse(manager, "meeting-outcome-in_the_past")
        return
    manager.dialog_data["at"] = at.isoformat()
    await manager.switch_to(NEXT_AFTER_TIME[_group(manager)])


async def on_slot(callback: CallbackQuery, widget: Any, manager: DialogManager, item: str) -> None:
    clock = parse_time(item)
    if clock is None:
        await refuse(manager)
        return
    await _take_time(manager, None, clock)


async def on_typed_time(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    clock = parse_time(message.text or "")
    if clock is None:
        await _say(manager, message, "meeting-bad-time")
        return
    await _take_time(manager, message, clock)


# ---- where, agenda, create -----------------------------------------------------------------


async def on_where(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    online = widget.widget_id == "online"
    manager.dialog_data.update(place=None, link=None)
    await manager.switch_to(NewMeetingSG.link if online else NewMeetingSG.place)


async def on_place(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    place = " ".join((message.text or "").split())
    if not place or place.startswith("/"):
        await _say(manager, message, "meeting-place-hint")
        return
    if len(place) > rules.PLACE_LIMIT:
        await _say(manager, message, "meeting-outcome-place_too_long")
        return
    manager.dialog_data.update(place=place, link=None)
    await manager.switch_to(NewMeetingSG.agenda)


async def on_link(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    link = (message.text or "").strip()
    if len(link) > rules.LINK_LIMIT or not rules.is_link(link):
        await _say(manager, message, "meeting-outcome-bad_link")
        return
    manager.dialog_data.update(link=link, place=None)
    await manager.switch_to(NewMeetingSG.agenda)


async def on_agenda(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    agenda = (message.text or "").strip()
    if not agenda or agenda.startswith("/"):
        await _say(manager, message, "meeting-agenda-hint")
        return
    if len(agenda) > rules.AGENDA_LIMIT:
        await _say(manager, message, "meeting-outcome-agenda_too_long")
        return
    manager.dialog_data["agenda"] = agenda
    await manager.switch_to(NewMeetingSG.confirm)


async def on_no_agenda(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    manager.dialog_data["agenda"] = None
    await manager.switch_to(NewMeetingSG.confirm)


async def on_create(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    data = manager.dialog_data
    pair = data.get("pair")
    result = await meetings.create(
        sessions_of(manager),
        by=person_of(manager).id,
        pair_id=int(pair) if pair is not None else None,
        starts_at=datetime.fromisoformat(str(data["at"])),
        place=data.get("place"),
        link=data.get("link"),
        agenda=data.get("agenda"),
        kind=Kind(str(data["kind"])) if data.get("kind") else None,
        source=f"new:{data.get('token')}",
        proposal=data.get("proposal"),
        zone=settings_of(manager).tz,
        planner=_planner(manager),
    )
    if result.outcome not in (Outcome.DONE, Outcome.ALREADY):
        await refuse(manager, result.outcome.key)
        return
    _wake(manager)
    await manager.start(
        MeetingsSG.meeting,
        data={"meeting_id": result.meeting_id, "notice": "meeting-created"},
        mode=StartMode.RESET_STACK,
    )


# ---- a move --------------------------------------------------------------------------------


async def on_move_start(data: Any, manager: DialogManager) -> None:
    """The move begins from the meeting as the mentor sees it now: its version is what the
    move names, so of two moves at once one wins."""
    given = data if isinstance(data, dict) else {}
    meeting_id = as_id(str(given.get("meeting_id") or ""))
    view = (
        await meetings.one(sessions_of(manager), meeting_id, person_of(manager).id)
        if meeting_id is not None
        else None
    )
    if view is None or not view.mine:
        await refuse(manager, "meeting-outcome-not_allowed")
        await manager.done()
        return
    if view.status != "planned":
        await refuse(manager, "meeting-outcome-not_planned")
        await manager.done()
        return
    manager.dialog_data.update(
        meeting_id=view.id, version=view.version, kind=view.kind, was=view.starts_at.isoformat()
    )


async def on_move_confirm(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    data = manager.dialog_data
    result = await meetings.move(
        sessions_of(manager),
        int(data["meeting_id"]),
        by=person_of(manager).id,
        version=int(data["version"]),
        starts_at=datetime.fromisoformat(str(data["at"])),
        zone=settings_of(manager).tz,
        planner=_planner(manager),
    )
    if result.outcome is not Outcome.DONE:
        await refuse(manager, result.outcome.key)
        if result.outcome is not Outcome.IN_THE_PAST:
            await manager.done()
        return
    _wake(manager)
    await manager.done({"notice": "meeting-moved-done"})


# ---- a proposal ----------------------------------------------------------------------------


async def on_note(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    note = " ".join((message.text or "").split())
    if not note or note.startswith("/"):
        await _say(manager, message, "proposal-note-hint")
        return
    if len(note) > rules.REASON_LIMIT:
        await _say(manager, message, "proposal-outcome-note_too_long")
        return
    manager.dialog_data["note"] = note
    await manager.switch_to(ProposeMeetingSG.confirm)


async def on_no_note(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    manager.dialog_data["note"] = None
    await manager.switch_to(ProposeMeetingSG.confirm)


async def on_propose_start(data: Any, manager: DialogManager) -> None:
    manager.dialog_data["token"] = secrets.token_hex(8)


async def on_propose(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    data = manager.dialog_data
    outcome = await meeting_proposals.propose(
        sessions_of(manager),
        by=person_of(manager).id,
        starts_at=datetime.fromisoformat(str(data["at"])),
        note=data.get("note"),
        source=f"propose:{data.get('token')}",
        zone=settings_of(manager).tz,
    )
    if outcome not in (Proposed.DONE, Proposed.ALREADY):
        await refuse(manager, outcome.key)
        return
    _wake(manager)
    await manager.done({"notice": "proposal-sent"})


async def on_propose_open(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    await manager.start(ProposeMeetingSG.date)


async def on_new_open(callback: CallbackQuery, widget: Any, manager: DialogManager) -> None:
    await manager.start(NewMeetingSG.pair)


async def on_list_start(data: Any, manager: DialogManager) -> None:
    """/meetings may open straight on one meeting (after it is set, or from a message)."""
    given = data if isinstance(data, dict) else {}
    meeting_id = as_id(str(given.get("meeting_id") or ""))
    if meeting_id is not None:
        manager.dialog_data.update(meeting_id=meeting_id, notice=given.get("notice"))
    version = as_id(str(given.get("version") or ""))
    if version is not None:
        manager.dialog_data["seen_version"] = version


async def on_subdialog_done(data: Any, result: Any, manager: DialogManager) -> None:
    """A move or a proposal ended: its word on the screen it was opened from."""
    if isinstance(result, dict) and result.get("notice"):
        manager.dialog_data["notice"] = result["notice"]
