from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from bot.dialogs.common import i18n_of, sessions_of, version_of
from bot.dialogs.events.getters import fit
from bot.i18n import Translator
from bot.services import proposals


def reason_text(i18n: Translator, kind: str, details: list[str]) -> str:
    if kind == "shared_topics":
        shown = ", ".join(i18n.plain(f"opt-topics-{d}") for d in details)
    elif kind == "same_format":
        shown = ", ".join(i18n.plain(f"opt-format-{d}") for d in details)
    else:
        shown = ""
    return i18n.plain(f"reason-{kind}", details=shown)


async def proposal_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    data = dialog_manager.dialog_data
    pairs: list[dict[str, Any]] = data.get("pairs", [])
    unmatched: list[dict[str, Any]] = data.get("unmatched", [])
    names: dict[str, str] = data.get("names", {})
    if not pairs and not unmatched:
        return {"text": i18n("match-empty"), "can_approve": False}
    load = ", ".join(
        f"{names.get(mentor, '?')} — {count}"
        for mentor, count in sorted(data.get("load", {}).items(), key=lambda kv: -kv[1])
    )
    lines = [
        i18n("match-title", mode=i18n.plain(f"match-mode-{data.get('mode')}")),
        i18n("match-figures", **data.get("figures", {})),
        i18n("match-load", load=load or "—"),
        "",
    ]
    for number, pair in enumerate(pairs, start=1):
        reasons = "; ".join(reason_text(i18n, k, d) for k, d in pair["reasons"])
        lines.append(
            i18n(
                "match-pair",
                number=number,
                mentor=names.get(str(pair["mentor"]), "?"),
                mentee=names.get(str(pair["mentee"]), "?"),
                reasons=reasons,
            )
        )
    lines += [
        i18n(
            "match-unmatched",
            name=names.get(str(u["mentee"]), "?"),
            reason=i18n.plain(f"unmatched-{u['reason']}"),
        )
        for u in unmatched
    ]
    return {"text": fit(lines), "can_approve": bool(pairs)}


async def done_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"text": str(dialog_manager.dialog_data.get("result", ""))}


async def review_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    data = dialog_manager.dialog_data
    pairs: list[dict[str, Any]] = data.get("pairs", [])
    at = int(data.get("at", 0))
    names: dict[str, str] = data.get("names", {})
    if at >= len(pairs):
        return {"text": "…"}
    pair = pairs[at]
    reasons = "; ".join(reason_text(i18n, k, d) for k, d in pair["reasons"])
    return {
        "text": i18n(
            "match-review",
            number=at + 1,
            total=len(pairs),
            mentor=names.get(str(pair["mentor"]), "?"),
            mentee=names.get(str(pair["mentee"]), "?"),
            reasons=reasons,
        )
    }


async def other_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    pair = data["pairs"][int(data.get("at", 0))]
    found = await proposals.mentors_for(
        sessions_of(dialog_manager), version_of(dialog_manager), int(pair["mentee"])
    )
    return {"people": [(str(i), name[:40]) for i, name in found], "nobody": not found}
