"""The onboarding defects of issue 6: each test failed on the code before its fix."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select, update

from bot.db.models import AuditEntry, Consent, ParentLink, Person, utcnow
from bot.i18n import consent_version
from bot.services import consent, privacy
from bot.services import questionnaire as runs
from bot.services.consent import LinkProblem, PaperRefusal
from tests.conftest import CURATOR_ID
from tests.flows import child_asks_for_parent_link
from tests.harness import Harness

CHILD, PARENT, OTHER_PARENT, NEWCOMER, ADULT = 8001, 8002, 8003, 8004, 8005
STALE = "Эта кнопка больше не работает"


async def child_of(harness: Harness, telegram_id: int) -> Person:
    async with harness.sessions() as session:
        found = await session.scalar(select(Person).where(Person.telegram_id == telegram_id))
    assert found is not None
    return found


async def consent_rows(harness: Harness, telegram_id: int) -> list[tuple[str, str | None]]:
    person = await child_of(harness, telegram_id)
    async with harness.sessions() as session:
        rows = await session.execute(
            select(Consent.status, Consent.kind)
            .where(Consent.person_id == person.id)
            .order_by(Consent.id)
        )
        return [(status, kind) for status, kind in rows]


async def audit_count(harness: Harness, action: str) -> int:
    async with harness.sessions() as session:
        count = await session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
        )
    return int(count or 0)


def texts(harness: Harness, user: int) -> str:
    return "\n".join(m.text_or_empty() for m in harness.fake.bot_messages(user))


async def expire_links(harness: Harness) -> None:
    async with harness.sessions() as session:
        await session.execute(update(ParentLink).values(expires_at=utcnow() - timedelta(seconds=1)))
        await session.commit()


# ---- 1. paper consent only for a child waiting for a parent now ----------------------------


async def test_an_old_paper_consent_button_does_not_undo_a_withdrawal(harness: Harness) -> None:
    fake = harness.fake
    for user, name in ((CURATOR_ID, "Ольга"), (CHILD, "Петя"), (PARENT, "Мария")):
        fake.add_user(user, name)
    link = await child_asks_for_parent_link(harness, CHILD)
    await harness.send(CURATOR_ID, "/participants")
    pending = fake.last_bot_message(CURATOR_ID)
    await harness.send(PARENT, f"/start {link}")
    await harness.press(PARENT, "Даю согласие")
    await harness.send(PARENT, "Петрова Мария Ивановна")
    await harness.send(CHILD, "/privacy")
    await harness.press(CHILD, "Отозвать согласие")
    await harness.press(CHILD, "Да, отозвать")
    assert (await consent_rows(harness, CHILD))[-1] == ("withdrawn", None)

    await harness.press(CURATOR_ID, "Бумажное согласие", pending)
    answer = harness.last_answer()
    assert answer["show_alert"] and "отозвал согласие" in str(answer["text"])
    assert (await consent_rows(harness, CHILD))[-1] == ("withdrawn", None)
    assert (await child_of(harness, CHILD)).role is None


async def test_paper_consent_is_refused_when_given_and_recorded_once(harness: Harness) -> None:
    fake = harness.fake
    fake.add_user(CURATOR_ID, "Ольга", "en")
    fake.add_user(CHILD, "Петя")
    await child_asks_for_parent_link(harness, CHILD)
    await harness.send(CURATOR_ID, "/participants")
    pending = fake.last_bot_message(CURATOR_ID)
    data = pending.button("Paper consent")["callback_data"]
    # A double tap: both presses carry the message as it was, with the button.
    first = fake.press(CURATOR_ID, pending, data)
    fake.press(CURATOR_ID, pending, data)
    await harness.deliver()
    answers = [fake.callback_queries[q].answer for q in fake.callback_queries]
    assert answers[-2] == {"text": "Paper consent recorded.", "show_alert": False}
    assert "already in force" in str(harness.last_answer()["text"])
    assert first["callback_query"]["message"]["reply_markup"]
    assert pending.reply_markup is None  # the button is gone from the curator's message
    assert await consent_rows(harness, CHILD) == [("given", "paper")]
    assert await audit_count(harness, "paper_consent") == 1
    assert "paper consent" not in texts(harness, CHILD).casefold()  # the child's language: ru
    assert "Куратор получил бумажное согласие" in texts(harness, CHILD)


async def test_paper_consent_service_rules(harness: Harness) -> None:
    harness.fake.add_user(CHILD, "Петя")
    harness.fake.add_user(ADULT, "Ира")
    version = consent_version(harness.translations)
    await child_asks_for_parent_link(harness, CHILD)
    await harness.send(ADULT, "/start")  # wrote to the bot, never onboarded as a child
    adult = await child_of(harness, ADULT)
    child = await child_of(harness, CHILD)

    async def paper(person_id: int) -> PaperRefusal | None:
        return await consent.record_paper(
            harness.sessions,
            person_id,
            curator_telegram_id=CURATOR_ID,
            version=version,
        )

    assert await paper(adult.id) is PaperRefusal.NOT_WAITING
    assert await paper(10_000_000) is PaperRefusal.UNKNOWN
    await expire_links(harness)  # expired unused, no consent since: still waiting
    assert await paper(child.id) is None
    assert await paper(child.id) is PaperRefusal.ALREADY


# ---- 2. an expired link is checked again at the moment of consent --------------------------


async def test_a_link_that_expires_while_the_parent_reads_changes_nothing(
    harness: Harness,
) -> None:
    fake = harness.fake
    fake.add_user(CHILD, "Петя")
    fake.add_user(PARENT, "Мария")
    link = await child_asks_for_parent_link(harness, CHILD)
    await harness.send(PARENT, f"/start {link}")
    await harness.press(PARENT, "Даю согласие")
    await expire_links(harness)
    reply = await harness.send(PARENT, "Петрова Мария Ивановна")
    assert "Срок действия ссылки истёк" in reply.text_or_empty()
    assert await consent_rows(harness, CHILD) == []
    # The child sees that the link expired and can get a new one.
    waiting = await harness.send(CHILD, "/start")
    assert "Срок прошлой ссылки истёк" in waiting.text_or_empty()
    await harness.press(CHILD, "Новая ссылка")
    fresh = [m for m in fake.bot_messages(CHILD) if "?start=p_" in m.text_or_empty()][-1]
    new_link = fresh.text_or_empty().split("?start=", 1)[1].split()[0]
    assert new_link != link
    await harness.send(PARENT, f"/start {new_link}")
    await harness.press(PARENT, "Даю согласие")
    await harness.send(PARENT, "Петрова Мария Ивановна")
    assert await consent_rows(harness, CHILD) == [("given", "parent")]


# ---- 3. one link, two parents at once: exactly one consent ---------------------------------


async def test_two_parents_using_one_link_at_once_give_one_consent(harness: Harness) -> None:
    fake = harness.fake
    fake.add_user(CHILD, "Петя")
    link = await child_asks_for_parent_link(harness, CHILD)
    found = await consent.open_parent_link(
        harness.sessions, link.removeprefix("p_"), opener_telegram_id=PARENT
    )
    assert isinstance(found, consent.LinkView)
    version = consent_version(harness.translations)
    outcomes = await asyncio.gather(
        *(
            consent.parent_answers(
                harness.sessions,
                found.token_hash,
                parent,
                version,
                agreed=True,
                parent_name=name,
            )
            for parent, name in ((PARENT, "Петрова Мария"), (OTHER_PARENT, "Петров Иван"))
        )
    )
    assert sorted(str(o) for o in outcomes) == sorted(["None", str(LinkProblem.USED)])
    assert await consent_rows(harness, CHILD) == [("given", "parent")]
    assert await audit_count(harness, "consent_given") == 1


# ---- 4. consent is safe to repeat ----------------------------------------------------------


async def test_i_agree_twice_or_delivered_twice_records_one_consent(harness: Harness) -> None:
    fake = harness.fake
    fake.add_user(ADULT, "Ира")
    await harness.send(ADULT, "/start")
    await harness.press(ADULT, "Хочу быть наставником")
    screen = await harness.press(ADULT, "Педагог")
    data = screen.button("Даю согласие")["callback_data"]
    first = fake.press(ADULT, screen, data)
    second = fake.press(ADULT, screen, data)  # a double tap: both carry the old screen
    await harness.deliver()
    await harness.dispatcher.feed_raw_update(harness.bot, first)  # Telegram sends it again
    assert await consent_rows(harness, ADULT) == [("given", "self")]
    assert await audit_count(harness, "consent_given") == 1
    assert second["callback_query"]["id"] not in fake.unanswered_queries()
    assert "Анкета наставника" in fake.last_bot_message(ADULT).text_or_empty()


async def test_a_double_tap_on_an_answer_does_not_answer_the_next_question(
    harness: Harness,
) -> None:
    fake = harness.fake
    fake.add_user(ADULT, "Ира")
    await harness.send(ADULT, "/start")
    await harness.press(ADULT, "Мне нужен наставник")
    await harness.press(ADULT, "Ученик")
    await harness.press(ADULT, "14–17")
    await harness.press(ADULT, "Даю согласие")
    await harness.send(ADULT, "Ирина Соколова")
    await harness.send(ADULT, "9")
    topics = fake.last_bot_message(ADULT)
    await harness.press(ADULT, "Проекты")
    done = topics.button("Готово")["callback_data"]
    fake.press(ADULT, fake.last_bot_message(ADULT), done)
    fake.press(ADULT, fake.last_bot_message(ADULT), done)
    await harness.deliver()
    assert STALE in str(harness.last_answer()["text"])
    person = await child_of(harness, ADULT)
    catalog = harness.dispatcher["catalog"]
    position = await runs.read_position(harness.sessions, person.id, catalog.get("intake_student"))
    assert position is not None
    assert position.answers["request_topics"] == ["projects"]
    assert position.run.current == "request"  # the next question, not answered by the echo


# ---- 5. buttons the screen hides are refused on the server ---------------------------------


async def test_hidden_buttons_sent_anyway_are_refused_with_an_alert(harness: Harness) -> None:
    fake = harness.fake
    fake.add_user(NEWCOMER, "Гоша")
    menu = await harness.send(NEWCOMER, "/menu")
    intent = menu.button("Помощь")["callback_data"].split("\x1d")[0]
    for hidden in ("profile", "join\x00", "zz", "\x1d" * 3):
        await harness.press_data(NEWCOMER, menu, f"{intent}\x1d{hidden}")
        assert harness.last_answer() == {
            "text": f"{STALE}. Откройте меню заново: /menu",
            "show_alert": True,
        }
    privacy_screen = await harness.send(NEWCOMER, "/privacy")
    intent = privacy_screen.button("Скачать")["callback_data"].split("\x1d")[0]
    await harness.press_data(NEWCOMER, privacy_screen, f"{intent}\x1dwithdraw")
    await harness.press_data(NEWCOMER, privacy_screen, f"{intent}\x1dyes")
    assert STALE in str(harness.last_answer()["text"])
    assert not any("пошло не так" in m.text_or_empty() for m in fake.bot_messages(NEWCOMER))
    assert await consent_rows(harness, NEWCOMER) == []
    assert await audit_count(harness, "consent_withdrawn") == 0


async def test_services_refuse_what_is_not_allowed_now(harness: Harness) -> None:
    harness.fake.add_user(NEWCOMER, "Гоша")
    await harness.send(NEWCOMER, "/start")
    person = await child_of(harness, NEWCOMER)
    version = consent_version(harness.translations)
    assert not await privacy.withdraw(harness.sessions, person.id, version)
    catalog = harness.dispatcher["catalog"]
    step = await runs.act(
        harness.sessions,
        person.id,
        catalog.get("intake_mentor"),
        seen=None,
        move=runs.Move.ANSWER,
        value="Гоша",
    )
    assert step is None  # no questionnaire for someone who has not consented
    assert await consent_rows(harness, NEWCOMER) == []
