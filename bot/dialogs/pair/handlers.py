from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput

from bot.dialogs.common import i18n_of, person_of, refuse, sessions_of, translations_of
from bot.dialogs.pair.states import PairSG
from bot.services import agreements, pairs
from bot.services.pairs import Ask


async def on_ask(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    mine = {
        str(p.id): p for p in await pairs.of_person(sessions_of(manager), person_of(manager).id)
    }
    if item_id not in mine:
        await refuse(manager)
        return
    kind = Ask.REPLACE if mine[item_id].partner_role == "mentor" else Ask.RELEASE
    manager.dialog_data.update(ask_pair=int(item_id), ask_kind=kind.value, notice=None)
    await manager.switch_to(PairSG.reason)


async def on_reason(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    reason = " ".join((message.text or "").split())
    if not 3 <= len(reason) <= 500 or reason.startswith("/"):
        await message.answer(i18n_of(manager)("pair-ask-bad-reason"))
        manager.show_mode = ShowMode.SEND
        return
    asked = await pairs.ask(
        sessions_of(manager),
        translations_of(manager),
        int(manager.dialog_data.get("ask_pair", 0)),
        person_of(manager).id,
        kind=Ask(str(manager.dialog_data.get("ask_kind"))),
        reason=reason,
    )
    manager.dialog_data["notice"] = "pair-ask-sent" if asked else "unavailable"
    await manager.switch_to(PairSG.view)


async def on_action(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    """Pause or resume a pair, or ask to extend it: the services check it is theirs and when."""
    pair, _, action = item_id.partition(":")
    if not pair.isdigit() or action not in ("pause", "resume", "extend"):
        await refuse(manager)
        return
    sessions, person = sessions_of(manager), person_of(manager)
    if action == "extend":
        outcome = await agreements.ask_extension(
            sessions, translations_of(manager), int(pair), person.id
        )
        manager.dialog_data["notice"] = f"extension-{outcome.value}"
        return
    paused = await pairs.toggle_pause(sessions, translations_of(manager), int(pair), person.id)
    if paused is None or paused != (action == "pause"):
        await refuse(manager)  # not theirs, or already so (a second tap)
        return
    manager.dialog_data["notice"] = None
