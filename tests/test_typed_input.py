"""Dates, times, numbers and classes as people type them (bot/domain/typed_input.py)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.domain.typed_input import (
    Prefer,
    SchoolClass,
    TypedMoment,
    parse_class,
    parse_date,
    parse_moment,
    parse_number,
    parse_time,
    resolve_day,
)

THURSDAY = date(2026, 3, 5)
MOSCOW = ZoneInfo("Europe/Moscow")

GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
SHORT = ("янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
ENGLISH = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


# ---- the forms people type ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "day", "at"),
    [
        ("10.12", date(2026, 12, 10), None),
        ("10.12.2026", date(2026, 12, 10), None),
        ("10.12.26", date(2026, 12, 10), None),
        ("10/12/2026", date(2026, 12, 10), None),
        ("2026-12-10", date(2026, 12, 10), None),
        ("10 декабря", date(2026, 12, 10), None),
        ("10 Декабря", date(2026, 12, 10), None),
        ("10 дек", date(2026, 12, 10), None),
        ("10 дек.", date(2026, 12, 10), None),
        ("10-го декабря", date(2026, 12, 10), None),
        ("10 декабря 2027 г.", date(2027, 12, 10), None),
        ("1 марта", date(2027, 3, 1), None),  # 1 March is gone this year: the next one
        ("5 марта", THURSDAY, None),  # today is still ahead
        ("с 1 сентября", date(2026, 9, 1), None),
        ("December 10", date(2026, 12, 10), None),
        ("10th Dec", date(2026, 12, 10), None),
        ("1st of December", date(2026, 12, 1), None),
        ("сегодня", THURSDAY, None),
        ("завтра", date(2026, 3, 6), None),
        ("послезавтра", date(2026, 3, 7), None),
        ("tomorrow", date(2026, 3, 6), None),
        ("в пятницу", date(2026, 3, 6), None),
        ("пт", date(2026, 3, 6), None),
        ("в четверг", date(2026, 3, 12), None),  # today is Thursday: the next one
        ("во вторник", date(2026, 3, 10), None),
        ("в следующую пятницу", date(2026, 3, 13), None),  # next week's
        ("on Friday", date(2026, 3, 6), None),
        ("через неделю", date(2026, 3, 12), None),
        ("через 3 дня", date(2026, 3, 8), None),
        ("15.00", None, time(15)),
        ("15:00", None, time(15)),
        ("в 15:00", None, time(15)),
        ("в 15", None, time(15)),
        ("в 15 часов", None, time(15)),
        ("15ч", None, time(15)),
        ("9.30", None, time(9, 30)),
        ("в 9 вечера", None, time(21)),
        ("в 3 часа дня", None, time(15)),
        ("в 3", None, time(15)),  # a bare small hour is the afternoon
        ("в 03:00", None, time(3)),  # but not a time written out
        ("в 10 утра", None, time(10)),
        ("в 12 ночи", None, time(0)),
        ("3 pm", None, time(15)),
        ("полдень", None, time(12)),
        ("10 декабря в 15:00", date(2026, 12, 10), time(15)),
        ("10.12 15.30", date(2026, 12, 10), time(15, 30)),
        ("10.12 10.30", date(2026, 12, 10), time(10, 30)),  # after a date, a time
        ("15:30 10.12", date(2026, 12, 10), time(15, 30)),
        ("завтра в 15", date(2026, 3, 6), time(15)),
        ("чт, 10 декабря, 15:00", date(2026, 12, 10), time(15)),  # as the bot shows dates
        ("в пятницу в 18:30", date(2026, 3, 6), time(18, 30)),
        ("tomorrow at 3pm", date(2026, 3, 6), time(15)),
        ("Dec 10th, 2026 at 3 pm", date(2026, 12, 10), time(15)),
        ("  10   декабря,  в 15:00. ", date(2026, 12, 10), time(15)),
        ("первого декабря", date(2026, 12, 1), None),  # dateparser knows this one
    ],
)
def test_what_people_type(typed: str, day: date | None, at: time | None) -> None:
    assert parse_moment(typed, today=THURSDAY) == TypedMoment(day, at)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "5",
        "23 года",
        "9б",
        "31.02",
        "29.02.2027",  # not a leap year
        "32.01",
        "25:00",
        "12:60",
        "10 декабря 10 декабря",
        "в 15 в 16",
        "2026",
        "следующий",
        "скоро",
        "не знаю",
        "через полчаса",  # needs the time now, which the parser never knows
        "next week",  # not a day
        "10 декабря" * 20,
        "=1+1",
    ],
)
def test_what_is_not_a_day_or_a_time(typed: str) -> None:
    assert parse_moment(typed, today=THURSDAY) is None


def test_a_date_without_a_year_looks_the_way_the_caller_says() -> None:
    assert parse_date("10.12", today=THURSDAY, prefer=Prefer.FUTURE) == date(2026, 12, 10)
    assert parse_date("10.12", today=THURSDAY, prefer=Prefer.PAST) == date(2025, 12, 10)
    assert parse_date("5 марта", today=THURSDAY, prefer=Prefer.PAST) == THURSDAY
    assert parse_date("в пятницу", today=THURSDAY, prefer=Prefer.PAST) == date(2026, 2, 27)
    assert parse_date("вчера", today=THURSDAY, prefer=Prefer.PAST) == date(2026, 3, 4)
    # 29 February: the nearest leap year either way.
    assert parse_date("29.02", today=THURSDAY) == date(2028, 2, 29)
    assert parse_date("29.02", today=THURSDAY, prefer=Prefer.PAST) == date(2024, 2, 29)
    # Two digits of a year: the nearest century, and never ahead for a past date.
    assert parse_date("01.02.99", today=THURSDAY, prefer=Prefer.PAST) == date(1999, 2, 1)
    assert parse_date("01.02.30", today=THURSDAY, prefer=Prefer.FUTURE) == date(2030, 2, 1)
    assert parse_date("01.02.30", today=THURSDAY, prefer=Prefer.PAST) == date(1930, 2, 1)


def test_a_date_with_a_time_beside_it_is_still_a_date_and_a_time_alone_is_not() -> None:
    assert parse_date("10 декабря в 15:00", today=THURSDAY) == date(2026, 12, 10)
    assert parse_date("в 15:00", today=THURSDAY) is None
    assert parse_time("в 15:00") == time(15)
    assert parse_time("15.30") == time(15, 30)
    assert parse_time("завтра в 15") is None
    assert parse_time("утром") is None


def test_a_moment_is_in_the_zone_it_is_given() -> None:
    typed = parse_moment("10 декабря в 15:00", today=THURSDAY)
    assert typed is not None
    assert typed.at(MOSCOW) == datetime(2026, 12, 10, 15, tzinfo=MOSCOW)
    assert TypedMoment(date(2026, 12, 10), None).at(MOSCOW) is None
    assert TypedMoment(None, time(15)).at(MOSCOW) is None


def test_the_year_turns_over() -> None:
    new_years_eve = date(2026, 12, 31)
    assert parse_date("1 января", today=new_years_eve) == date(2027, 1, 1)
    assert parse_date("завтра", today=new_years_eve) == date(2027, 1, 1)
    assert parse_date("31.12", today=date(2027, 1, 1), prefer=Prefer.PAST) == new_years_eve


# ---- every day, written every way ----------------------------------------------------------

TODAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
OFFSETS = st.integers(min_value=0, max_value=364)


def _without_year(day: date) -> list[str]:
    month = day.month - 1
    return [
        f"{day.day}.{day.month}",
        f"{day.day:02}.{day.month:02}",
        f"{day.day}/{day.month:02}",
        f"{day.day}-{day.month:02}",
        f"{day.day} {GENITIVE[month]}",
        f"{day.day} {GENITIVE[month].upper()}",
        f"{day.day} {SHORT[month]}",
        f"{day.day} {SHORT[month]}.",
        f"{day.day}-го {GENITIVE[month]}",
        f"{ENGLISH[month]} {day.day}",
        f"{day.day} {ENGLISH[month]}",
        f"{ENGLISH[month][:3]} {day.day}th",
    ]


def _with_year(day: date) -> list[str]:
    month = day.month - 1
    return [
        f"{day.day}.{day.month}.{day.year}",
        f"{day.day:02}.{day.month:02}.{day.year}",
        f"{day.day:02}/{day.month:02}/{day.year}",
        day.isoformat(),
        f"{day.day} {GENITIVE[month]} {day.year}",
        f"{day.day} {GENITIVE[month]} {day.year} г.",
        f"{day.day} {SHORT[month]}. {day.year}",
        f"{ENGLISH[month]} {day.day}, {day.year}",
    ]


@settings(max_examples=300, deadline=None)
@given(today=TODAYS, ahead=OFFSETS)
@example(today=date(2026, 12, 31), ahead=1)
@example(today=date(2027, 3, 1), ahead=364)
def test_every_day_ahead_parses_to_that_day_written_any_way(today: date, ahead: int) -> None:
    day = today + timedelta(days=ahead)
    for typed in [*_without_year(day), *_with_year(day)]:
        assert parse_date(typed, today=today, prefer=Prefer.FUTURE) == day, typed


@settings(max_examples=300, deadline=None)
@given(today=TODAYS, behind=OFFSETS)
def test_every_day_behind_parses_to_that_day_written_any_way(today: date, behind: int) -> None:
    day = today - timedelta(days=behind)
    for typed in [*_without_year(day), *_with_year(day)]:
        assert parse_date(typed, today=today, prefer=Prefer.PAST) == day, typed


@settings(max_examples=200, deadline=None)
@given(
    today=TODAYS,
    ahead=OFFSETS,
    hour=st.integers(min_value=0, max_value=23),
    minute=st.integers(min_value=0, max_value=59),
    separator=st.sampled_from([":", "."]),
    joiner=st.sampled_from([" ", " в ", ", ", " at "]),
    time_first=st.booleans(),
)
def test_a_day_and_a_time_in_either_order(  # noqa: PLR0917 (hypothesis gives them)
    today: date,
    ahead: int,
    hour: int,
    minute: int,
    separator: str,
    joiner: str,
    time_first: bool,
) -> None:
    day = today + timedelta(days=ahead)
    # «15.03 10.12» would be two dates: a time with a dot comes after the date.
    clock = f"{hour}{':' if time_first else separator}{minute:02}"
    for written in (f"{day.day}.{day.month:02}", f"{day.day} {GENITIVE[day.month - 1]}"):
        typed = f"{clock} {written}" if time_first else f"{written}{joiner}{clock}"
        assert parse_moment(typed, today=today) == TypedMoment(day, time(hour, minute)), typed


@given(
    hour=st.integers(min_value=0, max_value=23),
    minute=st.integers(min_value=0, max_value=59),
    form=st.sampled_from(["{h}:{m:02}", "{h:02}:{m:02}", "в {h}:{m:02}", "к {h}:{m:02}"]),
)
def test_every_time_with_minutes(hour: int, minute: int, form: str) -> None:
    assert parse_time(form.format(h=hour, m=minute)) == time(hour, minute)


@given(day=st.integers(min_value=1, max_value=31), month=st.integers(min_value=1, max_value=12))
def test_a_day_and_month_exist_or_nothing_is_guessed(day: int, month: int) -> None:
    found = parse_date(f"{day}.{month:02}", today=THURSDAY)
    exists = resolve_day(day, month, date(2028, 1, 1), Prefer.FUTURE) is not None
    assert (found is not None) == exists
    if found is not None:
        assert (found.day, found.month) == (day, month) and found >= THURSDAY


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_no_text_breaks_the_parsers(text: str) -> None:
    moment = parse_moment(text, today=THURSDAY)
    assert moment is None or moment.day is not None or moment.time is not None
    parse_number(text)
    parse_class(text)


# ---- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("23", 23),
        ("23 года", 23),
        ("около 5 лет", 5),
        ("5 человек", 5),
        ("мне 23", 23),
        ("с 2015 года", 2015),
        ("1 000", 1000),
        ("пять", 5),
        ("двадцать три года", 23),
        ("около пяти лет", 5),
        ("twenty-three", 23),
        ("ноль", 0),
        ("-3", -3),
        ("5лет", 5),
    ],
)
def test_a_number_with_words_around_it(typed: str, number: int) -> None:
    assert parse_number(typed) == number


@pytest.mark.parametrize(
    "typed",
    ["", "много", "седьмой", "5-7 лет", "от 3 до 5", "1,5 года", "2.5", "9" * 12, "пять или шесть"],
)
def test_what_is_not_one_whole_number(typed: str) -> None:
    assert parse_number(typed) is None


@given(
    number=st.integers(min_value=0, max_value=10**6),
    before=st.sampled_from(["", "около ", "мне ", "примерно ", "уже "]),
    after=st.sampled_from(["", " лет", " года", " человек", " мест", " years"]),
)
def test_every_number_with_any_words_around_it(number: int, before: str, after: str) -> None:
    assert parse_number(f"{before}{number}{after}") == number


# ---- classes -------------------------------------------------------------------------------

LETTERS = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ"


@pytest.mark.parametrize(
    ("typed", "number", "letter"),
    [
        ("9б", 9, "Б"),
        ("9 Б", 9, "Б"),
        ("9-б", 9, "Б"),
        ("9«Б»", 9, "Б"),
        ("9 «б»", 9, "Б"),
        ('9 "Б"', 9, "Б"),
        ("9б класс", 9, "Б"),
        ("9-й б", 9, "Б"),
        ("в 9б", 9, "Б"),
        ("класс 9Б", 9, "Б"),
        ("9", 9, None),
        ("9 класс", 9, None),
        ("9-й", 9, None),
        ("9 кл.", 9, None),
        ("11а", 11, "А"),
        # Latin letters read as the Russian letter they spell, or look like.
        ("9b", 9, "Б"),
        ("9B", 9, "Б"),
        ("10a", 10, "А"),
        ("7v", 7, "В"),
        ("7g", 7, "Г"),
        ("5c", 5, "С"),
    ],
)
def test_a_class_with_its_letter(typed: str, number: int, letter: str | None) -> None:
    assert parse_class(typed) == SchoolClass(number, letter)


@pytest.mark.parametrize(
    "typed", ["", "девятый", "9ь", "9ъ", "9ы", "9h", "9w", "9бб", "б9", "9 класс Б", "9.5", "😀"]
)
def test_what_is_not_a_class(typed: str) -> None:
    assert parse_class(typed) is None


def test_a_class_reads_with_its_letter_in_quotes() -> None:
    assert str(SchoolClass(9, "Б")) == "9 «Б»"
    assert str(SchoolClass(9)) == "9"


@given(
    number=st.integers(min_value=1, max_value=11),
    letter=st.sampled_from(LETTERS),
    lower=st.booleans(),
    form=st.sampled_from(["{n}{l}", "{n} {l}", "{n}-{l}", "{n}«{l}»", "{n} «{l}»", '{n} "{l}"']),
)
def test_every_class_and_letter_written_any_way(
    number: int, letter: str, lower: bool, form: str
) -> None:
    typed = form.format(n=number, l=letter.lower() if lower else letter)
    assert parse_class(typed) == SchoolClass(number, letter)
