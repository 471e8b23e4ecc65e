"""What a participant's home screen says comes next: one line, the step that applies now."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Next(StrEnum):
    QUESTIONNAIRE = "questionnaire"  # finish the intake questionnaire
    AGREEMENT = "agreement"  # an agreement waits for this person's answer
    CHOOSE = "choose"  # the choices after an event are open
    WAITING = "waiting"  # the agreement waits for the other side
    WORKING = "working"  # the pair works
    PAUSED = "paused"  # the pair is on a pause
    EVENT = "event"  # no pair yet, and a networking event is ahead
    SEARCHING = "searching"  # no pair yet: the curator is looking


@dataclass(frozen=True)
class Meeting:
    """A networking event ahead: what it is called, when it starts, where."""

    title: str
    starts_at: datetime
    place: str


@dataclass(frozen=True)
class Facts:
    submitted: bool
    owes_agreement: bool = False
    choices_until: datetime | None = None
    waiting_pairs: int = 0  # pairs waiting for the other side's answer
    paused_pairs: int = 0  # working pairs on a pause
    partners: list[str] = field(default_factory=list)  # of working pairs
    meeting: Meeting | None = None  # the next networking event still open


@dataclass(frozen=True)
class Step:
    next: Next
    until: datetime | None = None
    partners: tuple[str, ...] = ()
    meeting: Meeting | None = None


def next_step(facts: Facts) -> Step:
    """The first that holds: finish the questionnaire, answer an agreement, make the choices,
    work with the partner(s), wait for the others' answers, come to the next networking event,
    or wait for the curator."""
    if not facts.submitted:
        return Step(Next.QUESTIONNAIRE)
    if facts.owes_agreement:
        return Step(Next.AGREEMENT)
    if facts.choices_until is not None:
        return Step(Next.CHOOSE, until=facts.choices_until)
    if facts.partners:  # a pair that works comes before one still waiting for its agreement
        return Step(Next.WORKING, partners=tuple(facts.partners))
    if facts.paused_pairs:
        return Step(Next.PAUSED)
    if facts.waiting_pairs:
        return Step(Next.WAITING)
    if facts.meeting is not None:
        return Step(Next.EVENT, meeting=facts.meeting)
    return Step(Next.SEARCHING)
