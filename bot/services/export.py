"""The curators' Excel workbook: the registry of participants, every consent, every pair.

One use case and one transaction: a fixed number of queries (however many people), and the
audit entry for the curator who asked. The file is built afterwards, in a worker thread, so
neither a database connection nor the event loop waits for it.

Texts come from the translator (`locales/*/export.ftl` and the bot's own labels), so the
wording is the bot's. Dates are real Excel dates in the school's time zone; strings are always
stored as text: a name starting with "=", "+", "-" or "@" never becomes a formula, and "#N/A"
never becomes an error value (see `_cell`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import Agreement, Answer, Consent, Pair, Person, QuestionnaireRun
from bot.domain.roles import Role
from bot.domain.typed_input import SchoolClass
from bot.i18n import Translator
from bot.questionnaires import engine
from bot.services import audit, consent, curators
from bot.services.people import Sessions

PHONE_QUESTION = "phone"
GRADE_QUESTION = "grade"  # a class: its number, and its letter beside it (`format: grade`)
GRADE_LETTER = GRADE_QUESTION + engine.LETTER
MAX_WIDTH = 60
MIN_WIDTH = 6
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
ROLE_ORDER = {Role.MENTOR.value: 0, Role.MENTEE.value: 1}

Value = str | int | date | datetime | None

# The first characters with which typed text becomes a formula or an error value in Excel or
# LibreOffice (OWASP, "CSV Injection"): the full-width forms are typed so in Japanese or Chinese
# Excel, and "#" starts "#N/A", "#REF!" and the like.
FORMULA_STARTS = frozenset("=+-@\t\r#\uff1d\uff0b\uff0d\uff20")


@dataclass(frozen=True)
class Export:
    """The workbook and how many rows each sheet has."""

    content: bytes
    participants: int
    consents: int
    pairs: int


@dataclass(frozen=True)
class _Sheet:
    title: str
    headers: list[str]
    rows: list[list[Value]]


@dataclass(frozen=True)
class _Data:
    """What the queries found, as plain values (no ORM object outlives the transaction)."""

    people: list[Any]
    consents: list[Any]
    submitted: dict[int, datetime]
    phones: dict[int, str]
    classes: dict[int, str]  # «9 «Б»»
    pairs: list[Any]
    agreements: dict[tuple[int, str], bool]


# ---- reading ------------------------------------------------------------------------------


async def _read(session: AsyncSession) -> _Data:
    """Six queries in all."""
    people = (
        await session.execute(
            select(
                Person.id,
                Person.telegram_id,
                Person.full_name,
                Person.first_name,
                Person.last_name,
                Person.username,
                Person.role,
                Person.category,
                Person.age_group,
                Person.first_seen_at,
                Person.is_blocked,
            ).where(Person.role.is_not(None))
        )
    ).all()
    # Newest first, as `consent.latest` orders them: the first row of a person is in force.
    consents = (
        await session.execute(
            select(
                Consent.person_id,
                Consent.status,
                Consent.kind,
                Consent.text_version,
                Consent.at,
                Consent.parent_name,
                Consent.recorded_by,
                Person.telegram_id,
                Person.full_name,
                Person.first_name,
                Person.last_name,
            )
            .join(Person, Person.id == Consent.person_id)
            .order_by(Consent.at.desc(), Consent.id.desc())
        )
    ).all()
    submitted_rows = await session.execute(
        select(QuestionnaireRun.person_id, func.max(QuestionnaireRun.submitted_at))
        .where(QuestionnaireRun.submitted_at.is_not(None))
        .group_by(QuestionnaireRun.person_id)
    )
    answer_rows = (
        await session.execute(
            select(Answer.person_id, Answer.question_id, Answer.value).where(
                Answer.question_id.in_([PHONE_QUESTION, GRADE_QUESTION, GRADE_LETTER])
            )
        )
    ).all()
    mentor, mentee = aliased(Person), aliased(Person)
    pairs = (
        await session.execute(
            select(
                Pair.id,
                Pair.form,
                Pair.status,
                Pair.months,
                Pair.order_number,
                Pair.order_date,
                Pair.created_at,
                Pair.started_at,
                Pair.ended_at,
                Pair.end_reason,
                mentor.full_name,
                mentor.first_name,
                mentor.last_name,
                mentee.full_name,
                mentee.first_name,
                mentee.last_name,
            )
            .join(mentor, mentor.id == Pair.mentor_id)
            .join(mentee, mentee.id == Pair.mentee_id)
            .order_by(Pair.id)
        )
    ).all()
    agreement_rows = await session.execute(
        select(Agreement.pair_id, Agreement.side, Agreement.accepted)
    )
    return _Data(
        people=list(people),
        consents=list(consents),
        submitted={person_id: at for person_id, at in submitted_rows if at is not None},
        phones={
            person_id: value
            for person_id, question_id, value in answer_rows
            if question_id == PHONE_QUESTION and isinstance(value, str) and value.strip()
        },
        classes=_classes(answer_rows),
        pairs=list(pairs),
        agreements={(pair_id, side): bool(accepted) for pair_id, side, accepted in agreement_rows},
    )


def _classes(rows: Sequence[Any]) -> dict[int, str]:
    """Each person's class as it reads: «9 «Б»», or «9» without a letter."""
    numbers: dict[int, int] = {}
    letters: dict[int, str] = {}
    for person_id, question_id, value in rows:
        if question_id == GRADE_QUESTION and isinstance(value, int):
            numbers[person_id] = value
        elif question_id == GRADE_LETTER and isinstance(value, str):
            letters[person_id] = value
    return {
        person_id: str(SchoolClass(number, letters.get(person_id)))
        for person_id, number in numbers.items()
    }


# ---- the sheets ---------------------------------------------------------------------------


def _name(full_name: str | None, first_name: str | None, last_name: str | None) -> str | None:
    """The name from the questionnaire, else the one in Telegram."""
    if full_name:
        return full_name
    telegram = " ".join(part for part in (first_name, last_name) if part)
    return telegram or None


class _Texts:
    def __init__(self, i18n: Translator, zone: ZoneInfo) -> None:
        self.i18n, self.zone = i18n, zone
        self._cache: dict[str, str] = {}

    def __call__(self, key: str) -> str:
        """A label (plain text: Excel parses no HTML), looked up once per key."""
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self.i18n.plain(key)
        return found

    def optional(self, prefix: str, value: str | None) -> str | None:
        return self(f"{prefix}{value}") if value else None

    def local(self, moment: datetime | None) -> datetime | None:
        """Excel has no time zones: the wall-clock time at the school."""
        return moment.astimezone(self.zone).replace(tzinfo=None, microsecond=0) if moment else None

    def yes_no(self, value: bool) -> str:
        return self("export-yes" if value else "export-no")


def _registry(data: _Data, texts: _Texts, version: str) -> _Sheet:
    in_force: dict[int, Any] = {}
    for row in data.consents:  # newest first
        in_force.setdefault(row.person_id, row)
    people = sorted(
        data.people,
        key=lambda p: (
            ROLE_ORDER.get(p.role, 9),
            Person.search_key(_name(p.full_name, p.first_name, p.last_name) or ""),
            p.id,
        ),
    )
    rows: list[list[Value]] = []
    for number, person in enumerate(people, 1):
        latest = in_force.get(person.id)
        shape = (
            None
            if latest is None
            else Consent(status=latest.status, kind=latest.kind, text_version=latest.text_version)
        )
        submitted = data.submitted.get(person.id)
        rows.append(
            [
                number,
                _name(person.full_name, person.first_name, person.last_name),
                texts.optional("role-short-", person.role),
                texts.optional(f"category-{person.role}-", person.category),
                data.classes.get(person.id),
                texts.optional("age-", person.age_group),
                texts("participants-submitted" if submitted else "participants-not-submitted"),
                texts.local(submitted),
                texts(f"consent-status-{consent.status_of(shape, version).value}"),
                texts.optional("export-kind-", latest.kind if latest is not None else None),
                data.phones.get(person.id),
                f"@{person.username}" if person.username else None,
                person.telegram_id,
                texts.local(person.first_seen_at),
                texts.yes_no(bool(person.is_blocked)),
            ]
        )
    headers = [
        "number",
        "name",
        "role",
        "category",
        "class",
        "age",
        "questionnaire",
        "submitted-at",
        "consent",
        "consent-kind",
        "phone",
        "username",
        "telegram-id",
        "first-seen",
        "blocked",
    ]
    return _Sheet(texts("export-sheet-registry"), [texts(f"export-col-{h}") for h in headers], rows)


def _consents(data: _Data, texts: _Texts) -> _Sheet:
    rows: list[list[Value]] = [
        [
            number,
            _name(row.full_name, row.first_name, row.last_name) or texts("export-erased"),
            row.telegram_id,
            texts.optional("export-consent-", row.status),
            texts.optional("export-kind-", row.kind),
            row.text_version,
            texts.local(row.at),
            row.parent_name,
            row.recorded_by,
        ]
        for number, row in enumerate(data.consents, 1)
    ]
    headers = [
        "number",
        "person",
        "telegram-id",
        "status",
        "kind",
        "version",
        "at",
        "parent",
        "curator",
    ]
    return _Sheet(texts("export-sheet-consents"), [texts(f"export-col-{h}") for h in headers], rows)


def _agreement(data: _Data, texts: _Texts, pair_id: int, side: Role) -> str:
    accepted = data.agreements.get((pair_id, side.value))
    if accepted is None:
        return texts("export-agreement-none")
    return texts("export-agreement-accepted" if accepted else "export-agreement-declined")


def _pairs(data: _Data, texts: _Texts) -> _Sheet:
    rows: list[list[Value]] = []
    for number, pair in enumerate(data.pairs, 1):
        (
            pair_id,
            form,
            status,
            months,
            order_number,
            order_date,
            created_at,
            started_at,
            ended_at,
            end_reason,
            *names,
        ) = pair
        rows.append(
            [
                number,
                _name(*names[:3]) or texts("export-erased"),
                _name(*names[3:]) or texts("export-erased"),
                texts.optional("export-form-", form),
                texts.optional("export-pair-", status),
                months,
                order_number,
                order_date,
                texts.local(created_at),
                texts.local(started_at),
                texts.local(ended_at),
                end_reason,
                _agreement(data, texts, pair_id, Role.MENTOR),
                _agreement(data, texts, pair_id, Role.MENTEE),
            ]
        )
    headers = [
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
    ]
    return _Sheet(texts("export-sheet-pairs"), [texts(f"export-col-{h}") for h in headers], rows)


# ---- the file -----------------------------------------------------------------------------


def _shown_length(value: Value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len("31.12.2026 23:59")
    if isinstance(value, date):
        return len("31.12.2026")
    if isinstance(value, str):
        return max(len(line) for line in value.splitlines()) if value else 0
    return len(str(value))


def _widths(sheet: _Sheet) -> list[float]:
    """Each column as wide as its longest value (within limits); the header has a filter
    button beside it."""
    widths = [len(header) + 3 for header in sheet.headers]
    for row in sheet.rows:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], _shown_length(value))
    return [float(min(max(width + 2, MIN_WIDTH), MAX_WIDTH)) for width in widths]


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _cell(ws: WriteOnlyWorksheet, value: Value) -> Any:
    if isinstance(value, str):
        value = _text(value)
        if value[:1] in FORMULA_STARTS:
            # openpyxl would store "=1+2" as a formula and "#N/A" as an error value: the cell is
            # text, and the quote prefix (shown by neither program) keeps it text when edited.
            cell = WriteOnlyCell(ws, value)
            cell.data_type = "s"
            cell.quotePrefix = True
            return cell
        return value
    if isinstance(value, datetime):
        cell = WriteOnlyCell(ws, value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):  # Excel keeps a day as the midnight that starts it
        cell = WriteOnlyCell(ws, datetime.combine(value, time()))
        cell.number_format = DATE_FORMAT
        return cell
    return value


def _write(book: Workbook, sheet: _Sheet) -> None:
    ws = book.create_sheet(sheet.title)
    assert isinstance(ws, WriteOnlyWorksheet)
    # A write-only sheet has a worksheet's column dimensions and filter, but types-openpyxl
    # does not declare them on it.
    dimensions: Any = ws
    # It writes its columns and panes with the first row: they are set first.
    for index, width in enumerate(_widths(sheet), 1):
        dimensions.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(vertical="center", wrap_text=True)
    header = []
    for title in sheet.headers:
        cell = WriteOnlyCell(ws, _text(title))
        cell.data_type = "s"
        cell.font, cell.fill, cell.alignment = bold, fill, wrap
        header.append(cell)
    ws.append(header)
    for row in sheet.rows:
        ws.append([_cell(ws, value) for value in row])
    last_column = get_column_letter(len(sheet.headers))
    dimensions.auto_filter.ref = f"A1:{last_column}{len(sheet.rows) + 1}"


def _render(sheets: Sequence[_Sheet]) -> bytes:
    book = Workbook(write_only=True)
    for sheet in sheets:
        _write(book, sheet)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---- the use case -------------------------------------------------------------------------


async def build(
    sessions: Sessions,
    *,
    zone: ZoneInfo,
    locale_texts: Translator,
    version: str,
    actor: int | None = None,
) -> Export | None:
    """The workbook; with `actor` (a curator's Telegram id) the export is written to the audit
    log in the same transaction as the reading. None if `actor` is no curator (any more)."""
    async with sessions.begin() as session:
        if actor is not None and not await curators.is_curator(session, actor):
            return None
        data = await _read(session)
        if actor is not None:
            audit.log(
                session,
                "export",
                actor=actor,
                participants=len(data.people),
                consents=len(data.consents),
                pairs=len(data.pairs),
            )
    texts = _Texts(locale_texts, zone)
    sheets = [_registry(data, texts, version), _consents(data, texts), _pairs(data, texts)]
    content = await asyncio.to_thread(_render, sheets)
    return Export(content, len(data.people), len(data.consents), len(data.pairs))


async def table(title: str, headers: list[str], rows: list[list[Value]]) -> bytes:
    """One sheet of plain rows as a workbook, styled as the export's (for a proposal, say)."""
    return await asyncio.to_thread(_render, [_Sheet(title[:31], headers, rows)])
