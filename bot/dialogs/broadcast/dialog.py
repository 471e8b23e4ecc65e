"""/broadcast: the curator's message (text, a photo or a file), its audience with how many it
reaches, a preview exactly as the recipients will see it, and «✅ Отправить»."""

from __future__ import annotations

from aiogram_dialog import Dialog
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Cancel, Column, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.dialogs.broadcast import handlers
from bot.dialogs.broadcast.getters import (
    audience_getter,
    campaign_getter,
    confirm_getter,
    event_getter,
)
from bot.dialogs.broadcast.states import BroadcastSG
from bot.dialogs.widgets import Tr, action, choices, not_understood, screen


def build_broadcast_dialog() -> Dialog:
    cancel = Cancel(Tr("btn-broadcast-cancel", html=False), id="cancel")
    to_audience = SwitchTo(
        Tr("btn-broadcast-back", html=False), id="back", state=BroadcastSG.audience
    )
    return Dialog(
        screen(
            Tr("broadcast-compose"),
            cancel,
            MessageInput(handlers.on_message),
            state=BroadcastSG.compose,
        ),
        screen(
            Tr("broadcast-audience"),
            Column(choices("to", "audiences", handlers.on_audience)),
            SwitchTo(Tr("btn-broadcast-event", html=False), id="event", state=BroadcastSG.event),
            SwitchTo(
                Tr("btn-broadcast-campaign", html=False), id="survey", state=BroadcastSG.campaign
            ),
            SwitchTo(Tr("btn-broadcast-edit", html=False), id="edit", state=BroadcastSG.compose),
            cancel,
            not_understood(),
            getter=audience_getter,
            state=BroadcastSG.audience,
        ),
        screen(
            Format("{text}"),
            Column(choices("ev", "options", handlers.on_event)),
            to_audience,
            not_understood(),
            getter=event_getter,
            state=BroadcastSG.event,
        ),
        screen(
            Format("{text}"),
            Column(choices("cm", "options", handlers.on_campaign)),
            to_audience,
            not_understood(),
            getter=campaign_getter,
            state=BroadcastSG.campaign,
        ),
        screen(
            Tr("broadcast-confirm"),
            action("btn-broadcast-send", "send", handlers.on_send),
            SwitchTo(Tr("btn-broadcast-edit", html=False), id="edit", state=BroadcastSG.compose),
            cancel,
            not_understood(),
            getter=confirm_getter,
            state=BroadcastSG.confirm,
        ),
    )
