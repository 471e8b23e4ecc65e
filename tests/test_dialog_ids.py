"""Dialog ids: ours do not repeat within a second (aiogram-dialog's do), and an update handled
again after its process was killed starts its dialogs with the same ids, so the buttons the
dead process showed still work."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.types import Update
from aiogram_dialog.api.entities import stack

from bot.dialogs import ids
from bot.services import updates
from bot.telegram.handling import UpdateTasks, workflow_of
from tests.harness import Harness

MENTOR = 5301


def made(count: int) -> list[str]:
    return [stack.id_to_str(stack.new_int_id()) for _ in range(count)]


def test_dialog_ids_do_not_collide_within_a_second() -> None:
    ids.use_own_ids()
    random = set(made(2000))
    assert len(random) == 2000  # aiogram-dialog's own: at most 100 different ids in one second
    assert max(len(i) for i in random) <= 7
    with ids.for_update(1, 77):
        within = made(2000)
    assert len(set(within)) == 2000 and max(len(i) for i in within) <= 7


def test_an_update_makes_the_same_ids_each_time_it_is_handled() -> None:
    ids.use_own_ids()
    with ids.for_update(1, 77):
        first = made(3)
    with ids.for_update(1, 77):
        again = made(3)
    with ids.for_update(1, 78):
        next_update = made(3)
    with ids.for_update(2, 77):
        other_bot = made(3)
    assert first == again
    assert not set(first) & set(next_update) and not set(first) & set(other_bot)
    assert made(1) != made(1)  # outside an update: random


class Killed(BaseException):
    """The process dies where this is raised (nothing after it runs, nothing is committed)."""


async def killed_handling(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, update: dict[str, Any]
) -> None:
    """`update` is handled, and the process dies before the dialog is stored and the update
    marked handled."""

    async def dies(*args: object, **kwargs: object) -> None:
        raise Killed

    with monkeypatch.context() as patched:
        patched.setattr(updates, "mark_handled", dies)
        with pytest.raises(Killed):
            await harness.dispatcher.feed_raw_update(harness.bot, update)


async def test_a_screen_shown_by_a_process_killed_before_it_stored_the_dialog_works(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The press is handled, the next screen is shown, and the process dies before the dialog
    is stored. The process that takes the press over shows that screen again with the same
    buttons: a tap on the screen the person sees goes on, not «this button no longer works»."""
    fake = harness.fake
    fake.add_user(MENTOR, "Ольга")
    await harness.send(MENTOR, "/start")
    start = fake.last_bot_message(MENTOR)
    press = fake.press(MENTOR, start, start.button("Хочу быть наставником")["callback_data"])
    fake._pending.clear()

    await killed_handling(harness, monkeypatch, press)
    seen = fake.last_bot_message(MENTOR)
    shown = [button["callback_data"] for button in seen.buttons()]
    assert "Кто вы?" in seen.text_or_empty()

    restarted = restart(harness)
    try:
        # Never confirmed, the press comes again after the restart.
        await restarted.dispatcher.feed_raw_update(restarted.bot, press)
        again = fake.last_bot_message(MENTOR)
        assert [button["callback_data"] for button in again.buttons()] == shown
        # The screen is edited again into what it shows: Telegram refuses that as "not
        # modified", the bot goes on. Nothing else is refused.
        assert [method for method, _ in fake.pointless_edits()] == ["editMessageText"]
        fake.refusals.clear()
        await restarted.press(MENTOR, "Педагог", seen)
        assert restarted.last_answer()["text"] is None  # not «this button no longer works»
        assert "Даю согласие" in " ".join(
            b["text"] for b in fake.last_bot_message(MENTOR).buttons()
        )
    finally:
        await restarted.bot.session.close()


async def start_killed(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A person sends /start; the process dies after it showed the greeting and before it
    stored the dialog. Returns the update, to be handled again."""
    harness.fake.add_user(MENTOR, "Ольга")
    start = harness.fake.user_message(MENTOR, "/start")
    harness.fake._pending.clear()

    await killed_handling(harness, monkeypatch, start)
    return start


def restart(harness: Harness) -> Harness:
    """The bot started again on the same database and fake Telegram."""
    return Harness.build(
        fake=harness.fake,
        settings=harness.settings,
        engine=harness.engine,
        translations=harness.translations,
        catalog=harness.dispatcher["catalog"],
    )


async def test_a_start_screen_shown_by_a_process_killed_before_it_stored_the_dialog_works(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/start starts a new dialog; the process dies after it showed the screen. The /start
    handled again does not send the greeting a second time (the first was noted as Telegram
    accepted it), and the buttons of the one the person sees work: the dialog handled again
    has the same id."""
    fake = harness.fake
    start = await start_killed(harness, monkeypatch)
    first = fake.last_bot_message(MENTOR)
    assert "Хочу быть наставником" in " ".join(b["text"] for b in first.buttons())

    restarted = restart(harness)
    try:
        await restarted.dispatcher.feed_raw_update(restarted.bot, start)
        assert [m.message_id for m in fake.bot_messages(MENTOR)] == [first.message_id]
        await restarted.press(MENTOR, "Хочу быть наставником", first)
        assert restarted.last_answer()["text"] is None  # not «this button no longer works»
        assert "Кто вы?" in first.text_or_empty()
    finally:
        await restarted.bot.session.close()


async def test_a_screen_a_killed_worker_showed_is_not_sent_again_before_a_press_on_it(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The webhook's way: the press on the greeting a killed worker showed reaches a worker
    that first handles that /start again (the sender's older update). The greeting is not sent
    a second time (the second copy's buttons would no longer work once the press moved the
    dialog on in the first): the person's one greeting goes on, and its next button works."""
    fake = harness.fake
    start = await start_killed(harness, monkeypatch)
    first = fake.last_bot_message(MENTOR)
    press = fake.press(MENTOR, first, first.button("Хочу быть наставником")["callback_data"])
    fake._pending.clear()

    restarted = restart(harness)
    bot = restarted.bot
    left_unfinished = Update.model_validate(start, context={"bot": bot})

    async def older_first(_update: Update) -> list[Update]:
        # Taken over from the dead process, as `updates.older_first` takes it.
        async with restarted.sessions.begin() as session:
            taken = await updates.claim_update(
                session, bot.id, start["update_id"], restarted.dispatcher["boot"]
            )
        assert taken is updates.Taken.AGAIN
        return [left_unfinished]

    try:
        tasks = UpdateTasks(
            restarted.dispatcher, bot, workflow_of(restarted.dispatcher, bot), older_first
        )
        tasks.start(Update.model_validate(press, context={"bot": bot}))
        await tasks.finish(grace=30)
        assert len(tasks) == 0
        assert [m.message_id for m in fake.bot_messages(MENTOR)] == [first.message_id]
        assert restarted.last_answer()["text"] is None
        assert "Кто вы?" in first.text_or_empty()
        await restarted.press(MENTOR, "Педагог", first)
        assert restarted.last_answer()["text"] is None  # not «this button no longer works»
        assert "Даю согласие" in restarted.fake.last_bot_message(MENTOR).text_or_empty() + " ".join(
            b["text"] for b in restarted.fake.last_bot_message(MENTOR).buttons()
        )
    finally:
        await restarted.bot.session.close()


async def test_a_question_a_killed_process_asked_is_not_asked_again_when_the_answer_is_redone(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A typed answer is saved and the next question sent; the process dies before the dialog
    and the handled mark are stored. Handled again, the answer sends nothing a second time: the
    person has «2 / » once, and their next answer goes on from it."""
    fake = harness.fake
    fake.add_user(MENTOR, "Ольга")
    await harness.send(MENTOR, "/start")
    await harness.press(MENTOR, "Хочу быть наставником")
    await harness.press(MENTOR, "Педагог")
    await harness.press(MENTOR, "Даю согласие")
    assert "1 / " in fake.last_bot_message(MENTOR).text_or_empty()
    answer = fake.user_message(MENTOR, "Иванова Ольга Петровна")
    fake._pending.clear()

    await killed_handling(harness, monkeypatch, answer)
    asked = fake.last_bot_message(MENTOR)
    assert "2 / " in asked.text_or_empty()
    sent_before = len(fake.calls("sendMessage"))

    restarted = restart(harness)
    try:
        # Never confirmed, the answer comes again after the restart.
        await restarted.dispatcher.feed_raw_update(restarted.bot, answer)
        assert len(fake.calls("sendMessage")) == sent_before
        texts = [m.text_or_empty() for m in fake.bot_messages(MENTOR)]
        assert sum("2 / " in t for t in texts) == 1, texts
        # The redone answer may take the keyboard off the question before again, which
        # Telegram refuses as "not modified". Nothing else is refused.
        assert {method for method, _ in fake.pointless_edits()} <= {"editMessageReplyMarkup"}
        fake.refusals.clear()
        await restarted.send(MENTOR, "Математика")
        assert "3 / " in fake.last_bot_message(MENTOR).text_or_empty()
        assert sum("2 / " in m.text_or_empty() for m in fake.bot_messages(MENTOR)) == 1
    finally:
        await restarted.bot.session.close()
