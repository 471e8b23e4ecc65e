from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Data, DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button

from bot.dialogs.choices.getters import board_of, picked_of
from bot.dialogs.common import i18n_of, person_of, refuse, sessions_of, start_data
from bot.services import choices
from bot.services.choices import Problem
from bot.telegram.callbacks import as_id


async def on_start(data: Data, manager: DialogManager) -> None:
    manager.dialog_data["event"] = int(start_data(manager)["event"])
    board = await board_of(manager)
    chosen = [] if isinstance(board, Problem) else list(board.chosen)
    manager.dialog_data.update(picked=chosen, saved=chosen)


async def on_toggle(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    board = await board_of(manager)
    if isinstance(board, Problem):
        await refuse(manager, f"choices-problem-{board.value}")
        return
    person_id = as_id(item_id) or -1
    if person_id not in {card.person_id for card in board.cards}:
        await refuse(manager, "choices-problem-not_offered")
        return
    picked = picked_of(manager)
    if person_id in picked:
        picked.remove(person_id)
    elif len(picked) >= board.limit:
        manager.show_mode = ShowMode.NO_UPDATE
        # Refused at the tap, not at saving: the person sees at once why nothing changed.
        text = i18n_of(manager).plain(f"choices-too-many-{board.role.value}", limit=board.limit)
        await callback.answer(text, show_alert=True)
        return
    else:
        picked.append(person_id)
    manager.dialog_data.update(picked=picked, notice=None)


async def on_save(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    picked = picked_of(manager)
    if picked == manager.dialog_data.get("saved"):
        await refuse(manager, "choices-already-saved")
        return
    problem = await choices.save(
        sessions_of(manager), int(manager.dialog_data["event"]), person_of(manager).id, picked
    )
    if problem is not None:
        await refuse(manager, f"choices-problem-{problem.value}")
        return
    manager.dialog_data.update(saved=picked, notice="choices-saved")
