"""A second hostile review of issue 12 (home screens by role, counts a curator expects, lists
that fit a phone, the questionnaire's labels, confirmations): each test is a defect a real
person met, found by the review and fixed after it (each failed before its fix)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import update

from bot.config import Settings
from bot.db.models import ParentLink, utcnow
from bot.questionnaires.loader import load_catalog
from tests.conftest import CURATOR_ID
from tests.flows import (
    approve_all,
    child_asks_for_parent_link,
    mentee_signs_up,
    mentor_signs_up,
    teacher_mentee_signs_up,
    teacher_mentor_signs_up,
)
from tests.harness import Harness

CHILD, PARENT, SECOND_CHILD, TEEN = 9971, 9972, 9973, 9974
MENTOR, ANNA, VERA = 9981, 9982, 9983


def labels(harness: Harness, user: int) -> list[str]:
    return [b["text"] for b in harness.fake.last_bot_message(user).buttons()]


async def parent_consents(harness: Harness, child: int, parent: int) -> None:
    """A child under 14 asks for the parent's link; the parent opens it and consents."""
    link = await child_asks_for_parent_link(harness, child)
    await harness.send(parent, f"/start {link}")
    await harness.press(parent, "Даю согласие")
    await harness.send(parent, "Петрова Мария Ивановна")
    assert "Согласие получено" in harness.fake.last_bot_message(parent).text_or_empty()


# ---- a parent's menu -----------------------------------------------------------------------


async def test_a_mother_who_is_a_mentor_sees_her_child_on_her_menu(harness: Harness) -> None:
    """Most parent-mentors are exactly that: a mother who mentors and whose 12-year-old is a
    mentee. She consents for her son, opens /menu, and reads only her own «Что дальше»: no
    «Ваш ребёнок в программе», no «📄 Соглашения ребёнка», no way to withdraw the consent
    she gave (`menu_getter` looks for children only when the person is not a participant)."""
    fake = harness.fake
    fake.add_user(PARENT, "Мария")
    fake.add_user(CHILD, "Петя")
    await mentor_signs_up(harness, PARENT, "Петрова Мария Ивановна")
    await parent_consents(harness, CHILD, PARENT)
    home = await harness.send(PARENT, "/menu")
    assert "Ваш ребёнок в программе" in home.text_or_empty(), home.text_or_empty()
    assert "⛔ Отозвать согласие за ребёнка" in labels(harness, PARENT)


async def test_a_parent_sees_her_child_named_not_as_a_number(harness: Harness) -> None:
    """A mother consents for her 12-year-old Петя and opens /menu: «Ваш ребёнок в программе —
    9971: пара ещё подбирается», and the button «Отозвать согласие: 9971». The child has not
    written his name in the questionnaire yet, and `name_of` falls back to his Telegram id: a
    parent is shown a number where her son's name should be (his Telegram name is known)."""
    fake = harness.fake
    fake.add_user(CHILD, "Петя")
    fake.add_user(PARENT, "Мария")
    await parent_consents(harness, CHILD, PARENT)
    home = await harness.send(PARENT, "/menu")
    assert str(CHILD) not in home.text_or_empty(), home.text_or_empty()
    confirm = await harness.press(PARENT, "Отозвать согласие за ребёнка", home)
    assert not any(str(CHILD) in b["text"] for b in confirm.buttons()), confirm.buttons()


async def test_a_parent_asking_for_the_curator_gets_the_schools_contact(
    harness: Harness, make_settings: Callable[..., Settings]
) -> None:
    """The school set ORG_CONTACT («+7 495 123-45-67, каб. 12»; the README: «shown on
    agreements and to parents»), and the curator has no @username. A mother taps «💬 Куратор»
    and reads «Куратор пока не оставил контакта в Телеграме. Спросите о программе у
    классного руководителя или в школе»: the school's phone the bot knows is not shown."""
    settings = make_settings(org_contact="+7 495 123-45-67, каб. 12")
    school = Harness.build(
        fake=harness.fake,
        settings=settings,
        engine=harness.engine,
        translations=harness.translations,
        catalog=load_catalog(harness.translations),
    )
    try:
        school.fake.add_user(CURATOR_ID, "Ольга")
        school.fake.add_user(CHILD, "Петя")
        school.fake.add_user(PARENT, "Мария")
        await school.send(CURATOR_ID, "/start")
        await parent_consents(school, CHILD, PARENT)
        await school.send(PARENT, "/menu")
        contact = await school.press(PARENT, "Куратор")
        assert "123-45-67" in contact.text_or_empty(), contact.text_or_empty()
    finally:
        await school.bot.session.close()


async def test_a_parent_of_two_children_is_not_told_of_one_child(harness: Harness) -> None:
    """A mother consents for her twins. Her menu reads «Ваш ребёнок в программе» over two
    names: the title speaks of one child."""
    fake = harness.fake
    fake.add_user(CHILD, "Петя")
    fake.add_user(SECOND_CHILD, "Оля")
    fake.add_user(PARENT, "Мария")
    await parent_consents(harness, CHILD, PARENT)
    await parent_consents(harness, SECOND_CHILD, PARENT)
    home = await harness.send(PARENT, "/menu")
    assert "Ваш ребёнок в программе" not in home.text_or_empty(), home.text_or_empty()


# ---- a participant's next step -------------------------------------------------------------


async def test_a_child_waiting_for_a_parent_is_told_so_not_to_start(harness: Harness) -> None:
    """A 12-year-old has asked for the link and sent it to his mother. He opens /menu: «🚀
    Начать участие в программе» and no «Что дальше» at all — as if he had done nothing. His
    next step (the parent has to open the link; a new link is in «Начать»/«/start») is what
    the line is for."""
    harness.fake.add_user(CHILD, "Петя")
    await child_asks_for_parent_link(harness, CHILD)
    home = await harness.send(CHILD, "/menu")
    assert "Что дальше" in home.text_or_empty(), home.text_or_empty()
    assert not any("Начать участие" in b for b in labels(harness, CHILD))


# ---- counts a curator expects --------------------------------------------------------------


async def test_a_child_who_asked_twice_for_a_link_is_one_child_waiting(harness: Harness) -> None:
    """A 12-year-old's mother did not open the first link, so he taps «🔄 Новая ссылка». In
    /participants the curator reads «ждут согласия родителя — 1» and, three lines down, «Ждут
    согласия родителя: 2», and then the same child twice, each with its own «📄 Бумажное
    согласие получено» button: the consents line and the list count links, not children."""
    fake = harness.fake
    fake.add_user(CURATOR_ID, "Ольга")
    fake.add_user(CHILD, "Петя")
    await child_asks_for_parent_link(harness, CHILD)
    await harness.send(CHILD, "/start")
    await harness.press(CHILD, "Новая ссылка")
    seen = len(fake.bot_messages(CURATOR_ID))
    await harness.send(CURATOR_ID, "/participants")
    sent = fake.bot_messages(CURATOR_ID)[seen:]
    text = "\n".join(m.text_or_empty() for m in sent)
    assert "ждут согласия родителя — 1" in text, text
    assert "Ждут согласия родителя: 1" in text, text
    assert sum(1 for m in sent if "Петя (id" in m.text_or_empty()) == 1, text


async def test_unpaired_on_the_desk_leaves_out_who_cannot_be_matched(harness: Harness) -> None:
    """A mentee blocked the bot. The curator's desk says «🧩 Подбор пар · без пары 1»; she
    taps it and reads «Сейчас некого объединять в пары» (/match leaves out who blocked the
    bot, `curator_counts` does not): the number on the button promises work that is not
    there."""
    fake = harness.fake
    fake.add_user(CURATOR_ID, "Ольга")
    fake.add_user(TEEN, "Саша")
    fake.add_user(PARENT, "Мария")
    await mentor_signs_up(harness, PARENT, "Петрова Мария Ивановна")
    await mentee_signs_up(harness, TEEN, "Петров Саша")
    fake.block(TEEN)
    await harness.deliver()
    await harness.send(CURATOR_ID, "/menu")
    button = next(b for b in labels(harness, CURATOR_ID) if "Подбор пар" in b)
    opened = await harness.press(CURATOR_ID, "Подбор пар")
    nobody = "некого объединять" in opened.text_or_empty()
    assert not (nobody and "без пары" in button), (button, opened.text_or_empty())


async def test_a_child_whose_link_expired_still_counts_as_waiting(harness: Harness) -> None:
    """A 12-year-old's mother did not open the link for a week; it expired. The child still
    waits (the bot tells him a parent may sign a paper consent at school, and
    `consent.record_paper` accepts one for exactly this child). But the curator's desk says
    «👥 Участники · 0» with nobody waiting, and /participants shows neither the child nor
    the «📄 Бумажное согласие получено» button: the mother who brings the paper cannot be
    recorded from the screen meant for it."""
    fake = harness.fake
    fake.add_user(CURATOR_ID, "Ольга")
    fake.add_user(CHILD, "Петя")
    await child_asks_for_parent_link(harness, CHILD)
    async with harness.sessions.begin() as session:
        await session.execute(update(ParentLink).values(expires_at=utcnow() - timedelta(hours=1)))
    await harness.send(CURATOR_ID, "/menu")
    assert any("ждут родителя 1" in b for b in labels(harness, CURATOR_ID)), labels(
        harness, CURATOR_ID
    )
    seen = len(fake.bot_messages(CURATOR_ID))
    await harness.send(CURATOR_ID, "/participants")
    sent = fake.bot_messages(CURATOR_ID)[seen:]
    assert any("Петя (id" in m.text_or_empty() for m in sent), [m.text_or_empty() for m in sent]


# ---- a mentor with two mentees -------------------------------------------------------------


async def mentor_with_one_pair_working_and_one_waiting(harness: Harness) -> None:
    """A teacher-mentor with two places is paired with two young teachers; she accepts both
    agreements, Анна accepts hers (that pair works), Вера has not answered yet."""
    fake = harness.fake
    for user, name in ((CURATOR_ID, "Ольга"), (MENTOR, "Ирина"), (ANNA, "Анна"), (VERA, "Вера")):
        fake.add_user(user, name)
    await teacher_mentor_signs_up(harness, MENTOR, "Соколова Ирина")
    await teacher_mentee_signs_up(harness, ANNA, "Аннина Анна")
    await teacher_mentee_signs_up(harness, VERA, "Верина Вера")
    await harness.send(CURATOR_ID, "/match")
    await approve_all(harness)
    for offer in [m for m in fake.bot_messages(MENTOR) if "Принимаю" in str(m.buttons())]:
        await harness.press(MENTOR, "Принимаю", offer)
    offer = [m for m in fake.bot_messages(ANNA) if "Принимаю" in str(m.buttons())][-1]
    await harness.press(ANNA, "Принимаю", offer)


async def test_my_pair_buttons_say_which_mentee_they_act_on(harness: Harness) -> None:
    """A mentor with two mentees opens «🤝 Моя пара»: under the two cards, «🙋 Попросить
    освободить от…» twice and «⏸ Поставить пару на паузу» twice. The name that tells the
    buttons apart is cut off by the «…» (or was never there): she cannot know which pair she
    asks to be released from, or pauses."""
    await mentor_with_one_pair_working_and_one_waiting(harness)
    menu = await harness.send(MENTOR, "/menu")
    pair = await harness.press(MENTOR, "Моя пара", menu)
    shown = [b["text"] for b in pair.buttons()]
    assert len(shown) == len(set(shown)), shown


async def test_a_mentor_already_working_is_not_told_to_wait_for_her_pair(
    harness: Harness,
) -> None:
    """The same mentor works with Анна already (the pair is active); Вера has not answered.
    Her menu says only «Что дальше: соглашение приняли ещё не все — ждём остальных. Мы
    напишем, как только пара начнёт работу» — her working pair with Анна is not mentioned,
    as if she had no mentee yet (`next_step` puts a waiting pair before the working ones)."""
    await mentor_with_one_pair_working_and_one_waiting(harness)
    menu = await harness.send(MENTOR, "/menu")
    assert "Аннина Анна" in menu.text_or_empty(), menu.text_or_empty()
