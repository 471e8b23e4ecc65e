from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from bot.dialogs.common import i18n_of, person_of, sessions_of
from bot.i18n import Translator
from bot.services import agreements, pairs
from bot.services.agreements import side_code
from bot.services.pairs import PairView


def pair_text(i18n: Translator, pair: PairView) -> str:
    if pair.status != pairs.Status.ACTIVE:
        contact = i18n("pair-contact-after-agreement")
    elif pair.partner_username:
        contact = i18n("pair-contact-username", username=pair.partner_username)
    else:
        contact = i18n("pair-contact-curator")
    return (
        i18n(
            "pair-line",
            name=pair.partner_name,
            role=i18n.plain(f"role-short-{pair.partner_role}"),
            category=i18n.plain(f"category-{pair.partner_role}-{pair.partner_category}"),
            form=i18n.plain(f"form-{pair.form}"),
            months=pair.months,
            status=i18n.plain(f"pair-status-{'paused' if pair.paused else pair.status}"),
        )
        + "\n"
        + contact
    )


async def view_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    sessions, me = sessions_of(dialog_manager), person_of(dialog_manager)
    found = await pairs.of_person(sessions, me.id)
    todo = await agreements.open_for(sessions, me.id)
    parts = [pair_text(i18n, pair) for pair in found]
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
                i18n.plain(
                    "btn-pair-replace" if pair.partner_role == "mentor" else "btn-pair-release",
                    name=pair.partner_name[:30],
                ),
            )
            for pair in found
        ],
        "actions": [
            (f"{pair.id}:{action}", i18n.plain(f"btn-pair-{action}"))
            for pair in found
            for action in (
                ("resume" if pair.paused else "pause"),
                *(("extend",) if pair.status == "active" else ()),
            )
        ],
    }
