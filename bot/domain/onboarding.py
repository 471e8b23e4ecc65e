"""Where a person lands on /start or /menu: a plain rule over what is known about them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain.roles import AgeGroup, Category, Role, asks_age, is_valid


class ConsentStatus(StrEnum):
    NONE = "none"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    OUTDATED = "outdated"  # given for an older text
    GIVEN = "given"


@dataclass(frozen=True)
class Profile:
    """Who a person says they are."""

    role: Role
    category: Category
    age_group: AgeGroup | None

    @classmethod
    def parse(cls, role: object, category: object, age_group: object = None) -> Profile | None:
        """A profile from stored or client-sent strings; None if they do not fit together."""
        if not is_valid(str(role), str(category)):
            return None
        category_ = Category(str(category))
        try:
            age = AgeGroup(str(age_group)) if age_group else None
        except ValueError:
            return None
        if asks_age(category_) and age is None:
            return None
        return cls(Role(str(role)), category_, age if asks_age(category_) else None)


class Stop(StrEnum):
    ROLE = "role"  # who are you: the start of onboarding
    CONSENT_AGAIN = "consent_again"  # the consent text changed since they agreed
    PARENT_WAIT = "parent_wait"  # a child waiting for a parent's consent
    QUESTIONNAIRE = "questionnaire"  # the intake questionnaire, not yet submitted
    MENU = "menu"


@dataclass(frozen=True)
class Landing:
    stop: Stop
    profile: Profile | None = None


def landing(
    consent: ConsentStatus,
    profile: Profile | None,
    waiting_for_parent: Profile | None,
    submitted: bool,
) -> Landing:
    """The screen a person should see now.

    `profile` is the stored one (kept only with consent); `waiting_for_parent` the profile a
    child gave when asking for a parent's link, while such a link is unused.
    """
    if consent is ConsentStatus.GIVEN:
        if profile is None:
            return Landing(Stop.ROLE)
        return Landing(Stop.MENU if submitted else Stop.QUESTIONNAIRE, profile)
    if consent is ConsentStatus.OUTDATED and profile is not None:
        return Landing(Stop.CONSENT_AGAIN, profile)
    if waiting_for_parent is not None:
        return Landing(Stop.PARENT_WAIT, waiting_for_parent)
    return Landing(Stop.ROLE)
