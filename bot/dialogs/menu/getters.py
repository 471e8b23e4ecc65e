from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram.types import User
from aiogram_dialog import DialogManager
from babel.dates import format_date

from bot.dialogs.common import (
    bot_of,
    i18n_of,
    person_of,
    sessions_of,
    settings_of,
    version_of,
)
from bot.domain.home import Next
from bot.i18n import Translator
from bot.services import choices, home, plan
from bot.services.home import Child
from bot.telegram.names import first_name

# Notices the menu may show on top; dialog data holds only a key into this set.
NOTICES = frozenset(
    {"menu-language-changed", "qn-submitted", "profile-saved", "child-consent-withdrawn"}
)


def day(i18n: Translator, moment: datetime, manager: DialogManager) -> str:
    """A moment as people say it, with its weekday: «чт, 10 декабря, 15:00»."""
    zone = settings_of(manager).tz
    return i18n.moment(moment, zone, today=datetime.now(zone).date())


async def _curator(manager: DialogManager, i18n: Translator) -> dict[str, Any]:
    counts = await home.curator_counts(sessions_of(manager))
    return {
        "btn_participants": i18n.plain(
            "home-participants", count=counts.participants, waiting=counts.waiting_parent
        ),
        "btn_events": i18n.plain("home-events", open=counts.events_open),
        "btn_match": i18n.plain("home-match", unpaired=counts.unpaired),
        "btn_pairs": i18n.plain("home-pairs", count=counts.pairs, waiting=counts.pairs_waiting),
    }


async def _next(manager: DialogManager, i18n: Translator) -> str:
    step = await home.participant_step(sessions_of(manager), person_of(manager).id)
    role = person_of(manager).role or "mentee"
    if step.next is Next.CHOOSE and step.until is not None:
        return i18n(f"next-choose-{role}", until=day(i18n, step.until, manager))
    if step.next is Next.WORKING:
        return i18n(
            f"next-working-{role}", partners=", ".join(step.partners), count=len(step.partners)
        )
    if step.next is Next.EVENT and step.meeting is not None:
        meeting = step.meeting
        return i18n(
            "next-event",
            title=meeting.title,
            when=day(i18n, meeting.starts_at, manager),
            place=meeting.place,
        )
    return i18n(f"next-{step.next.value}")


async def child_names(manager: DialogManager, children: list[Child]) -> dict[int, str]:
    """How a parent's screens name each child: from the questionnaire, else as Telegram shows
    the child now (nothing stored), else «ваш ребёнок» — never a number."""
    names = {}
    for child in children:
        name = child.name or await first_name(bot_of(manager), child.telegram_id)
        names[child.person_id] = name or i18n_of(manager).plain("home-child-unnamed")
    return names


def _children(i18n: Translator, children: list[Child], names: dict[int, str]) -> str:
    lines = [i18n("home-children-title", count=len(children))]
    for child in children:
        status = i18n.plain(f"home-child-pair-{child.pair_status or 'none'}")
        lines.append(i18n("home-child", name=names[child.person_id], status=status))
    return "\n".join(lines)


async def menu_getter(
    dialog_manager: DialogManager, event_from_user: User, is_curator: bool, **_: Any
) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    data = dialog_manager.dialog_data
    notice = data.get("notice")
    person = person_of(dialog_manager)
    participant = person.profile is not None
    sessions = sessions_of(dialog_manager)
    choosing = await choices.open_for(sessions, person.id) if participant else None
    # A parent may take part herself (a mother who mentors): her children are shown all the same.
    children = await home.children_of(sessions, person.telegram_id, version_of(dialog_manager))
    waiting_parent = not participant and await home.waits_for_parent(sessions, person.id)
    survey = (
        await home.survey_waiting(sessions, person.id, settings_of(dialog_manager).tz)
        if participant
        else None
    )
    shown: dict[str, Any] = {
        "choosing": choosing is not None,
        "org": settings_of(dialog_manager).org_name,
        "name": event_from_user.first_name,
        "greet": bool(data.get("greet")),
        "notice": i18n(notice) if notice in NOTICES else "",
        "is_curator": is_curator,
        "participant": participant,
        "has_plan": participant and await plan.has_plan(sessions, person.id),
        # A survey left halfway (or not begun) is found again here: «📝 Опрос: ответить до …».
        "survey": survey is not None,
        "surveys": (
            [
                (
                    str(survey.campaign_id),
                    i18n.plain(
                        "btn-home-survey",
                        due=format_date(survey.due_on, "d MMMM", locale=i18n.locale),
                    ),
                )
            ]
            if survey is not None
            else []
        ),
        "parent": bool(children),
        "children": (
            _children(i18n, children, await child_names(dialog_manager, children))
            if children
            else ""
        ),
        "may_withdraw_child": any(c.may_withdraw for c in children),
        "newcomer": not participant and not is_curator and not children and not waiting_parent,
        "waiting_parent": waiting_parent,
        "curator_joins": is_curator and not participant,
        "next": (
            await _next(dialog_manager, i18n)
            if participant
            else i18n("next-parent-consent")
            if waiting_parent
            else ""
        ),
    }
    if is_curator:
        shown.update(await _curator(dialog_manager, i18n))
    return shown


async def contact_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    found = await home.curator_contacts(sessions_of(dialog_manager))
    settings = settings_of(dialog_manager)
    lines = [
        i18n("contact-curators", usernames=", ".join(f"@{u}" for u in found))
        if found
        else i18n("contact-none")
    ]
    if settings.org_contact:  # the school itself, too
        lines.append(i18n("contact-school", school=settings.org_name, contact=settings.org_contact))
    return {"text": "\n\n".join(lines)}


async def child_withdraw_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    person = person_of(dialog_manager)
    children = await home.children_of(
        sessions_of(dialog_manager), person.telegram_id, version_of(dialog_manager)
    )
    mine = [c for c in children if c.may_withdraw]
    names = await child_names(dialog_manager, mine)
    return {
        "children": [
            (str(c.person_id), i18n.plain("btn-child-withdraw", name=names[c.person_id]))
            for c in mine
        ],
        "none": not mine,
    }
