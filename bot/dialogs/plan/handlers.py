from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Data, DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button

from bot.dialogs.common import i18n_of, person_of, refuse, sessions_of, settings_of, start_data
from bot.dialogs.plan.getters import PAGER, today_of
from bot.dialogs.plan.states import PlanSG
from bot.domain import plan as rules
from bot.domain.typed_input import Prefer, parse_date
from bot.services import plan
from bot.services.plan import Action, Outcome
from bot.telegram.callbacks import as_id


async def on_start(data: Data, manager: DialogManager) -> None:
    """Opened from a notice's «📋 Открыть план»: that pair's plan (the getter checks it is
    theirs, and shows the list of their plans if not)."""
    pair = start_data(manager).get("pair")
    if isinstance(pair, int):
        manager.dialog_data["pair"] = pair


async def _turn_to_first_page(manager: DialogManager) -> None:
    pager = manager.find(PAGER)
    if pager is not None:
        await pager.set_page(0)


async def on_pick(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    """A mentor of a group (or someone with an ended pair too) opens one plan."""
    pair = as_id(item_id)
    mine = {p.pair_id for p in await plan.plans_of(sessions_of(manager), person_of(manager).id)}
    if pair is None or pair not in mine:
        await refuse(manager, "plan-outcome-not_allowed")
        return
    manager.dialog_data.update(pair=pair, notice=None)
    await _turn_to_first_page(manager)


async def on_all(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data.update(pair=None, notice=None)


async def on_task(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    task = as_id(item_id)
    card = (
        await plan.task_of(sessions_of(manager), task, person_of(manager).id, today_of(manager))
        if task is not None
        else None
    )
    if card is None:
        await refuse(manager, "plan-outcome-gone")
        return
    manager.dialog_data.update(task=task, pair=card.plan.pair_id, notice=None)
    await manager.switch_to(PlanSG.task)


async def on_back(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data["notice"] = None


async def on_action(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    """«✅ Выполнено», «↩️ Не выполнено», «👍 Принять», «👎 Отклонить»: the button names the
    action, the task and the version it showed; the service checks the rest."""
    parts = item_id.split(":")
    action = parts[0] if parts else ""
    task = as_id(parts[1]) if len(parts) == 3 else None
    version = as_id(parts[2]) if len(parts) == 3 else None
    if task is None or version is None or action not in set(Action):
        await refuse(manager)
        return
    result = await plan.change(
        sessions_of(manager),
        task,
        by=person_of(manager).id,
        version=version,
        action=Action(action),
        zone=settings_of(manager).tz,
    )
    if result.outcome is not Outcome.DONE:
        await refuse(manager, result.outcome.key(action))
        return
    await callback.answer(i18n_of(manager).plain(result.outcome.key(action)))
    manager.dialog_data["notice"] = result.outcome.key(action)
    await manager.switch_to(PlanSG.view)


async def on_add(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    """«➕ Добавить задачу» (the mentor) or «💡 Предложить задачу» (the mentee) of the pair the
    button names."""
    pair = as_id(item_id)
    side = await plan.side_of(sessions_of(manager), pair, person_of(manager).id) if pair else None
    if side is None:
        await refuse(manager, "plan-outcome-closed")
        return
    manager.dialog_data.update(adding=pair, side=side, title=None, source=None, notice=None)
    await manager.switch_to(PlanSG.title)


async def on_title(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    title = rules.clean_title(message.text)
    problem = rules.title_problem(title)
    if problem is not None:
        key = f"plan-outcome-{problem.value}"
        await message.answer(i18n_of(manager)(key, length=len(title)))
        manager.show_mode = ShowMode.SEND
        return
    # The task counts once by this message: handled again, it adds nothing.
    source = f"{message.chat.id}:{message.message_id}"
    manager.dialog_data.update(title=title, source=source)
    await manager.switch_to(PlanSG.due)


async def _create(manager: DialogManager, due: date | None) -> Outcome:
    pair = manager.dialog_data.get("adding")
    title = manager.dialog_data.get("title")
    if not isinstance(pair, int) or not isinstance(title, str):
        return Outcome.GONE
    result = await plan.add(
        sessions_of(manager),
        by=person_of(manager).id,
        pair_id=pair,
        title=title,
        due=due,
        zone=settings_of(manager).tz,
        source=manager.dialog_data.get("source"),
    )
    if result.outcome not in (Outcome.DONE, Outcome.ALREADY):
        return result.outcome
    action = "add" if manager.dialog_data.get("side") == "mentor" else "propose"
    manager.dialog_data.update(
        pair=pair, title=None, source=None, notice=result.outcome.key(action)
    )
    await manager.switch_to(PlanSG.view)
    return result.outcome


async def on_day(callback: CallbackQuery, widget: Any, manager: DialogManager, day: date) -> None:
    outcome = await _create(manager, day)
    if outcome not in (Outcome.DONE, Outcome.ALREADY):
        await refuse(manager, outcome.key("add"))


async def on_no_due(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    outcome = await _create(manager, None)
    if outcome not in (Outcome.DONE, Outcome.ALREADY):
        await refuse(manager, outcome.key("add"))


async def on_due_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    """A deadline typed as people write it: «25.12», «25.12.2026», «в пятницу»."""
    i18n = i18n_of(manager)
    day = parse_date(message.text or "", today=today_of(manager), prefer=Prefer.FUTURE)
    if day is None:
        await message.answer(i18n("plan-bad-due"))
        manager.show_mode = ShowMode.SEND
        return
    outcome = await _create(manager, day)
    if outcome not in (Outcome.DONE, Outcome.ALREADY):
        await message.answer(i18n(outcome.key("add")))
        manager.show_mode = ShowMode.SEND
