"""/curator: the list of curators; add and remove them."""

from __future__ import annotations

import re

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.config import Settings
from bot.filters import IsCurator
from bot.i18n import Translations, Translator
from bot.services import curators
from bot.services.curators import CuratorChange, CuratorSource
from bot.services.people import Sessions
from bot.telegram.commands import remove_curator_commands, set_curator_commands
from bot.telegram.text import split_text

_ID = re.compile(r"^\d{1,15}$")


def overview(seen: curators.Overview, i18n: Translator, settings: Settings) -> str:
    lines = [i18n("curator-title")]
    for row in seen.curators:
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
    lines += [
        "",
        i18n("curator-people", people=seen.people, blocked=seen.blocked),
        "",
        i18n("curator-usage"),
    ]
    return "\n".join(lines)


async def on_curator(
    message: Message,
    *,
    command: CommandObject,
    session_factory: Sessions,
    i18n: Translator,
    settings: Settings,
    translations: Translations,
    bot: Bot,
) -> None:
    assert message.from_user is not None
    action, _, argument = (command.args or "").strip().partition(" ")
    action, argument = action.lower(), argument.strip()
    if action not in {"add", "remove"}:
        text = overview(await curators.overview(session_factory), i18n, settings)
        for chunk in split_text(text):
            await message.answer(chunk)
        return
    if not _ID.match(argument):
        await message.answer(i18n("curator-bad-id"))
        return
    telegram_id = int(argument)
    if action == "add":
        change = await curators.add(
            session_factory, settings.org_name, telegram_id, message.from_user.id
        )
    else:
        change = await curators.remove(session_factory, telegram_id, message.from_user.id)
    await message.answer(i18n(f"curator-{change.value.replace('_', '-')}", id=argument))
    if change is CuratorChange.ADDED:
        await set_curator_commands(bot, translations, telegram_id)
    elif change is CuratorChange.REMOVED:
        await remove_curator_commands(bot, translations, telegram_id)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsCurator())
    router.message.register(on_curator, Command("curator"))
    return router
