"""/meetings through the real Dispatcher and the fake Telegram: a mentor sets a meeting in a few
taps (the calendar, a time button), the invitees answer from the invitation, the mentor moves
and cancels it from its screen; a mentee proposes a time and the mentor accepts it. Forged,
double and late taps change nothing and say so."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine
from sqlalchemy import func, select, update

from bot.db.models import Consent, Meeting, MeetingInvite, MeetingProposal, Pair
from bot.i18n import consent_version
from bot.services import meetings, plan, privacy
from bot.services.meetings import Outcome
from tests.fake_telegram.core import Message
from tests.harness import Harness
from tests.test_meetings_service import CHILD, MENTOR, MOSCOW, OTHER_MENTOR, TEEN, World, world

# Monday 30 November 2026, 12:00 in Moscow.
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def exact(message: Message, text: str) -> dict[str, Any]:
    """The button whose label is exactly `text` (a day of the calendar: «3», not «13»)."""
    found = [b for b in message.buttons() if b.get("text") == text]
    assert found, f"no button {text!r} in {[b.get('text') for b in message.buttons()]}"
    return found[0]


async def press_exact(harness: Harness, user: int, message: Message, text: str) -> Message:
    await harness.press_data(user, message, exact(message, text)["callback_data"])
    return harness.fake.last_bot_message(user)


async def meetings_count(harness: Harness) -> int:
    async with harness.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(Meeting)) or 0)


async def set_meeting_for_teen(harness: Harness) -> Message:
    """The mentor's taps from /meetings to «Создать»: Thursday 3 December, 15:00, room 214."""
    screen = await harness.send(MENTOR, "/meetings")
    assert "Впереди встреч пока нет. Назначьте встречу" in screen.text_or_empty()
    screen = await harness.press(MENTOR, "Назначить встречу")
    assert "С кем встреча?" in screen.text_or_empty()
    assert any("Со всей группой" in str(b.get("text")) for b in screen.buttons())
    screen = await harness.press(MENTOR, "Петров П.")
    assert "Какая это встреча?" in screen.text_or_empty()
    screen = await harness.press(MENTOR, "Знакомство")
    assert "В какой день?" in screen.text_or_empty()
    labels = [str(b.get("text")) for b in screen.buttons()]
    assert "🗓 ноябрь 2026" in labels and "пн" in labels and "[30]" in labels  # in Russian
    assert "29" not in labels  # a day gone by is not offered
    for button in screen.buttons():  # what Telegram takes: no empty label, no empty data
        assert str(button.get("text")).strip()
        assert 1 <= len(str(button.get("callback_data", "x")).encode()) <= 64
    screen = await press_exact(harness, MENTOR, screen, "3")
    assert "Во сколько, чт, 3 декабря?" in screen.text_or_empty()
    screen = await press_exact(harness, MENTOR, screen, "15:00")
    assert "Где пройдёт встреча?" in screen.text_or_empty()
    screen = await harness.press(MENTOR, "Очно")
    screen = await harness.send(MENTOR, "Кабинет 214")
    assert "О чём поговорите?" in screen.text_or_empty()
    screen = await harness.press(MENTOR, "Без повестки")
    text = screen.text_or_empty()
    assert "Проверьте встречу" in text and "Знакомство, Петров П." in text
    assert "чт, 3 декабря, 15:00" in text and "Кабинет 214" in text
    return screen


async def test_a_mentor_sets_a_meeting_in_a_few_taps_and_the_teen_is_invited(
    harness: Harness,
) -> None:
    await world(harness)
    with time_machine.travel(NOW, tick=False):
        summary = await set_meeting_for_teen(harness)
        create = summary.button("Создать")["callback_data"]
        created = await harness.press(MENTOR, "Создать")
        assert "Встреча назначена" in created.text_or_empty()
        assert "Петров Пётр — ответа пока нет" in created.text_or_empty()
        # A second tap on «Создать» (the summary as it was) sets no second meeting.
        await harness.press_data(MENTOR, summary, create)
    assert await meetings_count(harness) == 1
    [invitation] = [
        m for m in harness.fake.bot_messages(TEEN) if "приглашает вас" in m.text_or_empty()
    ]
    assert "Знакомство" in invitation.text_or_empty()
    assert "чт, 3 декабря, 15:00" in invitation.text_or_empty()
    assert not [m for m in harness.fake.bot_messages(CHILD) if "приглашает" in m.text_or_empty()]


async def test_typed_dates_and_times_are_forgiving_and_bad_ones_are_explained(
    harness: Harness,
) -> None:
    await world(harness)
    with time_machine.travel(NOW, tick=False):
        await harness.send(MENTOR, "/meetings")
        await harness.press(MENTOR, "Назначить встречу")
        await harness.press(MENTOR, "Петров П.")
        await harness.press(MENTOR, "Рабочая")
        said = await harness.send(MENTOR, "31.02.2027")
        assert "Не получилось понять дату" in harness.fake.bot_messages(MENTOR)[-2].text_or_empty()
        assert "В какой день?" in said.text_or_empty()  # the screen again, below the hint
        await harness.send(MENTOR, "01.09.2026")
        assert "уже прошло" in harness.fake.bot_messages(MENTOR)[-2].text_or_empty()
        screen = await harness.send(MENTOR, "25.12")
        assert "Во сколько, пт, 25 декабря?" in screen.text_or_empty()
        await harness.send(MENTOR, "25:00")
        assert "Не получилось понять время" in harness.fake.bot_messages(MENTOR)[-2].text_or_empty()
        screen = await harness.send(MENTOR, "15-30")
        assert "Где пройдёт встреча?" in screen.text_or_empty()
        await harness.press(MENTOR, "Онлайн")
        await harness.send(MENTOR, "zoom точка ру")
        assert "не похоже на ссылку" in harness.fake.bot_messages(MENTOR)[-2].text_or_empty()
        await harness.send(MENTOR, "x" * 5000)
        assert "не похоже на ссылку" in harness.fake.bot_messages(MENTOR)[-2].text_or_empty()
        screen = await harness.send(MENTOR, "https://telemost.yandex.ru/j/123")
        assert "О чём поговорите?" in screen.text_or_empty()
        screen = await harness.send(MENTOR, "Планы на <четверть> & цели")
        assert "пт, 25 декабря, 15:30" in screen.text_or_empty()
        assert "Планы на <четверть> & цели" in screen.text_or_empty()  # escaped, so shown
    assert await meetings_count(harness) == 0  # nothing is set before «Создать»


async def test_a_day_and_time_typed_together_skip_the_time_screen(harness: Harness) -> None:
    await world(harness)
    with time_machine.travel(NOW, tick=False):
        await harness.send(MENTOR, "/meetings")
        await harness.press(MENTOR, "Назначить встречу")
        await harness.press(MENTOR, "Со всей группой")
        await harness.press(MENTOR, "Планирование")
        screen = await harness.send(MENTOR, "завтра в 16:00")
        assert "Где пройдёт встреча?" in screen.text_or_empty()
        await harness.press(MENTOR, "Очно")
        await harness.send(MENTOR, "Библиотека")
        screen = await harness.press(MENTOR, "Без повестки")
        assert "Планирование, вся группа" in screen.text_or_empty()
        assert "вт, 1 декабря, 16:00" in screen.text_or_empty()
        await harness.press(MENTOR, "Создать")
    async with harness.sessions() as session:
        invited = set(await session.scalars(select(MeetingInvite.person_id)))
    assert len(invited) == 2


async def test_the_teen_answers_from_the_invitation_with_a_reason_and_the_mentor_sees_it(
    harness: Harness,
) -> None:
    await world(harness)
    with time_machine.travel(NOW, tick=False):
        await set_meeting_for_teen(harness)
        await harness.press(MENTOR, "Создать")
        [invitation] = [
            m for m in harness.fake.bot_messages(TEEN) if "приглашает вас" in m.text_or_empty()
        ]
        yes = invitation.button("Приду")["callback_data"]
        asked = await harness.press(TEEN, "Не смогу", invitation)
        assert "Почему не получится?" in asked.text_or_empty()
        done = await harness.send(TEEN, "Олимпиада по физике")
        assert "передадим наставнику" in done.text_or_empty()
        told = [
            m.text_or_empty()
            for m in harness.fake.bot_messages(MENTOR)
            if "не сможет прийти" in m.text_or_empty()
        ]
        assert told and "Олимпиада по физике" in told[-1]
        # «Приду» after all: taken, and said in a short answer.
        await harness.press_data(TEEN, invitation, yes)
        assert harness.last_answer()["show_alert"]  # the invitation's buttons are gone
        screen = await harness.send(TEEN, "/meetings")
        assert "вы не сможете" in screen.text_or_empty()
        screen = await harness.press(TEEN, "03.12 15:00")
        screen = await harness.press(TEEN, "Приду")
        assert "ждём вас" in screen.text_or_empty()
        screen = await harness.send(MENTOR, "/meetings")
        assert "придут 1 из 1" in screen.text_or_empty()


async def test_forged_taps_on_meetings_change_nothing(harness: Harness) -> None:
    w: World = await world(harness)
    with time_machine.travel(NOW, tick=False):
        await set_meeting_for_teen(harness)
        await harness.press(MENTOR, "Создать")
        async with harness.sessions() as session:
            meeting_id = int(await session.scalar(select(Meeting.id)) or 0)
        # Another mentor forges the teen's answer, and a mentee of another pair does too.
        harness.fake.add_user(OTHER_MENTOR, "Кирилл", has_chat=True)
        probe = await harness.send(OTHER_MENTOR, "/meetings")
        await harness.press_data(OTHER_MENTOR, probe, f"mt:{meeting_id}:1:y")
        assert harness.last_answer()["show_alert"]
        probe = await harness.send(CHILD, "/meetings")
        await harness.press_data(CHILD, probe, f"mt:{meeting_id}:1:n")
        assert harness.last_answer()["show_alert"]
        await harness.press_data(CHILD, probe, "mt:99999999999999999999:1:y")
        assert harness.last_answer()["show_alert"]
        # The mentee cannot open a move of the meeting.
        await harness.press_data(TEEN, probe, f"mp:{meeting_id}:a")
        assert harness.last_answer()["show_alert"]
    async with harness.sessions() as session:
        answers = list(await session.scalars(select(MeetingInvite.answer)))
    assert answers == [None]
    assert w.teen_pair > 0


async def test_the_mentor_moves_then_cancels_from_the_meeting_screen(harness: Harness) -> None:
    await world(harness)
    with time_machine.travel(NOW, tick=False):
        await set_meeting_for_teen(harness)
        screen = await harness.press(MENTOR, "Создать")
        [invitation] = [
            m for m in harness.fake.bot_messages(TEEN) if "приглашает вас" in m.text_or_empty()
        ]
        screen = await harness.press(MENTOR, "Перенести")
        assert "В какой день?" in screen.text_or_empty()
        screen = await press_exact(harness, MENTOR, screen, "4")
        screen = await press_exact(harness, MENTOR, screen, "16:00")
        text = screen.text_or_empty()
        assert "Было: чт, 3 декабря, 15:00" in text and "Станет: пт, 4 декабря, 16:00" in text
        moved_summary, again = screen, screen.button("Перенести")["callback_data"]
        screen = await harness.press(MENTOR, "Перенести")
        assert "Встреча перенесена" in screen.text_or_empty()
        assert "пт, 4 декабря, 16:00" in screen.text_or_empty()
        moved = [m for m in harness.fake.bot_messages(TEEN) if "перенесена" in m.text_or_empty()]
        assert len(moved) == 1
        # «Приду» under the first invitation does not answer for the new time.
        await harness.press(TEEN, "Приду", invitation)
        assert harness.last_answer()["show_alert"]
        assert "перенесли" in harness.last_answer()["text"]
        async with harness.sessions() as session:
            assert list(await session.scalars(select(MeetingInvite.answer))) == [None]
        # The move's summary tapped again: the meeting moved already, nothing moves twice.
        await harness.press_data(MENTOR, moved_summary, again)
        assert (
            len([m for m in harness.fake.bot_messages(TEEN) if "перенесена" in m.text_or_empty()])
            == 1
        )
        screen = await harness.press(MENTOR, "Отменить")
        assert "Отменить встречу?" in screen.text_or_empty()
        screen = await harness.press(MENTOR, "Да, отменить")
        assert "Встреча отменена" in screen.text_or_empty()
        assert [m for m in harness.fake.bot_messages(TEEN) if "отменена" in m.text_or_empty()]
    async with harness.sessions() as session:
        meeting = await session.scalar(select(Meeting))
    assert meeting is not None and meeting.status == "cancelled"
    assert meeting.starts_at == datetime(2026, 12, 4, 13, 0, tzinfo=UTC)


async def test_a_mentee_proposes_a_time_and_the_mentor_accepts_it(harness: Harness) -> None:
    await world(harness)
    with time_machine.travel(NOW, tick=False):
        screen = await harness.send(TEEN, "/meetings")
        assert "Назначить" not in str(screen.buttons())
        await harness.press(TEEN, "Предложить время")
        await harness.send(TEEN, "в пятницу в 14:30")
        screen = await harness.send(TEEN, "Хочу обсудить проект")
        assert "Предложить встречу наставнику?" in screen.text_or_empty()
        screen = await harness.press(TEEN, "Отправить")
        assert "Предложение отправлено" in screen.text_or_empty()
        [offer] = [
            m for m in harness.fake.bot_messages(MENTOR) if "предлагает" in m.text_or_empty()
        ]
        assert "Петров Пётр предлагает встретиться: пт, 4 декабря, 14:30" in offer.text_or_empty()
        accept, decline = (offer.button(x)["callback_data"] for x in ("Принять", "Отклонить"))
        screen = await harness.press(MENTOR, "Принять", offer)
        assert "Какая это встреча?" in screen.text_or_empty()
        await harness.press(MENTOR, "Рабочая")
        await harness.press(MENTOR, "Очно")
        await harness.send(MENTOR, "Кабинет 5")
        screen = await harness.press(MENTOR, "Без повестки")
        assert "пт, 4 декабря, 14:30" in screen.text_or_empty()
        await harness.press(MENTOR, "Создать")
        # The offer again: answered already.
        for data in (accept, decline):  # the offer's buttons, tapped again
            await harness.press_data(MENTOR, offer, data)
            assert harness.last_answer()["show_alert"]
    async with harness.sessions() as session:
        proposal = await session.scalar(select(MeetingProposal))
        meeting = await session.scalar(select(Meeting))
    assert proposal is not None and proposal.status == "accepted"
    assert meeting is not None and proposal.meeting_id == meeting.id
    assert meeting.starts_at == NOW + timedelta(days=4, hours=2, minutes=30)


async def test_a_declined_proposal_is_told_to_the_mentee(harness: Harness) -> None:
    await world(harness)
    with time_machine.travel(NOW, tick=False):
        await harness.send(TEEN, "/meetings")
        await harness.press(TEEN, "Предложить время")
        await harness.send(TEEN, "02.12 в 17:00")
        await harness.press(TEEN, "Без комментария")
        await harness.press(TEEN, "Отправить")
        [offer] = [
            m for m in harness.fake.bot_messages(MENTOR) if "предлагает" in m.text_or_empty()
        ]
        await harness.press(MENTOR, "Отклонить", offer)
        await harness.press(MENTOR, "Отклонить", offer)
        assert "уже ответили" in harness.last_answer()["text"]
    told = [
        m for m in harness.fake.bot_messages(TEEN) if "не сможет встретиться" in m.text_or_empty()
    ]
    assert len(told) == 1 and "ср, 2 декабря, 17:00" in told[0].text_or_empty()


async def test_a_withdrawal_takes_the_times_proposed_in_the_pair_and_their_notes(
    harness: Harness,
) -> None:
    """The mentor withdraws: the teen's note may name them, so the proposals of the pair go."""
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        await harness.send(TEEN, "/meetings")
        await harness.press(TEEN, "Предложить время")
        await harness.send(TEEN, "02.12 в 17:00")
        await harness.send(TEEN, "Ирина Сергеевна, можно с другом?")
        await harness.press(TEEN, "Отправить")
        async with harness.sessions.begin() as session:
            assert await session.scalar(select(func.count()).select_from(MeetingProposal)) == 1
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
        assert await session.scalar(select(func.count()).select_from(MeetingProposal)) == 0


async def test_the_download_of_my_data_has_my_meetings_proposals_and_plan(
    harness: Harness,
) -> None:
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        await harness.send(TEEN, "/meetings")
        await harness.press(TEEN, "Предложить время")
        await harness.send(TEEN, "02.12 в 17:00")
        await harness.send(TEEN, "Можно после физики?")
        await harness.press(TEEN, "Отправить")
        await set_meeting_for_teen(harness)
        await harness.press(MENTOR, "Создать")
        added = await plan.add(
            harness.sessions,
            by=w.mentor,
            pair_id=w.teen_pair,
            title="Прочитать главу о проектах",
            due=None,
            zone=MOSCOW,
        )
        assert added is not None
        mine = await privacy.export(harness.sessions, w.teen)
    assert mine is not None
    [met] = mine["meetings"]
    assert met["kind"] == "intro" and met["place"] == "Кабинет 214" and not met["led_by_me"]
    assert [p["note"] for p in mine["times_proposed"]] == ["Можно после физики?"]
    assert [t["title"] for t in mine["plan_tasks"]] == ["Прочитать главу о проектах"]


async def test_of_a_group_only_the_mentee_whose_pair_ended_cannot_answer(harness: Harness) -> None:
    """A group meeting of two mentees; the teen's pair ends: the teen's answer is refused, the
    child's (whose pair works) is taken."""
    w = await world(harness)
    with time_machine.travel(NOW, tick=False):
        made = await meetings.create(
            harness.sessions,
            by=w.mentor,
            pair_id=None,
            starts_at=NOW + timedelta(days=3),
            place="Актовый зал",
            zone=MOSCOW,
        )
        assert made.meeting_id is not None
        async with harness.sessions.begin() as session:
            await session.execute(
                update(Pair).where(Pair.id == w.teen_pair).values(status="ended", ended_at=NOW)
            )
        teen = await meetings.answer(
            harness.sessions, made.meeting_id, w.teen, yes=True, zone=MOSCOW
        )
        child = await meetings.answer(
            harness.sessions, made.meeting_id, w.child, yes=True, zone=MOSCOW
        )
        ahead = await meetings.upcoming(harness.sessions, w.teen)
    assert teen.outcome is Outcome.PAIR_ENDED and child.outcome is Outcome.DONE
    assert ahead.total == 0
