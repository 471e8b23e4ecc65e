"""Issue 13 review: meetings attacked as real people and a strict Telegram would — stale and
late taps, forged data, a pair that ended meanwhile, an update handled again after a crash,
HTML in names, Telegram's length limit, and a withdrawal. Each test names what a person
expects; its docstring says what goes wrong now."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import select, update

from bot.db.models import (
    Consent,
    Meeting,
    MeetingInvite,
    Pair,
    Person,
    SeenUpdate,
    utcnow,
)
from bot.i18n import consent_version
from bot.services import meetings, pairs, privacy
from bot.services.meetings import Outcome
from tests.conftest import CURATOR_ID
from tests.fake_telegram.core import CallbackQueryState, Message
from tests.harness import Harness, settle
from tests.test_meetings_service import (
    MENTOR,
    MOSCOW,
    NOW,
    START,
    TEEN,
    create_for_teen,
    world,
)

SOMETHING_WRONG = "Что-то пошло не так"
BUTTON_GONE = "Эта кнопка больше не работает"


def invitation_of(harness: Harness, user: int) -> Message:
    [found] = [m for m in harness.fake.bot_messages(user) if "приглашает" in m.text_or_empty()]
    return found


def press_under_old_message(harness: Harness, user: int, data: str) -> None:
    """A press under a message Telegram no longer shows the bot (an InaccessibleMessage, as
    for an old or deleted one): the offered-buttons check has nothing to compare with, so the
    data reaches the handlers as the client wrote it."""
    fake = harness.fake
    person = fake.users[user]
    query_id = f"old{len(fake.callback_queries)}"
    fake.callback_queries[query_id] = CallbackQueryState(user)
    fake._push(
        {
            "callback_query": {
                "id": query_id,
                "from": person.as_dict(),
                "chat_instance": f"ci{user}",
                "data": data,
                "message": {"chat": person.chat(), "message_id": 1, "date": 0},
            }
        }
    )


def said_since(harness: Harness, user: int, seen: int) -> list[str]:
    return [m.text_or_empty() for m in harness.fake.bot_messages(user)[seen:]]


async def handled_again(harness: Harness, update_: dict[str, object]) -> None:
    """As if the process had died before marking the update handled: it comes again."""
    async with harness.sessions.begin() as session:
        await session.execute(
            update(SeenUpdate)
            .where(SeenUpdate.update_id == update_["update_id"])
            .values(handled_at=None, boot="dead-boot")
        )
    await harness.dispatcher.feed_raw_update(harness.bot, update_)
    await settle()
    await harness.sender.drain()


# ---- the screens ---------------------------------------------------------------------------


async def test_paging_back_on_the_first_page_makes_no_edit_telegram_refuses(
    harness: Harness,
) -> None:
    """Six meetings make two pages. «◀️» on the first page: `on_page` clamps the page to 0
    (its docstring says the page goes round) and the same screen is drawn again, an edit that
    Telegram refuses with "message is not modified"."""
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        for day in range(6):
            made = await meetings.create(
                harness.sessions,
                by=w.mentor,
                pair_id=w.teen_pair,
                starts_at=START + timedelta(days=day),
                place="Кабинет 5",
                zone=MOSCOW,
            )
            assert made.outcome is Outcome.DONE
        await harness.sender.drain()
        screen = await harness.send(MENTOR, "/meetings")
        assert "1/2" in [b["text"] for b in screen.buttons()]
        await harness.press(MENTOR, "◀️", screen)
        assert harness.fake.pointless_edits() == []


async def test_a_mentees_name_with_html_characters_reads_as_typed_in_the_mentors_list(
    harness: Harness,
) -> None:
    """`meeting_line` escapes the name into «👤 {name}» and then passes that escaped text as an
    argument of «meetings-line», which escapes it again: «Петров Пётр <3 & Ко» is shown as
    «Петров Пётр &lt;3 &amp; Ко» in /meetings."""
    w = await world(harness)
    async with harness.sessions.begin() as session:
        await session.execute(
            update(Person).where(Person.id == w.teen).values(full_name="Петров Пётр <3 & Ко")
        )
    with time_machine.travel(NOW, tick=False):
        await create_for_teen(harness, w)
        await harness.sender.drain()
        screen = await harness.send(MENTOR, "/meetings")
    assert "Петров Пётр <3 & Ко" in screen.text_or_empty()
    assert "&amp;" not in screen.text_or_empty() and "&lt;" not in screen.text_or_empty()


async def test_a_group_meetings_card_with_many_reasons_fits_in_one_message(
    harness: Harness,
) -> None:
    """A group of 16 mentees, each saying «Не смогу» with a reason (up to 300 characters),
    plus a 1000-character agenda: the meeting's card lists every reason in full and grows past
    Telegram's 4096 characters; Telegram refuses it ("message is too long") and the mentor gets
    «Что-то пошло не так» instead of the card."""
    w = await world(harness)
    now = utcnow()
    async with harness.sessions.begin() as session:
        for n in range(14):
            mentee = Person(
                telegram_id=20000 + n,
                first_name="Мария",
                full_name=f"Ученикова Мария-Антуанетта {n}",
                role="mentee",
                category="student",
                age_group="14to17",
                first_seen_at=now,
                last_seen_at=now,
            )
            session.add(mentee)
            await session.flush()
            session.add(
                Pair(
                    mentor_id=w.mentor,
                    mentee_id=mentee.id,
                    form="teacher_student",
                    status="active",
                    months=9,
                    created_by=CURATOR_ID,
                    created_at=now,
                    started_at=now,
                )
            )
            harness.fake.add_user(20000 + n, "Мария", has_chat=True)
    with time_machine.travel(NOW, tick=False):
        made = await meetings.create(
            harness.sessions,
            by=w.mentor,
            pair_id=None,
            starts_at=START,
            place="Актовый зал",
            agenda="Планы группы на четверть. " * 38,
            zone=MOSCOW,
        )
        assert made.meeting_id is not None
        async with harness.sessions() as session:
            invited = list(await session.scalars(select(MeetingInvite.person_id)))
        assert len(invited) == 16
        for person_id in invited:
            said = await meetings.answer(
                harness.sessions,
                made.meeting_id,
                person_id,
                yes=False,
                reason="У меня в это время тренировка по плаванию. " * 7,
                zone=MOSCOW,
            )
            assert said.outcome is Outcome.DONE
        await harness.sender.drain()
        screen = await harness.send(MENTOR, "/meetings")
        seen = len(harness.fake.bot_messages(MENTOR))
        card = await harness.press(MENTOR, "03.12", screen)
    assert not any(SOMETHING_WRONG in text for text in said_since(harness, MENTOR, seen))
    assert "Ответы" in card.text_or_empty()
    assert len(card.text_or_empty()) <= 4096


# ---- answers: late, stale, after the pair ended --------------------------------------------


async def test_cannot_come_after_the_start_is_refused_at_the_tap(harness: Harness) -> None:
    """«Не смогу» under the invitation five minutes after the meeting began: `on_rsvp` checks
    the status and the version but not the start, so it asks «Почему не получится?» — and only
    after the reason is typed says the meeting has started. It should say so at once."""
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        await create_for_teen(harness, w)
        await harness.sender.drain()
    invitation = invitation_of(harness, TEEN)
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        seen = len(harness.fake.bot_messages(TEEN))
        await harness.press(TEEN, "Не смогу", invitation)
        answer = harness.last_answer()
    assert answer["show_alert"] and "началась" in str(answer["text"])
    assert not any("Почему не получится" in text for text in said_since(harness, TEEN, seen))


async def test_an_answer_on_a_meeting_screen_left_open_before_a_move_is_not_taken_for_the_new_time(
    harness: Harness,
) -> None:
    """The teen opens the meeting on Thursday 15:00 in /meetings; the mentor moves it to
    Friday; the teen taps «Приду» on the screen still showing Thursday. `on_answer` passes no
    version (the invitation's buttons do), so the «yes» is recorded for Friday, a time the teen
    never saw."""
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        meeting_id = await create_for_teen(harness, w)
        await harness.sender.drain()
        listing = await harness.send(TEEN, "/meetings")
        card = await harness.press(TEEN, "03.12 15:00", listing)
        assert "чт, 3 декабря, 15:00" in card.text_or_empty()
        moved = await meetings.move(
            harness.sessions,
            meeting_id,
            by=w.mentor,
            version=1,
            starts_at=START + timedelta(days=1),
            zone=MOSCOW,
        )
        assert moved.outcome is Outcome.DONE
        await harness.sender.drain()
        await harness.press(TEEN, "Приду", card)
    async with harness.sessions() as session:
        assert list(await session.scalars(select(MeetingInvite.answer))) == [None]


async def test_an_invitee_of_a_pair_that_ended_cannot_answer_its_meeting(
    harness: Harness,
) -> None:
    """The curator ends the pair; the meeting set for it stays «planned» (nothing cancels it),
    and the teen's «Приду» under the invitation is taken: «Отлично, ждём вас!», the answer
    recorded, the meeting still listed as upcoming to both sides."""
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        await create_for_teen(harness, w)
        await harness.sender.drain()
        invitation = invitation_of(harness, TEEN)
        assert (
            await pairs.end(harness.sessions, w.teen_pair, by=CURATOR_ID, reason="Переезд")
        ).value == "done"
        await harness.sender.drain()
        await harness.press(TEEN, "Приду", invitation)
        assert harness.last_answer()["show_alert"]
    async with harness.sessions() as session:
        assert list(await session.scalars(select(MeetingInvite.answer))) == [None]


# ---- forged data ---------------------------------------------------------------------------


async def test_a_forged_proposal_button_with_non_ascii_digits_is_refused(
    harness: Harness,
) -> None:
    """`mp:²:a` under an old message: `meeting_proposals.parse_callback` uses `str.isdigit`,
    which passes «²», then `int("²")` raises; the update fails and the person gets «Что-то
    пошло не так» instead of the short «this button no longer works» (`mt:²:1:y` gets that)."""
    await world(harness)
    with time_machine.travel(NOW, tick=False):
        await harness.send(MENTOR, "/meetings")
        seen = len(harness.fake.bot_messages(MENTOR))
        for data in ("mp:²:a", "mp:²:d"):
            press_under_old_message(harness, MENTOR, data)
            await harness.deliver()
            assert harness.last_answer()["show_alert"], data
    assert not any(SOMETHING_WRONG in text for text in said_since(harness, MENTOR, seen))


async def test_a_forged_term_button_with_non_ascii_digits_is_refused(harness: Harness) -> None:
    """`term:²:final` under an old message: the term button's parser lets «²» through to
    `int`, which raises; the update fails with «Что-то пошло не так» instead of a short
    alert."""
    await world(harness)
    with time_machine.travel(NOW, tick=False):
        await harness.send(MENTOR, "/meetings")
        seen = len(harness.fake.bot_messages(MENTOR))
        press_under_old_message(harness, MENTOR, "term:²:final")
        await harness.deliver()
        assert harness.last_answer()["show_alert"]
    assert not any(SOMETHING_WRONG in text for text in said_since(harness, MENTOR, seen))


async def test_forged_calendar_data_is_refused_without_an_error(harness: Harness) -> None:
    """The calendar's own data replayed under an old message with a day, month or year that
    does not exist (a huge number, «²», MONTH13, YEAR99999): `SchoolCalendar` and the stock
    calendar turn it into a date unchecked (OverflowError, ValueError), the update fails, and
    the mentor gets «Что-то пошло не так» for each."""
    await world(harness)
    with time_machine.travel(NOW, tick=False):
        await harness.send(MENTOR, "/meetings")
        await harness.press(MENTOR, "Назначить встречу")
        await harness.press(MENTOR, "Петров П.")
        screen = await harness.press(MENTOR, "Рабочая")
        day = next(b for b in screen.buttons() if b.get("text") == "3")["callback_data"]
        head = day.rpartition(":")[0]
        seen = len(harness.fake.bot_messages(MENTOR))
        for forged in ("99999999999999", "²", "MONTH13", "YEAR99999", "1" * 40):
            press_under_old_message(harness, MENTOR, f"{head}:{forged}")
            await harness.deliver()
            assert harness.last_answer()["show_alert"], forged
    assert not any(SOMETHING_WRONG in text for text in said_since(harness, MENTOR, seen))


# ---- an update handled again ---------------------------------------------------------------


# ---- a withdrawal --------------------------------------------------------------------------


async def test_a_mentees_withdrawal_blanks_the_agenda_of_their_group_meetings(
    harness: Harness,
) -> None:
    """The mentor's group meeting has the agenda «Проект Пети Петрова»; the teen withdraws.
    `privacy._erase` blanks the agenda only of the person's own pairs' meetings (and blanks the
    notes of group meetings, for this very reason), so the group meeting's agenda that names
    the teen stays."""
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        await meetings.create(
            harness.sessions,
            by=w.mentor,
            pair_id=None,
            starts_at=START,
            place="Кабинет 12",
            agenda="Проект Пети Петрова",
            zone=MOSCOW,
        )
        gone = await privacy.withdraw(
            harness.sessions, w.teen, consent_version(harness.translations)
        )
    assert gone is not None
    async with harness.sessions() as session:
        meeting = await session.scalar(select(Meeting))
    assert meeting is not None and meeting.agenda is None


async def test_a_mentors_withdrawal_blanks_the_place_they_typed(harness: Harness) -> None:
    """The mentor typed the place «У Соколовой И. дома, ул. Ленина 5» and withdraws: the agenda
    and the notes go, but the place (and a link) they typed stay in `meetings`."""
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        await meetings.create(
            harness.sessions,
            by=w.mentor,
            pair_id=w.teen_pair,
            starts_at=START,
            place="У Соколовой И. дома, ул. Ленина 5",
            zone=MOSCOW,
        )
        async with harness.sessions.begin() as session:
            session.add(
                Consent(
                    person_id=w.mentor,
                    status="given",
                    kind="self",
                    text_version=consent_version(harness.translations),
                    at=NOW,
                )
            )
        gone = await privacy.withdraw(
            harness.sessions, w.mentor, consent_version(harness.translations)
        )
    assert gone is not None
    async with harness.sessions() as session:
        meeting = await session.scalar(select(Meeting))
    assert meeting is not None
    assert meeting.place is None or "Соколов" not in meeting.place
