from __future__ import annotations

from datetime import tzinfo
from typing import Any

from aiogram_dialog import DialogManager

from bot.dialogs.common import i18n_of, person_of, sessions_of, settings_of
from bot.domain.names import with_initials
from bot.i18n import Translator
from bot.services import agreements, cards, pairs, plan
from bot.services.agreements import side_code
from bot.services.pairs import PairView


def pair_text(i18n: Translator, pair: PairView, zone: tzinfo) -> str:
    """The partner's card, the pair's terms and dates, and how to reach the partner."""
    lines = [
        cards.text(pair.card, i18n)
        if pair.card
        else i18n(
            "card-title",
            name=pair.partner_name,
            who=i18n.plain(f"category-{pair.partner_role}-{pair.partner_category}"),
        )
    ]
    terms = {"form": i18n.plain(f"form-{pair.form}"), "months": pair.months}
    if pair.started_at and pair.ends_at:
        start, end = pair.started_at.astimezone(zone), pair.ends_at.astimezone(zone)
        lines.append(
            i18n(
                "pair-terms-dates",
                start=i18n.short_day(start.date()),
                end=i18n.short_day(end.date()),
                **terms,
            )
        )
    else:
        lines.append(i18n("pair-terms", **terms))
    status = "paused" if pair.paused else pair.status
    lines.append(i18n("pair-status-line", status=i18n.plain(f"pair-status-{status}")))
    if pair.status != pairs.Status.ACTIVE:
        lines.append(i18n("pair-contact-after-agreement"))
    elif not (pair.card and (pair.card.username or pair.card.phone)):
        lines.append(i18n("pair-contact-curator"))
    return "\n".join(lines)


async def view_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    sessions, me = sessions_of(dialog_manager), person_of(dialog_manager)
    found = await pairs.of_person(sessions, me.id)
    todo = await agreements.open_for(sessions, me.id)
    zone = settings_of(dialog_manager).tz
    many = len(found) > 1
    parts = [pair_text(i18n, pair, zone) for pair in found]
    parts += [
        i18n("pair-agreement-for-child", child=w.child, partner=w.partner)
        for w in todo.waiting
        if w.child is not None
    ]
    if todo.waiting:
        parts.append(i18n("pair-agreement-waits"))
    if todo.needs_parent:
        parts.append(i18n("pair-agreement-needs-parent"))
    parts += [i18n("pair-extension-waits", partner=x.partner) for x in todo.extensions]
    if not parts:
        parts = [i18n("pair-none")]
    notice = dialog_manager.dialog_data.get("notice")
    if notice:
        parts.append(i18n(str(notice)))
    return {
        "working": any(pair.status == pairs.Status.ACTIVE for pair in found),
        "has_plan": await plan.has_plan(sessions, me.id),
        "text": "\n\n".join(parts),
        "agreements": [
            (
                f"{w.pair_id}:{side_code(w.side)}",
                i18n.plain("btn-pair-agreement", name=(w.child or w.partner)[:30]),
            )
            for w in todo.waiting
        ]
        + [
            (f"{n.pair_id}:{side_code(n.side)}", i18n.plain("btn-pair-parent-link"))
            for n in todo.needs_parent
        ]
        + [(f"x:{x.extension_id}", i18n.plain("btn-pair-extension")) for x in todo.extensions],
        "asks": [
            (
                str(pair.id),
                _label(i18n, "replace" if pair.partner_role == "mentor" else "release", pair, many),
            )
            for pair in found
        ],
        "actions": [
            (f"{pair.id}:{action}", _label(i18n, action, pair, many))
            for pair in found
            for action in (
                ("resume" if pair.paused else "pause"),
                *(("extend",) if pair.status == "active" else ()),
            )
        ],
    }


def _label(i18n: Translator, action: str, pair: PairView, many: bool) -> str:
    """A button of «Моя пара»; with several pairs (a mentor's group) each says whose it is, in
    a few words that fit a phone («⏸ Пауза: Павлов П.»)."""
    if not many:
        return i18n.plain(f"btn-pair-{action}")
    return i18n.plain(f"btn-pair-{action}-of", name=with_initials(pair.partner_name))
