"""The sheets for reporting: the roadmap's KPIs, the federal statistics form's counts, and the
audit log (who did what to whose data: a registry number, never a name or the data itself).

Codes are shown as labels in the curator's language (an audit entry's action, its details'
names; a code with no label, one added later, as itself)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from bot.domain.forms import Form
from bot.domain.kpis import Kpi
from bot.domain.roles import CATEGORIES, Role
from bot.services.export.cells import Sheet, Texts, Value, sheet
from bot.services.export.read import Data

PAIR_STATUSES = ("waiting", "active", "completed", "ended")


def kpis(found: Sequence[Kpi], texts: Texts) -> Sheet:
    """A row per KPI: its value and target in whole percent (rounded down, as /stats shows
    them), whether it is met, and what it rests on; a KPI not counted yet has no value."""
    rows: list[list[Value]] = []
    for kpi in found:
        met = None if kpi.met is None else texts.yes_no(kpi.met)
        rows.append(
            [
                texts.label(f"export-kpi-{kpi.key.value}", kpi.key.value),
                kpi.percent,
                kpi.target_percent,
                met or texts("export-not-counted"),
                kpi.numerator,
                kpi.denominator,
            ]
        )
    headers = texts.columns("kpi", "value", "target", "met", "numerator", "denominator")
    return sheet("kpis", texts("export-sheet-kpis"), headers, rows)


Members = dict[str, dict[Role, set[int]]]  # form of mentoring → role → people (ids)


def members_by_form(data: Data) -> Members:
    """The participants (in the registry) of each form of mentoring: the mentors and the
    mentees of its pairs and groups that have started (whatever became of them since)."""
    found: Members = {}
    for pair in data.pairs:
        if pair.started_at is None:  # waiting for the agreement, or never agreed
            continue
        sides = found.setdefault(pair.form, {Role.MENTOR: set(), Role.MENTEE: set()})
        for role, person_id in ((Role.MENTOR, pair.mentor_id), (Role.MENTEE, pair.mentee_id)):
            if person_id in data.numbers:
                sides[role].add(person_id)
    return found


def _forms(seen: Iterable[str]) -> list[str]:
    """Every form of mentoring in its order, then any other seen (a form added later)."""
    forms = [form.value for form in Form]
    return forms + sorted(set(seen) - set(forms))


def _participants(
    counts: dict[tuple[str, str], int], members: Members, texts: Texts
) -> Iterator[list[Value]]:
    section, total = texts("export-section-participants"), texts("export-total")
    for role in Role:
        categories = [category.value for category in CATEGORIES[role]]
        categories += sorted({c for r, c in counts if r == role.value} - set(categories))
        label = texts(f"role-short-{role.value}")
        for category in categories:
            shown = texts.label(f"category-{role.value}-{category}", category)
            yield [section, label, shown, counts.get((role.value, category), 0)]
        yield [section, label, total, sum(n for (r, _), n in counts.items() if r == role.value)]
    yield [section, total, total, sum(counts.values())]
    # By form of mentoring: its mentors, its mentees, and how many people in all.
    for form in _forms(members):
        label = texts.label(f"export-form-{form}", form)
        sides = members.get(form, {})
        for role in Role:
            yield [section, label, texts(f"role-short-{role.value}"), len(sides.get(role, ()))]
        yield [section, label, total, len(set().union(*sides.values()))]


def _pairs(counts: dict[tuple[str, str], int], texts: Texts) -> Iterator[list[Value]]:
    section, total = texts("export-section-pairs"), texts("export-total")
    for form in _forms(f for f, _ in counts):
        label = texts.label(f"export-form-{form}", form)
        for status in PAIR_STATUSES:
            shown = texts(f"export-pair-{status}")
            yield [section, label, shown, counts.get((form, status), 0)]
        yield [section, label, total, sum(n for (f, _), n in counts.items() if f == form)]
    for status in PAIR_STATUSES:
        shown = texts(f"export-pair-{status}")
        yield [section, total, shown, sum(n for (_, s), n in counts.items() if s == status)]
    yield [section, total, total, sum(counts.values())]


def form_counts(
    participants: dict[tuple[str, str], int],
    pairs: dict[tuple[str, str], int],
    members: Members,
    texts: Texts,
) -> Sheet:
    """The counts the federal statistics form asks for: participants by role and category and
    by form of mentoring (mentors, mentees, people in all: `members_by_form`), pairs and
    groups by form of mentoring and status, every combination (zeros too), with totals."""
    rows = [*_participants(participants, members, texts), *_pairs(pairs, texts)]
    headers = texts.columns("section", "group", "subgroup", "count")
    return sheet("federal_form", texts("export-sheet-form"), headers, rows)


def _details(details: dict[str, Any] | None, texts: Texts) -> str | None:
    """«пара: 3; задача: 12»: what an entry names (ids and counts, never the data itself),
    each by its label (`export-detail-<name>`); a word of a few a value can be (a source, a
    view) by its label too (`export-detail-<name>-<value>`)."""
    if not details:
        return None
    optional = texts.optional
    return "; ".join(
        [
            f"{optional('export-detail-', key)}: "
            + (
                optional(f"export-detail-{key}-", value) or ""
                if value.__class__ is str
                else _detail(value)
            )
            for key, value in details.items()
        ]
    )


def _detail(value: Any) -> str:
    if value.__class__ is int:
        return str(value)
    if value is None:  # a value not set («was» before a first figure)
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def audit(data: Data, texts: Texts) -> Sheet:
    """The audit log, oldest first: when, who (a Telegram id; none for someone whose data a
    withdrawal erased, unless a curator), the action, whose (the person's number in the
    registry of this workbook; none for one who has left it), the details."""
    hidden = data.erased - data.curators

    def rows() -> Iterator[list[Value]]:
        local, numbers, optional = texts.local, data.numbers, texts.optional
        for number, at, actor, action, person_id, details in data.audit:
            yield [
                number,
                local(at),
                actor if actor not in hidden else None,
                optional("export-action-", action),
                numbers.get(person_id) if person_id is not None else None,
                _details(details, texts),
            ]

    headers = texts.columns("number", "at", "actor", "action", "registry-number", "details")
    return Sheet("audit", texts("export-sheet-audit"), headers, rows, len(data.audit))
