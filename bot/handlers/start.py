"""/start (with its deep links), /menu, /language, /profile, /privacy, and "continue"."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from bot.dialogs.menu.states import LanguageSG, MenuSG
from bot.dialogs.navigation import go_home, open_questionnaire
from bot.dialogs.parent.states import ParentSG
from bot.dialogs.privacy.states import PrivacySG
from bot.i18n import Markup, Translations, Translator, consent_version
from bot.services import agreements, cards, consent, curators, events, notify
from bot.services.agreements import AGREEMENT_LINK_PREFIX
from bot.services.consent import LINK_PREFIX, LinkProblem
from bot.services.curators import INVITE_PREFIX, InviteOutcome
from bot.services.events import LINK_PREFIX as EVENT_PREFIX
from bot.services.events import CheckIn
from bot.services.notify import CONTINUE
from bot.services.people import PersonView, Sessions
from bot.telegram.commands import set_curator_commands


async def on_start(
    message: Message,
    *,
    command: CommandObject,
    dialog_manager: DialogManager,
    session_factory: Sessions,
    i18n: Translator,
    is_curator: bool,
    person: PersonView,
    translations: Translations,
) -> None:
    payload = (command.args or "").strip()
    if payload.startswith(INVITE_PREFIX):
        token = payload.removeprefix(INVITE_PREFIX)
        await join_as_curator(
            message,
            token,
            dialog_manager,
            session_factory=session_factory,
            i18n=i18n,
            translations=translations,
        )
        return
    if payload.startswith(AGREEMENT_LINK_PREFIX):
        await open_agreement(
            message, payload.removeprefix(AGREEMENT_LINK_PREFIX), session_factory, i18n
        )
        return
    if payload.startswith(EVENT_PREFIX):
        outcome, title = await events.check_in(
            session_factory,
            payload.removeprefix(EVENT_PREFIX),
            person.id,
            consent_version(translations),
        )
        await message.answer(i18n(f"checkin-{outcome.value}", title=title or ""))
        if outcome is CheckIn.PENDING:
            await go_home(dialog_manager, greet=True)  # onboarding first; checked in at its end
        return
    if payload.startswith(LINK_PREFIX):
        assert message.from_user is not None
        found = await consent.open_parent_link(
            session_factory, payload.removeprefix(LINK_PREFIX), message.from_user.id
        )
        if isinstance(found, LinkProblem):
            await message.answer(i18n(f"parent-link-{found.value}"))
            return
        await dialog_manager.start(
            ParentSG.intro,
            data={"link": found.token_hash},
            mode=StartMode.RESET_STACK,
            show_mode=ShowMode.SEND,
        )
        return
    if is_curator:
        await dialog_manager.start(
            MenuSG.main, data={"greet": True}, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
        )
        return
    await go_home(dialog_manager, greet=True)


async def join_as_curator(
    message: Message,
    token: str,
    dialog_manager: DialogManager,
    *,
    session_factory: Sessions,
    i18n: Translator,
    translations: Translations,
) -> None:
    """A colleague opens a curator's invitation: a curator from now on, with the curator's home
    screen and commands."""
    assert message.from_user is not None and message.bot is not None
    outcome = await curators.accept_invite(session_factory, token, message.from_user.id)
    await message.answer(i18n(f"curator-invite-{outcome.value}"))
    if outcome is not InviteOutcome.JOINED:
        return
    await set_curator_commands(message.bot, translations, message.from_user.id)
    dialog_manager.middleware_data["is_curator"] = True  # found false when this update came
    await dialog_manager.start(MenuSG.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def open_agreement(
    message: Message, token: str, session_factory: Sessions, i18n: Translator
) -> None:
    """A parent opens the agreement link a teenager forwarded: the agreement with its buttons."""
    assert message.from_user is not None
    offer = await agreements.open_agreement_link(session_factory, token, message.from_user.id)
    if isinstance(offer, agreements.LinkProblem):
        await message.answer(i18n(f"agreement-link-{offer.value}"))
        return
    await message.answer(
        i18n(
            "agreement-for-parent",
            intro=i18n.plain("agreement-intro"),
            child=offer.child,
            partner=offer.partner,
            card=Markup(cards.text(offer.card, i18n)) if offer.card else "",
            form=i18n.plain(f"form-{offer.form}"),
            tasks=i18n.plain(f"agreement-tasks-{offer.form}"),
            months=offer.months,
        ),
        reply_markup=InlineKeyboardMarkup.model_validate(
            notify.keyboard(agreements.agreement_buttons(offer.pair_id, offer.side), i18n)
        ),
    )


async def on_menu(message: Message, dialog_manager: DialogManager, person: PersonView) -> None:
    if person.profile is not None:
        # The consent text may have changed since: then it is asked again first.
        await go_home(dialog_manager, menu_first=True)
        return
    await dialog_manager.start(MenuSG.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def on_continue(query: CallbackQuery, dialog_manager: DialogManager) -> None:
    """The button under a notification: whatever comes next for this person."""
    await go_home(dialog_manager)


async def on_language(message: Message, dialog_manager: DialogManager) -> None:
    # The menu goes underneath, so that choosing a language lands in it.
    await dialog_manager.start(
        MenuSG.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.NO_UPDATE
    )
    await dialog_manager.start(LanguageSG.choose, show_mode=ShowMode.SEND)


async def on_profile(message: Message, dialog_manager: DialogManager, person: PersonView) -> None:
    if person.profile is None:
        await go_home(dialog_manager)
        return
    await open_questionnaire(dialog_manager, person.profile)


async def on_privacy(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(PrivacySG.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_start, CommandStart())
    router.message.register(on_menu, Command("menu"))
    router.message.register(on_language, Command("language"))
    router.message.register(on_profile, Command("profile"))
    router.message.register(on_privacy, Command("privacy"))
    router.callback_query.register(on_continue, F.data == CONTINUE)
    return router
