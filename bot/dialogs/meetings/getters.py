from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from aiogram_dialog import DialogManager

from bot.dialogs.common import i18n_of, person_of, sessions_of, settings_of, start_data
from bot.dialogs.layout import short
from bot.domain.meetings import Kind
from bot.domain.names import with_initials
from bot.i18n import Markup, Translator
from bot.services import meetings, pairs
from bot.services.meetings import View

SLOTS = (time(13), time(14), time(14, 30), time(15), time(15, 30), time(16), time(17), time(18))
"""Times offered as buttons: after lessons, when most school meetings are."""


def now_in(manager: DialogManager) -> datetime:
    return datetime.now(settings_of(manager).tz)


def _when(i18n: Translator, at: datetime, manager: DialogManager) -> str:
    zone = settings_of(manager).tz
    return i18n.moment(at, zone, today=now_in(manager).date())


def _answer_mark(view: View) -> str:
    return {"yes": "✅", "no": "🚫"}.get(view.my_answer or "", "❔")


def meeting_line(i18n: Translator, view: View, manager: DialogManager) -> str:
    """One meeting in a list: when, what, with whom, and the answers."""
    if view.mine:
        who = (
            i18n("meetings-with", name=view.names[0])
            if view.pair_id is not None and view.names
            else i18n("meetings-with-group", n=view.invited)
        )
        answers = i18n("meetings-coming", coming=view.coming, n=view.invited)
    else:
        who = i18n("meetings-with-mentor", name=view.names[0] if view.names else "")
        answers = i18n(f"meetings-my-answer-{view.my_answer or 'none'}")
    status = "" if view.status == "planned" else " · " + i18n(f"meetings-status-{view.status}")
    return i18n(  # the parts are HTML already: passed in as they are
        "meetings-line",
        when=_when(i18n, view.starts_at, manager),
        kind=i18n.plain(f"meeting-kind-{view.kind}"),
        who=Markup(who),
        answers=Markup(answers if view.status == "planned" else ""),
        status=Markup(status),
    )


def _button(i18n: Translator, view: View, manager: DialogManager) -> tuple[str, str]:
    local = view.starts_at.astimezone(settings_of(manager).tz)
    mark = "" if view.mine else _answer_mark(view) + " "
    label = f"{mark}{i18n.day_month(local.date())} {local:%H:%M} · " + i18n.plain(
        f"meeting-kind-{view.kind}"
    )
    return str(view.id), short(label)


async def _list(manager: DialogManager, *, ahead: bool) -> dict[str, Any]:
    i18n = i18n_of(manager)
    me = person_of(manager)
    key = "upcoming_page" if ahead else "past_page"
    page_no = int(manager.dialog_data.get(key) or 0)
    fetch = meetings.upcoming if ahead else meetings.past
    page = await fetch(sessions_of(manager), me.id, page=page_no)
    manager.dialog_data.update({key: page.page, f"{key}s": page.pages})
    lines = [meeting_line(i18n, view, manager) for view in page.items]
    mine = [p for p in await pairs.of_person(sessions_of(manager), me.id)]
    working = [p for p in mine if p.status == "active"]
    is_mentor = any(p.partner_role == "mentee" for p in mine)
    if not lines:
        if ahead:
            empty = "meetings-none-ahead-mentor" if is_mentor and working else "meetings-none-ahead"
        else:
            empty = "meetings-none-past"
        lines = [i18n(empty)]
    notice = manager.dialog_data.get("notice")
    title = i18n("meetings-title" if ahead else "meetings-past-title")
    text = "\n\n".join([title, *lines, *([i18n(str(notice))] if notice else [])])
    return {
        "text": text,
        "items": [_button(i18n, view, manager) for view in page.items],
        "paged": page.pages > 1,
        "page_label": f"{page.page + 1}/{page.pages}",
        "can_create": is_mentor and bool(working),
        "can_propose": not is_mentor and bool(working),
    }


async def upcoming_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return await _list(dialog_manager, ahead=True)


async def past_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return await _list(dialog_manager, ahead=False)


async def meeting_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    me = person_of(dialog_manager)
    meeting_id = int(dialog_manager.dialog_data.get("meeting_id") or 0)
    view = await meetings.one(sessions_of(dialog_manager), meeting_id, me.id)
    if view is None:
        return {"text": i18n("meeting-outcome-gone"), "ahead": False, "mentor": False}
    ahead = view.status == "planned" and view.starts_at > now_in(dialog_manager)
    lines = [
        i18n(
            "meeting-card",
            kind=i18n.plain(f"meeting-kind-{view.kind}"),
            when=_when(i18n, view.starts_at, dialog_manager),
            online="yes" if view.link else "no",
            where=view.link or view.place or "",
            agenda_shown="yes" if view.agenda else "no",
            agenda=view.agenda or "",
        )
    ]
    if view.status != "planned":
        lines.append(i18n(f"meetings-status-{view.status}"))
    if view.mine:
        found = await meetings.invitees(sessions_of(dialog_manager), view.id, by=me.id) or []
        lines.append(i18n("meeting-card-answers"))
        lines += _answers(i18n, found, room=CARD_ROOM - sum(len(line) + 1 for line in lines))
    else:
        lines.append(i18n("meetings-with-mentor", name=view.names[0] if view.names else ""))
        lines.append(i18n(f"meetings-my-answer-{view.my_answer or 'none'}"))
    if dialog_manager.dialog_data.get("confirm_cancel"):
        lines.append(i18n("meeting-cancel-confirm", n=view.invited))
    notice = dialog_manager.dialog_data.get("notice")
    if notice:
        lines.append(i18n(str(notice)))
    dialog_manager.dialog_data["seen_version"] = view.version  # what an answer here is for
    confirming = bool(dialog_manager.dialog_data.get("confirm_cancel"))
    return {
        "text": "\n".join(lines),
        "ahead": ahead,
        "mentor": view.mine and view.status == "planned" and not confirming,
        "confirming": view.mine and confirming,
        "invitee": (not view.mine) and ahead,
        "version": view.version,
    }


CARD_ROOM = 3800
"""Characters of a meeting's card (Telegram takes 4096), with room for a notice below it."""
REASON_SHOWN = 120


def _answers(i18n: Translator, found: list[meetings.Invitee], room: int) -> list[str]:
    """Each invitee's answer, a long reason cut short, as many as fit in `room`; then how many
    more there are."""
    lines: list[str] = []
    for index, one in enumerate(found):
        line = i18n(
            f"meeting-card-invitee-{one.answer or 'none'}",
            name=one.name,
            reason_shown="yes" if one.reason else "no",
            reason=short(one.reason or "", REASON_SHOWN),
        )
        more = len(found) - index
        if len(line) + 1 > room - 60:
            lines.append(i18n("meeting-card-more", n=more))
            break
        lines.append(line)
        room -= len(line) + 1
    return lines


async def pick_pair_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    mine = await pairs.of_person(sessions_of(dialog_manager), person_of(dialog_manager).id)
    working = [p for p in mine if p.status == "active" and p.partner_role == "mentee"]
    items = [(str(p.id), with_initials(p.partner_name)) for p in working if not p.paused]
    if len([p for p in working if not p.paused]) > 1:
        items.append(("group", i18n.plain("btn-meeting-group")))
    return {"items": items}


async def kind_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    return {
        "items": [(kind.value, i18n.plain(f"meeting-kind-{kind.value}")) for kind in Kind],
        "whom": dialog_manager.dialog_data.get("whom") or "",
    }


async def time_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    day = date.fromisoformat(str(dialog_manager.dialog_data["day"]))
    now = now_in(dialog_manager)
    zone = settings_of(dialog_manager).tz
    slots = [
        (slot.strftime("%H:%M"), slot.strftime("%H:%M"))
        for slot in SLOTS
        if datetime.combine(day, slot, tzinfo=zone) > now
    ]
    return {"items": slots, "day": i18n.day(day, today=now.date())}


async def summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    data = dialog_manager.dialog_data
    at = datetime.fromisoformat(str(data["at"]))
    agenda = str(data.get("agenda") or "")
    return {
        "text": i18n(
            "meeting-summary",
            kind=i18n.plain(f"meeting-kind-{data.get('kind') or 'work'}"),
            whom=str(data.get("whom") or ""),
            when=_when(i18n, at, dialog_manager),
            online="yes" if data.get("link") else "no",
            where=str(data.get("link") or data.get("place") or ""),
            agenda_shown="yes" if agenda else "no",
            agenda=agenda,
        )
    }


async def move_summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    data = dialog_manager.dialog_data
    return {
        "text": i18n(
            "meeting-move-summary",
            kind=i18n.plain(f"meeting-kind-{data.get('kind') or 'work'}"),
            was=_when(i18n, datetime.fromisoformat(str(data["was"])), dialog_manager),
            when=_when(i18n, datetime.fromisoformat(str(data["at"])), dialog_manager),
        )
    }


async def propose_summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    data = dialog_manager.dialog_data
    note = str(data.get("note") or "")
    return {
        "text": i18n(
            "proposal-summary",
            when=_when(i18n, datetime.fromisoformat(str(data["at"])), dialog_manager),
            note_shown="yes" if note else "no",
            note=note,
        )
    }


def from_start(manager: DialogManager, name: str) -> Any:
    return start_data(manager).get(name)
