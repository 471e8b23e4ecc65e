from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput

from bot.dialogs.common import bot_of, i18n_of, person_of, refuse, sessions_of
from bot.dialogs.pair.states import PairSG
from bot.services import agreements, pairs
from bot.services.agreements import SIDES, Extended, Resent
from bot.services.pairs import Ask, Done
from bot.telegram.callbacks import as_id
from bot.telegram.links import start_link_base


def _wake(manager: DialogManager) -> None:
    wake = manager.middleware_data.get("outbox_wake")
    if wake is not None:
        wake()


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
        int(manager.dialog_data.get("ask_pair", 0)),
        person_of(manager).id,
        kind=Ask(str(manager.dialog_data.get("ask_kind"))),
        reason=reason,
        message_id=message.message_id,
    )
    manager.dialog_data["notice"] = "pair-ask-sent" if asked else "unavailable"
    await manager.switch_to(PairSG.view)


async def on_action(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    """Pause, resume, or ask to extend the pair the button names: two different actions, so a
    second tap on «pause» never resumes; the services check it is theirs, and when."""
    pair_text, _, action = item_id.partition(":")
    pair = as_id(pair_text)
    if pair is None or action not in ("pause", "resume", "extend"):
        await refuse(manager)
        return
    sessions, person = sessions_of(manager), person_of(manager)
    if action == "extend":
        outcome = await agreements.ask_extension(sessions, pair, person.id)
        if outcome in (Extended.ALREADY, Extended.NOT_ACTIVE, Extended.NOT_YOURS, Extended.LIMIT):
            await refuse(manager, f"extension-{outcome.value}")
            return
        manager.dialog_data["notice"] = f"extension-{outcome.value}"
        _wake(manager)
        return
    done = await pairs.set_paused(sessions, pair, person.id, paused=action == "pause")
    if done is not Done.DONE:
        await refuse(manager, f"pair-{action}-{done.value}")
        return
    manager.dialog_data["notice"] = None


async def on_agreement(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    """An agreement waiting for this person comes again (or, for a teenager, a new link for a
    parent): the one sent before may have been lost while they had blocked the bot."""
    first, _, second = item_id.partition(":")
    if first == "x" and (extension := as_id(second)) is not None:  # an offer to extend
        resent = await agreements.offer_extension_again(
            sessions_of(manager), extension, person_of(manager).id
        )
    elif (pair := as_id(first)) is not None and second in SIDES:
        resent = await agreements.send_again(
            sessions_of(manager),
            pair,
            SIDES[second],
            person_of(manager).id,
            await start_link_base(bot_of(manager)),
        )
    else:
        await refuse(manager)
        return
    if resent is not Resent.SENT:
        key = (
            "pair-agreement-sent-already"
            if resent is Resent.ALREADY
            else "agreement-answered-closed"
        )
        await refuse(manager, key)
        return
    manager.dialog_data["notice"] = "pair-agreement-sent"
    _wake(manager)
