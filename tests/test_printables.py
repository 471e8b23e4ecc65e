"""Things to print and forward: the event's QR poster, the check-in link only while an event is
open, the confirmation before closing it, the parent's link with a prefilled text, and a
readable summary beside the personal-data file."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import segno
from PIL import Image, ImageFont
from sqlalchemy import select

from bot.db.models import Pair, Person, utcnow
from bot.dialogs.privacy.summary import summary
from bot.poster import BOLD, poster, wrap
from bot.services import events
from bot.services.privacy import Stored, StoredAnswers, StoredConsent
from bot.telegram.text import MESSAGE_LIMIT, utf16_length
from tests.conftest import CURATOR_ID
from tests.fake_telegram import Message
from tests.fake_telegram.html import parse_html
from tests.flows import child_asks_for_parent_link, mentor_signs_up
from tests.harness import Harness

MENTOR, MENTEE, CHILD = 9701, 9702, 9703
TITLE = "Нетворкинг наставников и наставляемых <7 классы> & выпускники школы прошлых лет"
LINK = re.compile(r"https://t\.me/\S+")


async def an_event(harness: Harness) -> events.EventView:
    made = await events.create(
        harness.sessions,
        title=TITLE,
        starts_at=datetime(2026, 12, 5, 12, 0, tzinfo=UTC),  # Saturday, 15:00 in Moscow
        place="Актовый зал",
        by=CURATOR_ID,
    )
    assert made is not None
    return made


async def open_card(harness: Harness) -> Message:
    harness.fake.add_user(CURATOR_ID, "Ольга")
    await harness.send(CURATOR_ID, "/event")
    return await harness.press(CURATOR_ID, "Нетворкинг")


def qr_modules(picture: Image.Image, side: int) -> list[list[bool]]:
    """Reads the QR code at the top of the picture module by module (dark = True)."""
    grey = picture.convert("L")
    width, height = grey.size
    data = grey.tobytes()

    def dark(x: int, y: int) -> bool:
        return data[y * width + x] < 128

    top = next(y for y in range(height) if any(dark(x, y) for x in range(width)))
    row = [x for x in range(width) if dark(x, top)]
    left, right = row[0], row[-1]  # the two finder patterns span the top row
    module, rest = divmod(right - left + 1, side)
    assert rest == 0 and module >= 8, "whole, large modules"
    middle = module // 2
    return [
        [dark(left + c * module + middle, top + r * module + middle) for c in range(side)]
        for r in range(side)
    ]


async def test_the_qr_code_is_a_printable_png_with_the_event_under_it(harness: Harness) -> None:
    await an_event(harness)
    card = await open_card(harness)
    [link] = LINK.findall(card.text_or_empty())
    await harness.press(CURATOR_ID, "QR-код", card)
    [sent] = [m for m in harness.fake.bot_messages(CURATOR_ID) if m.document]
    assert not sent.photo  # a document: Telegram does not compress it
    assert sent.document is not None and sent.document["file_name"].endswith(".png")
    picture = Image.open(io.BytesIO(sent.document_content))  # type: ignore[attr-defined]
    assert picture.format == "PNG" and picture.width >= 1000
    code = segno.make(link, error="m")
    expected = [[bool(m) for m in row] for row in code.matrix_iter(border=0)]
    assert qr_modules(picture, len(expected)) == expected  # the code is the check-in link
    caption = sent.caption or ""
    assert TITLE in caption
    assert "сб, 5 декабря" in caption and "15:00" in caption  # the weekday, in Russian
    assert "Актовый зал" in caption
    again = harness.fake.last_bot_message(CURATOR_ID)
    assert again.message_id > sent.message_id and again.button("Обновить")  # buttons below


def test_the_poster_wraps_a_long_title_and_renders_cyrillic() -> None:
    font = ImageFont.truetype(str(BOLD), 64)
    lines = wrap("Очень " * 40 + "Нераздельноенаписанноесловобезединогопробела" * 3, font, 900, 4)
    assert len(lines) == 4 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 900 for line in lines)
    # Cyrillic letters have glyphs of their own: not the same "missing" box for each.
    masks = {bytes(font.getmask(letter)) for letter in "ЖЫЯщ"}
    assert len(masks) == 4
    png = poster("https://t.me/mentor_bot?start=e_x", "Встреча " * 30, ["чт, 10 декабря, 15:00"])
    picture = Image.open(io.BytesIO(png))
    assert picture.width >= 1000 and picture.height > picture.width  # text below the code


async def test_closing_asks_with_whom_and_then_the_link_is_gone(harness: Harness) -> None:
    made = await an_event(harness)
    harness.fake.add_user(MENTOR, "Игорь")
    await mentor_signs_up(harness, MENTOR, "Смирнов Игорь")
    await harness.send(MENTOR, f"/start {events.LINK_PREFIX}{made.token}")
    card = await open_card(harness)
    assert f"start={events.LINK_PREFIX}{made.token}" in card.text_or_empty()
    confirm = await harness.press(CURATOR_ID, "Завершить встречу")
    said = confirm.text_or_empty()
    assert f"Завершить встречу «{TITLE}»?" in said
    assert "получит 1 участник (наставников: 1, наставляемых: 0)" in said
    assert "Выбор открыт до" in said
    closed = await harness.press(CURATOR_ID, "Да, завершить")
    assert "Встреча завершена" in closed.text_or_empty()
    assert "t.me/" not in closed.text_or_empty() and "Ссылка для отметки" not in (
        closed.text_or_empty()
    )
    assert not [b for b in closed.buttons() if "QR" in b["text"]]
    assert "Отметьте наставляемых" in harness.fake.last_bot_message(MENTOR).text_or_empty()
    # Opened again from the list, a closed event still shows no link.
    await harness.send(CURATOR_ID, "/event")
    again = await harness.press(CURATOR_ID, "Нетворкинг")
    assert "t.me/" not in again.text_or_empty()


async def test_closing_an_event_nobody_came_to_says_so(harness: Harness) -> None:
    await an_event(harness)
    await open_card(harness)
    confirm = await harness.press(CURATOR_ID, "Завершить встречу")
    assert "никто не отметился" in confirm.text_or_empty()
    assert "получат" not in confirm.text_or_empty()


def test_the_confirmation_counts_in_russian_plurals(harness: Harness) -> None:
    i18n = harness.translations.get("ru")
    said = {
        n: i18n("event-close-confirm", title="T", count=n, mentors=0, mentees=n, until="пн")
        for n in (1, 3, 14, 21, 22, 25)
    }
    assert "получит 1 участник " in said[1]
    assert "получат 3 участника " in said[3]
    assert "получат 14 участников " in said[14]
    assert "получит 21 участник " in said[21]
    assert "получат 22 участника " in said[22]
    assert "получат 25 участников " in said[25]


async def test_the_parent_link_comes_with_a_prefilled_text_saying_who_and_why(
    harness: Harness,
) -> None:
    harness.fake.add_user(CHILD, "Петя & <Ко>", "ru")
    payload = await child_asks_for_parent_link(harness, CHILD)
    link = f"https://t.me/mentor_bot?start={payload}"
    [message] = [m for m in harness.fake.bot_messages(CHILD) if link in m.text_or_empty()]
    share = message.button("Переслать родителю")["url"]
    assert share.startswith("https://t.me/share/url?") and " " not in share
    query = parse_qs(urlsplit(share).query, strict_parsing=True)
    assert query["url"] == [link]
    [prefilled] = query["text"]
    assert prefilled.startswith("Привет! Это Петя & <Ко>.")  # who asks, to either parent
    assert "программе наставничества" in prefilled and "мне подберут наставника" in prefilled
    assert "Мне ещё нет 14, поэтому Школа № 1 просит твоего согласия" in prefilled
    assert "Открой, пожалуйста, ссылку" in prefilled
    assert "Мама" not in prefilled and "Папа" not in prefilled
    # The message itself says the same, so forwarding it by hand works as well.
    assert prefilled in message.text_or_empty()
    assert "Перешлите это сообщение маме, папе или опекуну" in message.text_or_empty()


async def test_download_my_data_comes_with_a_readable_summary(harness: Harness) -> None:
    made = await an_event(harness)
    harness.fake.add_user(MENTOR, "Евдокия", "ru", username="evdokia_k")
    await mentor_signs_up(harness, MENTOR, "Кузнецова Евдокия")
    await harness.send(MENTOR, f"/start {events.LINK_PREFIX}{made.token}")
    async with harness.sessions.begin() as session:
        me = await session.scalar(select(Person).where(Person.telegram_id == MENTOR))
        assert me is not None
        mentee = Person(
            telegram_id=MENTEE,
            first_name="Саша",
            full_name="Петров Саша",
            role="mentee",
            category="student",
            age_group="14to17",
            first_seen_at=utcnow(),
            last_seen_at=utcnow(),
        )
        session.add(mentee)
        await session.flush()
        session.add(
            Pair(
                mentor_id=me.id,
                mentee_id=mentee.id,
                form="teacher_student",
                status="active",
                months=6,
                created_by=CURATOR_ID,
                created_at=datetime(2026, 12, 1, 9, tzinfo=UTC),
                started_at=datetime(2026, 12, 3, 9, tzinfo=UTC),
            )
        )
    await harness.send(MENTOR, "/privacy")
    before = len(harness.fake.bot_messages(MENTOR))
    await harness.press(MENTOR, "Скачать мои данные")
    new = harness.fake.bot_messages(MENTOR)[before:]
    *texts, file = new
    assert file.document is not None and file.document["file_name"] == "my-data.json"
    said = "\n".join(m.text_or_empty() for m in texts)
    assert "Что бот хранит о вас" in said
    assert "Имя: Кузнецова Евдокия" in said
    assert "Ник в Телеграме: @evdokia_k" in said
    assert "Роль: наставник (Родитель)" in said
    assert "вы дали согласие сами" in said
    assert "Анкета наставника · отправлена" in said
    assert "Работа: Инженер-конструктор в КБ" in said  # as the questionnaire's summary says
    assert "Выбор профессии" in said  # an option as the questionnaire shows it, not its id
    assert "career" not in said
    assert f"{TITLE} — сб, 5 декабря" in said
    assert "Вы — наставник, в паре с вами — Петров Саша: работает с 03.12.2026" in said
    assert "Срок соглашения — 6 месяцев." in said
    data = file.document_content.decode()  # type: ignore[attr-defined]
    assert '"events_attended"' in data and '"partner": "Петров Саша"' in data


def test_a_long_summary_is_split_and_escaped(harness: Harness) -> None:
    i18n = harness.translations.get("ru")
    catalog = harness.dispatcher["catalog"]
    long = "<b>не тег</b> & " * 90
    stored = Stored(
        full_name="<Иванова> & Ко",
        telegram_name="Аня",
        username=None,
        role="mentee",
        category="student",
        age_group="under14",
        first_seen_at=utcnow(),
        consents=[StoredConsent("given", "parent", utcnow(), "Иванова Мария Петровна")],
        questionnaires=[
            StoredAnswers(
                "intake_student",
                None,
                {"subjects": long, "request": long, "about": "&" * 1000, "gone": long},
            ),
        ],
        events=[],
        pairs=[],
    )
    parts = summary(stored, i18n, catalog, harness.settings.tz)
    assert len(parts) > 1
    for part in parts:
        assert utf16_length(part) <= MESSAGE_LIMIT
        plain, _ = parse_html(part)  # valid HTML: user text is escaped
        assert plain.strip()
    whole = "\n".join(parse_html(part)[0] for part in parts)
    assert "Имя: <Иванова> & Ко" in whole and "<b>не тег</b>" in whole
    assert "согласие дал родитель или законный представитель: Иванова Мария Петровна" in whole
    assert "Анкета наставляемого · не отправлена" in whole
    assert "&&&…" in whole  # an answer too long for a message once escaped is cut
