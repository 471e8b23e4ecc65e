from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from bot.dialogs.common import i18n_of, person_of, sessions_of
from bot.i18n import Translator
from bot.services import pairs
from bot.services.pairs import PairView


def pair_text(i18n: Translator, pair: PairView) -> str:
    contact = (
        i18n("pair-contact-username", username=pair.partner_username)
        if pair.partner_username
        else i18n("pair-contact-curator")
    )
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
    found = await pairs.of_person(sessions_of(dialog_manager), person_of(dialog_manager).id)
    parts = [pair_text(i18n, pair) for pair in found] or [i18n("pair-none")]
    notice = dialog_manager.dialog_data.get("notice")
    if notice:
        parts.append(i18n(str(notice)))
    return {
        "text": "\n\n".join(parts),
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
