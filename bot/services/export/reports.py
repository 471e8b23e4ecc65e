"""The sheets for reporting: the roadmap's KPIs, the federal statistics form's counts, and the
audit log (who did what to whose data: a registry number, never a name or the data itself)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
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


def _participants(counts: dict[tuple[str, str], int], texts: Texts) -> Iterator[list[Value]]:
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


def _pairs(counts: dict[tuple[str, str], int], texts: Texts) -> Iterator[list[Value]]:
    section, total = texts("export-section-pairs"), texts("export-total")
    forms = [form.value for form in Form]
    forms += sorted({f for f, _ in counts} - set(forms))
    for form in forms:
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
    participants: dict[tuple[str, str], int], pairs: dict[tuple[str, str], int], texts: Texts
) -> Sheet:
    """The counts the federal statistics form asks for: participants by role and category,
    pairs and groups by form of mentoring and status, every combination (zeros too), with
    totals."""
    rows = [*_participants(participants, texts), *_pairs(pairs, texts)]
    headers = texts.columns("section", "group", "subgroup", "count")
    return sheet("federal_form", texts("export-sheet-form"), headers, rows)


def _details(details: dict[str, Any] | None) -> str | None:
    """«pair: 3; task: 12»: what an entry names (ids and counts, never the data itself)."""
    if not details:
        return None
    return "; ".join(
        [
            f"{key}: {value}" if value.__class__ in (int, str) else f"{key}: {_detail(value)}"
            for key, value in details.items()
        ]
    )


def _detail(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def audit(data: Data, texts: Texts) -> Sheet:
    """The audit log, oldest first: when, who (a Telegram id), the action, whose (the person's
    number in the registry of this workbook; none for one who has left it), the details."""

    def rows() -> Iterator[list[Value]]:
        local, numbers = texts.local, data.numbers
        for number, at, actor, action, person_id, details in data.audit:
            yield [
                number,
                local(at),
                actor,
                action,
                numbers.get(person_id) if person_id is not None else None,
                _details(details),
            ]

    headers = texts.columns("number", "at", "actor", "action", "registry-number", "details")
    return Sheet("audit", texts("export-sheet-audit"), headers, rows, len(data.audit))
