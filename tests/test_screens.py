"""What a person sees when they press or send something a screen does not expect."""

from __future__ import annotations

from typing import Any

from tests.flows import mentor_signs_up
from tests.harness import Harness

USER = 9101
NAME = "Евдокия Лопухина"

STICKER = {
    "file_id": "s1",
    "file_unique_id": "u1",
    "type": "regular",
    "width": 512,
    "height": 512,
    "is_animated": False,
    "is_video": False,
}
NOT_TEXT: list[dict[str, Any]] = [
    {"contact": {"phone_number": "+79160000000", "first_name": "Мама", "user_id": 1}},
    {"sticker": STICKER},
    {"photo": [{"file_id": "p1", "file_unique_id": "pu1", "width": 90, "height": 90}]},
    {"location": {"latitude": 55.75, "longitude": 37.62}},
    {"voice": {"file_id": "v1", "file_unique_id": "vu1", "duration": 2}},
    {"document": {"file_id": "d1", "file_unique_id": "du1", "file_name": "x.pdf"}},
]


async def test_anything_unexpected_on_the_summary_gets_a_hint_and_the_screen_again(
    harness: Harness,
) -> None:
    harness.fake.add_user(USER, "Евдокия")
    await mentor_signs_up(harness, USER, NAME)
    summary = await harness.send(USER, "/profile")
    assert "проверьте ответы" in summary.text_or_empty()
    forwarded = {"forward_origin": {"type": "hidden_user", "date": 1, "sender_user_name": "X"}}
    for content in [*NOT_TEXT, {"text": "просто текст", **forwarded}, {"text": "ещё текст"}]:
        text = content.pop("text", None)
        before = len(harness.fake.bot_messages(USER))
        again = await harness.send(USER, text, **content)
        hint = harness.fake.bot_messages(USER)[-2].text_or_empty()
        assert "нажать одну из кнопок" in hint, content
        assert "проверьте ответы" in again.text_or_empty(), content
        assert again.button("Готово")  # the buttons are at hand below
        assert len(harness.fake.bot_messages(USER)) == before + 2
    # The older copies of the screen lost their buttons: only the newest one works.
    copies = [m for m in harness.fake.bot_messages(USER) if "проверьте ответы" in m.text_or_empty()]
    assert [bool(m.buttons()) for m in copies[-3:]] == [False, False, True]


async def test_a_question_says_what_it_expects(harness: Harness) -> None:
    harness.fake.add_user(USER, "Евдокия")
    await harness.send(USER, "/start")
    await harness.press(USER, "Хочу быть наставником")
    await harness.press(USER, "Родитель")
    await harness.press(USER, "Даю согласие")
    for content in NOT_TEXT:
        reply = await harness.send(USER, None, **dict(content))
        assert "нужен ответ текстом" in reply.text_or_empty(), content
        assert "Как вас зовут" in reply.text_or_empty()
    await harness.send(USER, NAME)
    await harness.send(USER, "Инженер")
    topics = await harness.send(USER, None, sticker=STICKER)
    assert "Выберите ответ кнопкой под вопросом" in topics.text_or_empty()
    assert topics.button("Готово")


async def test_download_my_data_edits_nothing(harness: Harness) -> None:
    harness.fake.add_user(USER, "Евдокия")
    await mentor_signs_up(harness, USER, NAME)
    screen = await harness.send(USER, "/privacy")
    edits = screen.edits
    await harness.press(USER, "Скачать мои данные")
    await harness.press(USER, "Скачать мои данные", screen)
    files = [m for m in harness.fake.bot_messages(USER) if m.document]
    assert len(files) == 2
    assert screen.edits == edits and screen.buttons()
    assert harness.fake.pointless_edits() == []
