"""Going through a proposal one pair at a time: decisions kept by the pair they name.

A decision names its pair (`<mentor>.<mentee>`), never a position: a second tap on «Принять»
finds its pair decided and changes nothing, instead of deciding the next pair, which the
curator has not seen. Nothing is sent until the curator confirms the summary at the end.
"""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from bot.telegram.callbacks import as_id

ACCEPT, SKIP, NEVER = "accept", "skip", "never"


def key_of(pair: dict[str, Any]) -> str:
    return f"{int(pair['mentor'])}.{int(pair['mentee'])}"


def parse(key: str) -> tuple[int, int] | None:
    mentor, _, mentee = key.partition(".")
    mentor_id, mentee_id = as_id(mentor), as_id(mentee)
    if mentor_id is None or mentee_id is None:
        return None
    return mentor_id, mentee_id


def _decided(manager: DialogManager) -> dict[str, str]:
    decided: dict[str, str] = manager.dialog_data.setdefault("decided", {})
    return decided


def current(manager: DialogManager) -> int | None:
    """The first pair not decided yet."""
    decided = _decided(manager)
    for at, pair in enumerate(manager.dialog_data.get("pairs", [])):
        if key_of(pair) not in decided:
            return at
    return None


def decide(manager: DialogManager, key: str, decision: str) -> bool:
    """Record the decision on the pair `key` names; False if it is not the pair on screen."""
    at = current(manager)
    if at is None or key_of(manager.dialog_data["pairs"][at]) != key:
        return False
    _decided(manager)[key] = decision
    return True


def chosen(manager: DialogManager) -> list[tuple[int, int]]:
    """The pairs to make: accepted ones, with another mentor where the curator chose one."""
    made = []
    for pair in manager.dialog_data.get("pairs", []):
        decision = _decided(manager).get(key_of(pair), "")
        if decision == ACCEPT:
            made.append((int(pair["mentor"]), int(pair["mentee"])))
        elif decision.startswith("other:"):
            made.append((int(decision.removeprefix("other:")), int(pair["mentee"])))
    return made


def counts(manager: DialogManager) -> dict[str, int]:
    decisions = list(_decided(manager).values())
    return {
        "accepted": sum(d == ACCEPT or d.startswith("other:") for d in decisions),
        "skipped": decisions.count(SKIP),
        "never": decisions.count(NEVER),
    }


def reasons_of(manager: DialogManager, mentor: int, mentee: int) -> list[str]:
    for pair in manager.dialog_data.get("pairs", []):
        if (int(pair["mentor"]), int(pair["mentee"])) == (mentor, mentee):
            return [kind for kind, _ in pair["reasons"]]
    return ["by_hand"]


def proposal_mentees(manager: DialogManager) -> list[int]:
    data = manager.dialog_data
    mentees = [int(p["mentee"]) for p in data.get("pairs", [])]
    return mentees + [int(u["mentee"]) for u in data.get("unmatched", [])]
