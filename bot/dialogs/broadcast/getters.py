from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from bot.dialogs.common import i18n_of, sessions_of, version_of
from bot.dialogs.layout import ROW, short, width
from bot.domain.broadcasts import Audience
from bot.i18n import Markup, Translator
from bot.services import broadcasts


def labelled(title: str, count: int) -> str:
    """A button's label with how many it reaches, the count kept whole: «Родителям… · 12»."""
    tail = f" · {count}"
    return short(title, ROW - width(tail)) + tail


def campaign_title(i18n: Translator, kind: str) -> str:
    """A campaign by its kind: «Промежуточный опрос»."""
    key = f"broadcast-campaign-{kind}"
    return i18n.plain(key if i18n.has(key) else "broadcast-campaign-adhoc")


def audience_text(i18n: Translator, audience: Audience, title: str | None) -> Markup:
    """Whom a broadcast goes to, as the confirmation says it (HTML): «наставникам»."""
    if audience is Audience.CAMPAIGN:
        title = campaign_title(i18n, title or "")
    return Markup(i18n(f"broadcast-to-{audience.value}", title=title or ""))


async def audience_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    counts = await broadcasts.counts(sessions_of(dialog_manager), version_of(dialog_manager))
    return {
        "audiences": [
            (audience.value, labelled(i18n.plain(f"btn-broadcast-{audience.value}"), count))
            for audience, count in counts.items()
        ]
    }


async def event_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    found = await broadcasts.events(sessions_of(dialog_manager), version_of(dialog_manager))
    return {
        "text": i18n("broadcast-pick-event" if found else "broadcast-no-events"),
        "options": [
            (
                str(option.id),
                labelled(
                    f"{option.title}, {i18n.day_month(option.day)}" if option.day else option.title,
                    option.count,
                ),
            )
            for option in found
        ],
    }


async def campaign_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    found = await broadcasts.campaigns(sessions_of(dialog_manager), version_of(dialog_manager))
    options = []
    for option in found:
        key = f"broadcast-campaign-short-{option.title}"
        title = i18n.plain(key if i18n.has(key) else "broadcast-campaign-short-adhoc")
        if option.day is not None:
            title = i18n.plain(
                "broadcast-campaign-until", kind=title, date=i18n.day_month(option.day)
            )
        options.append((str(option.id), labelled(title, option.count)))
    return {
        "text": i18n("broadcast-pick-campaign" if found else "broadcast-no-campaigns"),
        "options": options,
    }


async def confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    i18n = i18n_of(dialog_manager)
    audience = Audience(str(data.get("audience") or Audience.EVERYONE.value))
    return {
        "count": int(data.get("count") or 0),
        "audience": audience_text(i18n, audience, data.get("title")),
    }
