"""The sheets about the pairs' work: pairs, meetings, plans.

A pair's number is its number in the bot (what /pairs shows), so the meetings and the plans
name their pair by it.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.domain.roles import Role
from bot.services.export.cells import Sheet, Texts, Value, name, sheet
from bot.services.export.read import Data, Invites

NO_INVITES = Invites(0, 0, 0, 0, None)


def _agreement(data: Data, texts: Texts, pair_id: int, side: Role) -> str:
    accepted = data.agreements.get((pair_id, side.value))
    if accepted is None:
        return texts("export-agreement-none")
    return texts("export-agreement-accepted" if accepted else "export-agreement-declined")


def pair_names(data: Data, texts: Texts) -> dict[int, tuple[str, str]]:
    """Each pair's mentor and mentee, by name (a name erased by a withdrawal says so)."""
    erased = texts("export-erased")
    return {
        pair.id: (name(*pair[10:13]) or erased, name(*pair[13:16]) or erased) for pair in data.pairs
    }


def pairs(data: Data, texts: Texts, names: dict[int, tuple[str, str]]) -> Sheet:
    rows: list[list[Value]] = []
    for pair in data.pairs:
        mentor, mentee = names[pair.id]
        rows.append(
            [
                pair.id,
                mentor,
                mentee,
                texts.optional("export-form-", pair.form),
                texts.optional("export-pair-", pair.status),
                pair.months,
                pair.order_number,
                pair.order_date,
                texts.local(pair.created_at),
                texts.local(pair.started_at),
                texts.local(pair.ended_at),
                texts.optional("export-end-reason-", pair.end_reason),
                _agreement(data, texts, pair.id, Role.MENTOR),
                _agreement(data, texts, pair.id, Role.MENTEE),
            ]
        )
    headers = texts.columns(
        "number",
        "mentor",
        "mentee",
        "form",
        "status",
        "months",
        "order-number",
        "order-date",
        "created",
        "started",
        "ended",
        "end-reason",
        "mentor-agreement",
        "mentee-agreement",
    )
    return sheet("pairs", texts("export-sheet-pairs"), headers, rows)


def meetings(data: Data, texts: Texts, names: dict[int, tuple[str, str]]) -> Sheet:
    """A row per meeting, of a pair or of a mentor's group: its invitees' answers (will come,
    will not, no answer yet) and their ratings."""
    erased = texts("export-erased")

    def rows() -> Iterator[list[Value]]:
        local, optional, mentors = texts.local, texts.optional, data.names
        of = {True: texts("export-meeting-pair"), False: texts("export-meeting-group")}
        for number, pair_id, mentor_id, kind, starts_at, status, note, outcome_at in data.meetings:
            invites = data.invites.get(number, NO_INVITES)
            mentee = names[pair_id][1] if pair_id in names else None
            yield [
                number,
                pair_id,
                of[pair_id is not None],
                mentors.get(mentor_id) or erased,
                mentee,
                optional("meeting-kind-", kind),
                local(starts_at),
                optional("export-meeting-", status),
                invites.invited,
                invites.yes,
                invites.no,
                invites.invited - invites.yes - invites.no,
                invites.ratings,
                round(invites.mean, 1) if invites.mean is not None else None,
                note,
                local(outcome_at),
            ]

    headers = texts.columns(
        "number",
        "pair",
        "meeting-of",
        "mentor",
        "mentee",
        "meeting-kind",
        "starts",
        "status",
        "invited",
        "coming",
        "not-coming",
        "no-answer",
        "ratings",
        "rating",
        "outcome-note",
        "outcome-at",
    )
    return Sheet("meetings", texts("export-sheet-meetings"), headers, rows, len(data.meetings))


def plans(data: Data, texts: Texts, names: dict[int, tuple[str, str]]) -> Sheet:
    """A row per task of each pair's individual plan."""

    def rows() -> Iterator[list[Value]]:
        local, optional, nobody = texts.local, texts.optional, (None, None)
        for number, pair_id, title, due_on, status, created_at, done_at in data.tasks:
            mentor, mentee = names.get(pair_id, nobody)
            yield [
                number,
                pair_id,
                mentor,
                mentee,
                title,
                due_on,
                optional("export-task-", status),
                local(done_at),
                local(created_at),
            ]

    headers = texts.columns(
        "number", "pair", "mentor", "mentee", "task", "due", "status", "done-at", "added"
    )
    return Sheet("plans", texts("export-sheet-plans"), headers, rows, len(data.tasks))
