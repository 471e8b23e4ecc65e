"""Forms of mentoring (формы наставничества): which mentor may take which mentee.

The form of a pair follows from the categories of its mentor and mentee. The regulations in
the shared seeds name five forms: «ученик – ученик», «учитель – учитель», «учитель – ученик»,
«студент – ученик», «работодатель – ученик» (the school's roadmap, item 4). The values below
are stable identifiers; the Russian names live in `locales/`.

Graduates and parents mentoring a student count as «работодатель – ученик». The Положение
names "выпускники, представители родительского сообщества, ... специалисты ... иных
предприятий и организаций" together as the mentors who serve "в части профессионального
самоопределения обучающихся", and the roadmap builds the bank of graduate mentors beside the
bank of employees of regional enterprises and meets "успешными выпускниками ..., партнерами"
together. Of the five forms, «работодатель – ученик» is the one where an adult from outside the
school's staff passes on working and life experience to a student; that is what a graduate or
a parent does in the programme. A graduate who is now at college registers as a college
student and gets «студент – ученик».
"""

from __future__ import annotations

from enum import StrEnum

from bot.domain.roles import AgeGroup, Category


class Form(StrEnum):
    STUDENT_STUDENT = "student_student"  # «ученик – ученик»
    TEACHER_TEACHER = "teacher_teacher"  # «учитель – учитель»
    TEACHER_STUDENT = "teacher_student"  # «учитель – ученик»
    COLLEGE_STUDENT = "college_student"  # «студент – ученик»
    EMPLOYER_STUDENT = "employer_student"  # «работодатель – ученик»


FORMS: dict[tuple[Category, Category], Form] = {
    # (mentor's category, mentee's category): the form of the pair.
    (Category.TEACHER, Category.TEACHER): Form.TEACHER_TEACHER,
    (Category.TEACHER, Category.STUDENT): Form.TEACHER_STUDENT,
    (Category.SENIOR_STUDENT, Category.STUDENT): Form.STUDENT_STUDENT,
    (Category.COLLEGE_STUDENT, Category.STUDENT): Form.COLLEGE_STUDENT,
    (Category.EMPLOYER, Category.STUDENT): Form.EMPLOYER_STUDENT,
    (Category.GRADUATE, Category.STUDENT): Form.EMPLOYER_STUDENT,
    (Category.PARENT, Category.STUDENT): Form.EMPLOYER_STUDENT,
}
"""Every allowed pairing. A teacher mentee (a teacher or a young specialist) gets only a
teacher mentor: the only form with a teacher mentee is «учитель – учитель»."""

SENIOR_STUDENT_MENTEE_AGES = frozenset({AgeGroup.UNDER_14, AgeGroup.FROM_14_TO_17})
"""The one age rule: a senior student mentors schoolchildren (under 14 and 14–17), never an
adult student (18+), since in «ученик – ученик» the mentor is the older one. A mentee whose age
group is not known is not held back by it."""


def form_of(mentor: Category, mentee: Category, mentee_age: AgeGroup | None = None) -> Form | None:
    """The form of a pair of these categories, or None when the pair is not allowed."""
    form = FORMS.get((mentor, mentee))
    if (
        form is Form.STUDENT_STUDENT
        and mentee_age is not None
        and mentee_age not in SENIOR_STUDENT_MENTEE_AGES
    ):
        return None
    return form


def allowed(mentor: Category, mentee: Category, mentee_age: AgeGroup | None = None) -> bool:
    return form_of(mentor, mentee, mentee_age) is not None
