"""Screens that fit a phone (issue 12, item 6; /match has tests of its own): labels cut at a
word, long names one per row, a pager only for more than one page, the questionnaire's summary
with short names, a total that does not jump, a choice beyond the limit refused at the tap, the
phone keyboard gone when its question is done, and no greeting on every stray message."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.dialogs.layout import ROW, fits, named, short, width
from bot.i18n import Translations
from bot.questionnaires import numbering
from bot.questionnaires.engine import SUMMARY
from bot.questionnaires.loader import load_catalog
from tests.conftest import CURATOR_ID as CURATOR
from tests.fake_telegram import Message
from tests.flows import mentor_signs_up, teacher_mentor_signs_up
from tests.harness import Harness

USER, MENTEE = 9801, 9802
MENTORS = list(range(9811, 9821))
LONG_NAME = "Константинопольская-Щербацкая Александра Владимировна"
GREETING = "Здравствуйте"
STICKER = {
    "file_id": "s1",
    "file_unique_id": "u1",
    "type": "regular",
    "width": 512,
    "height": 512,
    "is_animated": False,
    "is_video": False,
}


def rows(message: Message) -> list[list[str]]:
    markup = message.reply_markup or {}
    keyboard = markup.get("inline_keyboard") or markup.get("keyboard") or []
    return [[button["text"] for button in row] for row in keyboard]


def labels(message: Message) -> list[str]:
    return [label for row in rows(message) for label in row]


def progress(message: Message) -> tuple[int, int]:
    found = re.search(r"(\d+) / (\d+)", message.text_or_empty())
    assert found, message.text_or_empty()
    return int(found.group(1)), int(found.group(2))


# ---- 1. labels cut at a word, long names one per row ----------------------------------------


def test_a_label_is_cut_at_a_word_with_an_ellipsis() -> None:
    assert short("Нетворкинг для 7–9 классов и наставников из колледжа") == (
        "Нетворкинг для 7–9 классов и…"
    )
    assert short("Кузьмина Марина") == "Кузьмина Марина"  # what fits stays whole
    assert short("✏️ Молодой специалист", fits(2)) == "✏️ Молодой…"
    assert short("Константинопольская-Щербацкая", 25) == "Константинопольская…"
    assert width(short("Ааааааааааааааааааааааааааааааааааааа")) == ROW  # one long word
    # A name: whole, else the surname and initials, else cut; a tail stays whole.
    assert named("Кузьмина Марина Сергеевна") == "Кузьмина Марина Сергеевна"
    assert named("Кузьмина Марина Сергеевна", " · 0 из 2") == "Кузьмина М. С. · 0 из 2"
    assert named(LONG_NAME, " · 2") == "Константинопольская… · 2"


async def test_people_to_pick_are_one_a_row_with_their_names_cut_at_a_word(
    harness: Harness,
) -> None:
    harness.fake.add_user(CURATOR, "Ольга")
    harness.fake.add_user(MENTORS[0], "Саша")
    harness.fake.add_user(MENTORS[1], "Ира")
    await mentor_signs_up(harness, MENTORS[0], LONG_NAME)
    await mentor_signs_up(harness, MENTORS[1], "Соколова Ирина")
    await harness.send(CURATOR, "/pairs")
    screen = await harness.press(CURATOR, "Пара вручную")
    people = [row for row in rows(screen) if "·" in row[0]]
    assert people == [["Константинопольская… · 2"], ["Соколова Ирина · 2"]]
    assert all(width(label) <= ROW for label in labels(screen))
    # The cut label is still the button of that mentor.
    await harness.press(CURATOR, "Константинопольская…")
    assert "Выберите наставляемого" in harness.fake.last_bot_message(CURATOR).text_or_empty()


# ---- 2. a pager only for more than one page ---------------------------------------------------


async def test_a_pager_only_for_more_than_one_page_and_it_goes_round(harness: Harness) -> None:
    harness.fake.add_user(CURATOR, "Ольга")
    for number, user in enumerate(MENTORS[:9]):
        harness.fake.add_user(user, "Наставник")
        await mentor_signs_up(harness, user, f"Наставникова Анна {'ИКЛМНОПРСТ'[number]}")
        if number == 0:
            await harness.send(CURATOR, "/pairs")
            one = await harness.press(CURATOR, "Пара вручную")
            assert not [label for label in labels(one) if "/" in label or "▶️" in label]
    await harness.send(CURATOR, "/pairs")
    screen = await harness.press(CURATOR, "Пара вручную")
    assert rows(screen)[8] == ["◀️", "1/2", "▶️"]
    assert len([label for label in labels(screen) if "Наставникова" in label]) == 8

    await harness.press(CURATOR, "▶️", screen)
    assert rows(screen)[1] == ["◀️", "2/2", "▶️"]
    assert [label for label in labels(screen) if "Наставникова" in label] == [
        "Наставникова Анна С · 2"
    ]
    edits = screen.edits
    await harness.press(CURATOR, "2/2", screen)  # where one is: nothing to draw
    assert screen.edits == edits
    await harness.press(CURATOR, "▶️", screen)  # from the last page to the first
    assert rows(screen)[8] == ["◀️", "1/2", "▶️"]
    await harness.press(CURATOR, "◀️", screen)
    assert rows(screen)[1] == ["◀️", "2/2", "▶️"]


# ---- 3. the questionnaire's summary: short names, named edit buttons ------------------------


async def test_the_summary_reads_short_names_and_its_edit_buttons_name_the_answer(
    harness: Harness,
) -> None:
    harness.fake.add_user(USER, "Ирина")
    await teacher_mentor_signs_up(harness, USER, "Соколова Ирина")
    summary = await harness.send(USER, "/profile")
    text = summary.text_or_empty()
    for line in ("Имя: Соколова Ирина", "Предмет: Математика", "Стаж: 12 лет", "Наставляемых: 2"):
        assert line in text, text
    assert "Сколько лет вы работаете" not in text  # not the whole question
    edits = [label for label in labels(summary) if label.startswith("✏️")]
    assert "✏️ Стаж" in edits and "✏️ Имя" in edits
    assert not [label for label in edits if label.removeprefix("✏️ ").isdigit()]
    for row in rows(summary):
        assert all(width(label) <= fits(len(row)) for label in row), row

    question = await harness.press(USER, "✏️ Стаж")
    assert "Сколько лет вы работаете" in question.text_or_empty()
    assert progress(question) == (3, 11)
    again = await harness.send(USER, "23")
    assert "Стаж: 23 года" in again.text_or_empty()


async def test_the_summary_in_english(harness: Harness) -> None:
    harness.fake.add_user(USER, "Irina")
    await teacher_mentor_signs_up(harness, USER, "Sokolova Irina")
    await harness.send(USER, "/language")
    await harness.press(USER, "English")
    summary = await harness.send(USER, "/profile")
    assert "Experience: 12 years" in summary.text_or_empty()
    assert "✏️ Experience" in labels(summary)


def test_every_question_has_a_short_name_in_both_languages(translations: Translations) -> None:
    catalog = load_catalog(translations)
    for questionnaire in catalog.questionnaires.values():
        for question in questionnaire.questions:
            key = "qs-" + question.text_key.removeprefix("q-")
            for locale in translations.locales:
                assert key in translations.keys(locale), (locale, key)
                assert width(translations.get(locale).plain(key)) <= 18, (locale, key)  # short


# ---- 4. a total that does not jump -----------------------------------------------------------


def test_the_total_counts_what_may_be_asked_of_this_person(translations: Translations) -> None:
    student = load_catalog(translations).get("intake_student")
    context = {"role": "mentee", "category": "student", "age_group": "14_17"}
    assert numbering.progress(student, "full_name", context) == (1, 10)
    assert numbering.progress(student, "request", context) == (5, 10)  # after «subjects»
    assert numbering.progress(student, SUMMARY, context) == (10, 10)
    mentor = load_catalog(translations).get("intake_mentor")
    teacher = {"role": "mentor", "category": "teacher", "age_group": None}
    assert numbering.progress(mentor, "experience_years", teacher) == (3, 11)
    parent = {"role": "mentor", "category": "parent", "age_group": None}
    assert numbering.progress(mentor, "workplace", parent) == (2, 10)


async def walk_student(harness: Harness, user: int, topic: str) -> list[tuple[int, int]]:
    """A 14–17 student's questionnaire; the progress of every question on the way."""
    harness.fake.add_user(user, "Саша")
    await harness.send(user, "/start")
    await harness.press(user, "Мне нужен наставник")
    await harness.press(user, "Ученик")
    await harness.press(user, "14–17")
    seen = [progress(await harness.press(user, "Даю согласие"))]
    seen.append(progress(await harness.send(user, "Петров Саша")))
    seen.append(progress(await harness.send(user, "9")))
    await harness.press(user, topic)
    seen.append(progress(await harness.press(user, "Готово")))
    if topic == "Олимпиады":  # the question that follows from this answer
        seen.append(progress(await harness.send(user, "Математика")))
    seen.append(progress(await harness.send(user, "Хочу подготовиться к олимпиаде")))
    seen.append(progress(await harness.press(user, "4")))
    seen.append(progress(await harness.press(user, "Онлайн")))
    await harness.press(user, "Выходные")
    seen.append(progress(await harness.press(user, "Готово")))
    seen.append(progress(await harness.press_reply(user, "Пропустить")))
    return seen


async def test_the_total_stays_the_same_whether_a_conditional_question_comes_or_not(
    harness: Harness,
) -> None:
    without = await walk_student(harness, MENTEE, "Проекты")
    with_it = await walk_student(harness, MENTEE + 100, "Олимпиады")
    assert {total for _, total in without + with_it} == {10}
    assert [n for n, _ in with_it] == list(range(1, 11))
    # The question not asked keeps its number: it is passed over, as on a paper form.
    assert [n for n, _ in without] == [1, 2, 3, 5, 6, 7, 8, 9, 10]
    # Back shows the same number again.
    back = await harness.press(MENTEE, "Назад")
    assert progress(back) == (9, 10)


# ---- 5. a choice beyond the limit is refused at the tap --------------------------------------


async def event_with_four_mentors(harness: Harness) -> Message:
    """Four mentors and a mentee come to an event the curator then closes; the mentee's
    invitation to choose."""
    harness.fake.add_user(CURATOR, "Ольга")
    await harness.send(CURATOR, "/event")
    await harness.press(CURATOR, "Новая встреча")
    await harness.send(CURATOR, "Нетворкинг")
    await harness.send(CURATOR, "05.12.2026 15:00")
    card = await harness.send(CURATOR, "Актовый зал")
    payload = card.text_or_empty().split("?start=", 1)[1].split()[0]
    names = ["Белова Анна", "Смирнов Игорь", "Кузьмина Марина Сергеевна", "Лебедев Олег"]
    for user, name in zip(MENTORS, names, strict=False):
        harness.fake.add_user(user, name.split()[1])
        await mentor_signs_up(harness, user, name)
        await harness.send(user, f"/start {payload}")
    harness.fake.add_user(MENTEE, "Саша")
    await walk_student(harness, MENTEE, "Проекты")
    await harness.press(MENTEE, "Пропустить")
    await harness.press(MENTEE, "Отправить анкету")
    await harness.send(MENTEE, f"/start {payload}")
    await harness.send(CURATOR, "/event")
    await harness.press(CURATOR, "Нетворкинг")
    await harness.press(CURATOR, "Завершить встречу")
    await harness.press(CURATOR, "Да, завершить")
    return harness.fake.last_bot_message(MENTEE)


async def test_a_fourth_mentor_is_refused_at_the_tap(harness: Harness) -> None:
    invite = await event_with_four_mentors(harness)
    board = await harness.press(MENTEE, "Выбрать", invite)
    cards = [row for row in rows(board) if "№" in row[0]]
    assert len(cards) == 4 and all(len(row) == 1 for row in cards)  # a name a row
    assert any("Белова Анна" in row[0] for row in cards)
    assert not [label for label in labels(board) if "▶️" in label]  # one page: no pager
    for number in (1, 2, 3):
        await harness.press(MENTEE, f"№{number} ", board)
    assert [label.split()[0] for label in labels(board) if "№" in label] == ["①", "②", "③", "▫️"]
    edits = board.edits
    await harness.press(MENTEE, "№4 ", board)
    answer: dict[str, Any] = harness.last_answer()
    assert answer["show_alert"] is True
    assert "не больше 3 наставников" in str(answer["text"])
    assert board.edits == edits  # nothing changed on screen
    await harness.press(MENTEE, "Сохранить", board)
    assert "Выбор сохранён" in board.text_or_empty()


# ---- 6. the phone keyboard goes when its question is done -----------------------------------


def reply_keyboard_shown(harness: Harness, user: int) -> bool:
    """Whether the newest reply keyboard the bot sent to `user` is still there (Telegram keeps
    one until a message removes it)."""
    shown = False
    for call in harness.fake.calls("sendMessage"):
        if str(call.get("chat_id")) != str(user):
            continue
        markup = call.get("reply_markup")
        markup = json.loads(markup) if isinstance(markup, str) else markup or {}
        if "keyboard" in markup:
            shown = True
        elif markup.get("remove_keyboard"):
            shown = False
    return shown


async def to_phone_question(harness: Harness, user: int) -> Message:
    harness.fake.add_user(user, "Ева")
    await harness.send(user, "/start")
    await harness.press(user, "Хочу быть наставником")
    await harness.press(user, "Родитель")
    await harness.press(user, "Даю согласие")
    await harness.send(user, "Евдокия Лопухина")
    await harness.send(user, "Инженер-конструктор в КБ")
    await harness.press(user, "Выбор профессии")
    await harness.press(user, "Готово")
    await harness.send(user, "Расскажу, как устроена инженерная работа")
    await harness.send(user, "2")
    await harness.press(user, "Очно")
    await harness.press(user, "Выходные")
    await harness.press(user, "Готово")
    return await harness.press(user, "Пропустить")


async def test_the_phone_keyboard_goes_when_its_question_is_done(harness: Harness) -> None:
    phone = await to_phone_question(harness, USER)
    assert "Отправить мой номер" in labels(phone)[0]
    assert reply_keyboard_shown(harness, USER)
    await harness.send(USER, "123")  # not a number: the question stays, with its keyboard
    assert reply_keyboard_shown(harness, USER)

    back = await harness.press_reply(USER, "Назад")
    assert not reply_keyboard_shown(harness, USER)
    assert "С какого числа" in back.text_or_empty()
    await harness.press(USER, "Пропустить")
    assert reply_keyboard_shown(harness, USER)

    about = await harness.send(USER, "+7 (916) 123-45-67")
    assert not reply_keyboard_shown(harness, USER)
    assert "Номер записан" in harness.fake.bot_messages(USER)[-2].text_or_empty()
    assert "о себе" in about.text_or_empty() and about.button("Пропустить")

    await harness.press(USER, "Назад")
    assert reply_keyboard_shown(harness, USER)
    await harness.press_reply(USER, "Пропустить")
    assert not reply_keyboard_shown(harness, USER)
    assert "без телефона" in harness.fake.bot_messages(USER)[-2].text_or_empty()


# ---- 7. no greeting on every stray message ---------------------------------------------------


async def test_a_stray_message_gets_a_hint_not_the_greeting_again(harness: Harness) -> None:
    harness.fake.add_user(USER, "Ева")
    await mentor_signs_up(harness, USER, "Евдокия Лопухина")
    menu = await harness.send(USER, "/start")
    assert GREETING in menu.text_or_empty()
    strays: list[tuple[str | None, dict[str, Any]]] = [
        ("привет", {}),
        (None, {"sticker": STICKER}),
        ("ау", {}),
    ]
    for text, content in strays:
        again = await harness.send(USER, text, **content)
        assert "нажать одну из кнопок" in harness.fake.bot_messages(USER)[-2].text_or_empty()
        assert GREETING not in again.text_or_empty()
        assert "главное меню" in again.text_or_empty()
    # Nor the notice of a questionnaire sent long ago.
    assert "Анкета сохранена" not in again.text_or_empty()


async def test_a_message_outside_any_screen_gets_a_short_hint_and_a_way_on(
    harness: Harness,
) -> None:
    harness.fake.add_user(USER, "Ева")
    for _ in range(2):
        hint = await harness.send(USER, "здравствуйте, я мама Пети")
        assert GREETING not in hint.text_or_empty()
        assert len(hint.text_or_empty()) < 120
        assert hint.button("Продолжить")
    start = await harness.press(USER, "Продолжить", hint)
    assert "Кем вы хотите быть" in start.text_or_empty()
    assert GREETING not in start.text_or_empty()
