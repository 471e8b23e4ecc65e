"""/match and /pairs for curators; the agreement's and the extension's buttons; /pair."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from bot.config import Settings
from bot.dialogs.match.states import MatchSG
from bot.dialogs.pair.states import PairSG
from bot.dialogs.pairs.states import PairsSG
from bot.domain.roles import Role
from bot.filters import IsCurator
from bot.i18n import Translator
from bot.services import agreements, cards
from bot.services.agreements import (
    AGREEMENT_CALLBACK,
    DECLINE_REASONS,
    EXTENSION_CALLBACK,
    SIDES,
    Answered,
    Receipt,
)
from bot.services.notify import Button, keyboard
from bot.services.pairs import REVIEW_CALLBACK
from bot.services.people import Sessions
from bot.telegram.callbacks import ShownKeyboards, as_id


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


async def _refused(query: CallbackQuery, i18n: Translator, key: str) -> None:
    await query.answer(i18n.plain(key), show_alert=True)


async def _taken(query: CallbackQuery, text: str) -> None:
    """An answer that was taken: said, and the buttons go."""
    await query.answer(text)
    if isinstance(query.message, Message) and query.message.reply_markup:
        await query.message.edit_reply_markup(reply_markup=None)


async def _keyboard(
    query: CallbackQuery, buttons: list[list[Button]], i18n: Translator, shown: ShownKeyboards
) -> None:
    """The message's buttons become `buttons`. A second tap carries the message as it was
    before the first changed it, so what was set is remembered: nothing to edit again."""
    if isinstance(query.message, Message):
        markup = InlineKeyboardMarkup.model_validate(keyboard(buttons, i18n))
        if shown.changed(query.message, markup):
            await query.message.edit_reply_markup(reply_markup=markup)
    await query.answer()


def _agreement(data: str) -> tuple[int, Role, str, str] | None:
    """`ag:<pair>:<m|e>:<y|n|b>[:<reason>]`: the pair, the side, the answer, a reason."""
    parts = data.removeprefix(AGREEMENT_CALLBACK).split(":")
    pair_id = as_id(parts[0])
    if len(parts) not in (3, 4) or pair_id is None or parts[1] not in SIDES:
        return None
    reason = parts[3] if len(parts) == 4 else ""
    if parts[2] not in ("y", "n", "b") or (
        reason and (parts[2] != "n" or reason not in DECLINE_REASONS)
    ):
        return None
    return pair_id, SIDES[parts[1]], parts[2], reason


def receipt_text(kept: Receipt, i18n: Translator, settings: Settings) -> str:
    """The answered agreement as a record to keep: the answer and its date, the partner, what
    the pair waits for, and whom to ask."""
    day = i18n.short_day(kept.at.astimezone(settings.tz).date())
    if kept.accepted:
        head = (
            i18n("receipt-accepted-child", date=day, child=kept.child)
            if kept.child
            else (i18n("receipt-accepted", date=day))
        )
    else:
        head = i18n("receipt-declined", date=day)
    parts = [head]
    if kept.accepted and kept.partner is not None:
        parts.append(cards.text(kept.partner, i18n))
    if kept.accepted and kept.pair_status == "active":
        parts.append(i18n("receipt-active"))
    elif kept.accepted and kept.pair_status == "waiting":
        waits = ", ".join(i18n.plain(f"receipt-waits-{side}") for side in kept.waiting_for)
        parts.append(i18n("receipt-waiting", who=waits))
    contacts = [
        i18n("receipt-curator", name=name or i18n.plain("receipt-curator-write"), id=str(user))
        + (i18n("receipt-curator-username", username=username) if username else "")
        for name, username, user in kept.curators[:2]
    ]
    if settings.org_contact:
        contacts.append(
            i18n("receipt-school-contact", school=settings.org_name, contact=settings.org_contact)
        )
    else:
        contacts.append(i18n("receipt-school", school=settings.org_name))
    parts.append("\n".join(contacts))
    return "\n\n".join(parts)


async def _keep_record(
    query: CallbackQuery,
    kept: Receipt | None,
    i18n: Translator,
    settings: Settings,
    shown: ShownKeyboards,
) -> None:
    """The agreement's message becomes the record of the answer, once (a second tap carries
    the message as it was; an identical edit is refused by Telegram)."""
    message = query.message
    if kept is None or not isinstance(message, Message):
        return
    text = receipt_text(kept, i18n, settings)
    if not shown.first_text(message, text):
        return
    try:
        await message.edit_text(text, reply_markup=None)
    except TelegramBadRequest as error:
        # Handled again after a restart, the tap carries the message as it was before the
        # record replaced it: the record is there already.
        if "message is not modified" not in error.message:
            raise


async def on_agreement(
    query: CallbackQuery,
    session_factory: Sessions,
    i18n: Translator,
    shown_keyboards: ShownKeyboards,
    settings: Settings,
) -> None:
    """The agreement's buttons name the pair and the side: accept; decline (why first); back.
    The service checks that this person signs for that side, and that it waits for them."""
    parsed = _agreement(query.data or "")
    if parsed is None:
        await _refused(query, i18n, "fallback-button")
        return
    pair_id, side, answer, reason = parsed
    if answer == "y" or reason:
        outcome, kept = await agreements.answer_with_receipt(
            session_factory,
            pair_id,
            side,
            query.from_user.id,
            accepted=answer == "y",
            reason=reason or None,
        )
        await _keep_record(query, kept, i18n, settings, shown_keyboards)
        if outcome in (Answered.NOT_YOURS, Answered.CLOSED, Answered.ALREADY):
            await _refused(query, i18n, f"agreement-answered-{outcome.value}")
            return
        await query.answer(i18n.plain(f"agreement-answered-{outcome.value}"))
        return
    problem = await agreements.may_answer(session_factory, pair_id, side, query.from_user.id)
    if problem is not None:
        await _refused(query, i18n, f"agreement-answered-{problem.value}")
        return
    prefix = f"{AGREEMENT_CALLBACK}{pair_id}:{agreements.side_code(side)}"
    if answer == "b":
        await _keyboard(
            query,
            [list(row) for row in agreements.agreement_buttons(pair_id, side)],
            i18n,
            shown_keyboards,
        )
        return
    reasons = [[Button(f"decline-reason-{code}", f"{prefix}:n:{code}")] for code in DECLINE_REASONS]
    await _keyboard(query, [*reasons, [Button("btn-back", f"{prefix}:b")]], i18n, shown_keyboards)


async def on_extension(query: CallbackQuery, session_factory: Sessions, i18n: Translator) -> None:
    """`ex:<extension>:y|n`: the other side's signer answers an offer to extend the pair."""
    extension, _, answer = (query.data or "").removeprefix(EXTENSION_CALLBACK).partition(":")
    extension_id = as_id(extension)
    if extension_id is None or answer not in ("y", "n"):
        await _refused(query, i18n, "fallback-button")
        return
    outcome = await agreements.answer_extension(
        session_factory, extension_id, query.from_user.id, accepted=answer == "y"
    )
    if outcome in (Answered.NOT_YOURS, Answered.CLOSED, Answered.ALREADY):
        await _refused(query, i18n, f"extension-answered-{outcome.value}")
        return
    await _taken(query, i18n.plain(f"extension-answered-{outcome.value}"))


async def on_pair(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(PairSG.view, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def on_request(
    query: CallbackQuery, dialog_manager: DialogManager, is_curator: bool, i18n: Translator
) -> None:
    """The button under a participant's request: the pair, for a curator to act on."""
    pair = as_id((query.data or "").removeprefix(REVIEW_CALLBACK))
    if not is_curator or pair is None:
        await query.answer(show_alert=False)
        return
    if (
        dialog_manager.has_context()
        and dialog_manager.current_context().state == PairsSG.pair
        and dialog_manager.current_context().dialog_data.get("pair") == pair
    ):
        await query.answer()  # a second tap: the pair is open below already
        return
    await dialog_manager.start(
        PairsSG.pair, data={"pair": pair}, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
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
