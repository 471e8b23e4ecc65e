"""What every sheet is made of: values, labels in the curator's language, local times."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import Translator

Value = str | int | float | date | datetime | None
Rows = Callable[[], Iterable[list[Value]]]

# The first characters with which typed text becomes a formula or an error value in Excel or
# LibreOffice (OWASP, "CSV Injection"): the full-width forms are typed so in Japanese or Chinese
# Excel, and "#" starts "#N/A", "#REF!" and the like.
FORMULA_STARTS = frozenset("=+-@\t\r#\uff1d\uff0b\uff0d\uff20")

TITLE_LIMIT = 31  # characters of a sheet's name in Excel
_NOT_IN_TITLES = re.compile(r"[\[\]:*?/\\]")

# What no cell may hold: the characters XML 1.0 cannot (controls but tab, line feed and
# carriage return; lone surrogates; U+FFFE, U+FFFF) and Unicode's other noncharacters
# (U+FDD0–U+FDEF, the last two code points of every plane). One of them in a sheet's XML and
# neither Excel nor openpyxl opens the workbook; in a CSV file they are noise.
_NOT_KEPT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(1, 17))
    + "]"
)


def kept(text: str) -> str:
    """`text` without the characters no cell may hold (see `_NOT_KEPT`)."""
    return _NOT_KEPT.sub("", text)


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook and one CSV file: `slug` names the file (a stable English
    name), `title` the sheet (in the curator's language). `rows` gives the rows afresh each
    time it is called (once per format), so no sheet is held whole in memory."""

    slug: str
    title: str
    headers: list[str]
    rows: Rows
    count: int


def sheet(slug: str, title: str, headers: list[str], rows: list[list[Value]]) -> Sheet:
    """A sheet of rows already made."""
    return Sheet(slug, title, headers, lambda: rows, len(rows))


def titled(sheets: Iterable[Sheet]) -> Iterator[Sheet]:
    """The sheets with names Excel takes: no []:*?/\\, at most 31 characters, each once."""
    used: set[str] = set()
    for found in sheets:
        base = _NOT_IN_TITLES.sub(" ", kept(found.title)).strip()[:TITLE_LIMIT] or found.slug
        title, number = base, 1
        while title.casefold() in used:
            number += 1
            suffix = f" ({number})"
            title = base[: TITLE_LIMIT - len(suffix)] + suffix
        used.add(title.casefold())
        yield Sheet(found.slug, title, found.headers, found.rows, found.count)


def name(full_name: str | None, first_name: str | None, last_name: str | None) -> str | None:
    """The name from the questionnaire, else the one in Telegram."""
    if full_name:
        return full_name
    telegram = " ".join(part for part in (first_name, last_name) if part)
    return telegram or None


class Texts:
    """Labels (plain text: a spreadsheet parses no HTML), each looked up once, and times as
    the school's clock shows them."""

    def __init__(self, i18n: Translator, zone: ZoneInfo) -> None:
        self.i18n, self.zone = i18n, zone
        self._cache: dict[str, str] = {}
        self._labels: dict[str, str] = {}
        self._offsets: dict[str, timedelta | None] = {}

    @property
    def locale(self) -> str:
        return self.i18n.locale

    def __call__(self, key: str) -> str:
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self.i18n.plain(key)
        return found

    def has(self, key: str) -> bool:
        return key in self._cache or self.i18n.has(key)

    def label(self, key: str, fallback: str) -> str:
        """The label of `key`, or `fallback` where there is none (a value added later)."""
        return self(key) if self.has(key) else fallback

    def optional(self, prefix: str, value: str | None) -> str | None:
        """The label of `prefix` + `value` (the value itself where there is none)."""
        if not value:
            return None
        key = prefix + value
        found = self._labels.get(key)
        if found is None:
            found = self._labels[key] = self.label(key, value)
        return found

    def columns(self, *keys: str) -> list[str]:
        return [self(f"export-col-{key}") for key in keys]

    def local(self, moment: datetime | str | None) -> datetime | None:
        """Excel has no time zones: the wall-clock time at the school, to the second. A time as
        SQLite keeps it («2026-12-01 07:30:00.000000», in UTC) is read here: the offset of each
        hour is found once (a hundred thousand times cost a second otherwise)."""
        if not moment:
            return None
        if isinstance(moment, datetime):
            if moment.tzinfo is None:  # as stored: in UTC
                moment = moment.replace(tzinfo=UTC)
            return moment.astimezone(self.zone).replace(tzinfo=None, microsecond=0)
        hour = moment[:13]
        if hour not in self._offsets:
            self._offsets[hour] = self._offset_of(hour)
        offset = self._offsets[hour]
        if offset is None:  # the clocks change within this hour
            return self.local(datetime.fromisoformat(moment))
        return datetime.fromisoformat(moment[:19]) + offset

    def _offset_of(self, hour: str) -> timedelta | None:
        """The school's offset from UTC throughout the UTC hour `hour` («2026-12-01 07»), or
        None if it changes within it."""
        start = datetime.fromisoformat(hour + ":00").replace(tzinfo=UTC)
        first = start.astimezone(self.zone).utcoffset()
        last = (start + timedelta(minutes=59, seconds=59)).astimezone(self.zone).utcoffset()
        return first if first == last else None

    def yes_no(self, value: bool) -> str:
        return self("export-yes" if value else "export-no")
