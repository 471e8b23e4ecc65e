"""/curator: the list of curators; add and remove them."""

from __future__ import annotations

import re
from urllib.parse import quote

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.config import Settings
from bot.filters import IsCurator
from bot.i18n import Translations, Translator
from bot.services import curators
from bot.services.curators import INVITE_LIFETIME, INVITE_PREFIX, CuratorChange, CuratorSource
from bot.services.people import Sessions
from bot.telegram.commands import remove_curator_commands, set_curator_commands
from bot.telegram.links import start_link_base
from bot.telegram.names import first_name
from bot.telegram.text import split_text

_ID = re.compile(r"^\d{1,15}$")
INVITE = "curator_invite"  # callback data of «invite a curator»


def overview(
    seen: curators.Overview,
    i18n: Translator,
    settings: Settings,
    names: dict[int, str] | None = None,
) -> str:
    """The curators by name (as Telegram shows it now; none is stored), with their ids."""
    names = names or {}
    lines = [i18n("curator-title")]
    for row in seen.curators:
        name = names.get(row.telegram_id) or i18n.plain("curator-no-name")
        if row.source == CuratorSource.SETTINGS:
            lines.append(i18n("curator-line-settings", name=name, id=str(row.telegram_id)))
        else:
            lines.append(
                i18n(
                    "curator-line-added",
                    name=name,
                    id=str(row.telegram_id),
                    by=names.get(row.added_by or 0) or str(row.added_by or ""),
                    date=i18n.short_day(row.added_at.astimezone(settings.tz).date()),
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
    if action == "invite":
        await send_invite(bot, message.from_user.id, session_factory=session_factory, i18n=i18n)
        return
    if action not in {"add", "remove"}:
        await send_overview(bot, message.from_user.id, session_factory, i18n, settings)
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


async def send_overview(
    bot: Bot, chat_id: int, session_factory: Sessions, i18n: Translator, settings: Settings
) -> None:
    """The curators, with a button that makes an invitation link."""
    seen = await curators.overview(session_factory)
    names = {
        row.telegram_id: name
        for row in seen.curators
        if (name := await first_name(bot, row.telegram_id)) is not None
    }
    chunks = split_text(overview(seen, i18n, settings, names))
    invite = InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=i18n.plain("btn-curator-invite"), callback_data=INVITE)]
        ]
    )
    for at, chunk in enumerate(chunks, start=1):
        await bot.send_message(chat_id, chunk, reply_markup=invite if at == len(chunks) else None)


async def send_invite(
    bot: Bot, chat_id: int, *, session_factory: Sessions, i18n: Translator
) -> bool:
    """A new single-use link for a colleague, with a button to forward it; False (and nothing
    made) if this person is not a curator any more."""
    token = await curators.invite(session_factory, chat_id)
    if token is None:
        return False
    link = f"{await start_link_base(bot)}{INVITE_PREFIX}{token}"
    share = f"https://t.me/share/url?url={quote(link, safe='')}"
    await bot.send_message(
        chat_id,
        i18n("curator-invite-link", link=link, days=INVITE_LIFETIME.days),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [InlineKeyboardButton(text=i18n.plain("btn-curator-share"), url=share)]
            ]
        ),
    )
    return True


async def on_invite(query: CallbackQuery, session_factory: Sessions, i18n: Translator) -> None:
    assert query.bot is not None
    if await send_invite(query.bot, query.from_user.id, session_factory=session_factory, i18n=i18n):
        await query.answer()
    else:
        await query.answer(i18n.plain("curator-not-allowed"), show_alert=True)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsCurator())
    router.message.register(on_curator, Command("curator"))
    router.callback_query.register(on_invite, F.data == INVITE)
    return router
