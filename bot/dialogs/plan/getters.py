from __future__ import annotations

from datetime import date, datetime
from typing import Any

from aiogram_dialog import DialogManager

from bot.dialogs.common import i18n_of, person_of, sessions_of, settings_of
from bot.dialogs.layout import ROW, named, short
from bot.domain import plan as rules
from bot.domain.names import with_initials
from bot.i18n import Translator
from bot.services import plan
from bot.services.plan import Plan, PlanRef, TaskView

PER_PAGE = 5
"""Tasks on one page of a plan (their full titles are in the text above the buttons)."""
PAGER = "tasks"
ICONS = {"proposed": "💡", "open": "⬜", "done": "✅"}


def today_of(manager: DialogManager) -> date:
    return datetime.now(settings_of(manager).tz).date()


def icon(task: TaskView) -> str:
    return "⏰" if task.overdue else ICONS.get(task.status, "⬜")


def task_line(i18n: Translator, number: int, task: TaskView, side: str, today: date) -> str:
    """«2. ⬜ Составить план проекта — до пт, 25 декабря»; an overdue one says so."""
    due = i18n.day(task.due_on, today=today) if task.due_on else ""
    status = "overdue" if task.overdue else task.status
    return i18n(
        f"plan-line-{status}",
        n=number,
        title=task.title,
        due=due,
        due_shown="yes" if task.due_on else "no",
        side=side,
    )


def share_lines(i18n: Translator, done: int, total: int) -> str:
    """«Задачи: выполнено 7 из 9 (78 %)» and the bar ▓▓▓▓▓▓▓▓░░ under it."""
    return i18n(
        "plan-share",
        done=done,
        total=total,
        percent=rules.percent(done, total),
        bar=rules.bar(done, total),
    )


def _header(i18n: Translator, ref: PlanRef) -> list[str]:
    lines = [i18n(f"plan-title-{ref.side}", partner=ref.partner_name)]
    if not ref.editable:
        lines.append(i18n("plan-closed", status=ref.status))
    elif ref.paused:
        lines.append(i18n("plan-paused"))
    return lines


def _plan_label(i18n: Translator, ref: PlanRef) -> str:
    tail = i18n.plain("plan-of-tail", done=ref.done, total=ref.total) if ref.total else ""
    lock = "" if ref.editable else "🔒 "
    return lock + named(ref.partner_name, tail, limit=ROW - len(lock))


async def _page(manager: DialogManager, count: int) -> int:
    pages = max(1, -(-count // PER_PAGE))
    pager = manager.find(PAGER)
    return min(await pager.get_page(), pages - 1) if pager is not None else 0


def _notice(manager: DialogManager, i18n: Translator) -> list[str]:
    notice = manager.dialog_data.get("notice")
    return [i18n(str(notice))] if isinstance(notice, str) and notice else []


async def view_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    me = person_of(dialog_manager)
    sessions = sessions_of(dialog_manager)
    today = today_of(dialog_manager)
    plans = await plan.plans_of(sessions, me.id)
    chosen = dialog_manager.dialog_data.get("pair")
    ref = next((p for p in plans if p.pair_id == chosen), None)
    if ref is None and len(plans) == 1:
        ref = plans[0]
    shown = await plan.plan_of(sessions, ref.pair_id, me.id, today) if ref else None
    if shown is None:
        text = [i18n("plan-pick") if plans else i18n("plan-none"), *_notice(dialog_manager, i18n)]
        return {
            "text": "\n\n".join(text),
            "plans": [(str(p.pair_id), _plan_label(i18n, p)) for p in plans],
            "tasks": [],
            "add": [],
            "others": False,
        }
    return await _plan_view(dialog_manager, i18n, shown, many=len(plans) > 1, today=today)


async def _plan_view(
    manager: DialogManager, i18n: Translator, shown: Plan, *, many: bool, today: date
) -> dict[str, Any]:
    ref = shown.ref
    parts = ["\n".join(_header(i18n, ref))]
    if shown.tasks:
        if ref.total:
            parts.append(share_lines(i18n, ref.done, ref.total))
        page = await _page(manager, len(shown.tasks))
        numbered = list(enumerate(shown.tasks, start=1))
        parts.append(
            "\n".join(
                task_line(i18n, n, task, ref.side, today)
                for n, task in numbered[page * PER_PAGE : (page + 1) * PER_PAGE]
            )
        )
    else:
        parts.append(i18n(f"plan-empty-{ref.side}" if ref.editable else "plan-empty-closed"))
    parts += _notice(manager, i18n)
    add_key = "btn-plan-add" if ref.side == "mentor" else "btn-plan-propose"
    return {
        "text": "\n\n".join(parts),
        "plans": [],
        "tasks": [
            (str(task.id), short(f"{n}. {icon(task)} {task.title}"))
            for n, task in enumerate(shown.tasks, start=1)
        ],
        "add": [(str(ref.pair_id), i18n.plain(add_key))] if ref.editable else [],
        "others": many,
    }


async def task_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    today = today_of(dialog_manager)
    task_id = dialog_manager.dialog_data.get("task")
    card = (
        await plan.task_of(
            sessions_of(dialog_manager), task_id, person_of(dialog_manager).id, today
        )
        if isinstance(task_id, int)
        else None
    )
    if card is None:
        return {"text": i18n("plan-outcome-gone"), "actions": []}
    task, ref = card.task, card.plan
    lines = [i18n("plan-task-title", title=task.title)]
    lines.append(
        i18n("plan-task-due", due=i18n.day(task.due_on, today=today))
        if task.due_on
        else i18n("plan-task-no-due")
    )
    if task.status == "done" and task.done_at is not None:
        done_on = task.done_at.astimezone(settings_of(dialog_manager).tz).date()
        lines.append(i18n("plan-task-status-done", when=i18n.day(done_on, today=today)))
    elif task.status == "proposed":
        lines.append(i18n(f"plan-task-status-proposed-{ref.side}"))
    else:
        lines.append(i18n("plan-task-status-overdue" if task.overdue else "plan-task-status-open"))
    lines.append(i18n(f"plan-task-of-{ref.side}", partner=with_initials(ref.partner_name)))
    if not ref.editable:
        lines.append(i18n("plan-closed", status=ref.status))
    return {
        "text": "\n".join(lines),
        "actions": [
            (f"{action.value}:{task.id}:{task.version}", i18n.plain(f"btn-plan-{action.value}"))
            for action in card.actions
        ],
    }


async def title_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    side = dialog_manager.dialog_data.get("side")
    return {"text": i18n_of(dialog_manager)(f"plan-ask-title-{side}")}


async def due_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    title = str(dialog_manager.dialog_data.get("title") or "")
    return {"text": i18n("plan-ask-due", title=short(title, 60))}
