"""The sheets as files: an Excel workbook, written row by row, or CSV files.

The workbook is SpreadsheetML written straight into its zip as the rows come (no sheet is held
in memory, and a cell costs a string format, not an object): openpyxl's write-only mode took
30 s for the million cells of a programme of 10,000 people, this takes a few. It has what a
curator filters and reads with: bold headers on a tinted row that stays in view, a filter on
every column, columns as wide as their values (measured on the first `WIDTH_SAMPLE` rows),
dates as real dates at the school's time (as text before 1 March 1900, Excel's first day).

Text stays text in both formats. In the workbook every string is a string cell (never a
formula or an error value), and one starting with "=", "+", "-", "@" (or their full-width
forms, a tab, a carriage return) or "#" also gets Excel's quote prefix, so it stays text when a
curator edits the cell. In a CSV file (which has no types) such a value gets a leading
apostrophe (OWASP's advice on CSV injection): a phone number «+7 916…» shows as «'+7 916…». CSV
files are UTF-8 with a BOM, `;` between values and CRLF after each row, as Russian Excel opens
them with a double click; dates are ISO (2026-12-31, 2026-12-31 23:59), which Excel reads as
dates in any language; a decimal number has the curator's decimal sign (4,5 in Russian).
In both, the characters no cell may hold (XML 1.0's outcasts, Unicode's noncharacters:
`cells.kept`) are dropped from text.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from itertools import chain, islice
from typing import cast
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

from bot.services.export.cells import FORMULA_STARTS, Sheet, Value, kept

MAX_WIDTH = 60
MIN_WIDTH = 6
WIDTH_SAMPLE = 300  # rows a column's width is measured on (the rest are streamed)
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
CSV_SEPARATOR = ";"
ROWS_A_WRITE = 500
# Excel's day 0 (on Windows, after its 1900 leap-year bug), a wall-clock time as cells hold.
EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001
# The first day Excel shows as the date it is: 1 March 1900 (it knows no earlier day, and its
# serials below this one count a 29 February 1900 that never was). An earlier date, typed as
# an order's «01.01.1850» say, is written as text (a negative serial shows as «#######»).
FIRST_SERIAL = 61
FIRST_DAY = EPOCH + timedelta(days=FIRST_SERIAL)


# ---- the workbook -------------------------------------------------------------------------


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


def _widths(headers: Sequence[str], rows: Iterable[Sequence[Value]]) -> list[float]:
    """Each column as wide as its longest value (within limits); the header has a filter
    button beside it."""
    widths = [len(header) + 3 for header in headers]
    for row in rows:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], _shown_length(value))
    return [float(min(max(width + 2, MIN_WIDTH), MAX_WIDTH)) for width in widths]


# Cell styles (`cellXfs` below, by index): plain, header, date, date and time, quoted text.
HEADER, DAY, MOMENT, QUOTED = 1, 2, 3, 4
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<numFmts count="2"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/>\
<numFmt numFmtId="165" formatCode="{DATETIME_FORMAT}"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b val="1"/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="3"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill>\
<fill><patternFill patternType="solid"><fgColor rgb="00DDEBF7"/></patternFill></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" \
applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _string(value: str, style: int = 0) -> str:
    """A string cell: never a formula or an error value."""
    if not value.isprintable():  # what a cell cannot hold is among the unprintable characters
        value = kept(value)
        if not value:
            return "<c/>"
    if style == 0 and value[0] in FORMULA_STARTS:
        style = QUOTED
    if "&" in value or "<" in value or ">" in value:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
    styled = f' s="{style}"' if style else ""
    return f'<c{styled} t="inlineStr"><is><t{space}>{value}</t></is></c>'


def _serial(moment: datetime) -> float:
    """A moment as Excel's serial: days since its day 0, the time as a fraction of a day."""
    since = moment - EPOCH
    return since.days + since.seconds / 86400 + since.microseconds / 86_400_000_000


def _day(day: date) -> str:
    """A date cell, or the date as text (DD.MM.YYYY) before Excel's first day."""
    serial = (day - EPOCH.date()).days
    if serial < FIRST_SERIAL:
        return _string(f"{day.day:02d}.{day.month:02d}.{day.year:04d}")
    return f'<c s="{DAY}"><v>{serial}</v></c>'


def _moment(moment: datetime) -> str:
    """A date-and-time cell, or the moment as text (DD.MM.YYYY HH:MM) before Excel's first
    day."""
    serial = _serial(moment)
    if serial < FIRST_SERIAL:
        return _string(f"{moment.day:02d}.{moment.month:02d}.{moment.year:04d} {moment:%H:%M}")
    return f'<c s="{MOMENT}"><v>{serial!r}</v></c>'


EMPTY = "<c/>"


def _row(values: Sequence[Value]) -> str:
    """A row's cells, each after the one before (a cell's place is implied: no references;
    an empty cell is `<c/>`). The hot loop of the export, a million cells for a large
    programme: the common types are tested first (by class: a `bool` is no number here), and
    most cells cost one string format."""
    cells: list[str] = []
    append = cells.append
    for value in values:
        kind = value.__class__
        if kind is str:
            text = cast(str, value)
            if (  # most text: printable, nothing to escape, no formula, no edge spaces
                text.isprintable()
                and text[0] not in FORMULA_STARTS
                and text[0] != " "
                and text[-1] != " "
                and "&" not in text
                and "<" not in text
                and ">" not in text
            ):
                append(f'<c t="inlineStr"><is><t>{text}</t></is></c>')
            else:
                append(_string(text) if text else EMPTY)
        elif value is None:
            append(EMPTY)
        elif kind is int or kind is float:
            append(f"<c><v>{value!r}</v></c>")
        elif kind is datetime:
            moment = cast(datetime, value)
            append(  # (the test inline: a hundred thousand cells)
                f'<c s="{MOMENT}"><v>{_serial(moment)!r}</v></c>'
                if moment >= FIRST_DAY
                else _moment(moment)
            )
        elif isinstance(value, date) and not isinstance(value, datetime):
            append(_day(value))
        elif isinstance(value, bool):
            append(f'<c t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, datetime):
            append(_moment(value))
        elif isinstance(value, int | float):
            append(f"<c><v>{value!r}</v></c>")
        else:
            append(_string(str(value)) if value != "" else EMPTY)
    return "".join(cells)


def _write_sheet(packed: zipfile.ZipFile, number: int, sheet: Sheet) -> tuple[str, int]:
    """The sheet as `xl/worksheets/sheet<number>.xml`; its filter's range and its rows."""
    rows = iter(sheet.rows())
    sample = list(islice(rows, WIDTH_SAMPLE))
    columns = [get_column_letter(index) for index in range(1, len(sheet.headers) + 1)]
    widths = "".join(
        f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
        for index, width in enumerate(_widths(sheet.headers, sample), 1)
    )
    header = "".join(_string(title, HEADER) for title in sheet.headers)
    selected = ' tabSelected="1"' if number == 1 else ""
    with packed.open(f"xl/worksheets/sheet{number}.xml", "w") as out:
        out.write(
            (
                f'{HEAD}<worksheet xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheetViews>'
                f'<sheetView workbookViewId="0"{selected}>'
                '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>'
                '</sheetViews><sheetFormatPr defaultRowHeight="15"/>'
                f'<cols>{widths}</cols><sheetData><row r="1">{header}</row>'
            ).encode()
        )
        count, chunk = 1, []
        for row in chain(sample, rows):
            count += 1
            chunk.append(f'<row r="{count}">{_row(row)}</row>')
            if len(chunk) >= ROWS_A_WRITE:
                out.write("".join(chunk).encode())
                chunk = []
        last = f"{columns[-1]}{count}"
        out.write(f'{"".join(chunk)}</sheetData><autoFilter ref="A1:{last}"/></worksheet>'.encode())
    return f"$A$1:${columns[-1]}${count}", count - 1


def workbook(sheets: Iterable[Sheet]) -> bytes:
    """The sheets as one workbook (.xlsx), each sheet written as its rows come."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as packed:
        titles, filters = [], []
        for number, sheet in enumerate(sheets, 1):
            area, _ = _write_sheet(packed, number, sheet)
            titles.append(sheet.title)
            reference = escape("'" + sheet.title.replace("'", "''") + "'!" + area)
            filters.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{number - 1}" '
                f'hidden="1">{reference}</definedName>'
            )
        count = len(titles)
        listed = "".join(
            f'<sheet name={quoteattr(title)} sheetId="{n}" r:id="rId{n}"/>'
            for n, title in enumerate(titles, 1)
        )
        packed.writestr(
            "xl/workbook.xml",
            f'{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{listed}</sheets><definedNames>{''.join(filters)}</definedNames>"
            "</workbook>",
        )
        links = "".join(
            f'<Relationship Id="rId{n}" Type="{RELATIONSHIPS}/worksheet" '
            f'Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1)
        )
        packed.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{HEAD}<Relationships xmlns="{PACKAGE}">{links}'
            f'<Relationship Id="rId{count + 1}" Type="{RELATIONSHIPS}/styles" '
            'Target="styles.xml"/></Relationships>',
        )
        packed.writestr("xl/styles.xml", STYLES)
        parts = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            f'ContentType="{SPREADSHEET}.worksheet+xml"/>'
            for n in range(1, count + 1)
        )
        packed.writestr(
            "[Content_Types].xml",
            f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEET}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{SPREADSHEET}.styles+xml"/>'
            f"{parts}</Types>",
        )
        packed.writestr(
            "_rels/.rels",
            f'{HEAD}<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f'Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
    return buffer.getvalue()


# ---- CSV ----------------------------------------------------------------------------------


def _csv_value(value: Value, decimal: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        value = kept(value)
        return "'" + value if value[:1] in FORMULA_STARTS else value
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(value).replace(".", decimal)
    return str(value)


def csv_file(sheet: Sheet, decimal: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    writer.writerow([_csv_value(title, decimal) for title in sheet.headers])
    for row in sheet.rows():
        writer.writerow([_csv_value(value, decimal) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_files(sheets: Iterable[Sheet], decimal: str = ",") -> dict[str, bytes]:
    """A CSV file per sheet, by file name (the sheet's slug)."""
    return {f"{sheet.slug}.csv": csv_file(sheet, decimal) for sheet in sheets}


def archive(files: dict[str, bytes]) -> bytes:
    """Files in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as packed:
        for name, content in files.items():
            packed.writestr(name, content)
    return buffer.getvalue()
