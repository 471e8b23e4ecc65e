"""A monitoring campaign's results for curators: the rules of bot/domain/survey_stats.py, then
seeded campaigns read through the real Dispatcher and the fake Telegram — aggregates on three
answers or more (checked by value), hidden on two, unsubmitted answers not counted, open answers
without names and only from three questionnaires, the chart (a PNG 1080 px wide, none when
nothing qualifies), a long list of open answers a page at a time, a non-curator refused.

The campaign screens (/survey) are another engineer's: a stand-in command starts the results
as their «📊 Результаты» does, with {"campaign": id}."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from typing import Any

import pytest
from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message as TgMessage
from aiogram_dialog import DialogManager
from PIL import Image
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Database, prepare_data
from bot.charts import draw
from bot.charts.surveys import Bar, Panel, means
from bot.config import Settings
from bot.db.engine import create_session_factory
from bot.db.models import Answer, AuditEntry, Campaign, CampaignInvite, Curator, Person
from bot.dialogs.survey_results.getters import PAGE_LIMIT, chart_of
from bot.dialogs.survey_results.states import SurveyResultsSG
from bot.domain import survey_stats as stats
from bot.i18n import Translations
from bot.questionnaires.loader import Catalog
from bot.questionnaires.model import QType, Question, Questionnaire
from bot.services import survey_results
from bot.services.survey_results import Refused
from bot.telegram.text import MESSAGE_LIMIT, utf16_length
from tests.conftest import CURATOR_ID
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.core import Message
from tests.harness import Harness

NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
STRANGER = 6201

# The test questionnaires borrow the intake questions' texts (the survey files are another
# engineer's): a 1–10 scale, a single and a multiple choice, yes/no, a number, two open ones.
NEED = Question("need_level", QType.SCALE, "q-need-level", min=1, max=10)
FORMAT = Question("format", QType.SINGLE, "q-format", option_set="format",
                  options=("offline", "online", "any"))  # fmt: skip
SLOTS = Question("time_slots", QType.MULTI, "q-time-slots", option_set="slots",
                 options=("weekday_day", "weekday_evening", "weekend"))  # fmt: skip
YOUNG = Question("young_specialist", QType.YESNO, "q-young-specialist", optional=True)
CAPACITY = Question("capacity", QType.NUMBER, "q-capacity", min=1, max=5, optional=True)
REQUEST = Question("request", QType.TEXT, "q-request")
ABOUT = Question("about", QType.TEXT, "q-about", optional=True)
MENTEE_Q = Questionnaire("t_mentee", (NEED, FORMAT, SLOTS, YOUNG, CAPACITY, REQUEST, ABOUT))
FIVE = Question("need_level", QType.SCALE, "q-need-level", min=1, max=5)
MENTOR_Q = Questionnaire("t_mentor", (FIVE, Question("experience", QType.TEXT, "q-experience")))
QUESTIONNAIRES = {"mentor": "t_mentor", "mentee": "t_mentee"}

TRICKY = "<b>Хочу</b> проект & олимпиаду"


# ---- the rules -------------------------------------------------------------------------------


def test_figures_round_half_up_and_shares_are_honest() -> None:
    assert stats.mean([7, 8, 8, 10]) == 8.25
    assert stats.rounded(8.25) == stats.rounded(8.3) and str(stats.rounded(8.25)) == "8.3"
    assert stats.median([7, 8, 8, 10]) == 8 and stats.median([7, 8]) == 7.5
    assert stats.share(4, 6) == 67 and stats.share(0, 6) == 0 and stats.share(3, 3) == 100
    assert stats.share(199, 200) == 99 and stats.share(1, 300) == 1
    assert stats.share(0, 0) is None
    with pytest.raises(ValueError):
        stats.mean([])
    assert stats.bar(1, 2) == "█████" and stats.bar(2, 2) == "█" * 10 and stats.bar(0, 2) == ""
    assert stats.bar(1, 100) == "█"  # any answer shows
    assert stats.format_mean(8.25, "ru") == "8,3" and stats.format_mean(8.25, "en") == "8.3"
    assert stats.format_mean(8.0, "ru", "0.#") == "8" and stats.format_mean(7.45, "ru") == "7,5"


def test_an_open_campaign_counts_its_respondents_three_at_a_time() -> None:
    people = ["a", "b", "c", "d", "e", "f", "g", "h"]  # by when they submitted
    assert stats.counted(people, True) == people[:6]
    assert stats.counted(people[:2], True) == [] and stats.counted(people[:3], True) == people[:3]
    assert stats.counted(people, False) == people and stats.counted(people[:1], False) == ["a"]


def test_distributions_and_the_threshold() -> None:
    assert stats.distribution([2, 2, 9], range(1, 4)) == ((1, 0), (2, 2), (3, 0), (9, 1))
    assert [stats.enough(n) for n in (0, 2, 3)] == [False, False, True]

    scale = stats.aggregate(NEED, [7, 8, None, 8, 10])
    assert (scale.answered, scale.mean, scale.median) == (4, 8.25, 8.0)
    assert dict(scale.counts) == {**{v: 0 for v in range(1, 11)}, 7: 1, 8: 2, 10: 1}
    hidden = stats.aggregate(NEED, [3, 9, None, ""])
    assert hidden == stats.Aggregate(2) and not hidden.shown  # nothing computed at all

    single = stats.aggregate(FORMAT, ["online", "offline", "online"])
    assert single.counts == (("offline", 1), ("online", 2), ("any", 0)) and single.mean is None
    multi = stats.aggregate(SLOTS, [["weekend"], ["weekend", "weekday_day"], [], ["weekend"]])
    assert multi.answered == 3  # an empty choice is no answer
    assert multi.counts == (("weekday_day", 1), ("weekday_evening", 0), ("weekend", 3))
    assert stats.aggregate(YOUNG, [True, False, True]).counts == ((True, 2), (False, 1))
    number = stats.aggregate(CAPACITY, [1, 2, 2])
    assert (number.mean, number.median, number.counts) == (5 / 3, 2.0, ((1, 1), (2, 2)))
    assert stats.aggregate(REQUEST, ["a", "b", "c"]) == stats.Aggregate(3)


def test_open_answers_are_in_a_stable_order_that_is_not_their_order() -> None:
    texts = [f"ответ {n}" for n in range(20)]
    once = stats.stable_order(texts, "1:mentee:request")
    assert once == stats.stable_order(list(reversed(texts)), "1:mentee:request")
    assert sorted(once) == sorted(texts) and once != texts


def test_the_chart_is_a_phone_wide_png() -> None:
    panels = [
        Panel("Наставляемые · шкала 1–10", 1, 10, (Bar("Комфорт в паре", 8.25, "8,3"),)),
        Panel(
            "Наставники · шкала 1–5", 1, 5, (Bar("Польза", 4.9, "4,9"), Bar("x " * 40, 2, "2,0"))
        ),
    ]
    picture = draw(means, panels, title="Промежуточный мониторинг", note="1 вопрос не показан")
    image = Image.open(BytesIO(picture))
    assert image.format == "PNG" and image.width == 1080 and 300 < image.height < 2100
    with pytest.raises(ValueError):
        means([], title="—")


# ---- a seeded world --------------------------------------------------------------------------


@dataclass
class World:
    campaign: int  # closed; mentees: 4 submitted (1 did not finish, 1 did not start); mentors: 2
    few: int  # open; mentees: 2 submitted
    many: int  # 60 mentees, each with a long open answer
    names: list[str]


async def _people(harness: Harness, first: int, count: int) -> list[Person]:
    async with harness.sessions.begin() as session:
        people = [
            Person(
                telegram_id=first + n,
                first_name="Имя",
                full_name=f"Фамилия{first + n} Имя",
                role="mentee",
                first_seen_at=NOW,
                last_seen_at=NOW,
            )
            for n in range(count)
        ]
        session.add_all(people)
    return people


async def _campaign(
    harness: Harness,
    kind: str,
    answers: list[tuple[Person, str, dict[str, Any], bool]],
    status: str = "open",
) -> int:
    """A campaign with an invite and the answers of each (person, role, answers, submitted)."""
    async with harness.sessions.begin() as session:
        campaign = Campaign(
            kind=kind,
            year=2026,
            opens_on=date(2026, 12, 1),
            due_on=date(2026, 12, 20),
            audience="active_pairs",
            questionnaires=QUESTIONNAIRES,
            status=status,
            created_at=NOW,
        )
        session.add(campaign)
        await session.flush()
        for person, role, values, submitted in answers:
            session.add(
                CampaignInvite(
                    campaign_id=campaign.id,
                    person_id=person.id,
                    role=role,
                    invited_at=NOW - timedelta(days=9),
                    due_on=campaign.due_on,
                    answered_at=NOW - timedelta(days=1) if submitted else None,
                )
            )
            answered_as = survey_results.answered_as(QUESTIONNAIRES[role], campaign.id)
            session.add_all(
                Answer(
                    person_id=person.id,
                    questionnaire_id=answered_as,
                    question_id=question,
                    value=value,
                    answered_at=NOW,
                )
                for question, value in values.items()
            )
        return campaign.id


async def world(harness: Harness) -> World:
    mentees = await _people(harness, 5000, 6)
    mentors = await _people(harness, 5100, 3)
    full = {"format": "offline", "time_slots": ["weekend"]}
    main = await _campaign(
        harness,
        "interim",
        [
            (mentees[0], "mentee", {**full, "need_level": 7, "young_specialist": True,
                                    "capacity": 1, "request": TRICKY, "about": "Люблю шахматы"},
             True),
            (mentees[1], "mentee", {**full, "need_level": 8, "young_specialist": True,
                                    "capacity": 2, "request": "Подготовиться к олимпиаде"}, True),
            (mentees[2], "mentee", {"need_level": 8, "format": "online", "young_specialist": False,
                                    "time_slots": ["weekend", "weekday_day"], "capacity": 2,
                                    "request": "Выбрать профессию"}, True),
            (mentees[3], "mentee", {"need_level": 10, "format": "any", "time_slots": ["weekend"],
                                    "young_specialist": None, "request": "Научиться учиться"},
             True),
            # Begun, never submitted: none of it counts.
            (mentees[4], "mentee", {"need_level": 1, "request": "Черновик, не отправлен"}, False),
            (mentees[5], "mentee", {}, False),
            (mentors[0], "mentor", {"need_level": 5, "experience": "Опыт наставника"}, True),
            (mentors[1], "mentor", {"need_level": 3, "experience": "Двадцать лет в школе"}, True),
            (mentors[2], "mentor", {}, False),
        ],
        status="closed",  # all its answers count (while open, only whole threes would)
    )  # fmt: skip
    few = await _campaign(
        harness,
        "final",
        [(m, "mentee", {"need_level": 9, "request": "Мало"}, True) for m in mentees[:2]],
    )
    crowd = await _people(harness, 6000, 60)
    long_text = " ".join(["Очень длинный ответ о том, как прошёл год в паре."] * 40)  # ~2,000
    many = await _campaign(
        harness,
        "adhoc",
        [(p, "mentee", {"need_level": 6, "request": f"{n}: {long_text}"}, True)
         for n, p in enumerate(crowd)],
    )  # fmt: skip
    names = [p.full_name or "" for p in [*mentees, *mentors]]
    return World(main, few, many, names)


@pytest.fixture
async def surveys(
    fake: FakeTelegram, settings: Settings, engine: AsyncEngine, translations: Translations
) -> AsyncIterator[Harness]:
    """The bot with the test questionnaires as its catalog and the stand-in `/results <id>`."""
    await prepare_data(Database(engine, create_session_factory(engine)), settings)
    # Only the test questionnaires: the curator here opens nothing else.
    catalog = Catalog({"t_mentor": MENTOR_Q, "t_mentee": MENTEE_Q}, {})
    fake.add_user(CURATOR_ID, "Ольга")
    fake.add_user(STRANGER, "Игорь")
    harness = Harness.build(
        fake=fake, settings=settings, engine=engine, translations=translations, catalog=catalog
    )
    router = Router(name="survey-results-stand-in")

    @router.message(Command("results"))
    async def open_results(
        message: TgMessage, command: CommandObject, dialog_manager: DialogManager
    ) -> None:
        await dialog_manager.start(SurveyResultsSG.main, data={"campaign": int(command.args or 0)})

    harness.dispatcher.include_router(router)
    routers = harness.dispatcher.sub_routers
    routers.insert(0, routers.pop())  # before the fallback, as /survey's button would be
    yield harness
    await harness.bot.session.close()
    assert fake.unanswered_queries() == [], "every callback query must be answered"


async def views(harness: Harness) -> list[tuple[int | None, Any]]:
    async with harness.sessions() as session:
        rows = await session.execute(
            select(AuditEntry.actor_telegram_id, AuditEntry.details)
            .where(AuditEntry.action == survey_results.VIEWED)
            .order_by(AuditEntry.id)
        )
        return [(actor, details) for actor, details in rows]


def photos(harness: Harness, user: int) -> list[Message]:
    return [m for m in harness.fake.bot_messages(user) if m.photo]


# ---- through the Dispatcher ------------------------------------------------------------------


async def test_results_show_aggregates_on_three_answers_and_hide_them_on_two(
    surveys: Harness,
) -> None:
    w = await world(surveys)
    screen = await surveys.send(CURATOR_ID, f"/results {w.campaign}")
    text = screen.text_or_empty()
    assert text.startswith("📊 Промежуточный мониторинг 2026/27")
    assert "Завершён: ответы принимались до 20.12.2026." in text
    assert "• наставники — 2 из 3 (67 %)" in text
    assert "• наставляемые — 4 из 6 (67 %)" in text  # the unsubmitted are invited, not answered
    # Mentees, four submitted: the unsubmitted 1 and its draft are left out.
    assert "Наставляемые · 4 анкеты" in text
    assert "1. Насколько вам сейчас нужна помощь наставника?" in text
    assert "4 ответа · среднее 8,3 · медиана 8" in text  # 8.25 rounds half up
    assert " 7 █████      1\n 8 ██████████ 2\n 9            0\n10 █████      1" in text
    assert " 1 " not in text.split("медиана 8", 1)[1].split("2.", 1)[0]  # from 7, not from 1
    assert "4 ответа:\n• Очно, в школе — 2\n• Онлайн — 1\n• Как угодно — 1" in text
    assert "4 ответа (можно было выбрать несколько):\n• Будни, днём — 1" in text
    assert "• Будни, вечером — 0\n• Выходные — 4" in text
    assert "3 ответа:\n• Да — 2\n• Нет — 1" in text  # one skipped it
    assert "3 ответа · среднее 1,7 · медиана 2" in text
    assert "4 ответа — читайте в «💬 Открытые ответы»" in text
    assert "Черновик" not in text
    # Mentors, two submitted: their figures and their open answers stay hidden.
    mentors = text.split("Наставники · 2 анкеты", 1)[1]
    assert mentors.count("2 ответа · Мало ответов, чтобы показать (нужно не меньше трёх)") == 2
    assert "Опыт наставника" not in text and "Двадцать лет" not in text
    labels = [b["text"] for b in screen.buttons()]
    assert labels == ["💬 Открытые ответы (5)", "📈 Диаграмма", "⬅️ Назад"]  # one page

    answers = await surveys.press(CURATOR_ID, "Открытые ответы")
    text = answers.text_or_empty()
    assert "Без имён, в случайном порядке." in text
    assert "Наставляемые · Чего вы хотите добиться" in text
    assert TRICKY in text  # escaped, so shown as typed
    expected = stats.stable_order(
        [TRICKY, "Подготовиться к олимпиаде", "Выбрать профессию", "Научиться учиться"],
        f"{w.campaign}:mentee:request",
    )
    assert [line[2:] for line in text.splitlines() if line.startswith("— ")][:4] == expected
    assert "— Люблю шахматы" in text  # one answer, but among four questionnaires
    assert not any(name in text for name in w.names) and "Черновик" not in text
    assert "Опыт наставника" not in text  # two mentors: their words could be told apart
    back = await surveys.press(CURATOR_ID, "Назад", answers)
    assert "4 ответа · среднее 8,3" in back.text_or_empty()

    await surveys.press(CURATOR_ID, "Диаграмма", back)
    [photo] = photos(surveys, CURATOR_ID)
    image = Image.open(BytesIO(photo.document_content))  # type: ignore[attr-defined]
    assert image.format == "PNG" and image.width == 1080
    assert "Промежуточный мониторинг 2026/27: средние оценки по шкалам" in (photo.caption or "")
    again = surveys.fake.last_bot_message(CURATOR_ID)
    assert again.message_id > photo.message_id and "4 ответа · среднее 8,3" in again.text_or_empty()

    found = await survey_results.results(
        surveys.sessions, Catalog({"t_mentor": MENTOR_Q, "t_mentee": MENTEE_Q}, {}), w.campaign,
        by=CURATOR_ID,
    )  # fmt: skip
    assert not isinstance(found, Refused)
    chart = chart_of(surveys.translations.get("ru"), found)
    assert chart is not None
    panels, note = chart
    assert [(p.title, p.low, p.high, [b.shown for b in p.bars]) for p in panels] == [
        ("Наставляемые · шкала 1–10", 1, 10, ["8,3"])
    ]
    assert note == "1 вопрос не показан: на него меньше трёх ответов"  # the mentors' scale
    assert await views(surveys) == [
        (CURATOR_ID, {"campaign": w.campaign, "view": "summary"}),
        (CURATOR_ID, {"campaign": w.campaign, "view": "answers"}),
        (CURATOR_ID, {"campaign": w.campaign, "view": "chart"}),
    ]


async def test_an_open_campaign_shows_whole_threes_and_nothing_on_two(surveys: Harness) -> None:
    w = await world(surveys)
    screen = await surveys.send(CURATOR_ID, f"/results {w.few}")
    text = screen.text_or_empty()
    assert text.startswith("📊 Итоговый мониторинг 2026/27")
    assert "Наставляемые · 2 анкеты\n⏳ Итоги появятся, когда анкет станет три." in text
    assert "ответ" not in text.split("2 анкеты", 1)[1]  # not even who skipped what
    assert "среднее" not in text and "Мало" not in text
    assert [b["text"] for b in screen.buttons()] == ["⬅️ Назад"]  # no answers, no chart
    catalog = Catalog({"t_mentor": MENTOR_Q, "t_mentee": MENTEE_Q}, {})
    found = await survey_results.results(surveys.sessions, catalog, w.few, by=CURATOR_ID)
    assert not isinstance(found, Refused)
    assert chart_of(surveys.translations.get("ru"), found) is None
    assert photos(surveys, CURATOR_ID) == []

    # Two more: the figures rest on the earliest three; the fourth waits for two others.
    later = await _people(surveys, 5300, 2)
    async with surveys.sessions.begin() as session:
        for n, (person, need) in enumerate(zip(later, (3, 6), strict=True)):
            session.add(
                CampaignInvite(
                    campaign_id=w.few,
                    person_id=person.id,
                    role="mentee",
                    invited_at=NOW - timedelta(days=9),
                    due_on=date(2026, 12, 20),
                    answered_at=NOW + timedelta(hours=n),
                )
            )
            session.add_all(
                Answer(
                    person_id=person.id,
                    questionnaire_id=survey_results.answered_as("t_mentee", w.few),
                    question_id=question,
                    value=value,
                    answered_at=NOW,
                )
                for question, value in {"need_level": need, "request": f"Ответ {need}"}.items()
            )
    text = (await surveys.send(CURATOR_ID, f"/results {w.few}")).text_or_empty()
    assert "• наставляемые — 4 из 4 (100 %)" in text
    assert "Наставляемые · 4 анкеты\n⏳ Ещё 1 анкета войдёт в итоги, когда новых станет три." in (
        text
    )
    assert "3 ответа · среднее 7,0 · медиана 9" in text  # 9, 9, 3: not the 6
    assert "3 ответа — читайте в «💬 Открытые ответы»" in text
    answers = (await surveys.press(CURATOR_ID, "Открытые ответы (3)")).text_or_empty()
    assert "Ответ 3" in answers and "Ответ 6" not in answers

    # Closed: every answer counts.
    async with surveys.sessions.begin() as session:
        await session.execute(update(Campaign).where(Campaign.id == w.few).values(status="closed"))
    text = (await surveys.send(CURATOR_ID, f"/results {w.few}")).text_or_empty()
    assert "4 ответа · среднее 6,8 · медиана 7,5" in text and "⏳" not in text


async def test_a_long_list_of_open_answers_is_paged_within_telegrams_limits(
    surveys: Harness,
) -> None:
    w = await world(surveys)
    screen = await surveys.send(CURATOR_ID, f"/results {w.many}")
    assert screen.text_or_empty().startswith("📊 Опрос от 01.12.2026")
    assert "60 ответов · среднее 6,0 · медиана 6" in screen.text_or_empty()
    page = await surveys.press(CURATOR_ID, "Открытые ответы (60)")
    pager = [b["text"] for b in page.buttons()][:3]
    pages = int(pager[1].split("/")[1])
    assert pager[0] == "◀️" and pager[1] == f"1/{pages}" and pager[2] == "▶️" and pages >= 10
    seen: list[str] = []
    for number in range(1, pages + 1):
        text = page.text_or_empty()
        assert utf16_length(text) <= PAGE_LIMIT <= MESSAGE_LIMIT
        assert text.startswith("💬 Открытые ответы · Опрос от 01.12.2026")
        seen += [line for line in text.splitlines() if line.startswith("— ")]
        assert page.buttons()[1]["text"] == f"{number}/{pages}"
        # The page on screen draws nothing again (Telegram would refuse the edit).
        await surveys.press_data(CURATOR_ID, page, page.buttons()[1]["callback_data"])
        page = await surveys.press(CURATOR_ID, "▶️", page)
    assert page.buttons()[1]["text"] == f"1/{pages}"  # round to the first
    assert len(seen) == 60 and all(line.endswith("…") for line in seen)  # each cut to fit
    last = await surveys.press(CURATOR_ID, "◀️", page)
    assert last.buttons()[1]["text"] == f"{pages}/{pages}"


async def test_a_non_curator_and_a_campaign_that_does_not_exist(surveys: Harness) -> None:
    w = await world(surveys)
    screen = await surveys.send(CURATOR_ID, "/results 999")
    assert "Такой кампании нет" in screen.text_or_empty()
    assert [b["text"] for b in screen.buttons()] == ["⬅️ Назад"]

    # Someone who is no curator, however the screen was started: the use case refuses.
    refused = await surveys.send(STRANGER, f"/results {w.campaign}")
    assert refused.text_or_empty() == "Это действие доступно только кураторам программы."
    assert await survey_results.results(
        surveys.sessions, Catalog({}, {}), w.campaign, by=STRANGER
    ) is Refused.NOT_CURATOR  # fmt: skip

    # A curator removed while the results are open: the chart is refused, nothing is sent.
    screen = await surveys.send(CURATOR_ID, f"/results {w.campaign}")
    async with surveys.sessions.begin() as session:
        await session.execute(delete(Curator).where(Curator.telegram_id == CURATOR_ID))
    await surveys.press(CURATOR_ID, "Диаграмма", screen)
    assert surveys.last_answer() == {
        "text": "Это действие доступно только кураторам программы.",
        "show_alert": True,
    }
    assert photos(surveys, CURATOR_ID) == []
    assert await views(surveys) == [(CURATOR_ID, {"campaign": w.campaign, "view": "summary"})]
