"""The button under a mentor's term notice or a curator's nudge, which opens the new-meeting
screen for a pair: `term:<pair id>:final` (the final meeting, before the term ends; see
`bot/services/term.py`) or `term:<pair id>:new` (any meeting, after a nudge; see
`bot/services/pair_figures.py`). Kept apart so that both can use it without importing each
other."""

from __future__ import annotations

from bot.services.notify import Button, Buttons

CALLBACK = "term:"
ACTIONS = ("final", "new")


def buttons(pair_id: int, action: str) -> Buttons:
    key = "btn-term-final" if action == "final" else "btn-term-meeting"
    return [[Button(key, f"{CALLBACK}{pair_id}:{action}")]]


def parse_callback(data: str) -> tuple[int, str] | None:
    """(pair id, action) from `term:<pair id>:final|new`; None for anything else."""
    parts = data.split(":")
    if len(parts) != 3 or f"{parts[0]}:" != CALLBACK or parts[2] not in ACTIONS:
        return None
    if not (parts[1].isascii() and parts[1].isdigit()) or len(parts[1]) > 12:
        return None
    return int(parts[1]), parts[2]
