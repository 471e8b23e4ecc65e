"""/participants: counts, search by name, children waiting for a parent, paper consent."""

from __future__ import annotations

import logging
import re

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.config import Settings
from bot.filters import IsCurator
from bot.i18n import Translations, Translator, consent_version
from bot.services import consent, participants
from bot.services.people import Sessions
from bot.telegram.names import first_name
from bot.telegram.text import split_text

logger = logging.getLogger(__name__)
PENDING_SHOWN = 10


class PaperConsent(CallbackData, prefix="pc"):
    person_id: int


SEARCHABLE = re.compile(r"[^\W\d_][\w .'’-]{1,99}")
"""A name typed to look for someone: letters first, up to 100 characters, one line."""


def _label(i18n: Translator, key: str) -> str:
    return i18n.plain(key) if key else ""


async def on_participants(
    message: Message,
    *,
    command: CommandObject,
    session_factory: Sessions,
    i18n: Translator,
    translations: Translations,
    settings: Settings,
    bot: Bot,
) -> None:
    query = (command.args or "").strip()[:100]
    if query:
        await send_search(
            message, query, session_factory=session_factory, i18n=i18n, translations=translations
        )
        return
    await send_overview(
        bot,
        message.chat.id,
        session_factory=session_factory,
        i18n=i18n,
        translations=translations,
        settings=settings,
    )


async def send_search(
    message: Message,
    query: str,
    *,
    session_factory: Sessions,
    i18n: Translator,
    translations: Translations,
) -> None:
    """The people whose name holds `query` (any case, ё as е), with their statuses."""
    version = consent_version(translations)
    if query:
        viewer = message.from_user.id if message.from_user else None
        rows = await participants.find(session_factory, query, version, viewer=viewer)
        lines = [i18n("participants-found", count=len(rows), query=query)]
        for row in rows:
            person = row.person
            lines.append(
                i18n(
                    "participants-row",
                    name=person.full_name or person.first_name or str(person.telegram_id),
                    role=_label(i18n, f"role-short-{person.role}"),
                    category=_label(i18n, f"category-{person.role}-{person.category}"),
                    grade=i18n.plain("participants-class", grade=str(row.school_class))
                    if row.school_class is not None
                    else "",  # «, 9 «Б» класс» for a student
                    consent=i18n.plain(f"consent-status-{row.consent.value}"),
                    questionnaire=i18n.plain(
                        "participants-submitted" if row.submitted else "participants-not-submitted"
                    ),
                )
            )
        for chunk in split_text("\n".join(lines)):
            await message.answer(chunk)


async def send_overview(
    bot: Bot,
    chat_id: int,
    *,
    session_factory: Sessions,
    i18n: Translator,
    translations: Translations,
    settings: Settings,
) -> None:
    """The numbers of the bank, and each child waiting for a parent with its paper button."""
    version = consent_version(translations)
    seen = await participants.bank(session_factory, version, pending_shown=PENDING_SHOWN)
    counts, pending = seen.counts, seen.pending
    lines = [i18n("participants-title")]
    if seen.attention is not None:
        need = seen.attention
        lines += [
            i18n("participants-total", count=need.participants),
            i18n(
                "participants-attention",
                questionnaire=need.no_questionnaire,
                unpaired=need.unpaired,
                parent=need.waiting_parent,
            ),
            "",
        ]
    for key, number in sorted(counts["category"].items()):
        role, category = key.split(":", 1)
        lines.append(
            i18n(
                "participants-count-line",
                label=_label(i18n, f"category-{role}-{category}")
                + " · "
                + _label(i18n, f"role-short-{role}"),
                count=number,
            )
        )
    consents = counts["consent"]
    lines += [
        "",
        i18n(
            "participants-consents",
            given=consents.get("given", 0),
            declined=consents.get("declined", 0),
            withdrawn=consents.get("withdrawn", 0),
            pending=consents.get("pending_parent", 0),
        ),
        "",
        i18n("participants-usage"),
    ]
    await bot.send_message(chat_id, "\n".join(lines))
    for link, child in pending:
        name = await first_name(bot, child.telegram_id) or str(child.telegram_id)
        await bot.send_message(
            chat_id,
            i18n(
                "participants-pending",
                name=name,
                id=str(child.telegram_id),
                # The day as the school counts it (settings.tz), not the day in UTC.
                date=i18n.short_day(link.created_at.astimezone(settings.tz).date()),
            ),
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[
                    [
                        InlineKeyboardButton(
                            text=i18n.plain("participants-paper"),
                            callback_data=PaperConsent(person_id=child.id).pack(),
                        )
                    ]
                ]
            ),
        )


async def on_paper_consent(
    query: CallbackQuery,
    callback_data: PaperConsent,
    *,
    session_factory: Sessions,
    i18n: Translator,
    translations: Translations,
    is_curator: bool,
) -> None:
    """A curator's button (the service checks again: one removed since gets a refusal)."""
    if not is_curator:
        await query.answer(i18n.plain("curator-only"), show_alert=True)
        return
    refusal = await consent.record_paper(
        session_factory,
        callback_data.person_id,
        curator_telegram_id=query.from_user.id,
        version=consent_version(translations),
    )
    if refusal is not None:
        await query.answer(
            i18n.plain(f"participants-paper-refused-{refusal.value.replace('_', '-')}"),
            show_alert=True,
        )
        return
    await query.answer(i18n.plain("participants-paper-done"))
    if isinstance(query.message, Message) and query.message.reply_markup is not None:
        await query.message.edit_reply_markup(reply_markup=None)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_participants, Command("participants"), IsCurator())
    router.callback_query.register(on_paper_consent, PaperConsent.filter(F.person_id > 0))
    return router
