"""The whole year in one workbook: what /export and `python -m bot export` give curators.

Sheets, in this order (the sheet's name is in the curator's language; the CSV file of the same
sheet has a stable English name, `<slug>.csv`, whatever the language):

| sheet | file | a row per |
|---|---|---|
| Реестр | registry.csv | participant (mentors first, each by name; this order numbers them) |
| Согласия | consents.csv | consent given, declined or withdrawn, newest first |
| Анкеты … | <intake questionnaire id>.csv | participant who submitted it, consent in force |
| Пары | pairs.csv | pair (its number is the one /pairs shows) |
| Встречи | meetings.csv | meeting of a pair or a group |
| Планы | plans.csv | task of a pair's plan |
| Опрос: … | survey_<questionnaire id>.csv | respondent and campaign (anonymous; counted) |
| Показатели | kpis.csv | KPI of the roadmap |
| Форма статистики | federal_form.csv | count (participants by role, category and form; pairs) |
| Журнал действий | audit.csv | audit log entry |

The intake sheets have a column per question, headed with its text; a choice shows its
option's label. The survey sheets name no one and show only what the results count: see
`surveys.py`. Dates are real dates at the school's time (`TIMEZONE`); text always stays text
(see `files.py`). A person whose data a withdrawal erased is in no sheet by name or Telegram
id; codes (statuses, reasons, actions) are labels in the curator's language.

One use case: the curator is checked and the export written to the audit log (every export:
a curator's, or one from the command line) in the one transaction that reads everything
(`read.py`: a fixed number of plain queries, however many people); the KPIs and the form's
counts are `bot.services.stats`'s, as /stats shows them, read beside it. The files are made
afterwards in a worker thread, so neither a database connection nor the event loop waits for
them; the workbook is written row by row, straight into its zip (`files.py`).
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from babel.numbers import get_decimal_symbol

from bot.domain.kpis import Kpi
from bot.i18n import Translator
from bot.questionnaires.loader import Catalog
from bot.services import audit, curators, stats
from bot.services.export import people, reports, surveys, work
from bot.services.export.cells import FORMULA_STARTS, Sheet, Texts, Value, sheet, titled
from bot.services.export.files import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    MAX_WIDTH,
    archive,
    csv_files,
    workbook,
)
from bot.services.export.people import PHONE_QUESTION
from bot.services.export.read import Data, read
from bot.services.people import Sessions

__all__ = [
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "FORMULA_STARTS",
    "MAX_WIDTH",
    "PHONE_QUESTION",
    "Export",
    "Format",
    "Value",
    "build",
    "table",
]


COMMAND_LINE = "command_line"
"""The audit entry's `source` of an export from `python -m bot export`."""


class Format(StrEnum):
    XLSX = "xlsx"  # the workbook
    CSV = "csv"  # a CSV file per sheet
    ZIP = "zip"  # the CSV files in one zip


@dataclass(frozen=True)
class Export:
    """The files asked for, and how many rows each sheet has."""

    content: bytes  # the workbook (empty if it was not asked for)
    participants: int
    consents: int
    pairs: int
    rows: dict[str, int] = field(default_factory=dict)  # by the sheet's slug
    csv: dict[str, bytes] = field(default_factory=dict)  # CSV files by name, if asked for
    archive: bytes = b""  # the CSV files in a zip, if asked for

    @property
    def meetings(self) -> int:
        return self.rows.get("meetings", 0)

    @property
    def tasks(self) -> int:
        return self.rows.get("plans", 0)

    @property
    def responses(self) -> int:
        """Surveys submitted, a campaign and a person each."""
        return sum(n for slug, n in self.rows.items() if slug.startswith(surveys.SLUG))


def _sheets(
    data: Data,
    texts: Texts,
    *,
    version: str,
    catalog: Catalog,
    kpis: Sequence[Kpi],
    counts: stats.FormCounts,
) -> Iterator[Sheet]:
    yield people.registry(data, texts, version)
    yield people.consents(data, texts)
    yield from people.intake(data, texts, catalog)
    names = work.pair_names(data, texts)
    yield work.pairs(data, texts, names)
    yield work.meetings(data, texts, names)
    yield work.plans(data, texts, names)
    yield from surveys.surveys(data, texts, catalog)
    yield reports.kpis(kpis, texts)
    members = reports.members_by_form(data)
    yield reports.form_counts(counts.participants, counts.pairs, members, texts)
    yield reports.audit(data, texts)


def _files(sheets: list[Sheet], formats: frozenset[Format], decimal: str) -> Export:
    content = workbook(sheets) if Format.XLSX in formats else b""
    files = csv_files(sheets, decimal) if formats & {Format.CSV, Format.ZIP} else {}
    rows = {found.slug: found.count for found in sheets}
    return Export(
        content,
        rows["registry"],
        rows["consents"],
        rows["pairs"],
        rows,
        files if Format.CSV in formats else {},
        archive(files) if Format.ZIP in formats else b"",
    )


async def build(
    sessions: Sessions,
    *,
    zone: ZoneInfo,
    locale_texts: Translator,
    version: str,
    catalog: Catalog,
    actor: int | None = None,
    command_line: bool = False,
    formats: frozenset[Format] = frozenset({Format.XLSX}),
) -> Export | None:
    """The files in `formats`; with `actor` (a curator's Telegram id), or `command_line` (the
    operator's `python -m bot export`: no actor), the export is written to the audit log in
    the same transaction as the reading. None if `actor` is no curator (any more)."""

    async def reading() -> Data | None:
        async with sessions.begin() as session:
            if actor is not None and not await curators.is_curator(session, actor):
                return None
            data = await read(session)
            if actor is not None or command_line:
                details: dict[str, Any] = {"source": COMMAND_LINE} if command_line else {}
                details.update(
                    formats=sorted(formats),
                    participants=len(data.people),
                    consents=len(data.consents),
                    pairs=len(data.pairs),
                )
                audit.log(session, "export", actor=actor, **details)
            return data

    with _collector_paused():
        # The KPIs and counts are read beside (their database work overlaps the reading's);
        # they are thrown away if `actor` is no curator.
        data, kpis, counts = await asyncio.gather(
            reading(),
            stats.kpis(sessions, zone=zone, version=version),
            stats.form_counts(sessions),
        )
        if data is None:
            return None
        texts = Texts(locale_texts, zone)
        sheets = list(
            titled(_sheets(data, texts, version=version, catalog=catalog, kpis=kpis, counts=counts))
        )
        decimal = get_decimal_symbol(locale_texts.locale)
        return await asyncio.to_thread(_files, sheets, formats, decimal)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while the export runs: the export makes a million
    objects that live until it ends (rows, then cells) and none in a cycle, and each full
    collection on the way would walk all of them (a fifth of the export's time for a programme
    of 10,000 people). Objects are still freed as they are dropped; collecting resumes after
    (unless something else had paused it)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


async def table(title: str, headers: list[str], rows: list[list[Value]]) -> bytes:
    """One sheet of plain rows as a workbook, styled as the export's (for a proposal, say)."""
    return await asyncio.to_thread(workbook, titled([sheet("table", title, headers, rows)]))
