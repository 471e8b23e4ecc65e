"""Onboarding through the real Dispatcher: roles, consent, a parent's link, questionnaires."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy import text as text_sql

from bot.db.models import Answer, AuditEntry, Consent, ParentLink, Person, QuestionnaireRun
from tests.flows import child_asks_for_parent_link, mentor_signs_up, parent_link
from tests.harness import Harness

MENTOR, TEEN, CHILD, PARENT = 4001, 4002, 4003, 4004


async def person(harness: Harness, telegram_id: int) -> Person:
    async with harness.sessions() as session:
        found = await session.scalar(select(Person).where(Person.telegram_id == telegram_id))
    assert found is not None
    return found


async def answers(harness: Harness, telegram_id: int) -> dict[str, object]:
    found = await person(harness, telegram_id)
    async with harness.sessions() as session:
        rows = await session.execute(
            select(Answer.question_id, Answer.value).where(Answer.person_id == found.id)
        )
        return {question_id: value for question_id, value in rows}


async def consents(harness: Harness, telegram_id: int) -> list[Consent]:
    found = await person(harness, telegram_id)
    async with harness.sessions() as session:
        return list(await session.scalars(select(Consent).where(Consent.person_id == found.id)))


def text(harness: Harness, user: int) -> str:
    return harness.fake.last_bot_message(user).text_or_empty()


async def test_adult_mentor_consents_and_fills_the_questionnaire(harness: Harness) -> None:
    fake = harness.fake
    fake.add_user(MENTOR, "Ольга", "ru", last_name="Иванова", username="olga")
    await harness.send(MENTOR, "/start")
    await harness.press(MENTOR, "Хочу быть наставником")
    assert "Кто вы?" in text(harness, MENTOR)
    await harness.press(MENTOR, "Педагог")
    assert "Согласие на обработку персональных данных" in text(harness, MENTOR)
    assert (await person(harness, MENTOR)).first_name is None  # nothing before consent
    await harness.press(MENTOR, "Полный текст")
    assert "152-ФЗ" in text(harness, MENTOR)
    await harness.press(MENTOR, "Назад")
    await harness.press(MENTOR, "Даю согласие")
    assert "Анкета наставника" in text(harness, MENTOR)
    assert "1 / 11" in text(harness, MENTOR)  # teachers see 11 of the 15 questions

    await harness.send(MENTOR, "Иванова Ольга Петровна")
    await harness.send(MENTOR, "Математика")
    await harness.send(MENTOR, "12")
    await harness.press(MENTOR, "Олимпиады")
    await harness.press(MENTOR, "Методика")
    await harness.press(MENTOR, "Готово")
    await harness.send(MENTOR, "Двадцать лет готовлю к олимпиадам")
    await harness.send(MENTOR, "3")
    await harness.press(MENTOR, "Онлайн")
    await harness.press(MENTOR, "Выходные")
    await harness.press(MENTOR, "Готово")
    await harness.press(MENTOR, "Пропустить")  # available_from
    phone = harness.fake.last_bot_message(MENTOR)
    assert phone.reply_markup is not None and "keyboard" in phone.reply_markup
    await harness.press_reply(MENTOR, "Пропустить")
    await harness.press(MENTOR, "Пропустить")  # about
    summary = text(harness, MENTOR)
    assert "проверьте ответы" in summary
    assert "Иванова Ольга Петровна" in summary
    assert "Олимпиады и конкурсы, 📐 Методика преподавания" in summary

    await harness.press(MENTOR, "✏️ Опыт")
    assert "Сколько лет вы работаете" not in text(harness, MENTOR)
    await harness.send(MENTOR, "Готовлю к олимпиадам и веду кружок")
    assert "проверьте ответы" in text(harness, MENTOR)  # back to the summary after an edit
    await harness.press(MENTOR, "Отправить анкету")
    assert "Анкета сохранена" in text(harness, MENTOR)

    stored = await answers(harness, MENTOR)
    assert stored["full_name"] == "Иванова Ольга Петровна"
    assert stored["experience_years"] == 12
    assert stored["competencies"] == ["olympiads", "methodology"]
    assert stored["experience"] == "Готовлю к олимпиадам и веду кружок"
    assert stored["capacity"] == 3
    assert stored["phone"] is None
    assert "grade" not in stored  # hidden for teachers
    me = await person(harness, MENTOR)
    assert (me.role, me.category, me.full_name) == ("mentor", "teacher", "Иванова Ольга Петровна")
    assert (me.first_name, me.last_name, me.username) == ("Ольга", "Иванова", "olga")
    [given] = await consents(harness, MENTOR)
    assert (given.status, given.kind, given.text_version) == ("given", "self", "1")


async def test_teen_answers_are_checked_and_resume_after_a_restart(harness: Harness) -> None:
    fake = harness.fake
    fake.add_user(TEEN, "Саша", "ru")
    await harness.send(TEEN, "/start")
    await harness.press(TEEN, "Мне нужен наставник")
    await harness.press(TEEN, "Ученик")
    await harness.press(TEEN, "14–17")
    await harness.press(TEEN, "Даю согласие")
    assert "Анкета наставляемого" in text(harness, TEEN)

    assert "Напишите имя буквами" in (await harness.send(TEEN, "😀😀😀")).text_or_empty()
    assert "Слишком длинно" in (await harness.send(TEEN, "я" * 5000)).text_or_empty()
    sticker = {
        "file_id": "s",
        "file_unique_id": "u",
        "type": "regular",
        "width": 1,
        "height": 1,
        "is_animated": False,
        "is_video": False,
    }
    assert (
        "нужен ответ текстом" in (await harness.send(TEEN, None, sticker=sticker)).text_or_empty()
    )
    unknown = await harness.send(TEEN, "/foo bar")
    assert "Я не знаю команды /foo" in unknown.text_or_empty()
    assert "Как вас зовут" in unknown.text_or_empty()  # still the same question
    assert "Что умеет бот" in (await harness.send(TEEN, "/help")).text_or_empty()
    refused = await harness.send(TEEN, "Саша <b>Петров</b> & Co")
    assert "Напишите имя буквами" in refused.text_or_empty()
    await harness.send(TEEN, "Саша Петров-Д'Арк")
    assert "Нужно число от 1 до 11" in (await harness.send(TEEN, "12")).text_or_empty()
    assert "Нужно число от 1 до 11" in (await harness.send(TEEN, "девятый")).text_or_empty()
    await harness.send(TEEN, "9")
    for label in ("Учебные предметы", "Проекты", "Выбор профессии", "Творчество"):
        await harness.press(TEEN, label)
    assert "не больше" in (await harness.press(TEEN, "Готово")).text_or_empty()
    await harness.press(TEEN, "Творчество")  # untick
    await harness.press(TEEN, "Готово")
    assert "Какие предметы" in text(harness, TEEN)  # shown because "subjects" was chosen
    await harness.send(TEEN, "Физика")
    assert "Чего вы хотите добиться" in text(harness, TEEN)
    await harness.press(TEEN, "Назад")
    assert "Какие предметы" in text(harness, TEEN)
    assert "Сейчас: Физика" in text(harness, TEEN)
    await harness.press(TEEN, "Оставить как есть")
    assert "Чего вы хотите добиться" in text(harness, TEEN)

    # The bot restarts: a new Dispatcher on the same database.
    await harness.bot.session.close()
    restarted = Harness.build(
        fake=fake,
        settings=harness.settings,
        engine=harness.engine,
        translations=harness.dispatcher["translations"],
        catalog=harness.dispatcher["catalog"],
    )
    await restarted.send(TEEN, "Хочу разобраться с физикой и сделать проект")
    assert "Насколько вам сейчас нужна помощь" in text(restarted, TEEN)
    await restarted.press(TEEN, "4")
    await restarted.press(TEEN, "Как угодно")
    await restarted.press(TEEN, "Будни, вечером")
    await restarted.press(TEEN, "Готово")
    other = {"phone_number": "+79990000000", "first_name": "Мама", "user_id": PARENT}
    assert "свой номер" in (await restarted.send(TEEN, None, contact=other)).text_or_empty()
    own = {"phone_number": "79161234567", "first_name": "Саша", "user_id": TEEN}
    await restarted.send(TEEN, None, contact=own)
    await restarted.send(TEEN, "Люблю <b>шахматы</b> & \x00\u202e Co")
    summary = text(restarted, TEEN)
    assert "Люблю <b>шахматы</b> & Co" in summary  # shown as typed, escaped for Telegram
    assert "+7 916 123-45-67" in summary  # a phone as people write it (stored as +79161234567)
    await restarted.press(TEEN, "Отправить анкету")
    stored = await answers(restarted, TEEN)
    assert stored["full_name"] == "Саша Петров-Д'Арк"
    assert stored["about"] == "Люблю <b>шахматы</b> & Co"
    assert stored["grade"] == 9
    assert stored["request_topics"] == ["subjects", "projects", "career"]
    assert stored["subjects"] == "Физика"
    assert stored["need_level"] == 4
    assert stored["phone"] == "+79161234567"
    await restarted.bot.session.close()


async def test_child_under_14_waits_for_a_parent_who_consents_by_link(harness: Harness) -> None:
    fake = harness.fake
    fake.add_user(CHILD, "Петя", "ru")
    fake.add_user(PARENT, "Мария", "ru")
    await harness.send(CHILD, "/start")
    await harness.press(CHILD, "Мне нужен наставник")
    await harness.press(CHILD, "Ученик")
    await harness.press(CHILD, "Меньше 14")
    assert "Нужно согласие родителя" in text(harness, CHILD)
    assert not [
        b for b in harness.fake.last_bot_message(CHILD).buttons() if "Даю согласие" in b["text"]
    ]
    # A forged "I agree" from a child under 14 changes nothing.
    screen = harness.fake.last_bot_message(CHILD)
    intent = screen.button("Полный текст")["callback_data"].split("\x1d")[0]
    await harness.press_data(CHILD, screen, f"{intent}\x1dagree")
    assert await consents(harness, CHILD) == []
    await harness.press(CHILD, "Получить ссылку")
    assert "Как только родитель подтвердит согласие" in text(harness, CHILD)
    link = parent_link(harness, CHILD)
    assert link.startswith("p_") and len(link) <= 64
    link_message = harness.fake.bot_messages(CHILD)[-2]
    assert f"https://t.me/mentor_bot?start={link}" in link_message.text_or_empty()
    assert link_message.button("Переслать")["url"].startswith("https://t.me/share/url?url=")
    async with harness.sessions() as session:
        stored = await session.execute(text_sql("SELECT data FROM fsm_storage"))
        assert link.removeprefix("p_") not in str(stored.all())  # only its hash is kept
    assert await consents(harness, CHILD) == []

    assert "для вашего родителя" in (await harness.send(CHILD, f"/start {link}")).text_or_empty()
    assert "не работает" in (await harness.send(PARENT, "/start p_short")).text_or_empty()
    intro = await harness.send(PARENT, f"/start {link}")
    assert "<b>Петя</b>" not in intro.text_or_empty() and "Петя" in intro.text_or_empty()
    await harness.press(PARENT, "Даю согласие")
    assert "хотя бы 5 букв" in (await harness.send(PARENT, "<>")).text_or_empty()
    await harness.send(PARENT, "Петрова Мария Ивановна")
    assert "Согласие получено" in text(harness, PARENT)
    assert "Родитель дал согласие" in " ".join(m.text_or_empty() for m in fake.bot_messages(CHILD))
    # The news comes with a button that opens whatever is next, however late it is pressed.
    assert "Анкета наставляемого" in (await harness.press(CHILD, "Продолжить")).text_or_empty()

    [given] = await consents(harness, CHILD)
    assert (given.kind, given.parent_name, given.parent_telegram_id) == (
        "parent",
        "Петрова Мария Ивановна",
        PARENT,
    )
    child = await person(harness, CHILD)
    assert (child.role, child.category, child.age_group) == ("mentee", "student", "under14")
    assert "уже ответили" in (await harness.send(PARENT, f"/start {link}")).text_or_empty()


async def test_expired_link_and_declined_consent_store_nothing_else(harness: Harness) -> None:
    fake = harness.fake
    fake.add_user(CHILD, "Петя", "ru")
    fake.add_user(PARENT, "Мария", "ru")
    link = await child_asks_for_parent_link(harness, CHILD)
    async with harness.sessions() as session:
        for link_row in await session.scalars(select(ParentLink)):
            link_row.expires_at = link_row.created_at - timedelta(seconds=1)
        await session.commit()
    assert "истёк" in (await harness.send(PARENT, f"/start {link}")).text_or_empty()

    fake.add_user(TEEN, "Саша", "en")
    await harness.send(TEEN, "/start")
    await harness.press(TEEN, "I need a mentor")
    await harness.press(TEEN, "A teacher")
    await harness.press(TEEN, "I do not agree")
    assert "only the refusal" in text(harness, TEEN)
    [refusal] = await consents(harness, TEEN)
    assert (refusal.status, refusal.kind, refusal.parent_name) == ("declined", None, None)
    teen = await person(harness, TEEN)
    assert (teen.role, teen.first_name, teen.full_name) == (None, None, None)
    assert await answers(harness, TEEN) == {}
    await harness.press(TEEN, "I changed my mind")
    await harness.press(TEEN, "I agree")
    assert "Questionnaire for a teacher" in text(harness, TEEN)


async def test_new_consent_text_is_asked_again_at_next_contact(harness: Harness) -> None:
    harness.fake.add_user(MENTOR, "Ольга", "ru")
    await harness.send(MENTOR, "/start")
    await harness.press(MENTOR, "Хочу быть наставником")
    await harness.press(MENTOR, "Родитель")
    await harness.press(MENTOR, "Даю согласие")
    async with harness.sessions() as session:
        await session.execute(update(Consent).values(text_version="0"))
        await session.commit()
    reply = await harness.send(MENTOR, "/menu")
    assert "Текст согласия на обработку персональных данных обновился" in reply.text_or_empty()
    await harness.press(MENTOR, "Даю согласие")
    assert "Анкета наставника" in text(harness, MENTOR)


async def test_questionnaire_run_is_kept_per_question(harness: Harness) -> None:
    harness.fake.add_user(MENTOR, "Ольга", "ru")
    await harness.send(MENTOR, "/start")
    await harness.press(MENTOR, "Хочу быть наставником")
    await harness.press(MENTOR, "Выпускник")
    await harness.press(MENTOR, "Даю согласие")
    await harness.send(MENTOR, "Сидоров Иван")
    assert "В каком году вы окончили школу" in text(harness, MENTOR)
    async with harness.sessions() as session:
        run = await session.scalar(select(QuestionnaireRun))
    assert run is not None
    assert (run.current, run.history) == ("graduation_year", ["full_name"])


async def test_profile_shows_answers_and_a_change_is_saved_and_logged(harness: Harness) -> None:
    harness.fake.add_user(MENTOR, "Ольга", "ru")
    await mentor_signs_up(harness, MENTOR, "Иванова Ольга")
    profile = await harness.send(MENTOR, "/profile")
    assert "Иванова Ольга" in profile.text_or_empty()
    assert "Инженер-конструктор в КБ" in profile.text_or_empty()
    await harness.press(MENTOR, "✏️ Имя")
    assert "Сейчас: Иванова Ольга" in text(harness, MENTOR)
    await harness.send(MENTOR, "Иванова-Смирнова Ольга")
    await harness.press(MENTOR, "Готово")
    assert "Анкета сохранена" in text(harness, MENTOR)
    assert (await answers(harness, MENTOR))["full_name"] == "Иванова-Смирнова Ольга"
    assert (await person(harness, MENTOR)).full_name == "Иванова-Смирнова Ольга"
    async with harness.sessions() as session:
        changes = (
            await session.scalars(select(AuditEntry).where(AuditEntry.action == "answer_changed"))
        ).all()
    assert [(c.actor_telegram_id, c.details) for c in changes] == [
        (MENTOR, {"questionnaire": "intake_mentor", "question": "full_name"})
    ]


async def test_a_parent_who_declines_stores_nothing_but_the_refusal(harness: Harness) -> None:
    fake = harness.fake
    fake.add_user(CHILD, "Петя", "ru")
    fake.add_user(PARENT, "Мария", "ru")
    link = await child_asks_for_parent_link(harness, CHILD)
    await harness.send(PARENT, f"/start {link}")
    await harness.press(PARENT, "Не даю согласия")
    assert "не храним данных ребёнка" in text(harness, PARENT)
    child_messages = " ".join(m.text_or_empty() for m in fake.bot_messages(CHILD))
    assert "Родитель не дал согласия" in child_messages
    assert "Кем вы хотите быть" in (await harness.press(CHILD, "Продолжить")).text_or_empty()
    [refusal] = await consents(harness, CHILD)
    assert (refusal.status, refusal.parent_name, refusal.parent_telegram_id) == (
        "declined",
        None,
        None,
    )
    child = await person(harness, CHILD)
    assert (child.role, child.first_name) == (None, None)
    assert "уже ответили" in (await harness.send(PARENT, f"/start {link}")).text_or_empty()
