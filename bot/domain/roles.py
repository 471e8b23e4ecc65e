"""Who takes part: role, category, age group; which questionnaire and which consent."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"


class Category(StrEnum):
    STUDENT = "student"  # a mentee: обучающийся
    TEACHER = "teacher"  # a teacher or a young specialist (mentee), a teacher (mentor)
    SENIOR_STUDENT = "senior_student"
    GRADUATE = "graduate"
    PARENT = "parent"
    EMPLOYER = "employer"
    COLLEGE_STUDENT = "college_student"


class AgeGroup(StrEnum):
    UNDER_14 = "under14"
    FROM_14_TO_17 = "14to17"
    ADULT = "18plus"


CATEGORIES: dict[Role, tuple[Category, ...]] = {
    Role.MENTEE: (Category.STUDENT, Category.TEACHER),
    Role.MENTOR: (
        Category.SENIOR_STUDENT,
        Category.TEACHER,
        Category.GRADUATE,
        Category.PARENT,
        Category.EMPLOYER,
        Category.COLLEGE_STUDENT,
    ),
}

# Schoolchildren say how old they are: the youngest need a parent's consent.
ASKS_AGE = frozenset({Category.STUDENT, Category.SENIOR_STUDENT})

QUESTIONNAIRES: dict[tuple[Role, Category], str] = {
    (Role.MENTEE, Category.STUDENT): "intake_student",
    (Role.MENTEE, Category.TEACHER): "intake_teacher",
    **{(Role.MENTOR, category): "intake_mentor" for category in CATEGORIES[Role.MENTOR]},
}


def is_valid(role: str, category: str) -> bool:
    try:
        return Category(category) in CATEGORIES[Role(role)]
    except ValueError:
        return False


def asks_age(category: Category) -> bool:
    return category in ASKS_AGE


def needs_parent_consent(age_group: AgeGroup | None) -> bool:
    """Under 14, personal data is processed on a parent's consent (152-ФЗ, ст. 9)."""
    return age_group is AgeGroup.UNDER_14


def questionnaire_for(role: Role, category: Category) -> str:
    return QUESTIONNAIRES[(role, category)]
