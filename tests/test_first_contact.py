"""First contact through the real Dispatcher: /start, menu, help, language, cancel, fallback."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Person
from tests.conftest import CURATOR_ID
from tests.harness import Harness

USER = 1001


async def person(harness: Harness, telegram_id: int) -> Person:
    async with harness.sessions() as session:
        found = await session.scalar(select(Person).where(Person.telegram_id == telegram_id))
    assert found is not None
    return found


async def test_start_greets_with_org_name_and_asks_who_you_are(harness: Harness) -> None:
    harness.fake.add_user(USER, "Петя <3", "ru")
    reply = await harness.send(USER, "/start")
    assert reply.text is not None
    assert "Здравствуйте, Петя <3!" in reply.text
    assert "Школа № 1" in reply.text
    labels = [button["text"] for button in reply.buttons()]
    assert any("Хочу быть наставником" in label for label in labels)
    assert any("Мне нужен наставник" in label for label in labels)
    menu = await harness.send(USER, "/menu")
    labels = [button["text"] for button in menu.buttons()]
    assert any("Помощь" in label for label in labels)
    assert any("Язык" in label for label in labels)
    assert any("Начать участие" in label for label in labels)
    stored = await person(harness, USER)
    assert stored.first_name is None  # no names before consent
    assert stored.language_code == "ru"


async def test_english_client_gets_english_and_unknown_language_gets_russian(
    harness: Harness,
) -> None:
    harness.fake.add_user(USER, "Ann", "en-GB")
    harness.fake.add_user(USER + 1, "Hans", "de")
    english = await harness.send(USER, "/start")
    german = await harness.send(USER + 1, "/start")
    assert "Hello, Ann!" in (english.text or "")
    assert "Здравствуйте, Hans!" in (german.text or "")


async def test_language_chosen_in_menu_is_remembered(harness: Harness) -> None:
    harness.fake.add_user(USER, "Аня", "ru")
    await harness.send(USER, "/menu")
    prompt = await harness.press(USER, "Язык")
    assert "Выберите язык" in (prompt.text or "")
    menu = await harness.press(USER, "English")
    assert "I speak English now" in (menu.text or "")
    assert "main menu" in (menu.text or "")
    assert (await person(harness, USER)).locale == "en"
    help_reply = await harness.send(USER, "/help")
    assert "What the bot can do" in (help_reply.text or "")


async def test_language_command_switches_back_to_russian(harness: Harness) -> None:
    harness.fake.add_user(USER, "Ann", "en")
    prompt = await harness.send(USER, "/language")
    assert "Choose the bot's language" in (prompt.text or "")
    menu = await harness.press(USER, "Русский")
    assert "Теперь я говорю по-русски" in (menu.text or "")
    assert (await person(harness, USER)).locale == "ru"


async def test_help_shows_curator_part_only_to_curators(harness: Harness) -> None:
    harness.fake.add_user(USER, "Аня")
    harness.fake.add_user(CURATOR_ID, "Ольга Петровна")
    assert "/curator" not in (await harness.send(USER, "/help")).text_or_empty()
    assert "/curator" in (await harness.send(CURATOR_ID, "/help")).text_or_empty()


async def test_help_screen_in_menu_and_back(harness: Harness) -> None:
    harness.fake.add_user(USER, "Аня")
    await harness.send(USER, "/menu")
    help_screen = await harness.press(USER, "Помощь")
    assert "Что умеет бот" in help_screen.text_or_empty()
    menu = await harness.press(USER, "Назад")
    assert "главное меню" in menu.text_or_empty()
    assert menu.message_id == help_screen.message_id  # edited in place


async def test_cancel_leaves_dialog_and_old_buttons_get_an_alert(
    harness: Harness,
) -> None:
    harness.fake.add_user(USER, "Аня")
    menu = await harness.send(USER, "/menu")
    language = await harness.press(USER, "Язык")
    reply = await harness.send(USER, "/cancel")
    assert "Действие отменено" in reply.text_or_empty()
    assert language.buttons() == []  # the dialog's keyboard is gone
    assert "нечего отменять" in (await harness.send(USER, "/cancel")).text_or_empty()
    # A button of the menu message that no longer has a dialog behind it: an alert, no edit.
    sent, edits = len(harness.fake.bot_messages(USER)), menu.edits
    await harness.press_data(USER, menu, "zzzzzzzzzz\x1dhelp")
    assert harness.last_answer() == {
        "text": "Эта кнопка больше не работает. Откройте меню заново: /menu",
        "show_alert": True,
    }
    assert len(harness.fake.bot_messages(USER)) == sent
    assert menu.edits == edits


async def test_not_understood_messages_get_a_helpful_answer(harness: Harness) -> None:
    harness.fake.add_user(USER, "Аня")
    assert "не понял" in (await harness.send(USER, "привет")).text_or_empty()
    await harness.send(USER, "/menu")
    sent = len(harness.fake.bot_messages(USER))
    again = await harness.send(USER, "x" * 5000)
    # Inside a dialog: what the screen expects, and the screen again below with its buttons.
    hint = harness.fake.bot_messages(USER)[-2].text_or_empty()
    assert "нажать одну из кнопок" in hint
    assert "главное меню" in again.text_or_empty() and again.buttons()
    assert len(harness.fake.bot_messages(USER)) == sent + 2
    await harness.send(USER, "/cancel")
    unknown = await harness.send(USER, "/<b>oops</b>")
    assert "Я не знаю команды /<b>oops</b>" in unknown.text_or_empty()
    sticker = {
        "file_id": "s1",
        "file_unique_id": "u1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    assert "не понял" in (await harness.send(USER, None, sticker=sticker)).text_or_empty()


async def test_forged_callback_is_answered_and_changes_nothing(harness: Harness) -> None:
    harness.fake.add_user(USER, "Аня")
    menu = await harness.send(USER, "/menu")
    before = len(harness.fake.bot_messages(USER))
    await harness.press_data(USER, menu, "not-a-real-button")
    assert not harness.fake.unanswered_queries()
    assert len(harness.fake.bot_messages(USER)) == before
    assert (await person(harness, USER)).locale is None
    # With no dialog open, the person is told the button no longer works.
    await harness.send(USER, "/cancel")
    await harness.press_data(USER, menu, "en")
    answer = list(harness.fake.callback_queries.values())[-1].answer
    assert answer is not None
    assert "больше не работает" in str(answer["text"])
    assert (await person(harness, USER)).locale is None


async def test_an_update_seen_twice_is_handled_once(harness: Harness) -> None:
    harness.fake.add_user(USER, "Аня")
    update = harness.fake.user_message(USER, "/help")
    await harness.deliver()
    await harness.dispatcher.feed_raw_update(harness.bot, update)
    assert len(harness.fake.bot_messages(USER)) == 1


async def test_pressing_a_stale_button_twice_never_breaks(harness: Harness) -> None:
    harness.fake.add_user(USER, "Аня")
    await harness.send(USER, "/menu")
    help_screen = await harness.press(USER, "Помощь")
    back = help_screen.button("Назад")["callback_data"]
    await harness.press_data(USER, help_screen, back)
    await harness.press_data(USER, help_screen, back)  # the same press again, on the menu now
    assert "главное меню" in harness.fake.last_bot_message(USER).text_or_empty()
    assert not any("пошло не так" in t.text_or_empty() for t in harness.fake.bot_messages(USER))


async def test_group_chats_get_no_answers(harness: Harness) -> None:
    harness.fake.add_user(USER, "Аня")
    update = harness.fake.user_message(USER, "/start")
    update["message"]["chat"] = {"id": -100500, "type": "supergroup", "title": "Класс"}
    await harness.deliver()
    assert harness.fake.bot_messages(USER) == []
    assert harness.fake.calls("sendMessage") == []
