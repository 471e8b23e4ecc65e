"""Where a person lands: the rule as a plain function."""

from __future__ import annotations

import pytest

from bot.domain.onboarding import ConsentStatus, Landing, Profile, Stop, landing
from bot.domain.roles import AgeGroup, Category, Role

TEACHER = Profile(Role.MENTOR, Category.TEACHER, None)
CHILD = Profile(Role.MENTEE, Category.STUDENT, AgeGroup.UNDER_14)


@pytest.mark.parametrize(
    ("status", "profile", "waiting", "submitted", "expected"),
    [
        (ConsentStatus.NONE, None, None, False, Landing(Stop.ROLE)),
        (ConsentStatus.DECLINED, None, None, False, Landing(Stop.ROLE)),
        (ConsentStatus.WITHDRAWN, None, None, False, Landing(Stop.ROLE)),
        (ConsentStatus.NONE, None, CHILD, False, Landing(Stop.PARENT_WAIT, CHILD)),
        (ConsentStatus.DECLINED, None, CHILD, False, Landing(Stop.PARENT_WAIT, CHILD)),
        (ConsentStatus.GIVEN, None, None, False, Landing(Stop.ROLE)),  # paper, no profile yet
        (ConsentStatus.GIVEN, TEACHER, None, False, Landing(Stop.QUESTIONNAIRE, TEACHER)),
        (ConsentStatus.GIVEN, TEACHER, None, True, Landing(Stop.MENU, TEACHER)),
        (ConsentStatus.GIVEN, CHILD, CHILD, True, Landing(Stop.MENU, CHILD)),
        (ConsentStatus.OUTDATED, TEACHER, None, True, Landing(Stop.CONSENT_AGAIN, TEACHER)),
        (ConsentStatus.OUTDATED, None, None, False, Landing(Stop.ROLE)),
    ],
)
def test_landing(
    status: ConsentStatus,
    profile: Profile | None,
    waiting: Profile | None,
    submitted: bool,
    expected: Landing,
) -> None:
    assert landing(status, profile, waiting, submitted=submitted) == expected


@pytest.mark.parametrize(
    ("role", "category", "age", "expected"),
    [
        ("mentor", "teacher", None, TEACHER),
        ("mentor", "teacher", "under14", TEACHER),  # no age for adults' categories
        ("mentee", "student", "under14", CHILD),
        ("mentee", "student", None, None),  # a student must say how old they are
        ("mentee", "employer", None, None),  # not a mentee's category
        ("boss", "teacher", None, None),
        ("mentee", "student", "42", None),
        (None, None, None, None),
    ],
)
def test_profile_parse_trusts_nothing(
    role: object, category: object, age: object, expected: Profile | None
) -> None:
    assert Profile.parse(role, category, age) == expected
