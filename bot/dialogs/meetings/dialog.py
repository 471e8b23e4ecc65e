"""/meetings: upcoming and past meetings, one meeting with its answers, a new meeting in a few
taps (a calendar, time buttons), a move, and a mentee's proposal of a time."""

from __future__ import annotations

from aiogram.fsm.state import State
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Back, Button, Cancel, Column, Row, Start, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.dialogs.meetings import getters, handlers
from bot.dialogs.meetings.calendar import SchoolCalendar
from bot.dialogs.meetings.states import (
    MeetingsSG,
    MoveMeetingSG,
    NewMeetingSG,
    ProposeMeetingSG,
)
from bot.dialogs.widgets import Tr, action, choices, not_understood, screen


def _close() -> Cancel:
    return Cancel(Tr("btn-close", html=False), id="close")


def _list(state: State, getter: object, other: State, other_key: str) -> Window:
    return screen(
        Format("{text}"),
        Column(choices("m", "items", handlers.on_open)),
        Row(
            Button(Format("◀️"), id="prev", on_click=handlers.on_page),
            Button(Format("{page_label}"), id="at", on_click=handlers.on_page_label),
            Button(Format("▶️"), id="next", on_click=handlers.on_page),
            when="paged",
        ),
        Start(
            Tr("btn-meeting-new", html=False),
            id="new",
            state=NewMeetingSG.pair,
            when="can_create",
        ),
        Start(
            Tr("btn-meeting-propose", html=False),
            id="propose",
            state=ProposeMeetingSG.date,
            when="can_propose",
        ),
        SwitchTo(Tr(other_key, html=False), id="other", state=other),
        _close(),
        not_understood(),
        getter=getter,
        state=state,
    )


def _day(state: State, back: bool = True) -> Window:
    return screen(
        Tr("meeting-ask-date"),
        SchoolCalendar("day", handlers.on_day),
        Back(Tr("btn-back", html=False), id="back", when=None) if back else _close(),
        Cancel(Tr("btn-meeting-flow-cancel", html=False), id="cancel"),
        MessageInput(handlers.on_typed_day),
        state=state,
    )


def _time(state: State) -> Window:
    return screen(
        Tr("meeting-ask-time"),
        Row(choices("t", "items", handlers.on_slot, limit=6)),
        Back(Tr("btn-back", html=False), id="back"),
        Cancel(Tr("btn-meeting-flow-cancel", html=False), id="cancel"),
        MessageInput(handlers.on_typed_time),
        getter=getters.time_getter,
        state=state,
    )


def build_meetings_dialog() -> Dialog:
    return Dialog(
        _list(MeetingsSG.upcoming, getters.upcoming_getter, MeetingsSG.past, "btn-meetings-past"),
        _list(MeetingsSG.past, getters.past_getter, MeetingsSG.upcoming, "btn-meetings-ahead"),
        screen(
            Format("{text}"),
            Row(
                action("btn-meeting-yes", "yes", handlers.on_answer),
                action("btn-meeting-no", "no", handlers.on_answer),
                when="invitee",
            ),
            Row(
                action("btn-meeting-move", "move", handlers.on_move_open),
                action("btn-meeting-cancel", "cancel", handlers.on_cancel_ask),
                when="mentor",
            ),
            Row(
                action("btn-meeting-cancel-yes", "cancel_yes", handlers.on_cancel),
                action("btn-meeting-cancel-no", "cancel_no", handlers.on_cancel_keep),
                when="confirming",
            ),
            SwitchTo(Tr("btn-meetings-list", html=False), id="list", state=MeetingsSG.upcoming),
            _close(),
            not_understood(),
            getter=getters.meeting_getter,
            state=MeetingsSG.meeting,
        ),
        screen(
            Tr("meeting-ask-reason"),
            action("btn-meeting-no-reason", "none", handlers.on_no_reason),
            SwitchTo(Tr("btn-back", html=False), id="back", state=MeetingsSG.meeting),
            MessageInput(handlers.on_reason),
            state=MeetingsSG.reason,
        ),
        on_start=handlers.on_list_start,
        on_process_result=handlers.on_subdialog_done,
    )


def build_new_meeting_dialog() -> Dialog:
    return Dialog(
        screen(
            Tr("meeting-ask-pair"),
            Column(choices("p", "items", handlers.on_pair)),
            Cancel(Tr("btn-meeting-flow-cancel", html=False), id="cancel"),
            not_understood(),
            getter=getters.pick_pair_getter,
            state=NewMeetingSG.pair,
        ),
        screen(
            Tr("meeting-ask-kind"),
            Column(choices("k", "items", handlers.on_kind)),
            Cancel(Tr("btn-meeting-flow-cancel", html=False), id="cancel"),
            not_understood(),
            getter=getters.kind_getter,
            state=NewMeetingSG.kind,
        ),
        _day(NewMeetingSG.date),
        _time(NewMeetingSG.time),
        screen(
            Tr("meeting-ask-where"),
            Row(
                action("btn-meeting-in-person", "place", handlers.on_where),
                action("btn-meeting-online", "online", handlers.on_where),
            ),
            Cancel(Tr("btn-meeting-flow-cancel", html=False), id="cancel"),
            not_understood(),
            state=NewMeetingSG.where,
        ),
        screen(
            Tr("meeting-ask-place"),
            SwitchTo(Tr("btn-back", html=False), id="back", state=NewMeetingSG.where),
            MessageInput(handlers.on_place),
            state=NewMeetingSG.place,
        ),
        screen(
            Tr("meeting-ask-link"),
            SwitchTo(Tr("btn-back", html=False), id="back", state=NewMeetingSG.where),
            MessageInput(handlers.on_link),
            state=NewMeetingSG.link,
        ),
        screen(
            Tr("meeting-ask-agenda"),
            action("btn-meeting-no-agenda", "none", handlers.on_no_agenda),
            SwitchTo(Tr("btn-back", html=False), id="back", state=NewMeetingSG.where),
            MessageInput(handlers.on_agenda),
            state=NewMeetingSG.agenda,
        ),
        screen(
            Format("{text}"),
            action("btn-meeting-create", "create", handlers.on_create),
            SwitchTo(Tr("btn-back", html=False), id="back", state=NewMeetingSG.agenda),
            Cancel(Tr("btn-meeting-flow-cancel", html=False), id="cancel"),
            not_understood(),
            getter=getters.summary_getter,
            state=NewMeetingSG.confirm,
        ),
        on_start=handlers.on_new_start,
    )


def build_move_meeting_dialog() -> Dialog:
    return Dialog(
        _day(MoveMeetingSG.date, back=False),
        _time(MoveMeetingSG.time),
        screen(
            Format("{text}"),
            action("btn-meeting-move-confirm", "move", handlers.on_move_confirm),
            SwitchTo(Tr("btn-back", html=False), id="back", state=MoveMeetingSG.time),
            Cancel(Tr("btn-meeting-flow-cancel", html=False), id="cancel"),
            not_understood(),
            getter=getters.move_summary_getter,
            state=MoveMeetingSG.confirm,
        ),
        on_start=handlers.on_move_start,
    )


def build_propose_meeting_dialog() -> Dialog:
    return Dialog(
        _day(ProposeMeetingSG.date, back=False),
        _time(ProposeMeetingSG.time),
        screen(
            Tr("proposal-ask-note"),
            action("btn-proposal-no-note", "none", handlers.on_no_note),
            SwitchTo(Tr("btn-back", html=False), id="back", state=ProposeMeetingSG.time),
            MessageInput(handlers.on_note),
            state=ProposeMeetingSG.note,
        ),
        screen(
            Format("{text}"),
            action("btn-proposal-send", "send", handlers.on_propose),
            SwitchTo(Tr("btn-back", html=False), id="back", state=ProposeMeetingSG.note),
            Cancel(Tr("btn-meeting-flow-cancel", html=False), id="cancel"),
            not_understood(),
            getter=getters.propose_summary_getter,
            state=ProposeMeetingSG.confirm,
        ),
        on_start=handlers.on_propose_start,
    )
