"""A campaign's results as a curator reads them on a phone: the response rate by role, then per
question the number of answers and — only on three answers or more — the mean, the median and
the distribution (a text bar per value of a scale, a count per option of a choice), a page at a
time; the open answers on a screen of their own; the chart's panels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aiogram_dialog import DialogManager

from bot.charts.surveys import Bar, Panel
from bot.dialogs.common import catalog_of, i18n_of, person_of, sessions_of
from bot.dialogs.layout import short
from bot.domain import survey_stats as stats
from bot.i18n import Translator
from bot.questionnaires.model import QType, Question
from bot.services import survey_results
from bot.services.survey_results import (
    CampaignView,
    QuestionResult,
    Refused,
    Results,
    RoleResult,
)
from bot.telegram.text import MESSAGE_LIMIT, split_text, utf16_length

PAGE_LIMIT = MESSAGE_LIMIT - 296
"""UTF-16 units of a page's text: Telegram takes 4096, and a page stays well within."""
QUESTION_LIMIT = 200
"""Characters of a question's text in the results (long ones are cut at a word)."""
OPTION_LIMIT = 60
ANSWER_LIMIT = 700
"""Characters of one open answer on the list (cut at a word, «…»)."""
CHART_LABEL_LIMIT = 44
NUMBER_ROWS = 10
"""A number question's distribution is shown when its answers take this many values or fewer."""
MAIN_PAGE = "page"
ANSWERS_PAGE = "answers_page"


# ---- what a page says ------------------------------------------------------------------------


def campaign_id_of(manager: DialogManager) -> int | None:
    found = manager.dialog_data.get("campaign")
    return found if isinstance(found, int) and not isinstance(found, bool) else None


async def results_of(manager: DialogManager) -> Results | Refused:
    campaign = campaign_id_of(manager)
    if campaign is None:
        return Refused.NO_CAMPAIGN
    return await survey_results.results(
        sessions_of(manager), catalog_of(manager), campaign, by=person_of(manager).telegram_id
    )


def refusal_text(i18n: Translator, refused: Refused) -> str:
    return i18n("curator-only" if refused is Refused.NOT_CURATOR else "sr-no-campaign")


def title_of(i18n: Translator, campaign: CampaignView) -> str:
    """«Промежуточный мониторинг 2026/27», «Опрос от 03.12.2026» (plain text)."""
    return i18n.plain(
        "sr-kind",
        kind=campaign.kind,
        years=f"{campaign.year}/{(campaign.year + 1) % 100:02d}",
        opens=i18n.short_day(campaign.opens_on),
    )


def decimal(i18n: Translator, value: float, pattern: str = "0.0") -> str:
    """«7,8» in Russian, «7.8» in English; rounded half up (`survey_stats.format_mean`)."""
    return stats.format_mean(value, i18n.locale, pattern)


def question_text(question: Question, i18n: Translator, limit: int = QUESTION_LIMIT) -> str:
    return short(i18n.plain(question.text_key), limit)


def option_label(question: Question, value: Any, i18n: Translator) -> str:
    if isinstance(value, bool):
        return i18n.plain("sr-yes" if value else "sr-no")
    key = question.option_key(str(value))
    return short(i18n.plain(key) if i18n.has(key) else str(value), OPTION_LIMIT)


def bars(counts: Sequence[stats.Count]) -> list[str]:
    """A scale's or a number's distribution, a line per value from the lowest answered to the
    highest: «<code> 8 ██████     6</code>» (monospace, so values and counts line up)."""
    given = [n for n, (_, count) in enumerate(counts) if count]
    if not given:
        return []
    rows = counts[given[0] : given[-1] + 1]
    most = max(count for _, count in rows)
    width = max(len(str(value)) for value, _ in rows)
    return [
        f"<code>{value!s:>{width}} {stats.bar(count, most):<{stats.BAR_WIDTH}} {count}</code>"
        for value, count in rows
    ]


def question_lines(
    i18n: Translator, number: int, result: QuestionResult, role: RoleResult
) -> list[str]:
    """One question's block: its text, how many answered and, when allowed, what they say."""
    question, found = result.question, result.aggregate
    lines = [i18n("sr-question", n=number, text=question_text(question, i18n))]
    answers = i18n.plain("sr-answers", count=found.answered)
    if found.answered == 0:
        return [*lines, i18n("sr-none")]
    if question.type is QType.TEXT:
        if role.open_answers and stats.enough(role.counted):
            return [*lines, i18n("sr-open-see", answers=answers)]
        return [*lines, i18n("sr-hidden", answers=answers)]
    if not found.shown:
        return [*lines, i18n("sr-hidden", answers=answers)]
    if found.mean is not None and found.median is not None:
        lines.append(
            i18n(
                "sr-numbers",
                answers=answers,
                mean=decimal(i18n, found.mean),
                median=decimal(i18n, found.median, "0.#"),
            )
        )
        if question.type is QType.SCALE or len(found.counts) <= NUMBER_ROWS:
            lines += bars(found.counts)
        return lines
    if found.counts:
        key = "sr-counted-multi" if question.type is QType.MULTI else "sr-counted"
        lines.append(i18n(key, answers=answers))
        lines += [
            i18n("sr-option", option=option_label(question, value, i18n), count=count)
            for value, count in found.counts
        ]
        return lines
    return [*lines, answers]  # a date: how many answered, nothing more


def role_name(i18n: Translator, role: str) -> str:
    return i18n.plain("sr-role-name", role=role)


def summary_blocks(i18n: Translator, results: Results) -> list[Block]:
    """The response rate, then a block per role heading and per question."""
    campaign = results.campaign
    rates = [
        i18n(
            "sr-status",
            status=campaign.status,
            opens=i18n.short_day(campaign.opens_on),
            due=i18n.short_day(campaign.due_on),
        ),
        "",
        i18n("sr-rates"),
    ]
    for role in results.roles:
        who = i18n.plain("sr-role-list", role=role.role)
        if role.invited:
            rates.append(
                i18n(
                    "sr-rate",
                    role=who,
                    answered=role.answered,
                    invited=role.invited,
                    share=role.share or 0,
                )
            )
        else:
            rates.append(i18n("sr-rate-none", role=who))
    if not results.roles:
        rates.append(i18n("sr-rates-nobody"))
    blocks: list[Block] = [("\n".join(rates), False)]
    for role in results.roles:
        if not role.invited:
            continue  # «никого не приглашали» above says it all
        heading = i18n("sr-role", role=role_name(i18n, role.role), count=role.answered)
        if role.questionnaire is None:
            blocks.append(("\n".join([heading, i18n("sr-role-no-questionnaire")]), False))
            continue
        if role.answered == 0:
            blocks.append(("\n".join([heading, i18n("sr-role-nothing")]), False))
            continue
        if role.counted == 0:  # one or two so far, in a campaign still open
            blocks.append(
                ("\n".join([heading, i18n("sr-waiting-first", count=role.waiting)]), False)
            )
            continue
        if role.waiting:
            heading = "\n".join([heading, i18n("sr-waiting", count=role.waiting)])
        blocks.append((heading, True))
        blocks += [
            ("\n".join(question_lines(i18n, number, result, role)), False)
            for number, result in enumerate(role.questions, start=1)
        ]
    return blocks


def answer_blocks(i18n: Translator, results: Results) -> list[Block]:
    """The open answers, a block per question heading and per answer."""
    blocks: list[Block] = []
    for role in results.roles:
        for found in role.open_answers:
            heading = i18n(
                "sr-answers-question",
                role=role_name(i18n, role.role),
                text=question_text(found.question, i18n),
            )
            blocks.append((heading, True))
            blocks += [(i18n("sr-answer", text=_cut(text)), False) for text in found.texts]
    return blocks


Block = tuple[str, bool]
"""A block of a page and whether it is a heading (kept with the block after it)."""


def _cut(text: str) -> str:
    """An open answer cut at a word to about `ANSWER_LIMIT` characters, with «…» (counted as
    characters: `short` weighs each one, too slow for pages of 2,000-character answers)."""
    if len(text) <= ANSWER_LIMIT:
        return text
    cut = text[:ANSWER_LIMIT]
    space = cut.rfind(" ")
    if space > ANSWER_LIMIT // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:—–-") + "…"


def paginate(header: str, blocks: Sequence[Block], limit: int = PAGE_LIMIT) -> list[str]:
    """Pages of at most `limit` UTF-16 units, each beginning with `header`, blocks kept whole
    (a block too long for a page alone is split between its lines) and parted by a blank line;
    a heading is not left alone at the bottom of a page."""
    room = limit - utf16_length(header)
    pieces: list[Block] = []
    for text, heading in blocks:
        if utf16_length(text) + 2 > room:
            pieces += [(part, False) for part in split_text(text, room - 2)]
        else:
            pieces.append((text, heading))
    pages: list[list[Block]] = [[]]
    size = 0
    for piece in pieces:
        extra = utf16_length(piece[0]) + 2
        if pages[-1] and size + extra > room:
            page = pages[-1]
            carried = [page.pop()] if len(page) > 1 and page[-1][1] else []
            pages.append(carried)
            size = sum(utf16_length(text) + 2 for text, _ in carried)
        pages[-1].append(piece)
        size += extra
    return ["\n\n".join([header, *(text for text, _ in page)]) for page in pages if page] or [
        header
    ]


# ---- the getters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    pages: list[str]
    results: Results | None


async def summary_pages(manager: DialogManager) -> Shown:
    i18n = i18n_of(manager)
    found = await results_of(manager)
    if isinstance(found, Refused):
        return Shown([refusal_text(i18n, found)], None)
    header = i18n("sr-title", title=title_of(i18n, found.campaign))
    return Shown(paginate(header, summary_blocks(i18n, found)), found)


async def answer_pages(manager: DialogManager) -> Shown:
    i18n = i18n_of(manager)
    found = await results_of(manager)
    if isinstance(found, Refused):
        return Shown([refusal_text(i18n, found)], None)
    header = "\n".join(
        [
            i18n("sr-answers-title", title=title_of(i18n, found.campaign)),
            i18n("sr-answers-about"),
        ]
    )
    blocks = answer_blocks(i18n, found) or [(i18n("sr-answers-none"), False)]
    return Shown(paginate(header, blocks), found)


def page_of(manager: DialogManager, key: str, pages: int) -> int:
    page = manager.dialog_data.get(key)
    return min(page, pages - 1) if isinstance(page, int) and page >= 0 else 0


def pager(i18n: Translator, page: int, pages: int) -> list[tuple[str, str]]:
    """«◀️ 2/5 ▶️», each button naming the page it shows (going round); none for one page."""
    if pages <= 1:
        return []
    return [
        (str((page - 1) % pages), i18n.plain("pager-prev")),
        (str(page), i18n.plain("pager-page", page=page + 1, pages=pages)),
        (str((page + 1) % pages), i18n.plain("pager-next")),
    ]


async def summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    shown = await summary_pages(dialog_manager)
    page = page_of(dialog_manager, MAIN_PAGE, len(shown.pages))
    found = shown.results
    count = found.open_count if found is not None else 0
    return {
        "text": shown.pages[page],
        "pages": pager(i18n, page, len(shown.pages)),
        "open_count": count,
        "has_answers": count > 0,
        "has_chart": found is not None and bool(found.scales()),
    }


async def answers_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    shown = await answer_pages(dialog_manager)
    page = page_of(dialog_manager, ANSWERS_PAGE, len(shown.pages))
    return {"text": shown.pages[page], "pages": pager(i18n, page, len(shown.pages))}


# ---- the chart -------------------------------------------------------------------------------


def chart_label(question: Question, i18n: Translator) -> str:
    """The question briefly: its short name (`qs-<id>`, as the summary of answers has it) or its
    text cut at a word."""
    key = "qs-" + question.text_key.removeprefix("q-")
    return (
        i18n.plain(key)
        if i18n.has(key)
        else short(i18n.plain(question.text_key), CHART_LABEL_LIMIT)
    )


ROLE_COLORS = {"mentor": 0, "mentee": 1}


def chart_of(i18n: Translator, results: Results) -> tuple[list[Panel], str | None] | None:
    """The chart's panels (a role's scale questions on one scale each) and its note of the
    questions left out; None when no mean rests on three answers."""
    grouped: dict[tuple[str, int, int], list[Bar]] = {}
    for role, result in results.scales():
        question, mean = result.question, result.aggregate.mean
        assert mean is not None
        scale = (role, question.min or 1, question.max or 5)
        grouped.setdefault(scale, []).append(
            Bar(chart_label(question, i18n), mean, decimal(i18n, mean))
        )
    if not grouped:
        return None
    panels = [
        Panel(
            i18n.plain("sr-chart-panel", role=role_name(i18n, role), low=low, high=high),
            low,
            high,
            tuple(found),
            ROLE_COLORS.get(role, 2),
        )
        for (role, low, high), found in grouped.items()
    ]
    hidden = results.hidden_scales()
    return panels, (i18n.plain("sr-chart-note", count=hidden) if hidden else None)
