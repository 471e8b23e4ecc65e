"""A hostile review of issue 12 (home screens, receipts, cards, invitations, forgiving input,
phone screens, things to print): each test is a defect a real person met, found by the review
and fixed after it (each failed before its fix)."""

from __future__ import annotations

from bot.poster import poster
from bot.services import curators
from tests.conftest import CURATOR_ID
from tests.flows import (
    mentee_signs_up,
    teacher_mentee_signs_up,
    teacher_mentor_signs_up,
)
from tests.harness import Harness
from tests.test_review_attacks import (
    MENTEE,
    MENTOR,
    adult_pair_waiting,
    killed_and_handled_again,
)

TEEN, COLLEAGUE = 9961, 9962


async def _invite_payload(harness: Harness) -> str:
    """The curator asks for an invitation link: its /start payload."""
    overview = await harness.send(CURATOR_ID, "/curator")
    message = await harness.press(CURATOR_ID, "Пригласить куратора", overview)
    link = next(w for w in message.text_or_empty().split() if w.startswith("https://t.me/"))
    return link.split("?start=")[1]


# ---- curator invitations -------------------------------------------------------------------


async def test_a_pupil_who_opens_a_curator_invitation_does_not_become_a_curator(
    harness: Harness,
) -> None:
    """The curator sends the invitation to the wrong chat (the class chat, where it sits
    beside the questionnaire link), or a pupil finds it on a colleague's phone. A 15-year-old
    mentee opens it and reads «✅ Вы — куратор программы»: a child now sees every child's
    name, class, request and phone in /participants, can approve pairs and end them. The bot
    knows he is a minor and a participant: it must refuse the link (and leave it unused)."""
    harness.fake.add_user(CURATOR_ID, "Ольга")
    harness.fake.add_user(TEEN, "Саша")
    await mentee_signs_up(harness, TEEN, "Петров Саша")
    payload = await _invite_payload(harness)
    opened = await harness.send(TEEN, f"/start {payload}")
    async with harness.sessions() as session:
        assert not await curators.is_curator(session, TEEN)
    assert "Вы — куратор" not in opened.text_or_empty()


async def test_a_curator_invitation_handled_again_after_a_kill_still_welcomes_her(
    harness: Harness,
) -> None:
    """A colleague opens her invitation; the bot makes her a curator and is killed before it
    marks the update handled (and before it sets her commands and shows her desk). After the
    restart Telegram sends her /start again, and she reads only «Вы уже куратор программы»:
    no welcome, no desk with Участники and Пары, and no curator commands in her menu until
    the bot restarts once more. A replay must end as the first opening would have."""
    fake = harness.fake
    fake.add_user(CURATOR_ID, "Ольга")
    fake.add_user(COLLEAGUE, "Марина")
    payload = await _invite_payload(harness)
    # The killed process: the use case committed, and nothing after it reached Telegram.
    joined = await curators.accept_invite(
        harness.sessions, payload.removeprefix(curators.INVITE_PREFIX), COLLEAGUE
    )
    assert joined is curators.InviteOutcome.JOINED
    await harness.send(COLLEAGUE, f"/start {payload}")  # the same update, after the restart
    texts = [m.text_or_empty() for m in fake.bot_messages(COLLEAGUE)]
    assert any("Вы — куратор программы" in t for t in texts), texts
    assert any("Участники" in b["text"] for b in fake.last_bot_message(COLLEAGUE).buttons())
    assert "curator" in [c["command"] for c in fake.commands.get((f"chat:{COLLEAGUE}", ""), [])]


# ---- things to print -----------------------------------------------------------------------


def test_an_emoji_in_an_event_title_is_not_printed_as_an_empty_box() -> None:
    """A curator titles the session «🎄 Новогодний нетворкинг 🎄» (emoji are how schools write
    in chats). The poster's font has no emoji, and the printed sheet on the hall door reads
    «□ Новогодний нетворкинг □». An emoji must be drawn, or left out of the printed title —
    never drawn as the font's empty box (the same box as a character no font has)."""
    link = "https://t.me/mentor_bot?start=e_abc"
    with_emoji = poster(link, "🎄 Новогодний нетворкинг", [])
    with_missing_glyph = poster(link, "\ue000 Новогодний нетворкинг", [])  # a private-use char
    assert with_emoji != with_missing_glyph


# ---- agreement receipts --------------------------------------------------------------------


async def test_an_agreement_accepted_again_after_a_kill_keeps_its_record_quietly(
    harness: Harness,
) -> None:
    """A young teacher taps «Принимаю»; the answer is saved and the message becomes the record
    «✅ Вы приняли соглашение …», and the bot is killed before it marks the tap handled. After
    the restart the tap comes again: the handler edits the record into exactly what it shows,
    Telegram refuses («message is not modified»), the update fails, and she reads «Что-то
    пошло не так» under the agreement she has just accepted (`_keep_record` trusts the
    keyboard the replayed update carries)."""
    fake = harness.fake
    await adult_pair_waiting(harness)
    offer = fake.last_bot_message(MENTEE)
    press = fake.press(MENTEE, offer, offer.button("Принимаю")["callback_data"])
    await killed_and_handled_again(harness, press)
    texts = [m.text_or_empty() for m in fake.bot_messages(MENTEE)]
    assert not any("пошло не так" in t for t in texts), texts
    assert any("Вы приняли соглашение" in t for t in texts), texts


# ---- /match in English ---------------------------------------------------------------------


async def test_another_mentor_shows_places_in_the_curators_language(harness: Harness) -> None:
    """A curator whose Telegram is in English goes through the proposal one by one and taps
    «🔄 Another mentor»: the mentors read «Orlova I. — 0 из 2», a Russian word in the middle
    of her English screen (the places are written in code, not in the locales)."""
    fake = harness.fake
    second = 9963
    fake.add_user(CURATOR_ID, "Olga", language_code="en")
    for user, name in ((MENTOR, "Ирина"), (second, "Олег"), (MENTEE, "Павла")):
        fake.add_user(user, name)
    await teacher_mentor_signs_up(harness, MENTOR, "Соколова Ирина")
    await teacher_mentor_signs_up(harness, second, "Орлов Олег")
    await teacher_mentee_signs_up(harness, MENTEE, "Павлова Павла")
    proposal = await harness.send(CURATOR_ID, "/match")
    one = await harness.press(CURATOR_ID, "one by one", proposal)
    others = await harness.press(CURATOR_ID, "Another mentor", one)
    labels = [b["text"] for b in others.buttons()]
    assert any(" of 2" in label for label in labels), labels
    assert not any(" из " in label for label in labels), labels


async def test_another_mentor_does_not_offer_the_mentor_already_proposed(
    harness: Harness,
) -> None:
    """In the one-by-one review the curator does not like «Соколова Ирина → Павлова Павла» and
    taps «🔄 Другой наставник». The list offers Соколова И. again, first: picking her makes
    the very pair she turned down, and the screen reads as if Соколова were someone else."""
    fake = harness.fake
    second = 9963
    for user, name in ((CURATOR_ID, "Ольга"), (MENTOR, "Ирина"), (second, "Олег")):
        fake.add_user(user, name)
    fake.add_user(MENTEE, "Павла")
    await teacher_mentor_signs_up(harness, MENTOR, "Соколова Ирина")
    await teacher_mentor_signs_up(harness, second, "Орлов Олег")
    await teacher_mentee_signs_up(harness, MENTEE, "Павлова Павла")
    proposal = await harness.send(CURATOR_ID, "/match")
    one = await harness.press(CURATOR_ID, "Просмотреть по одной", proposal)
    shown = one.text_or_empty()
    proposed = "Соколова" if "Соколова" in shown else "Орлов"
    assert proposed in shown, shown
    others = await harness.press(CURATOR_ID, "Другой наставник", one)
    labels = [b["text"] for b in others.buttons()]
    assert not any(proposed in label for label in labels), (shown, labels)


# ---- forgiving input -----------------------------------------------------------------------


async def test_an_impossible_time_is_called_impossible_not_missing(harness: Harness) -> None:
    """The curator types the start of a new session as «завтра в 25:00» (a slip for 15:00).
    The parser drops the hour it cannot use and keeps «завтра», and the bot answers «Во
    сколько она начнётся? Напишите дату вместе со временем» — she did write the time, and
    reads the question as the bot not reading her message. An hour that does not exist must
    be refused as such (as «10.12 24:00» is), not taken for no hour at all."""
    harness.fake.add_user(CURATOR_ID, "Ольга")
    await harness.send(CURATOR_ID, "/event")
    await harness.press(CURATOR_ID, "Новая встреча")
    await harness.send(CURATOR_ID, "Нетворкинг 7 классы")
    seen = len(harness.fake.bot_messages(CURATOR_ID))
    await harness.send(CURATOR_ID, "завтра в 25:00")
    said = " ".join(m.text_or_empty() for m in harness.fake.bot_messages(CURATOR_ID)[seen:])
    assert said, "the bot said nothing"
    assert "Во сколько она начнётся" not in said, said
