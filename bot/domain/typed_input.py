"""Dates, times, numbers and school classes as people type them, in Russian and in English.

Pure: no clock, no time zone of the machine. The caller says what today is (and, for a moment,
the time zone), and whether a date without a year means the nearest one ahead (an event, a
start date) or behind (a birth date). Every parser returns a typed value, or None for what it
cannot read; forms that could mean two things are read by the fixed rules below.

    >>> parse_moment("10 декабря в 15:00", today=date(2026, 3, 5))
    TypedMoment(day=datetime.date(2026, 12, 10), time=datetime.time(15, 0))
    >>> parse_date("10.12", today=date(2026, 12, 20), prefer=Prefer.PAST)
    datetime.date(2026, 12, 10)
    >>> parse_number("около 5 лет")
    5
    >>> parse_class("9«б»")
    SchoolClass(number=9, letter='Б')

What is understood (any case, «ё» or «е», extra spaces and commas):

- a date: «10.12», «10.12.2026», «10/12/26», «2026-12-10», «10 декабря», «10 дек.»,
  «10 декабря 2026 г.», «December 10», «10th Dec»; «сегодня», «завтра», «послезавтра»,
  «вчера», «today», «tomorrow»; a weekday: «в пятницу», «пт», «в следующий вторник», «on
  Friday»; «через 3 дня», «через неделю», «in 2 weeks»;
- a time: «15:00», «15.00», «в 15», «в 15 часов», «15ч», «в 9 вечера», «3 pm», «полдень»;
- both, in either order: «10 декабря в 15:00», «10.12 15.30», «завтра в 15», «чт, 10 декабря,
  15:00» (a weekday written beside a date is taken as decoration).

The rules for what could mean two things: «10.12» alone is a date, and after a date «10.30» is
a time (so a time written with a dot comes after the date; with a colon, anywhere); a bare hour
from 1 to 7 («в 3», «в 3 часа») is in the afternoon, «в 03:00» is not; «в пятницу» is the next
Friday after today (or the last before it, looking back), «в следующую пятницу» the Friday of
next week; a two-digit year is in the century nearest today («99» is 1999), never ahead when
looking back. Anything else goes to dateparser (with the same `today`), and only a day or a
time of day it finds near today is taken.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from dateparser.date import DateDataParser  # type: ignore[import-untyped]

__all__ = [
    "Prefer",
    "SchoolClass",
    "TypedMoment",
    "parse_class",
    "parse_date",
    "parse_moment",
    "parse_number",
    "parse_time",
    "resolve_day",
]


class Prefer(StrEnum):
    """Which way a date without a year (or a bare weekday) is read from today."""

    FUTURE = "future"
    """The nearest such day from today on: an event, a start date."""
    PAST = "past"
    """The nearest such day up to today: a birth date, the day something happened."""


@dataclass(frozen=True)
class TypedMoment:
    """What a person typed: a day, a time of day, or both (never neither)."""

    day: date | None
    time: time | None

    def at(self, zone: tzinfo) -> datetime | None:
        """The moment in `zone`, if both the day and the time were typed."""
        if self.day is None or self.time is None:
            return None
        return datetime.combine(self.day, self.time, tzinfo=zone)


@dataclass(frozen=True)
class SchoolClass:
    """A class at school: its number and, if given, its letter (upper-case Cyrillic)."""

    number: int
    letter: str | None = None

    def __str__(self) -> str:
        """«9 «Б»», or «9» without a letter."""
        return f"{self.number} «{self.letter}»" if self.letter else str(self.number)


# ---- dates and times --------------------------------------------------------------------------

_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("январь", "января", "январе", "january"),
    2: ("февраль", "февраля", "феврале", "february"),
    3: ("март", "марта", "марте", "march"),
    4: ("апрель", "апреля", "апреле", "april"),
    5: ("май", "мая", "мае", "may"),
    6: ("июнь", "июня", "июне", "june"),
    7: ("июль", "июля", "июле", "july"),
    8: ("август", "августа", "августе", "august"),
    9: ("сентябрь", "сентября", "сентябре", "september", "sept"),
    10: ("октябрь", "октября", "октябре", "october"),
    11: ("ноябрь", "ноября", "ноябре", "november"),
    12: ("декабрь", "декабря", "декабре", "december"),
}
_WEEKDAYS: dict[int, tuple[str, ...]] = {
    0: ("понедельник", "пн", "monday", "mon"),
    1: ("вторник", "вт", "tuesday", "tue", "tues"),
    2: ("среда", "среду", "ср", "wednesday", "wed"),
    3: ("четверг", "чт", "thursday", "thu", "thur", "thurs"),
    4: ("пятница", "пятницу", "пт", "friday", "fri"),
    5: ("суббота", "субботу", "сб", "saturday", "sat"),
    6: ("воскресенье", "вс", "sunday", "sun"),
}
_RELATIVE = {
    "сегодня": 0,
    "today": 0,
    "завтра": 1,
    "tomorrow": 1,
    "послезавтра": 2,
    "вчера": -1,
    "yesterday": -1,
    "позавчера": -2,
}
_NEXT = frozenset({"следующий", "следующую", "следующее", "следующей", "next"})
_AT = frozenset({"в", "во", "к", "at", "by"})
_FILLER = frozenset(
    {"на", "on", "the", "of", "this", "эту", "этот", "это", "этой", "г", "год", "года", "числа"}
    | {"с", "со", "from", "since"}
)
_ORDINAL_ENDINGS = frozenset({"го", "е", "ое", "th", "st", "nd", "rd"})
_HOUR_WORDS = frozenset({"ч", "час", "часа", "часов", "h", "o'clock", "oclock"})
_HALF_OF_DAY = {"утра": "am", "am": "am", "дня": "pm", "вечера": "pm", "pm": "pm", "ночи": "night"}
_NAMED_TIMES = {"полдень": time(12), "noon": time(12), "полночь": time(0), "midnight": time(0)}
_AFTER = frozenset({"через", "in"})
_UNITS = {
    "день": 1,
    "дня": 1,
    "дней": 1,
    "day": 1,
    "days": 1,
    "неделю": 7,
    "недели": 7,
    "недель": 7,
    "week": 7,
    "weeks": 7,
}
_TOKEN = re.compile(r"\d+(?:[.:/-]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)?|[^\s\w]")
_QUOTES_AND_DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-", "‐": "-", "’": "'", "ё": "е"})
_AFTERNOON_UNTIL = 7
"""A bare hour up to this one («в 3») means the afternoon (15:00)."""
_TEXT_LIMIT = 100
"""A date or a time is short: longer text is not one."""
_NEAR = 3 * 366
"""How far from today dateparser's reading of odd text may be (days) for it to be taken."""


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().translate(_QUOTES_AND_DASHES)
    text = text.replace("day after tomorrow", "послезавтра")
    text = text.replace("day before yesterday", "позавчера")
    return " ".join(text.split())


def _month(word: str) -> int | None:
    """A month from its name, any case form, or a cut of at least three letters («дек»)."""
    if len(word) < 3:
        return None
    found = {
        number
        for number, names in _MONTHS.items()
        if any(name == word or (name.startswith(word) and len(word) >= 3) for name in names)
    }
    return found.pop() if len(found) == 1 else None


def _weekday(word: str) -> int | None:
    for number, names in _WEEKDAYS.items():
        if word in names:
            return number
    return None


def _year(raw: str, today: date, prefer: Prefer) -> int | None:
    """A year as typed: four digits, or two (the century nearest today's year; for a past
    date, not after it)."""
    if len(raw) == 4:
        return int(raw)
    if len(raw) != 2:
        return None
    short = int(raw)
    candidates = [century + short for century in range(1900, today.year + 101, 100)]
    if prefer is Prefer.PAST:
        candidates = [year for year in candidates if year <= today.year]
    return min(candidates, key=lambda year: (abs(year - today.year), -year), default=None)


def resolve_day(day: int, month: int, today: date, prefer: Prefer) -> date | None:
    """The day and month in the year that makes it the nearest one from today on (FUTURE) or
    up to today (PAST); 29 February in the nearest leap year. None if no year has it."""
    step = 1 if prefer is Prefer.FUTURE else -1
    for offset in range(9):  # 29 February comes at least once in eight years
        try:
            found = date(today.year + step * offset, month, day)
        except ValueError:
            continue
        if (found >= today) if prefer is Prefer.FUTURE else (found <= today):
            return found
    return None


def _weekday_from(weekday: int, today: date, prefer: Prefer, *, next_week: bool) -> date:
    """The nearest such weekday after today (FUTURE) or before it (PAST); «следующий» is
    that weekday in the next calendar week."""
    if next_week:
        monday = today + timedelta(days=7 - today.weekday())
        return monday + timedelta(days=weekday)
    if prefer is Prefer.FUTURE:
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)


def _clock(hour: int, minute: int = 0, half: str | None = None) -> time | None:
    """A time of day; «в 9 вечера» is 21:00, «в 12 ночи» midnight."""
    if half is not None:
        if not 1 <= hour <= 12:
            return None
        if half == "pm" and hour < 12:
            hour += 12
        elif half in ("am", "night") and hour == 12:
            hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


class _Reader:
    """One pass over the words; each part may be said once."""

    def __init__(self, tokens: list[str], today: date, prefer: Prefer) -> None:
        self.tokens, self.today, self.prefer = tokens, today, prefer
        self.at = 0
        self.day: date | None = None
        self.day_month: tuple[int, int] | None = None  # a date whose year is not known yet
        self.year: int | None = None
        self.time: time | None = None
        self.weekday: int | None = None
        self.next_week = False

    def peek(self, ahead: int = 0) -> str:
        index = self.at + ahead
        return self.tokens[index] if 0 <= index < len(self.tokens) else ""

    def set_date(self, day: int, month: int, year: int | None = None) -> bool:
        if self.day is not None or self.day_month is not None:
            return False
        self.day_month = (day, month)
        if year is not None:
            return self.set_year(year)
        return True

    def set_year(self, year: int) -> bool:
        if self.year is not None:
            return False
        self.year = year
        return True

    def set_time(self, found: time | None) -> bool:
        if found is None or self.time is not None:
            return False
        self.time = found
        return True

    def set_day(self, found: date) -> bool:
        if self.day is not None or self.day_month is not None:
            return False
        self.day = found
        return True

    def half_of_day(self) -> str | None:
        half = _HALF_OF_DAY.get(self.peek(1))
        if half is not None:
            self.at += 1
        return half

    def hour(self, hour: int, minute: int | None = None) -> bool:
        """An hour said as one (after «в», or with «ч», «утра», «pm»). A bare hour from 1 to 7
        («в 3», «в 3 часа») is in the afternoon: nobody meets at 3 at night without saying so."""
        while self.peek(1) in _HOUR_WORDS:
            self.at += 1
        half = self.half_of_day()
        if minute is None and half is None and 1 <= hour <= _AFTERNOON_UNTIL:
            hour += 12
        return self.set_time(_clock(hour, minute or 0, half))

    def number(self, token: str, after_at: bool) -> bool:
        """A token of digits, with or without separators."""
        parts = re.split(r"[.:/-]", token)
        separators = set(re.findall(r"[.:/-]", token))
        if len(parts) == 3 and len(parts[0]) == 4 and separators == {"-"}:
            return self.set_date(int(parts[2]), int(parts[1]), int(parts[0]))  # 2026-12-10
        if len(parts) == 3:
            if len(parts[2]) not in (2, 4) or len(separators) != 1 or ":" in separators:
                return False
            year = _year(parts[2], self.today, self.prefer)
            return year is not None and self.set_date(int(parts[0]), int(parts[1]), year)
        if len(parts) == 2:
            return self.pair(int(parts[0]), int(parts[1]), separators.pop(), len(parts[1]))
        if len(parts) != 1 or len(token) > 4:
            return False
        return self.plain(int(token), token, after_at)

    def pair(self, first: int, second: int, separator: str, width: int) -> bool:
        """«10.12» is a date, «15.30» or «15:30» a time; after a date, «10.12» is a time."""
        as_time = _clock(first, second) if width == 2 else None
        if separator == ":":
            return self.hour(first, second) if as_time is not None else False
        has_date = self.day is not None or self.day_month is not None
        if separator != "/" and as_time is not None and (has_date or not _is_day(first, second)):
            return self.hour(first, second)
        if _is_day(first, second):
            return self.set_date(first, second)
        return False

    def plain(self, value: int, token: str, after_at: bool) -> bool:
        """A number alone: a day before a month, a year after a date, an hour after «в»."""
        following = self.peek(1)
        if following in _ORDINAL_ENDINGS or (following == "-" and self.peek(2) in _ORDINAL_ENDINGS):
            self.at += 2 if following == "-" else 1
            if self.peek(1) == "of":  # «1st of December»
                self.at += 1
            following = self.peek(1)
        month = _month(following.rstrip("."))
        if month is not None and len(token) <= 2:
            self.at += 1
            if self.peek(1) == ".":
                self.at += 1
            return self.set_date(value, month) and self.year_after()
        if len(token) == 4 and (self.day_month is not None):
            return self.set_year(value)
        if following in _UNITS and self.peek(-1) in _AFTER:
            self.at += 1
            return self.set_day(self.today + timedelta(days=value * _UNITS[following]))
        if len(token) <= 2 and (after_at or following in _HOUR_WORDS or following in _HALF_OF_DAY):
            return self.hour(value)
        return False

    def year_after(self) -> bool:
        """«10 декабря 2026 (г.)» — a year may follow a day and a month."""
        following = self.peek(1)
        if re.fullmatch(r"\d{4}", following):
            self.at += 1
            return self.set_year(int(following))
        return True

    def word(self, token: str) -> bool:
        if token in _RELATIVE:
            return self.set_day(self.today + timedelta(days=_RELATIVE[token]))
        if token in _NAMED_TIMES:
            return self.set_time(_NAMED_TIMES[token])
        if token in _NEXT:
            self.next_week = True
            return True
        if token in _AFTER and (self.peek(1) in _UNITS or self.peek(1).isdigit()):
            if self.peek(1) in _UNITS:  # «через неделю»
                self.at += 1
                return self.set_day(self.today + timedelta(days=_UNITS[self.peek()]))
            return True
        weekday = _weekday(token)
        if weekday is not None:
            if self.weekday is not None:
                return False
            self.weekday = weekday
            return True
        month = _month(token)
        if month is not None:  # «December 10», «dec 10th, 2026»
            following = self.peek(1)
            if self.peek(1) == ".":
                self.at += 1
                following = self.peek(1)
            if not re.fullmatch(r"\d{1,2}", following):
                return False
            self.at += 1
            if self.peek(1) in _ORDINAL_ENDINGS:
                self.at += 1
            return self.set_date(int(following), month) and self.year_after()
        return token in _FILLER or token in _ORDINAL_ENDINGS

    def read(self) -> TypedMoment | None:
        while self.at < len(self.tokens):
            token = self.tokens[self.at]
            after_at = self.at > 0 and self.tokens[self.at - 1] in _AT
            if token[0].isdigit():
                understood = self.number(token, after_at)
            elif token in _AT or token in ",.-()!":
                understood = True
            elif token.isalpha() or "'" in token:
                understood = self.word(token)
            else:
                understood = False
            if not understood:
                return None
            self.at += 1
        return self.result()

    def result(self) -> TypedMoment | None:
        day = self.day
        if self.day_month is not None:
            number, month = self.day_month
            if self.year is None:
                day = resolve_day(number, month, self.today, self.prefer)
            else:
                day = _valid_date(self.year, month, number)
            if day is None:
                return None
        elif self.year is not None:
            return None  # a year alone is not a day
        if day is None and self.weekday is not None:
            day = _weekday_from(self.weekday, self.today, self.prefer, next_week=self.next_week)
        elif self.next_week and self.weekday is None:
            return None  # «следующий» what?
        if day is None and self.time is None:
            return None
        return TypedMoment(day, self.time)


def _is_day(day: int, month: int) -> bool:
    """Whether some year has this day («29.02» yes, «31.04» no)."""
    longest = 29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
    return 1 <= month <= 12 and 1 <= day <= longest


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_moment(text: str, *, today: date, prefer: Prefer = Prefer.FUTURE) -> TypedMoment | None:
    """A day, a time of day, or both, as typed («10 декабря в 15:00», «завтра», «в 15»).

    `today` is the day at the place the person is (the caller's time zone); a date without
    a year and a bare weekday are read from it as `prefer` says. None if the text is not a
    date or a time, or is one that does not exist («31.02»).
    """
    normal = _normal(text)
    if not normal or len(normal) > _TEXT_LIMIT:
        return None
    tokens = _TOKEN.findall(normal)
    found = _Reader(tokens, today, prefer).read()
    if found is None and any(char.isalpha() for char in normal):
        found = _dateparser(normal, today, prefer)
        if found is not None and found.time is None and _CLOCK.search(normal):
            return None  # «завтра в 25:00»: a time was typed, and it does not exist
    return found


_CLOCK = re.compile(r"\d{1,2}\s*[:.]\s*\d{2}")
"""Something typed as a time of day (hours and minutes)."""


def parse_date(text: str, *, today: date, prefer: Prefer = Prefer.FUTURE) -> date | None:
    """The day typed (a time beside it is allowed and ignored); None if there is no day."""
    found = parse_moment(text, today=today, prefer=prefer)
    return found.day if found is not None else None


def parse_time(text: str) -> time | None:
    """A time of day alone («15:00», «15.00», «в 15», «в 3 дня»); None if a day is typed too."""
    found = parse_moment(text, today=date(2000, 1, 1))
    return found.time if found is not None and found.day is None else None


def _dateparser(normal: str, today: date, prefer: Prefer) -> TypedMoment | None:
    """dateparser's reading of what the rules above do not know («первого декабря», «1st of
    December»): taken only for a day or a time of day (not «next week»), near today and in
    the direction preferred. It is asked at two times of today: a reading that moves with the
    hour («через полчаса») needs the time now, which this module never knows, and is refused."""
    readings = [_dateparser_at(normal, datetime.combine(today, hour), prefer) for hour in _BASES]
    if readings[0] is None or readings[0] != readings[1]:
        return None
    found, period = readings[0]
    day = found.date()
    if abs((day - today).days) > _NEAR or (
        (day < today) if prefer is Prefer.FUTURE else (day > today)
    ):
        return None
    return TypedMoment(day, time(found.hour, found.minute) if period == "time" else None)


_BASES = (time(9, 17), time(16, 41))


def _dateparser_at(normal: str, base: datetime, prefer: Prefer) -> tuple[datetime, str] | None:
    settings = {
        "RETURN_TIME_AS_PERIOD": True,
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": prefer.value,
        "DATE_ORDER": "DMY",
    }
    try:
        data = DateDataParser(languages=["ru", "en"], settings=settings).get_date_data(normal)
    except (ValueError, OverflowError, TypeError):  # dateparser's own troubles: not a date
        return None
    found = getattr(data, "date_obj", None)
    period = getattr(data, "period", None)
    if not isinstance(found, datetime) or period not in ("day", "time"):
        return None
    if period == "day":
        found = found.replace(hour=0, minute=0, second=0, microsecond=0)
    return found, str(period)


# ---- numbers ----------------------------------------------------------------------------------

_UNIT_WORDS: dict[int, tuple[str, ...]] = {
    0: ("ноль", "нуль", "zero", "none"),
    1: ("один", "одна", "одно", "одного", "одной", "one"),
    2: ("два", "две", "двух", "two"),
    3: ("три", "трех", "three"),
    4: ("четыре", "четырех", "four"),
    5: ("пять", "пяти", "five"),
    6: ("шесть", "шести", "six"),
    7: ("семь", "семи", "seven"),
    8: ("восемь", "восьми", "eight"),
    9: ("девять", "девяти", "nine"),
    10: ("десять", "десяти", "ten"),
    11: ("одиннадцать", "одиннадцати", "eleven"),
    12: ("двенадцать", "двенадцати", "twelve"),
    13: ("тринадцать", "тринадцати", "thirteen"),
    14: ("четырнадцать", "четырнадцати", "fourteen"),
    15: ("пятнадцать", "пятнадцати", "fifteen"),
    16: ("шестнадцать", "шестнадцати", "sixteen"),
    17: ("семнадцать", "семнадцати", "seventeen"),
    18: ("восемнадцать", "восемнадцати", "eighteen"),
    19: ("девятнадцать", "девятнадцати", "nineteen"),
}
_TEN_WORDS: dict[int, tuple[str, ...]] = {
    20: ("двадцать", "двадцати", "twenty"),
    30: ("тридцать", "тридцати", "thirty"),
    40: ("сорок", "сорока", "forty"),
    50: ("пятьдесят", "пятидесяти", "fifty"),
    60: ("шестьдесят", "шестидесяти", "sixty"),
    70: ("семьдесят", "семидесяти", "seventy"),
    80: ("восемьдесят", "восьмидесяти", "eighty"),
    90: ("девяносто", "девяноста", "ninety"),
}
_UNIT_OF = {word: value for value, words in _UNIT_WORDS.items() for word in words}
_TEN_OF = {word: value for value, words in _TEN_WORDS.items() for word in words}
_NUMBER = re.compile(r"(?<![\w.,])[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,]\d)|[+-]?\d+")
_FRACTION = re.compile(r"\d[.,]\d")
_DIGITS_LIMIT = 9


def parse_number(text: str) -> int | None:
    """The one whole number in a short answer, with words around it: «23 года» → 23, «около
    5 лет» → 5, «5 человек» → 5, «мне двадцать три» → 23, «1 000» → 1000. None if there is no
    number, more than one («5–7 лет»), a fraction («1,5 года») or a number too long to be one.
    """
    normal = _normal(text)
    if not normal or len(normal) > _TEXT_LIMIT or _FRACTION.search(normal):
        return None
    numbers = [match.group() for match in _NUMBER.finditer(normal)]
    spelled = _spelled(normal)
    if len(numbers) + len(spelled) != 1:
        return None
    if spelled:
        return spelled[0]
    raw = re.sub(r"\s", "", numbers[0])
    if len(raw.lstrip("+-")) > _DIGITS_LIMIT:
        return None
    start = normal.find(numbers[0])
    if raw[0] in "+-" and start > 0 and normal[start - 1].isalpha():
        raw = raw[1:]  # «лет-5»: a dash after a word is not a minus
    return int(raw)


def _spelled(normal: str) -> list[int]:
    """Numbers written in words, 0–99 («двадцать три», «twenty-three»)."""
    words = re.findall(r"[^\W\d_]+", normal)
    found: list[int] = []
    pending: int | None = None
    for word in words:
        if word in _TEN_OF:
            if pending is not None:
                found.append(pending)
            pending = _TEN_OF[word]
        elif word in _UNIT_OF:
            unit = _UNIT_OF[word]
            if pending is not None and pending % 10 == 0 and pending >= 20 and 1 <= unit <= 9:
                found.append(pending + unit)
                pending = None
            else:
                if pending is not None:
                    found.append(pending)
                pending = unit
        elif pending is not None:
            found.append(pending)
            pending = None
    if pending is not None:
        found.append(pending)
    return found


# ---- school classes ---------------------------------------------------------------------------

_CLASS_LETTERS = frozenset("АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ")
"""Letters a class may have: any Cyrillic capital but Ё, Й, Ъ, Ы and Ь."""
_LATIN = {
    "a": "А",
    "b": "Б",
    "v": "В",
    "g": "Г",
    "d": "Д",
    "e": "Е",
    "z": "З",
    "i": "И",
    "k": "К",
    "l": "Л",
    "m": "М",
    "n": "Н",
    "o": "О",
    "p": "П",
    "r": "Р",
    "s": "С",
    "c": "С",
    "t": "Т",
    "u": "У",
    "y": "У",
    "f": "Ф",
    "x": "Х",
}
"""A letter typed on a Latin keyboard, read as its Russian sound (b → Б, v → В), and the
look-alikes c → С, x → Х, y → У; h, j, q and w have no sensible reading and are refused."""
_CLASS = re.compile(
    r"(?:в\s+)?(?:(?:класс|class|grade|year|form)\s*)?"
    r"(?P<number>\d{1,2})"
    r"(?:\s*-?\s*(?:й|ый|ой|th|st|nd|rd)(?![^\W\d_]))?"
    r"\s*-?\s*[\"'«»„“”‘’`]*\s*"
    r"(?P<letter>[^\W\d_])?"
    r"\s*[\"'«»„“”‘’`]*\s*"
    r"(?:(?:класс[а-я]*|кл|class|grade|form)\.?)?"
)


def parse_class(text: str) -> SchoolClass | None:
    """A school class with its letter: «9б», «9 Б», «9-б», «9«Б»», «9 "B"», «9б класс» →
    9, «Б»; «9», «9 класс», «9-й» → 9 with no letter. The number is as typed (the caller
    checks its range, 1–11 at a Russian school); None for anything else or a letter no class
    has («9ь», «9h»)."""
    normal = unicodedata.normalize("NFKC", text).strip().lower().replace("ё", "е")
    if len(normal) > _TEXT_LIMIT:
        return None
    match = _CLASS.fullmatch(" ".join(normal.split()).rstrip("."))
    if match is None:
        return None
    number = int(match.group("number"))
    raw = match.group("letter")
    if raw is None:
        return SchoolClass(number)
    letter = _LATIN.get(raw, raw.upper())
    return SchoolClass(number, letter) if letter in _CLASS_LETTERS else None
