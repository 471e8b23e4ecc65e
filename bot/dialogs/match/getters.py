"""/match screens. The dialog keeps the proposal as ids and reasons only; names are read when a
screen is shown (so a withdrawal leaves none in a curator's stored dialog)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from aiogram_dialog import DialogManager

from bot.dialogs.common import i18n_of, sessions_of, version_of
from bot.dialogs.events.getters import fit
from bot.dialogs.layout import named
from bot.dialogs.match import review
from bot.domain.names import with_initials
from bot.i18n import Translator
from bot.services import people, proposals


def reason_text(i18n: Translator, kind: str, details: list[str]) -> str:
    if kind == "shared_topics":
        shown = ", ".join(i18n.plain(f"opt-topics-{d}") for d in details)
    elif kind == "same_format":
        shown = ", ".join(i18n.plain(f"opt-format-{d}") for d in details)
    else:
        shown = ""
    return i18n.plain(f"reason-{kind}", details=shown)


async def names_in(manager: DialogManager) -> dict[int, str]:
    data = manager.dialog_data
    ids = {int(p["mentor"]) for p in data.get("pairs", [])}
    ids |= {int(p["mentee"]) for p in data.get("pairs", [])}
    ids |= {int(u["mentee"]) for u in data.get("unmatched", [])}
    ids |= {int(m) for m in data.get("load", {})}
    return await people.names(sessions_of(manager), ids)


def _name(names: dict[int, str], person: Any) -> str:
    return names.get(int(person), "—")


CHOSEN = {"must_pair", "mutual", "first_choice", "second_choice", "third_choice", "mentor_chose"}
"""Reasons that mean somebody wanted this pair; a pair with none of them needs a look."""


def needs_a_look(pair: dict[str, Any]) -> bool:
    return not any(kind in CHOSEN for kind, _ in pair["reasons"])


async def proposal_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    """One summary line, then only what needs the curator's eye: pairs nobody chose and the
    mentees left without a pair. Every pair with its reasons is in the one-by-one view and
    the Excel file."""
    i18n = i18n_of(dialog_manager)
    data = dialog_manager.dialog_data
    pairs: list[dict[str, Any]] = data.get("pairs", [])
    unmatched: list[dict[str, Any]] = data.get("unmatched", [])
    if not pairs and not unmatched:
        return {"text": i18n("match-empty"), "can_approve": False, "modes": []}
    names = {k: with_initials(v) for k, v in (await names_in(dialog_manager)).items()}
    lines = [
        i18n("match-title", mode=i18n.plain(f"match-mode-{data.get('mode')}")),
        i18n("match-figures", **data.get("figures", {})),
    ]
    groups = sorted(
        ((mentor, count) for mentor, count in data.get("load", {}).items() if count > 1),
        key=lambda kv: -kv[1],
    )
    if groups:
        load = ", ".join(f"{_name(names, mentor)} — {count}" for mentor, count in groups)
        lines.append(i18n("match-load", load=load))
    look = [(n, p) for n, p in enumerate(pairs, start=1) if needs_a_look(p)]
    lines.append("")
    if look:
        lines.append(i18n("match-look-title", count=len(look)))
        lines += [
            i18n(
                "match-pair",
                number=number,
                mentor=_name(names, pair["mentor"]),
                mentee=_name(names, pair["mentee"]),
                reasons="; ".join(reason_text(i18n, k, d) for k, d in pair["reasons"])
                or i18n.plain("reason-none"),
            )
            for number, pair in look
        ]
    elif pairs:
        lines.append(i18n("match-look-none"))
    if unmatched:
        lines += ["", i18n("match-unmatched-title", count=len(unmatched))]
        lines += [
            i18n(
                "match-unmatched",
                name=_name(names, u["mentee"]),
                reason=i18n.plain(f"unmatched-{u['reason']}"),
            )
            for u in unmatched
        ]
    if pairs:
        lines += ["", i18n("match-details")]
    other = "best_fit" if data.get("mode") == "most_matched" else "most_matched"
    modes = [(other, i18n.plain("btn-match-mode"))] if pairs else []
    return {"text": fit(lines), "can_approve": bool(pairs), "modes": modes}


async def review_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    pairs: list[dict[str, Any]] = dialog_manager.dialog_data.get("pairs", [])
    at = review.current(dialog_manager)
    if at is None:
        return {"text": "…", "this": []}
    pair = pairs[at]
    names = await people.names(sessions_of(dialog_manager), (pair["mentor"], pair["mentee"]))
    reasons = "; ".join(reason_text(i18n, k, d) for k, d in pair["reasons"])
    key = review.key_of(pair)
    return {
        "text": i18n(
            "match-review",
            number=at + 1,
            total=len(pairs),
            mentor=_name(names, pair["mentor"]),
            mentee=_name(names, pair["mentee"]),
            reasons=reasons,
        ),
        # Each button names the pair it decides: a second tap finds it decided.
        "accept": [(key, i18n.plain("btn-match-accept"))],
        "skip": [(key, i18n.plain("btn-match-skip"))],
        "never": [(key, i18n.plain("btn-match-never"))],
    }


async def other_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    at = review.current(dialog_manager)
    if at is None:
        return {"people": [], "nobody": True}
    proposed = dialog_manager.dialog_data["pairs"][at]
    mentee, mentor = int(proposed["mentee"]), int(proposed["mentor"])
    found = await proposals.mentors_for(
        sessions_of(dialog_manager), version_of(dialog_manager), mentee
    )
    # The pairs accepted in this review are not made yet, but take their mentors' places.
    pending = Counter(chosen for chosen, _ in review.chosen(dialog_manager))
    i18n = i18n_of(dialog_manager)
    shown = [
        (
            f"{m.id}.{mentee}",
            named(
                with_initials(m.name),
                i18n.plain("match-other-places", taken=m.taken + pending[m.id], places=m.places),
            ),
        )
        for m in found
        if m.id != mentor and m.taken + pending[m.id] < m.places
    ]
    return {"people": shown, "nobody": not shown}


async def confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    chosen = review.chosen(dialog_manager)
    reach = await proposals.audience(sessions_of(dialog_manager), chosen)
    counts = review.counts(dialog_manager)
    everything = bool(dialog_manager.dialog_data.get("all"))
    lines = [] if everything else [i18n("match-review-summary", **counts)]
    if chosen:
        lines.append(
            i18n(
                "match-confirm",
                pairs=reach.pairs,
                participants=reach.participants,
                parents=reach.parents,
            )
        )
    else:
        lines.append(i18n("match-confirm-none"))
    paired = {mentee for _, mentee in chosen}
    left = [m for m in review.proposal_mentees(dialog_manager) if m not in paired]
    if chosen and left:
        lines.append(i18n("match-confirm-left-out", count=len(left)))
    return {"text": "\n\n".join(lines), "can_send": bool(chosen)}


async def done_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    data = dialog_manager.dialog_data
    refused = data.get("refused", [])
    names = await people.names(
        sessions_of(dialog_manager), {int(p) for r in refused for p in r[:2]}
    )
    made = int(data.get("made", 0))
    lines = [i18n("match-approved" if made else "match-approved-none", made=made)]
    lines += [
        i18n(
            "match-refused",
            mentor=_name(names, mentor),
            mentee=_name(names, mentee),
            why=i18n.plain(f"refusal-{why}"),
        )
        for mentor, mentee, why in refused
    ]
    return {"text": fit(lines)}
