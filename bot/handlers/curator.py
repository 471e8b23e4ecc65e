"""/curator: the list of curators; add and remove them."""

from __future__ import annotations

import re

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.filters import IsCurator
from bot.i18n import Translations, Translator
from bot.services import curators, people
from bot.services.curators import CuratorChange, CuratorSource
from bot.telegram.commands import remove_curator_commands, set_curator_commands
from bot.telegram.text import split_text

_ID = re.compile(r"^\d{1,15}$")


async def overview(session: AsyncSession, i18n: Translator, settings: Settings) -> str:
    lines = [i18n("curator-title")]
    for row in await curators.list_curators(session):
        if row.source == CuratorSource.SETTINGS:
            lines.append(i18n("curator-line-settings", id=str(row.telegram_id)))
        else:
            lines.append(
                i18n(
                    "curator-line-added",
                    id=str(row.telegram_id),
                    by=str(row.added_by or ""),
                    date=row.added_at.astimezone(settings.tz).strftime("%d.%m.%Y"),
                )
            )
    total, blocked = await people.totals(session)
    lines += ["", i18n("curator-people", people=total, blocked=blocked), "", i18n("curator-usage")]
    return "\n".join(lines)


async def on_curator(
    message: Message,
    *,
    command: CommandObject,
    session: AsyncSession,
    i18n: Translator,
    settings: Settings,
    translations: Translations,
    bot: Bot,
) -> None:
    assert message.from_user is not None
    action, _, argument = (command.args or "").strip().partition(" ")
    action, argument = action.lower(), argument.strip()
    if action not in {"add", "remove"}:
        for chunk in split_text(await overview(session, i18n, settings)):
            await message.answer(chunk)
        return
    if not _ID.match(argument):
        await message.answer(i18n("curator-bad-id"))
        return
    telegram_id = int(argument)
    if action == "add":
        change = await curators.add_curator(session, telegram_id, added_by=message.from_user.id)
    else:
        change = await curators.remove_curator(
            session, telegram_id, removed_by=message.from_user.id
        )
    await session.commit()
    await message.answer(i18n(f"curator-{change.value.replace('_', '-')}", id=argument))
    if change is CuratorChange.ADDED and await set_curator_commands(bot, translations, telegram_id):
        # The new curator has opened the bot before: tell them.
        person = await people.get_person(session, telegram_id)
        newcomer = translations.get(
            translations.choose(person.locale, person.language_code) if person else None
        )
        await bot.send_message(telegram_id, newcomer("curator-welcome", org=settings.org_name))
    elif change is CuratorChange.REMOVED:
        await remove_curator_commands(bot, translations, telegram_id)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsCurator())
    router.message.register(on_curator, Command("curator"))
    return router
