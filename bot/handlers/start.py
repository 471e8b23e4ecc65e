"""/start (with its deep links), /menu, /language, /profile, /privacy."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import Message
from aiogram_dialog import DialogManager, ShowMode, StartMode
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Person
from bot.dialogs.common import consent_version
from bot.dialogs.home import go_home, start_questionnaire
from bot.dialogs.states import LanguageSG, MenuSG, ParentSG, PrivacySG
from bot.i18n import Translations, Translator
from bot.services import consent
from bot.services.consent import LINK_PREFIX, ConsentStatus


async def on_start(
    message: Message,
    *,
    command: CommandObject,
    dialog_manager: DialogManager,
    session: AsyncSession,
    i18n: Translator,
    is_curator: bool,
) -> None:
    payload = (command.args or "").strip()
    if payload.startswith(LINK_PREFIX):
        await open_parent_link(
            message, payload.removeprefix(LINK_PREFIX), dialog_manager, session, i18n
        )
        return
    if is_curator:
        await dialog_manager.start(
            MenuSG.main, data={"greet": True}, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
        )
        return
    await go_home(dialog_manager, greet=True)


async def open_parent_link(
    message: Message,
    token: str,
    dialog_manager: DialogManager,
    session: AsyncSession,
    i18n: Translator,
) -> None:
    assert message.from_user is not None
    found = await consent.find_parent_link(session, token, message.from_user.id)
    if isinstance(found, consent.LinkProblem):
        await message.answer(i18n(f"parent-link-{found.value}"))
        return
    link, _ = found
    await dialog_manager.start(
        ParentSG.intro,
        data={"link": link.token_hash},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.SEND,
    )


async def on_menu(
    message: Message,
    dialog_manager: DialogManager,
    session: AsyncSession,
    person: Person,
    translations: Translations,
) -> None:
    if person.role is not None:
        version = consent_version(translations)
        if await consent.status(session, person.id, version) is not ConsentStatus.GIVEN:
            await go_home(dialog_manager)  # the consent text changed: asked again first
            return
    await dialog_manager.start(MenuSG.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def on_language(message: Message, dialog_manager: DialogManager) -> None:
    # The menu goes underneath, so that choosing a language lands in it.
    await dialog_manager.start(
        MenuSG.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.NO_UPDATE
    )
    await dialog_manager.start(LanguageSG.choose, show_mode=ShowMode.SEND)


async def on_profile(message: Message, dialog_manager: DialogManager, person: Person) -> None:
    if person.role is None:
        await go_home(dialog_manager)
        return
    await start_questionnaire(dialog_manager)


async def on_privacy(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(PrivacySG.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_start, CommandStart())
    router.message.register(on_menu, Command("menu"))
    router.message.register(on_language, Command("language"))
    router.message.register(on_profile, Command("profile"))
    router.message.register(on_privacy, Command("privacy"))
    return router
