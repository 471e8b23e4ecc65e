from __future__ import annotations

import asyncio
import re
from datetime import datetime
from typing import Any

from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button

from bot.dialogs.common import (
    bot_of,
    i18n_of,
    person_of,
    refuse,
    sessions_of,
    settings_of,
)
from bot.dialogs.events.getters import example, link_of
from bot.dialogs.events.states import EventsSG
from bot.dialogs.match.states import MatchSG
from bot.domain.typed_input import Prefer, parse_moment
from bot.poster import poster
from bot.services import events
from bot.services.events import Closing
from bot.telegram.callbacks import as_id

_SPACES = re.compile(r"\s+")


def _typed(message: Message, low: int, high: int) -> str | None:
    text = _SPACES.sub(" ", message.text or "").strip()
    return text if low <= len(text) <= high and not text.startswith("/") else None


async def _ask_again(message: Message, manager: DialogManager, key: str) -> None:
    await message.answer(i18n_of(manager)(key, example=example(manager)))
    manager.show_mode = ShowMode.SEND


async def on_title(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    title = _typed(message, 3, 150)
    if title is None:
        await _ask_again(message, manager, "event-bad-title")
        return
    manager.dialog_data["title"] = title
    await manager.switch_to(EventsSG.date)


async def on_date(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    """The start as the curator types it: «10 декабря в 15:00», «10.12 15:00», «завтра в 15»;
    a time alone is today. A day without a time, or a moment already past, is asked again."""
    zone = settings_of(manager).tz
    now = datetime.now(zone)
    text = _typed(message, 1, 100)
    typed = parse_moment(text, today=now.date(), prefer=Prefer.FUTURE) if text else None
    if typed is None:
        await _ask_again(message, manager, "event-bad-date")
        return
    if typed.time is None:
        await _ask_again(message, manager, "event-date-no-time")
        return
    moment = datetime.combine(typed.day or now.date(), typed.time, tzinfo=zone)
    if moment <= now:
        await _ask_again(message, manager, "event-date-past")
        return
    manager.dialog_data["starts_at"] = moment.isoformat()
    await manager.switch_to(EventsSG.place)


async def on_place(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    place = _typed(message, 2, 150)
    data = manager.dialog_data
    if place is None:
        await _ask_again(message, manager, "event-bad-place")
        return
    if "title" not in data or "starts_at" not in data:
        await manager.switch_to(EventsSG.title)
        return
    event = await events.create(
        sessions_of(manager),
        title=str(data.pop("title")),
        starts_at=datetime.fromisoformat(str(data.pop("starts_at"))),
        place=place,
        by=person_of(manager).telegram_id,
        source=f"{message.chat.id}:{message.message_id}",
    )
    if event is None:
        await refuse(manager, "curator-only")
        return
    data.update(event=event.id, seen=event.attendees)
    await manager.switch_to(EventsSG.event)


async def on_event(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    event_id = as_id(item_id)
    event = await events.get(sessions_of(manager), event_id) if event_id is not None else None
    if event is None:
        await refuse(manager, "event-unknown")
        return
    manager.dialog_data.update(event=event.id, seen=event.attendees)
    await manager.switch_to(EventsSG.event)


async def on_refresh(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    event = await events.get(sessions_of(manager), int(manager.dialog_data["event"]))
    if event is None or event.attendees == manager.dialog_data.get("seen"):
        await refuse(manager, "event-nothing-new")  # the same screen again: no edit
        return
    manager.dialog_data["seen"] = event.attendees


async def on_qr(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    event = await events.get(sessions_of(manager), int(manager.dialog_data["event"]))
    if event is None or event.closed:
        await refuse(manager, "event-already-closed" if event else "event-unknown")
        return
    link = await link_of(manager, event.token)
    i18n = i18n_of(manager)
    zone = settings_of(manager).tz
    when = i18n.moment(event.starts_at, zone, today=datetime.now(zone).date())
    picture = await asyncio.to_thread(
        poster, link, event.title, [when, event.place, i18n.plain("event-poster-hint")]
    )
    # A document, not a photo: Telegram would shrink and blur a photo meant for printing.
    await bot_of(manager).send_document(
        callback.from_user.id,
        BufferedInputFile(picture, filename=f"check-in-{event.id}.png"),
        caption=i18n("event-qr-caption", title=event.title, date=when, place=event.place),
    )
    manager.show_mode = ShowMode.SEND  # the card again below the picture, buttons at hand


async def on_close(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    outcome = await events.close(
        sessions_of(manager),
        int(manager.dialog_data["event"]),
        by=callback.from_user.id,
        zone=settings_of(manager).tz,
    )
    if outcome in (Closing.UNKNOWN, Closing.NOT_CURATOR):
        await refuse(manager, "event-unknown" if outcome is Closing.UNKNOWN else "curator-only")
        return
    if outcome is Closing.CLOSED:
        event = await events.get(sessions_of(manager), int(manager.dialog_data["event"]))
        invited = event.attendees if event is not None else 0
        await callback.answer(i18n_of(manager).plain("event-closed-done", count=invited))
    else:
        await callback.answer(i18n_of(manager).plain("event-already-closed"))
    await manager.switch_to(EventsSG.event)


async def on_match(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """The matching for this event's attendees only."""
    await manager.start(MatchSG.proposal, data={"event": int(manager.dialog_data["event"])})
