"""/event: networking events for curators: create, check-in link and QR code, close."""

from __future__ import annotations

from aiogram.fsm.state import State
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.input.base import MessageHandlerFunc
from aiogram_dialog.widgets.kbd import Cancel, Column, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.dialogs.events import handlers
from bot.dialogs.events.getters import (
    attendees_getter,
    choices_getter,
    close_getter,
    event_getter,
    example_getter,
    list_getter,
)
from bot.dialogs.events.states import EventsSG
from bot.dialogs.widgets import Tr, action, choices, not_understood, screen


def _ask(key: str, state: State, on_text: MessageHandlerFunc) -> Window:
    """A step of creating an event: one typed answer."""
    return screen(
        Tr(key),
        SwitchTo(Tr("btn-event-list", html=False), id="list", state=EventsSG.list),
        MessageInput(on_text),
        getter=example_getter,
        state=state,
    )


def build_events_dialog() -> Dialog:
    back = SwitchTo(Tr("btn-event-list", html=False), id="list", state=EventsSG.list)
    return Dialog(
        screen(
            Format("{text}"),
            Column(choices("ev", "events", handlers.on_event)),
            SwitchTo(Tr("btn-event-new", html=False), id="new", state=EventsSG.title),
            Cancel(Tr("btn-close", html=False), id="close"),
            not_understood(),
            getter=list_getter,
            state=EventsSG.list,
        ),
        _ask("event-ask-title", EventsSG.title, handlers.on_title),
        _ask("event-ask-date", EventsSG.date, handlers.on_date),
        _ask("event-ask-place", EventsSG.place, handlers.on_place),
        screen(
            Format("{text}"),
            action("btn-event-qr", "qr", handlers.on_qr, when="open"),
            action("btn-event-refresh", "refresh", handlers.on_refresh),
            SwitchTo(Tr("btn-event-attendees", html=False), id="who", state=EventsSG.attendees),
            SwitchTo(
                Tr("btn-event-choices", html=False),
                id="choices",
                state=EventsSG.choices,
                when="closed",
            ),
            action("btn-event-match", "match", handlers.on_match, when="closed"),
            SwitchTo(
                Tr("btn-event-close", html=False), id="close", state=EventsSG.close, when="open"
            ),
            back,
            not_understood(),
            getter=event_getter,
            state=EventsSG.event,
        ),
        screen(
            Tr("event-close-confirm"),
            action("btn-event-close-yes", "yes", handlers.on_close),
            SwitchTo(Tr("btn-back", html=False), id="back", state=EventsSG.event),
            not_understood(),
            getter=close_getter,
            state=EventsSG.close,
        ),
        screen(
            Format("{text}"),
            SwitchTo(Tr("btn-back", html=False), id="back", state=EventsSG.event),
            not_understood(),
            getter=choices_getter,
            state=EventsSG.choices,
        ),
        screen(
            Format("{text}"),
            SwitchTo(Tr("btn-back", html=False), id="back", state=EventsSG.event),
            not_understood(),
            getter=attendees_getter,
            state=EventsSG.attendees,
        ),
    )
