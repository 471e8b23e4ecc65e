"""/export: the curators' Excel workbook (registry, consents, pairs) as a document."""

from __future__ import annotations

from datetime import datetime

from aiogram import Bot, Router
from aiogram.enums import ChatAction
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, Message

from bot.config import Settings
from bot.filters import IsCurator
from bot.i18n import Translations, Translator, consent_version
from bot.services import export
from bot.services.people import Sessions


async def on_export(
    message: Message,
    *,
    session_factory: Sessions,
    i18n: Translator,
    translations: Translations,
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
    settings: Settings,
) -> None:
    await bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
    made = await export.build(
        session_factory,
        zone=settings.tz,
        locale_texts=i18n,
        version=consent_version(translations),
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
        ),
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsCurator())
    router.message.register(on_export, Command("export"))
    return router
