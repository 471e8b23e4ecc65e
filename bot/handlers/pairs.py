"""/match for curators; the agreement's buttons; /pair for participants."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from bot.dialogs.match.states import MatchSG
from bot.dialogs.pair.states import PairSG
from bot.dialogs.pairs.states import PairsSG
from bot.filters import IsCurator
from bot.i18n import Translations, Translator
from bot.services import agreements
from bot.services.agreements import AGREEMENT_CALLBACK, EXTENSION_CALLBACK, Answered
from bot.services.pairs import REVIEW_CALLBACK
from bot.services.people import Sessions


async def on_match(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(
        MatchSG.proposal, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
    )


async def on_pairs(message: Message, command: CommandObject, dialog_manager: DialogManager) -> None:
    """/pairs, or /pairs NAME to find the pairs of someone."""
    await dialog_manager.start(
        PairsSG.list,
        data={"query": (command.args or "").strip()[:100]},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.SEND,
    )


def _yes_or_no(query: CallbackQuery) -> tuple[int, bool] | None:
    """`<prefix><pair>:y|n` from a button: the pair and the answer; None if malformed."""
    _, pair, answer = [*(query.data or "").split(":", 2), "", ""][:3]
    if not pair.isdigit() or answer not in ("y", "n"):
        return None
    return int(pair), answer == "y"


async def _answered(query: CallbackQuery, text: str, *, alert: bool) -> None:
    """The answer to the press; a taken answer also takes the buttons away."""
    await query.answer(text, show_alert=alert)
    if not alert and isinstance(query.message, Message) and query.message.reply_markup:
        await query.message.edit_reply_markup(reply_markup=None)


async def on_agreement(
    query: CallbackQuery,
    session_factory: Sessions,
    translations: Translations,
    i18n: Translator,
) -> None:
    """`ag:<pair>:y|n`: the service checks that this person signs for a side of that pair."""
    parsed = _yes_or_no(query)
    if parsed is None:
        await query.answer(i18n.plain("fallback-button"), show_alert=True)
        return
    outcome = await agreements.answer_agreement(
        session_factory, translations, parsed[0], query.from_user.id, accepted=parsed[1]
    )
    alert = outcome in (Answered.NOT_YOURS, Answered.CLOSED, Answered.ALREADY)
    await _answered(query, i18n.plain(f"agreement-answered-{outcome.value}"), alert=alert)


async def on_extension(
    query: CallbackQuery,
    session_factory: Sessions,
    translations: Translations,
    i18n: Translator,
) -> None:
    """`ex:<pair>:y|n`: the other side's signer answers an offer to extend the pair."""
    parsed = _yes_or_no(query)
    if parsed is None:
        await query.answer(i18n.plain("fallback-button"), show_alert=True)
        return
    outcome = await agreements.answer_extension(
        session_factory, translations, parsed[0], query.from_user.id, accepted=parsed[1]
    )
    alert = outcome in (Answered.NOT_YOURS, Answered.CLOSED)
    await _answered(query, i18n.plain(f"extension-answered-{outcome.value}"), alert=alert)


async def on_pair(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(PairSG.view, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def on_request(query: CallbackQuery, dialog_manager: DialogManager, is_curator: bool) -> None:
    """The button under a participant's request: the pair, for a curator to act on."""
    pair = (query.data or "").removeprefix(REVIEW_CALLBACK)
    if not is_curator or not pair.isdigit():
        await query.answer(show_alert=False)
        return
    await dialog_manager.start(
        PairsSG.pair, data={"pair": int(pair)}, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_match, Command("match"), IsCurator())
    router.message.register(on_pairs, Command("pairs"), IsCurator())
    router.message.register(on_pair, Command("pair"))
    router.callback_query.register(on_agreement, F.data.startswith(AGREEMENT_CALLBACK))
    router.callback_query.register(on_extension, F.data.startswith(EXTENSION_CALLBACK))
    router.callback_query.register(on_request, F.data.startswith(REVIEW_CALLBACK), IsCurator())
    return router
