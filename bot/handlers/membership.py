"""A person blocks or unblocks the bot in their private chat."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import KICKED, MEMBER, ChatMemberUpdatedFilter
from aiogram.types import ChatMemberUpdated

from bot.services import people
from bot.services.people import Sessions


async def on_blocked(event: ChatMemberUpdated, session_factory: Sessions) -> None:
    await people.mark_blocked(session_factory, event.from_user.id)


async def on_unblocked(event: ChatMemberUpdated, session_factory: Sessions) -> None:
    await people.mark_unblocked(session_factory, event.from_user.id)


def build_router() -> Router:
    router = Router(name=__name__)
    router.my_chat_member.filter(F.chat.type == "private")
    router.my_chat_member.register(
        on_blocked, ChatMemberUpdatedFilter(member_status_changed=KICKED)
    )
    router.my_chat_member.register(
        on_unblocked, ChatMemberUpdatedFilter(member_status_changed=MEMBER)
    )
    return router
