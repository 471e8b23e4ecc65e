"""/export: the year's workbook as a document, and under it «🗜 CSV (zip)»: the same sheets as
CSV files in one zip."""

from __future__ import annotations

import logging
from datetime import datetime

from aiogram import Bot, F, Router
from aiogram.enums import ChatAction
from aiogram.filters import Command
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from bot.config import Settings
from bot.filters import IsCurator
from bot.i18n import Translations, Translator, consent_version
from bot.questionnaires.loader import Catalog
from bot.services import export
from bot.services.people import Sessions

logger = logging.getLogger(__name__)

CSV_CALLBACK = "export:csv"


async def on_export(
    message: Message,
    *,
    session_factory: Sessions,
    i18n: Translator,
    translations: Translations,
    catalog: Catalog,
    settings: Settings,
    bot: Bot,
) -> None:
    await send_workbook(
        bot,
        message.chat.id,
        message.from_user.id if message.from_user else None,
        session_factory=session_factory,
        i18n=i18n,
        translations=translations,
        catalog=catalog,
        settings=settings,
    )


async def send_workbook(
    bot: Bot,
    chat_id: int,
    curator: int | None,
    *,
    session_factory: Sessions,
    i18n: Translator,
    translations: Translations,
    catalog: Catalog,
    settings: Settings,
) -> None:
    await bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
    made = await export.build(
        session_factory,
        zone=settings.tz,
        locale_texts=i18n,
        version=consent_version(translations),
        catalog=catalog,
        actor=curator,
    )
    if made is None:
        await bot.send_message(chat_id, i18n("curator-only"))
        return
    today = datetime.now(settings.tz).date()
    await bot.send_document(
        chat_id,
        BufferedInputFile(made.content, filename=f"mentoring-{today:%Y-%m-%d}.xlsx"),
        caption=i18n(
            "export-caption",
            date=f"{today:%d.%m.%Y}",
            participants=made.participants,
            consents=made.consents,
            pairs=made.pairs,
            meetings=made.meetings,
            tasks=made.tasks,
            responses=made.responses,
        ),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(
                        text=i18n.plain("export-csv-button"), callback_data=CSV_CALLBACK
                    )
                ]
            ]
        ),
    )


async def on_csv(
    query: CallbackQuery,
    *,
    session_factory: Sessions,
    i18n: Translator,
    translations: Translations,
    catalog: Catalog,
    settings: Settings,
    bot: Bot,
    is_curator: bool,
) -> None:
    """«🗜 CSV (zip)» under the workbook: only a curator's press counts (the service checks
    again: a curator removed meanwhile gets a refusal)."""
    if not is_curator:
        logger.warning("CSV export refused to %s: not a curator", query.from_user.id)
        await query.answer(i18n.plain("curator-only"), show_alert=True)
        return
    await query.answer()
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    await bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
    made = await export.build(
        session_factory,
        zone=settings.tz,
        locale_texts=i18n,
        version=consent_version(translations),
        catalog=catalog,
        actor=query.from_user.id,
        formats=frozenset({export.Format.ZIP}),
    )
    if made is None:
        logger.warning("CSV export refused to %s: no curator any more", query.from_user.id)
        await bot.send_message(chat_id, i18n("curator-only"))
        return
    today = datetime.now(settings.tz).date()
    await bot.send_document(
        chat_id,
        BufferedInputFile(made.archive, filename=f"mentoring-{today:%Y-%m-%d}-csv.zip"),
        caption=i18n("export-csv-caption", date=f"{today:%d.%m.%Y}"),
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_export, Command("export"), IsCurator())
    router.callback_query.register(on_csv, F.data == CSV_CALLBACK)
    return router
