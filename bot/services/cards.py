"""The partner's card: who the other person of a pair is, as far as the work needs.

A mentee's class, topics and request; a mentor's subject or occupation and what they offer;
the format and the times that suit both. Contacts only once the pair works (for a minor, that
means a parent has agreed). Read from the questionnaire's answers when the card is shown, so a
card never outlives a change of answers or a withdrawal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Answer, Person
from bot.i18n import Translator

REQUEST_LIMIT = 300  # characters of a typed answer on a card; the whole one is in the registry
# Where a mentor's occupation is, by category (the first answered one is shown).
OCCUPATION = ("subject_taught", "position", "workplace", "study_place")
CARD_QUESTIONS = (
    "grade",
    "grade_letter",
    "request_topics",
    "subjects",
    "request",
    "competencies",
    "experience",
    "format",
    "time_slots",
    "phone",
    *OCCUPATION,
)


@dataclass(frozen=True)
class Card:
    """What a card shows of `person_id` to the person with `viewer_id`."""

    person_id: int
    name: str
    role: str
    category: str
    answers: dict[str, Any] = field(default_factory=dict)
    viewer_slots: tuple[str, ...] = ()
    username: str | None = None  # contacts: only when `contacts` was asked for
    phone: str | None = None


async def load(
    session: AsyncSession, wanted: Iterable[tuple[int, int]], *, contacts: bool = False
) -> dict[tuple[int, int], Card]:
    """Cards of (person, viewer) pairs, in two queries; a person who withdrew has none."""
    wanted = set(wanted)
    ids = {person for pair in wanted for person in pair}
    if not ids:
        return {}
    people = {p.id: p for p in await session.scalars(select(Person).where(Person.id.in_(ids)))}
    answers: dict[int, dict[str, Any]] = {}
    for row in await session.scalars(
        select(Answer).where(Answer.person_id.in_(ids), Answer.question_id.in_(CARD_QUESTIONS))
    ):
        answers.setdefault(row.person_id, {})[row.question_id] = row.value
    cards = {}
    for person_id, viewer_id in wanted:
        person = people.get(person_id)
        if person is None or not person.full_name or person.role is None:
            continue
        mine = answers.get(person_id, {})
        slots = answers.get(viewer_id, {}).get("time_slots") or []
        cards[(person_id, viewer_id)] = Card(
            person_id,
            person.full_name,
            str(person.role),
            str(person.category),
            {k: v for k, v in mine.items() if k != "phone"},
            tuple(str(s) for s in slots),
            person.username if contacts else None,
            str(mine["phone"]) if contacts and mine.get("phone") else None,
        )
    return cards


def phone_text(phone: str) -> str:
    """A phone as people write it: +7 916 123-00-01 (as typed, if it is not a number)."""
    try:
        number = phonenumbers.parse(phone, "RU")
    except phonenumbers.NumberParseException:
        return phone
    if not phonenumbers.is_possible_number(number):
        return phone
    formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return str(formatted)


def grade_text(grade: Any, letter: Any, i18n: Translator) -> str | None:
    if not isinstance(grade, int):
        return None
    if isinstance(letter, str) and letter:
        return i18n.plain("card-grade-letter", grade=grade, letter=letter)
    return i18n.plain("card-grade", grade=grade)


def _cut(text: str) -> str:
    """Typed text inside «…» on a card: its own quotes become „…“, and it is cut at a word."""
    text = text.replace("«", "„").replace("»", "“")
    if len(text) <= REQUEST_LIMIT:
        return text
    return text[: REQUEST_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def _options(values: Any, option_set: str, i18n: Translator) -> str | None:
    if not isinstance(values, list) or not values:
        return None
    return ", ".join(i18n.plain(f"opt-{option_set}-{v}") for v in values)


def text(card: Card, i18n: Translator) -> str:
    """The card as HTML lines in `i18n`'s language."""
    a = card.answers
    grade = grade_text(a.get("grade"), a.get("grade_letter"), i18n)
    # A pupil is named by the class («9 «Б» класс»), not by a word that has a gender.
    who = (
        i18n.plain("card-who-class", grade=grade)
        if grade
        else i18n.plain(f"category-{card.role}-{card.category}")
    )
    lines = [i18n("card-title", name=card.name, who=who)]

    def add(key: str, value: str | None) -> None:
        if value:
            lines.append(i18n(key, value=value))

    if card.role == "mentee":
        add("card-position", a.get("position"))
        add("card-topics", _options(a.get("request_topics"), "topics", i18n))
        add("card-subjects", a.get("subjects"))
        add("card-request", _cut(str(a["request"])) if a.get("request") else None)
    else:
        occupation = next((a[k] for k in OCCUPATION if a.get(k)), None)
        add("card-occupation", str(occupation) if occupation else None)
        add("card-offer", _options(a.get("competencies"), "topics", i18n))
        add("card-experience", _cut(str(a["experience"])) if a.get("experience") else None)
    if a.get("format"):
        add("card-format", i18n.plain(f"opt-format-{a['format']}"))
    slots = [s for s in a.get("time_slots") or [] if isinstance(s, str)]
    common = [s for s in slots if s in card.viewer_slots]
    if common:
        add("card-times-both", _options(common, "slots", i18n))
    else:
        add("card-times", _options(slots, "slots", i18n))
    if card.username:
        lines.append(i18n("card-username", username=card.username))
    if card.phone:
        lines.append(i18n("card-phone", phone=phone_text(card.phone)))
    return "\n".join(lines)
