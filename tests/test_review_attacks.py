"""A hostile review of issue 11 (pairs, agreements, the outbox, update handling): each test
is a defect a real person meets, and fails until it is fixed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any, cast

from aiogram_dialog import DialogManager
from sqlalchemy import delete, func, insert, select, update

from bot.db.models import (
    Agreement,
    Event,
    FsmRecord,
    OutboxMessage,
    Pair,
    Person,
    SeenUpdate,
    utcnow,
)
from bot.dialogs.match.getters import done_getter
from bot.domain.roles import Role
from bot.factory import create_sender
from bot.i18n import consent_version
from bot.questionnaires.loader import load_catalog
from bot.services import agreements, curators, notify, outbox, proposals
from bot.services.agreements import Answered
from bot.services.curators import CuratorChange
from bot.services.notify import Name
from bot.services.pairs import Refusal
from bot.telegram.outbox_sender import OutboxSender
from bot.telegram.polling import Poller
from bot.telegram.text import MESSAGE_LIMIT, utf16_length
from tests.conftest import CURATOR_ID
from tests.flows import (
    approve_all,
    child_asks_for_parent_link,
    mentee_signs_up,
    mentor_signs_up,
    teacher_mentee_signs_up,
    teacher_mentor_signs_up,
)
from tests.harness import Harness, settle

CHILD, PARENT, MENTOR, TEEN, MENTEE = 9901, 9902, 9903, 9904, 9905
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64

# ---- helpers -------------------------------------------------------------------------------


async def count(harness: Harness, model: Any, *where: Any) -> int:
    async with harness.sessions() as session:
        found = await session.scalar(select(func.count()).select_from(model).where(*where))
    return int(found or 0)


async def _dialog_state(harness: Harness) -> list[dict[str, Any]]:
    async with harness.sessions() as session:
        rows = (await session.execute(select(FsmRecord.__table__))).mappings().all()
    return [dict(row) for row in rows]


async def killed_and_handled_again(harness: Harness, sent: dict[str, Any]) -> Harness:
    """The update `sent` is handled; its use case commits, and the process is killed before
    the dialog state and the mark "handled" are written (they go in one transaction at the
    end). After the restart a new boot, with nothing in memory, gets the update again from
    Telegram. Returns the restarted bot."""
    before = await _dialog_state(harness)
    await harness.deliver()
    async with harness.sessions.begin() as session:
        await session.execute(delete(FsmRecord))
        if before:
            await session.execute(insert(FsmRecord), before)
        await session.execute(
            update(SeenUpdate)
            .where(SeenUpdate.update_id == sent["update_id"])
            .values(handled_at=None, boot="killed-boot")
        )
    restarted = Harness.build(
        fake=harness.fake,
        settings=harness.settings,
        engine=harness.engine,
        translations=harness.translations,
        catalog=load_catalog(harness.translations),
    )
    refused = len(harness.fake.refusals)
    await restarted.dispatcher.feed_raw_update(restarted.bot, sent)
    await settle()
    await restarted.sender.drain()
    await restarted.bot.session.close()
    # Handled again, the update repeats the edits the killed process had made before it died
    # (the keyboard off the message before, the screen it had shown), which Telegram refuses
    # as "not modified" and aiogram-dialog ignores (see the kill test).
    harness.fake.refusals[refused:] = [
        r for r in harness.fake.refusals[refused:] if "message is not modified" not in r[1]
    ]
    return restarted


# ---- an update handled again after a kill --------------------------------------------------


async def test_an_event_is_created_once_when_its_last_answer_is_handled_again(
    harness: Harness,
) -> None:
    """The curator types the place of a new event; the bot saves the event and is killed before
    it writes the dialog's state. After the restart Telegram sends the place again, and the bot
    creates a second, identical event: /event lists the networking session twice, with two
    different check-in QR codes; the hall checks in at one, the curator closes the other."""
    fake = harness.fake
    fake.add_user(CURATOR_ID, "Ольга")
    await harness.send(CURATOR_ID, "/event")
    await harness.press(CURATOR_ID, "Новая встреча")
    await harness.send(CURATOR_ID, "Нетворкинг 7 классы")
    await harness.send(CURATOR_ID, "05.12.2030 15:00")
    place = fake.user_message(CURATOR_ID, "Актовый зал")
    await killed_and_handled_again(harness, place)
    assert await count(harness, Event) == 1


async def test_a_parents_consent_handled_again_does_not_tell_them_someone_else_answered(
    harness: Harness,
) -> None:
    """A mother types her full name to consent for her 12-year-old; the consent is saved and
    the bot is killed before it writes the dialog's state. After the restart her message is
    handled again, and she reads «По этой ссылке уже ответили» — as if someone else had
    answered for her child — instead of her thanks."""
    fake = harness.fake
    fake.add_user(CHILD, "Петя")
    fake.add_user(PARENT, "Мария")
    link = await child_asks_for_parent_link(harness, CHILD)
    await harness.send(PARENT, f"/start {link}")
    await harness.press(PARENT, "Даю согласие")
    name = fake.user_message(PARENT, "Петрова Мария Ивановна")
    await killed_and_handled_again(harness, name)
    last = fake.last_bot_message(PARENT).text_or_empty()
    assert "уже ответили" not in last
    assert "Согласие получено" in last


def links_sent(harness: Harness, user: int) -> list[str]:
    """The agreement links for a parent the bot sent this person, oldest first."""
    return [
        m.text_or_empty().split("?start=", 1)[1].split()[0]
        for m in harness.fake.bot_messages(user)
        if "?start=a_" in m.text_or_empty()
    ]


async def teenager_waits_for_a_parent(harness: Harness) -> None:
    """An adult mentor and a 15-year-old who consented alone: the curator approves the pair,
    and the teenager gets a link for a parent to accept the agreement."""
    for user, name in ((CURATOR_ID, "Ольга"), (MENTOR, "Игорь"), (TEEN, "Саша")):
        harness.fake.add_user(user, name)
    await mentor_signs_up(harness, MENTOR, "Смирнов Игорь")
    await mentee_signs_up(harness, TEEN, "Петров Саша")
    await harness.send(CURATOR_ID, "/match")
    await approve_all(harness)
    assert len(links_sent(harness, TEEN)) == 1


async def adult_pair_waiting(harness: Harness) -> None:
    """A teacher-mentor and a young teacher (an adult: signs for herself), paired by the
    curator and waiting for the agreement."""
    for user, name in ((CURATOR_ID, "Ольга"), (MENTOR, "Ирина"), (MENTEE, "Павла")):
        harness.fake.add_user(user, name)
    await teacher_mentor_signs_up(harness, MENTOR, "Соколова Ирина")
    await teacher_mentee_signs_up(harness, MENTEE, "Павлова Павла")
    await harness.send(CURATOR_ID, "/match")
    await approve_all(harness)


# ---- a double tap -------------------------------------------------------------------------


async def test_a_double_tap_on_new_parent_link_leaves_a_link_that_works(harness: Harness) -> None:
    """A teenager taps «Новая ссылка для родителя» in /pair twice (a slow phone). Two links
    arrive; the second tap killed the first. They forward the first to their mother, who reads
    «Такой ссылки нет» — a double tap must not break the link it has just sent. (The second
    tap also edits the screen to exactly what it shows, which Telegram refuses.)"""
    fake = harness.fake
    await teenager_waits_for_a_parent(harness)
    screen = await harness.send(TEEN, "/pair")
    data = screen.button("Новая ссылка для родителя")["callback_data"]
    fake.press(TEEN, screen, data)
    fake.press(TEEN, screen, data)
    await harness.deliver()
    pointless = fake.pointless_edits()
    fake.refusals.clear()  # reported here, not again by the fixture
    first_of_the_taps = links_sent(harness, TEEN)[1]
    fake.add_user(PARENT, "Мама")
    offer = await harness.send(PARENT, f"/start {first_of_the_taps}")
    assert "Такой ссылки нет" not in offer.text_or_empty()
    assert "для вашего ребёнка — Петров Саша." in offer.text_or_empty()
    assert pointless == []


# ---- the outbox: a message held while Telegram is down ------------------------------------


def outbox_sender(harness: Harness, **options: Any) -> OutboxSender:
    """The bot's outbox sender with its clocks in the test's hands."""
    options.setdefault("rate_per_s", 1000)
    options.setdefault("chat_rate_per_s", 1000)
    options.setdefault("retry_base", 0.05)
    return create_sender(
        harness.settings, harness.sessions, harness.bot, harness.translations, **options
    )


async def somebody(harness: Harness, telegram_id: int, full_name: str) -> Person:
    harness.fake.add_user(telegram_id, full_name.rsplit(maxsplit=1)[-1], has_chat=True)
    async with harness.sessions.begin() as session:
        now = utcnow()
        found = Person(
            telegram_id=telegram_id,
            first_seen_at=now,
            last_seen_at=now,
            locale="ru",
            full_name=full_name,
        )
        session.add(found)
    return found


async def test_a_quiet_reminder_retried_through_the_night_waits_for_the_morning(
    harness: Harness,
) -> None:
    """At 20:59 (Moscow) a reminder for a 13-year-old is claimed; Telegram answers 502 (or the
    school's internet drops). The sender keeps the message and retries it; by the time Telegram
    is back it is 23:30, and the reminder buzzes the child's phone at night. Quiet hours must
    hold when the message finally goes, however long the retries took."""
    evening = datetime(2026, 12, 3, 17, 59, tzinfo=UTC)  # 20:59 in Moscow
    night = datetime(2026, 12, 3, 20, 30, tzinfo=UTC)  # 23:30 in Moscow
    clock = [evening]
    child = await somebody(harness, CHILD, "Петров Петя")
    async with harness.sessions.begin() as session:
        await notify.tell(
            session,
            child,
            "qn-reminder-first",
            kind="reminder",
            quiet=True,
            title=notify.Label("qn-title-intake_student"),
        )
    harness.fake.fail("sendMessage", 502, "Bad Gateway")

    async def sleep(seconds: float) -> None:
        if seconds >= 0.04:  # the pause before a retry: Telegram is back late in the evening
            clock[0] = night
        await asyncio.sleep(min(seconds, 0.05))

    await outbox_sender(harness, now=lambda: clock[0], sleep=sleep).drain()
    assert harness.fake.bot_messages(CHILD) == []
    async with harness.sessions() as session:
        row = await session.scalar(select(OutboxMessage))
    assert row is not None and row.sent_at is None
    assert row.not_before == datetime(2026, 12, 4, 6, 0, tzinfo=UTC)  # 09:00 in Moscow


async def test_a_message_retried_after_a_withdrawal_does_not_name_the_person_who_left(
    harness: Harness,
) -> None:
    """The mentor is to hear that the pair with Волков Даниил has started. Telegram
    answers 502; while the sender waits to retry, Даниил withdraws his consent (his name must
    go from every stored message). The retry sends the text rendered before the withdrawal:
    his name reaches the mentor after he asked to be erased."""
    mentor = await somebody(harness, MENTOR, "Лебедев Андрей")
    mentee = await somebody(harness, TEEN, "Волков Даниил")
    async with harness.sessions.begin() as session:
        await notify.tell(session, mentor, "pair-active", kind="pair", partner=Name(mentee.id))
    harness.fake.fail("sendMessage", 502, "Bad Gateway")
    withdrawn = asyncio.Event()

    async def sleep(seconds: float) -> None:
        if seconds >= 0.04 and not withdrawn.is_set():  # while the retry waits
            async with harness.sessions.begin() as session:
                await outbox.forget(session, mentee.id, mentee.telegram_id)
                await session.execute(
                    update(Person).where(Person.id == mentee.id).values(full_name=None)
                )
            withdrawn.set()
        await asyncio.sleep(min(seconds, 0.05))

    await outbox_sender(harness, sleep=sleep).drain()
    assert withdrawn.is_set()
    sent = " ".join(m.text_or_empty() for m in harness.fake.bot_messages(MENTOR))
    assert "Волков" not in sent


# ---- /match: a proposal gone stale ---------------------------------------------------------


async def person_ids(harness: Harness, *telegram_ids: int) -> list[int]:
    async with harness.sessions() as session:
        found = {
            p.telegram_id: p.id
            for p in await session.scalars(
                select(Person).where(Person.telegram_id.in_(telegram_ids))
            )
        }
    return [found[t] for t in telegram_ids]


async def test_a_mentee_whose_approved_pair_was_refused_hears_they_stay_in_the_search(
    harness: Harness,
) -> None:
    """The curator opens /match: Соколова Ирина (two places) for Павел and for Нина. Before she
    approves, a colleague pairs Ирина by hand with a newcomer, Олег. «Утвердить все» makes
    Павел's pair; Нина's is refused (no place left). Nobody tells Нина anything: she waits for
    a mentor who will never write, while those the proposal left out are told kindly."""
    fake = harness.fake
    mentor, pavel, nina, oleg = 9911, 9912, 9913, 9914
    for user, name in (
        (CURATOR_ID, "Ольга"),
        (mentor, "Ирина"),
        (pavel, "Павел"),
        (nina, "Нина"),
        (oleg, "Олег"),
    ):
        fake.add_user(user, name)
    await teacher_mentor_signs_up(harness, mentor, "Соколова Ирина")
    await teacher_mentee_signs_up(harness, pavel, "Павлов Павел")
    await teacher_mentee_signs_up(harness, nina, "Нинина Нина")
    proposal = await harness.send(CURATOR_ID, "/match")
    assert "2 пары для 2 наставляемых" in proposal.text_or_empty()
    await teacher_mentee_signs_up(harness, oleg, "Олегов Олег")
    mentor_id, oleg_id = await person_ids(harness, mentor, oleg)
    by_hand = await proposals.approve(
        harness.sessions,
        consent_version(harness.translations),
        [(mentor_id, oleg_id, ["by_hand"])],
        by=CURATOR_ID,
        link_base="https://t.me/mentor_bot?start=",
    )
    assert len(by_hand.made) == 1
    await approve_all(harness, proposal)
    assert "у наставника не осталось мест" in fake.last_bot_message(CURATOR_ID).text_or_empty()
    async with harness.sessions() as session:
        paired = set(await session.scalars(select(Pair.mentee_id)))
    pavel_id, nina_id = await person_ids(harness, pavel, nina)
    [left] = [user for user, id_ in ((pavel, pavel_id), (nina, nina_id)) if id_ not in paired]
    assert any("остаётесь в поиске" in m.text_or_empty() for m in fake.bot_messages(left))


async def test_the_result_of_approving_a_stale_proposal_fits_in_one_message(
    harness: Harness,
) -> None:
    """Two curators open /match on the same morning; one approves all 40 pairs. The other comes
    back from a lesson and presses «Утвердить все» on her older screen: every pair is refused
    (the mentee has a pair already), one line each. The screen that should say so is longer
    than Telegram's 4096 characters; Telegram refuses it and the curator is left with «Что-то
    пошло не так» instead of learning that nothing was done twice."""
    refused = []
    async with harness.sessions.begin() as session:
        for n in range(40):
            now = utcnow()
            mentor = Person(
                telegram_id=20_000 + n,
                first_seen_at=now,
                last_seen_at=now,
                full_name=f"Константинопольская Александра Владимировна {n}",
            )
            mentee = Person(
                telegram_id=30_000 + n,
                first_seen_at=now,
                last_seen_at=now,
                full_name=f"Преображенский Максимилиан Святославович {n}",
            )
            session.add_all([mentor, mentee])
            await session.flush()
            refused.append([mentor.id, mentee.id, Refusal.MENTEE_TAKEN.value])
    screen = SimpleNamespace(
        dialog_data={"made": 0, "refused": refused},
        middleware_data={
            "i18n": harness.translations.get("ru"),
            "session_factory": harness.sessions,
        },
    )
    shown = await done_getter(cast(DialogManager, screen))
    assert utf16_length(shown["text"]) <= MESSAGE_LIMIT


# ---- who may sign for a child -------------------------------------------------------------


async def test_a_classmate_cannot_sign_a_teenagers_agreement_as_the_parent(
    harness: Harness,
) -> None:
    """A 15-year-old forwards the parent's link to a classmate (also 15, also in the programme)
    by mistake, or on purpose to skip asking mum. The classmate opens it and accepts «as the
    parent»: the agreement of a minor is signed by another minor, and the real parent's link no
    longer works. The bot knows the classmate is a minor: it must refuse."""
    fake = harness.fake
    classmate = 9921
    await teenager_waits_for_a_parent(harness)
    fake.add_user(classmate, "Коля")
    await mentee_signs_up(harness, classmate, "Колин Коля")
    [link] = links_sent(harness, TEEN)
    opened = await harness.send(classmate, f"/start {link}")
    if opened.buttons():
        await harness.press(classmate, "Принимаю", opened)
    assert await count(harness, Agreement, Agreement.signer_telegram_id == classmate) == 0
    assert "Для вашего ребёнка" not in opened.text_or_empty()


# ---- what the outbox sends ----------------------------------------------------------------


async def test_a_message_whose_key_has_no_translation_never_reaches_a_person(
    harness: Harness,
) -> None:
    """A message is queued under a key the locales do not have (a typo in a new use case, a key
    renamed in one file). The sender renders it as the bare key and a parent reads
    «pair-activ» in their chat. It must be refused when queued, or held back and logged."""
    parent = await somebody(harness, PARENT, "Петрова Мария")
    child = await somebody(harness, CHILD, "Петров Петя")
    try:
        async with harness.sessions.begin() as session:
            await notify.tell(session, parent, "pair-activ", kind="pair", partner=Name(child.id))
    except (LookupError, ValueError):
        pass  # refused when queued: nothing goes out
    await outbox_sender(harness).drain()
    texts = [m.text_or_empty() for m in harness.fake.bot_messages(PARENT)]
    assert not any("pair-activ" in text for text in texts), texts


async def test_a_picture_with_a_long_text_still_reaches_everyone(harness: Harness) -> None:
    """The outbox carries photos now (a poster for the networking session). Its text goes as
    the photo's caption, and Telegram takes at most 1024 characters there: a poster with a
    longer invitation is refused and dropped for every recipient, silently. The text must go
    with the picture some other way (a message of its own, say)."""
    invitation = "Приглашаем на нетворкинг наставников и наставляемых. " * 30  # ~1600
    people = [await somebody(harness, 9930 + n, f"Участник Номер{n}") for n in range(3)]
    async with harness.sessions.begin() as session:
        poster = await outbox.add_file(session, "photo", "poster.png", PNG)
        for person in people:
            await outbox.enqueue(
                session,
                chat_id=person.telegram_id,
                person_id=person.id,
                kind="broadcast",
                text=invitation,
                file_id=poster,
            )
    await outbox_sender(harness).drain()
    for person in people:
        received = harness.fake.bot_messages(person.telegram_id)
        assert any(m.photo for m in received)
        shown = "".join(m.text_or_empty() + (m.caption or "") for m in received)
        assert invitation.strip() in shown


async def test_a_parent_asked_to_extend_learns_whose_mentoring_it_is(harness: Harness) -> None:
    """The mentor of a 15-year-old asks to extend the pair; the mother decides. She reads
    «Смирнов Игорь предлагает продлить наставничество ещё на 3 мес. Вы согласны?» — a stranger's
    name and no word of her son, as if she were the one being mentored."""
    fake = harness.fake
    await teenager_waits_for_a_parent(harness)
    fake.add_user(PARENT, "Мама")
    [link] = links_sent(harness, TEEN)
    offer = await harness.send(PARENT, f"/start {link}")
    await harness.press(PARENT, "Принимаю", offer)
    await harness.press(MENTOR, "Принимаю", fake.last_bot_message(MENTOR))
    screen = await harness.send(MENTOR, "/pair")
    await harness.press(MENTOR, "Продлить на 3 месяца", screen)
    asked = fake.last_bot_message(PARENT)
    assert "предлагает продлить" in asked.text_or_empty()
    assert "Петров Саша" in asked.text_or_empty()


async def test_approve_all_handled_again_does_not_report_every_pair_refused(
    harness: Harness,
) -> None:
    """The curator presses «Утвердить все»; the pairs are made and their agreements queued, and
    the bot is killed before the dialog's state is written. After the restart the press is
    handled again and the curator reads «Утверждено пар: 0 … Не удалось: … у наставляемого уже
    есть пара»: she believes nothing was approved (and pairs by hand, or asks IT), while the
    agreements have gone out."""
    fake = harness.fake
    mentor, mentee = 9941, 9942
    for user, name in ((CURATOR_ID, "Ольга"), (mentor, "Ирина"), (mentee, "Павел")):
        fake.add_user(user, name)
    await teacher_mentor_signs_up(harness, mentor, "Соколова Ирина")
    await teacher_mentee_signs_up(harness, mentee, "Павлов Павел")
    proposal = await harness.send(CURATOR_ID, "/match")
    summary = await harness.press(CURATOR_ID, "Утвердить все", proposal)
    press = fake.press(CURATOR_ID, summary, summary.button("Отправить соглашения")["callback_data"])
    await killed_and_handled_again(harness, press)
    assert await count(harness, Pair) == 1
    shown = fake.last_bot_message(CURATOR_ID).text_or_empty()
    assert "Не удалось" not in shown
    assert "Утверждено пар: 1" in shown


# ---- polling ------------------------------------------------------------------------------


async def test_one_slow_update_does_not_leave_the_rest_of_the_hall_unanswered(
    harness: Harness,
) -> None:
    """A QR code on the screen of the assembly hall: 150 pupils send /start within a minute.
    The first one's greeting is slow (a 429 flood wait, a Telegram call that hangs). The poller
    confirms nothing past an unfinished update, and Telegram gives at most 100 updates from the
    offset: pupils 101–150 get no answer at all for as long as the first one is stuck."""
    fake = harness.fake
    first, others = 40_000, list(range(40_001, 40_151))
    fake.add_user(first, "Первый")
    for user in others:
        fake.add_user(user, f"Ученик {user}")
    fake.hold("sendMessage", first)
    fake.user_message(first, "/start")
    for user in others:
        fake.user_message(user, "/start")
    stop = asyncio.Event()
    polling = asyncio.create_task(Poller(harness.dispatcher, harness.bot, timeout=1).run(stop))
    answered: list[int] = []
    try:
        stalled = 0  # polls in a row with no new answer
        while len(answered) < len(others) and stalled < 40:
            await asyncio.sleep(0.05)
            now_answered = [u for u in others if fake.bot_messages(u)]
            stalled = stalled + 1 if len(now_answered) == len(answered) else 0
            answered = now_answered
    finally:
        fake.release()
        stop.set()
        await asyncio.wait_for(polling, 30)
        fake.end_long_polls()
    assert len(answered) == len(others)


async def test_the_link_a_parent_already_has_still_works_after_the_reminder(
    harness: Harness,
) -> None:
    """On Monday a 15-year-old forwards the agreement link to his mother. On Thursday morning
    the bot reminds him (the agreement has waited three days) with a new link, which kills
    Monday's. That evening the mother opens the link she has: «Такой ссылки нет»."""
    fake = harness.fake
    await teenager_waits_for_a_parent(harness)
    [mondays] = links_sent(harness, TEEN)
    async with harness.sessions.begin() as session:
        pair_id = await session.scalar(select(Pair.id))
        assert pair_id is not None
        assert await agreements.remind(session, pair_id, "https://t.me/mentor_bot?start=")
    await harness.sender.drain()
    fake.add_user(PARENT, "Мама")
    offer = await harness.send(PARENT, f"/start {mondays}")
    assert "для вашего ребёнка — Петров Саша." in offer.text_or_empty()


# ---- two people acting on one pair at once -------------------------------------------------


async def test_a_paper_agreement_recorded_while_the_mentee_declines_is_not_reported_done(
    harness: Harness,
) -> None:
    """The curator marks the paper agreement of a waiting pair at the moment the mentee taps
    «Не подходит время». The decline ends the pair; the paper agreement is written anyway, for
    the mentor's side of an ended pair, and the curator reads «Бумажное соглашение отмечено»:
    she files the paper, and the registry says the mentor signed a pair that never worked."""
    await adult_pair_waiting(harness)
    async with harness.sessions() as session:
        pair_id = await session.scalar(select(Pair.id))
    assert pair_id is not None
    paper, declined = await asyncio.gather(
        agreements.record_paper(harness.sessions, pair_id, by=CURATOR_ID),
        agreements.answer_agreement(
            harness.sessions, pair_id, Role.MENTEE, MENTEE, accepted=False, reason="time"
        ),
    )
    async with harness.sessions() as session:
        pair = await session.get(Pair, pair_id)
        kinds = sorted((a.side, a.kind) for a in await session.scalars(select(Agreement)))
    assert pair is not None
    if pair.status == "ended":  # the decline came first: the paper has nothing to record
        assert declined is Answered.DECLINED
        assert paper is Answered.CLOSED
        assert kinds == [("mentee", "self")]
    else:  # the paper came first: the decline finds the pair working
        assert pair.status == "active" and declined is Answered.CLOSED


# ---- a person who blocked the bot ----------------------------------------------------------


async def test_an_extension_offer_lost_while_blocked_can_still_be_answered(
    harness: Harness,
) -> None:
    """A young teacher has blocked the bot for the holidays. Her mentor offers to extend their
    pair; Telegram refuses the offer (blocked) and it is dropped, while the request stays open.
    She unblocks the bot: nothing in /pair shows the offer, and when the mentor offers again he
    hears «Предложение продлить уже ждёт ответа» — forever. Nobody can extend the pair."""
    fake = harness.fake
    await adult_pair_waiting(harness)
    await harness.press(MENTEE, "Принимаю", fake.last_bot_message(MENTEE))
    await harness.press(MENTOR, "Принимаю", fake.last_bot_message(MENTOR))
    fake.block(MENTEE)
    await harness.deliver()
    screen = await harness.send(MENTOR, "/pair")
    await harness.press(MENTOR, "Продлить на 3 месяца", screen)
    fake.unblock(MENTEE)
    await harness.deliver()
    seen = len(fake.bot_messages(MENTEE))
    screen = await harness.send(MENTOR, "/pair")
    if screen.buttons() and any("Продлить" in b["text"] for b in screen.buttons()):
        await harness.press(MENTOR, "Продлить на 3 месяца", screen)
    mine = await harness.send(MENTEE, "/pair")
    assert "предлагает продлить наставничество: предложение ждёт вашего ответа" in (
        mine.text_or_empty()
    )
    await harness.press(MENTEE, "Продление: ответить", mine)
    offered = [
        m
        for m in fake.bot_messages(MENTEE)[seen:]
        if any("Продлить" in b["text"] for b in m.buttons())
    ]
    assert offered, "the mentee can never answer the offer"


# ---- a removed curator ---------------------------------------------------------------------


async def test_a_removed_curator_no_longer_receives_pupils_requests(harness: Harness) -> None:
    """A pupil asks for another mentor, with a reason; the request is queued for every curator.
    Before it goes out (Telegram's flood control holds the outbox, or the bot is restarting),
    a curator is removed — she has left the school. The request still reaches her: a child's
    name and why they are unhappy, in the chat of someone who is no longer a curator."""
    former = 9951
    await somebody(harness, CURATOR_ID, "Ольга Куратор")
    await somebody(harness, former, "Вера Бывшая")
    mentor = await somebody(harness, MENTOR, "Соколова Ирина")
    pupil = await somebody(harness, TEEN, "Петров Саша")
    added = await curators.add(harness.sessions, "Школа", former, by=CURATOR_ID)
    assert added is CuratorChange.ADDED
    await outbox_sender(harness).drain()  # her welcome
    async with harness.sessions.begin() as session:
        await notify.tell_curators(
            session,
            "curator-ask-replace",
            kind="request",
            asker=Name(pupil.id),
            partner=Name(mentor.id),
            reason="Наставник кричит на меня",
        )
    removed = await curators.remove(harness.sessions, former, by=CURATOR_ID)
    assert removed is CuratorChange.REMOVED
    await outbox_sender(harness).drain()
    assert any("Петров Саша" in m.text_or_empty() for m in harness.fake.bot_messages(CURATOR_ID))
    received = " ".join(m.text_or_empty() for m in harness.fake.bot_messages(former))
    assert "Петров Саша" not in received and "кричит" not in received
