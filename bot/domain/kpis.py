"""The roadmap's KPIs (показатели эффективности дорожной карты) and how each one is judged.

The school's roadmap (`../shared/seeds/`, «Показатели эффективности») sets:
- each target group covered by at least 10 %: «10 % от общего числа обучающихся в школе, 10 %
  от общего числа педагогических работников» — counted against the school's numbers of students
  and of teachers, which a curator sets in the bot (`SCHOOL_FIGURES`);
- consents from 100 % of the participants («согласия ... у 100 % участников (из общей базы)»);
- individual plans at least 90 % done («индивидуальные планы реализованы не менее, чем на
  90 %»);
- the final meeting attended by at least 90 %.

What each one counts is decided in `bot/services/stats.py` (its docstring); here are the targets
and the judgement: a KPI is met when numerator / denominator reaches the target exactly (no
rounding helps), and is not counted (value and met None) when it rests on nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction


class KpiKey(StrEnum):
    STUDENTS = "students_covered"  # students in the programme / the school's students
    TEACHERS = "teachers_covered"  # teachers and young specialists / the school's teachers
    CONSENTS = "consents"  # consent in force / all who started as participants
    PLANS = "plans"  # plan tasks done / open or done, over the pairs with a plan
    FINAL_MEETINGS = "final_meetings"  # pairs with a final meeting attended / pairs that ended


TARGETS: dict[KpiKey, Fraction] = {
    KpiKey.STUDENTS: Fraction(1, 10),
    KpiKey.TEACHERS: Fraction(1, 10),
    KpiKey.CONSENTS: Fraction(1),
    KpiKey.PLANS: Fraction(9, 10),
    KpiKey.FINAL_MEETINGS: Fraction(9, 10),
}
ORDER = tuple(KpiKey)


class SchoolFigure(StrEnum):
    """The school's numbers a curator sets (`ProgrammeSetting` rows by these keys)."""

    STUDENTS = "students_total"
    TEACHERS = "teachers_total"


SCHOOL_FIGURES: dict[KpiKey, SchoolFigure] = {
    KpiKey.STUDENTS: SchoolFigure.STUDENTS,
    KpiKey.TEACHERS: SchoolFigure.TEACHERS,
}
"""The coverage KPIs and the school's number each is counted against."""

FIGURE_LIMITS: dict[SchoolFigure, int] = {
    SchoolFigure.STUDENTS: 100_000,
    SchoolFigure.TEACHERS: 10_000,
}
"""The largest number a curator may set (a school of more is a typing mistake)."""


def valid_figure(figure: SchoolFigure, value: int | None) -> bool:
    """A school's number is a whole number from 1 up to its limit."""
    return value is not None and 1 <= value <= FIGURE_LIMITS[figure]


PEOPLE_WORDS = frozenset(
    {
        "ученик", "ученика", "учеников", "ученики",
        "учащийся", "учащихся", "учащиеся",
        "обучающийся", "обучающихся", "обучающиеся",
        "человек", "человека",
        "педагог", "педагога", "педагогов", "педагоги",
        "учитель", "учителя", "учителей",
        "student", "students", "pupil", "pupils", "people", "person", "persons",
        "teacher", "teachers",
    }
)  # fmt: skip
"""The words a school's number may be followed by: a plain noun for people, nothing more."""
_FIGURE = re.compile(
    r"(?P<number>\d{1,3}(?: \d{3})+|\d+(?:[.,]\d+)?)"
    r"(?: ?(?P<thousand>тысяча|тысячи|тысяч|тыс\.?|thousands?|k))?"
    r"(?: (?P<word>[^\W\d_]+))?\.?"
)


def read_figure(text: str) -> int | None:
    """A school's number as a curator types it: «850», «1 200», «1200 учеников», «5 тысяч»,
    «5 тыс.», «1,2 тыс.» (1200), «1.5k»; None for anything else — a fraction of a person, more
    than one number, or any word but a plain noun for people (`PEOPLE_WORDS`: «около 900»,
    «5 классов» are asked again rather than read as 900 or 5)."""
    normal = " ".join(text.lower().replace("ё", "е").split()).strip(" !")  # any space as one
    found = _FIGURE.fullmatch(normal)
    if found is None:
        return None
    word = found.group("word")
    if word is not None and word not in PEOPLE_WORDS:
        return None
    number = Decimal(found.group("number").replace(" ", "").replace(",", "."))
    if found.group("thousand"):
        number *= 1000
    if number != number.to_integral_value() or len(found.group("number")) > 12:
        return None
    return int(number)


@dataclass(frozen=True)
class Kpi:
    """One KPI as plain data (the screen, the charts and the workbook read it).

    `value`: numerator / denominator, or None when not counted (nothing to count yet, or the
    school's number not set); `target`: the roadmap's share; `met`: whether the value reaches
    the target (None: not counted); `denominator`: None while the school's number is not set.
    """

    key: KpiKey
    value: float | None
    target: float
    met: bool | None
    numerator: int
    denominator: int | None

    @property
    def percent(self) -> int | None:
        """The value in whole percent, rounded down: shown as met only when it is met."""
        if self.value is None or not self.denominator:
            return None
        return self.numerator * 100 // self.denominator

    @property
    def target_percent(self) -> int:
        return round(self.target * 100)


def judge(key: KpiKey, numerator: int, denominator: int | None) -> Kpi:
    """The KPI `key` that rests on `numerator` of `denominator`."""
    target = TARGETS[key]
    if not denominator or denominator < 0:
        return Kpi(key, None, float(target), None, numerator, denominator)
    value = Fraction(numerator, denominator)
    return Kpi(key, float(value), float(target), value >= target, numerator, denominator)


def school_year(day: date) -> int:
    """The school year `day` falls in, by its first calendar year (2026 for 2026/27): a year
    starts on 1 September."""
    return day.year if day.month >= 9 else day.year - 1
