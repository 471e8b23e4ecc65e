"""The partner's card: what it shows, in plain words, and nothing it must not."""

from __future__ import annotations

from bot.i18n import Translations
from bot.services.cards import Card, phone_text, text

RU = Translations.load().get("ru")


def test_a_pupil_is_named_by_the_class_with_its_letter() -> None:
    card = Card(
        1,
        "Морозова Анна",
        "mentee",
        "student",
        {
            "grade": 9,
            "grade_letter": "Б",
            "request_topics": ["olympiads"],
            "request": "Хочу выиграть «Кенгуру» в этом году",
            "format": "online",
            "time_slots": ["weekday_evening", "weekend"],
        },
        viewer_slots=("weekend",),
    )
    shown = text(card, RU)
    assert shown.splitlines()[0] == "👤 <b>Морозова Анна</b> — 9 «Б» класс"
    assert "наставляем" not in shown and "Ученик" not in shown
    # Her own quotes inside ours become „…“.
    assert "Своими словами: «Хочу выиграть „Кенгуру“ в этом году»" in shown
    assert "Удобно обоим: Выходные" in shown
    assert "Будни" not in shown  # only the times that suit both, when there are some
    assert "Телефон" not in shown and "@" not in shown  # no contacts unless asked for


def test_a_mentor_shows_occupation_offer_and_contacts_when_the_pair_works() -> None:
    card = Card(
        2,
        "Кузьмина Марина Сергеевна",
        "mentor",
        "teacher",
        {"subject_taught": "Физика", "competencies": ["olympiads"], "time_slots": ["weekend"]},
        viewer_slots=("weekday_day",),
        username="marina_k",
        phone="89161230001",
    )
    shown = text(card, RU)
    assert "Чем занимается: Физика" in shown
    assert "Чем может помочь: " in shown
    assert "Удобное время: Выходные" in shown  # nothing in common: their times
    assert "Написать в Telegram: @marina_k" in shown
    assert "Телефон: +7 916 123-00-01" in shown


def test_text_typed_by_people_is_escaped() -> None:
    card = Card(3, "<b>Иван</b>", "mentee", "teacher", {"request": "a < b & c"})
    shown = text(card, RU)
    assert "&lt;b&gt;Иван&lt;/b&gt;" in shown and "a &lt; b &amp; c" in shown


def test_phones_read_as_people_write_them() -> None:
    assert phone_text("+79161230001") == "+7 916 123-00-01"
    assert phone_text("8 (916) 123-00-01") == "+7 916 123-00-01"
    assert phone_text("not a phone") == "not a phone"
