from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import Any

from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button

from bot.db.models import OutboxFile, utcnow
from bot.dialogs.broadcast.states import BroadcastSG
from bot.dialogs.common import bot_of, i18n_of, refuse, sessions_of, version_of
from bot.domain.broadcasts import (
    Audience,
    ContentProblem,
    FileKind,
    Status,
    Tally,
    audience_of,
    check_content,
    limit_for,
    units,
)
from bot.services import broadcasts
from bot.services.broadcasts import Content, Outcome, Target
from bot.services.notify import Outgoing
from bot.telegram.broadcast_progress import BroadcastProgress, progress_text, stop_keyboard
from bot.telegram.callbacks import as_id
from bot.telegram.delivery import deliver
from bot.telegram.retry import without_retries

logger = logging.getLogger(__name__)


def _content_of(message: Message) -> Content | ContentProblem:
    """What the curator sent, as a broadcast carries it, or why it cannot be one."""
    kind, file_id, filename = None, None, None
    if message.photo:
        kind, file_id, filename = FileKind.PHOTO, message.photo[-1].file_id, "photo.jpg"
    elif message.document:
        kind, file_id = FileKind.DOCUMENT, message.document.file_id
        filename = message.document.file_name or "file"
    elif message.text is None:
        return ContentProblem.UNSUPPORTED  # a sticker, a voice message, a video, a contact...
    plain = message.text or message.caption or ""
    problem = check_content(plain, has_file=kind is not None)
    if problem is not None:
        return problem
    html = message.html_text if plain.strip() else ""
    return Content(html, kind, file_id, filename)


async def on_message(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    content = _content_of(message)
    i18n = i18n_of(manager)
    if isinstance(content, ContentProblem):
        has_file = bool(message.photo or message.document)
        await message.answer(
            i18n(
                f"broadcast-{content.value.replace('_', '-')}",
                file="yes" if has_file else "no",
                length=units(message.text or message.caption or ""),
                limit=limit_for(has_file),
            )
        )
        manager.show_mode = ShowMode.SEND
        return
    manager.dialog_data.update(
        text=content.text,
        kind=content.file_kind.value if content.file_kind else None,
        file=content.telegram_file_id,
        filename=content.filename,
        token=None,
    )
    await manager.switch_to(BroadcastSG.audience)


def _content(manager: DialogManager) -> Content | None:
    data = manager.dialog_data
    if data.get("text") is None:
        return None
    kind = data.get("kind")
    return Content(
        str(data["text"]),
        FileKind(kind) if kind else None,
        data.get("file"),
        data.get("filename"),
    )


async def _preview(manager: DialogManager, content: Content) -> str | None:
    """The message, sent to the curator exactly as the recipients will get it (the outbox's
    own delivery); why Telegram refused it, if it did."""
    chat = manager.middleware_data["event_chat"]
    file = None
    if content.file_kind is not None:
        file = OutboxFile(  # not stored: the file is on Telegram's servers already
            kind=content.file_kind.value,
            filename=content.filename or "file",
            content=b"",
            telegram_file_id=content.telegram_file_id,
            created_at=utcnow(),
        )
    message = Outgoing(0, chat.id, content.text, None, None)
    try:
        await deliver(bot_of(manager), sessions_of(manager), message, file)
    except TelegramBadRequest as error:
        return error.message.removeprefix("Bad Request: ")
    return None


async def _choose(callback: CallbackQuery, manager: DialogManager, target: Target) -> None:
    content = _content(manager)
    if content is None:
        await refuse(manager, "broadcast-start-again")
        return
    found = await broadcasts.reach(sessions_of(manager), target, version_of(manager))
    if found is None or found.count == 0:
        await refuse(manager, "broadcast-unavailable" if found is None else "broadcast-nobody")
        return
    problem = await _preview(manager, content)
    manager.show_mode = ShowMode.SEND  # below the preview
    if problem is not None:
        await bot_of(manager).send_message(
            callback.from_user.id, i18n_of(manager)("broadcast-preview-failed", reason=problem)
        )
        await manager.switch_to(BroadcastSG.compose)
        return
    manager.dialog_data.update(
        audience=target.audience.value,
        ref=target.ref,
        title=found.title,
        count=found.count,
        token=secrets.token_urlsafe(12),  # this confirmation: a second tap sends nothing more
    )
    await manager.switch_to(BroadcastSG.confirm)


async def on_audience(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    audience = audience_of(item_id)
    if audience is None:
        await refuse(manager, "broadcast-unavailable")
        return
    await _choose(callback, manager, Target(audience))


async def on_event(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    await _choose(callback, manager, Target(Audience.EVENT, as_id(item_id)))


async def on_campaign(
    callback: CallbackQuery, widget: Any, manager: DialogManager, item_id: str
) -> None:
    await _choose(callback, manager, Target(Audience.CAMPAIGN, as_id(item_id)))


async def on_send(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    data = manager.dialog_data
    content, token = _content(manager), data.get("token")
    if content is None or not token or not data.get("audience"):
        await refuse(manager, "broadcast-start-again")
        return
    i18n = i18n_of(manager)
    sessions = sessions_of(manager)
    # This confirmation becomes the progress message: its id is stored with the broadcast, so
    # a kill at any moment leaves one progress message, never a second one stuck at zero.
    confirmation = callback.message.message_id if callback.message else None
    started = await broadcasts.start(
        sessions,
        by=callback.from_user.id,
        chat_id=callback.from_user.id,
        content=content,
        target=Target(Audience(str(data["audience"])), data.get("ref")),
        version=version_of(manager),
        source=f"{callback.from_user.id}:{token}",
        progress_message_id=confirmation,
    )
    if started.outcome is Outcome.NOT_CURATOR:
        await refuse(manager, "curator-only")
        await manager.reset_stack(remove_keyboard=False)
        return
    if started.outcome in (Outcome.NOBODY, Outcome.UNAVAILABLE) or started.broadcast_id is None:
        key = "broadcast-nobody" if started.outcome is Outcome.NOBODY else "broadcast-unavailable"
        await callback.answer(i18n.plain(key), show_alert=True)
        await manager.switch_to(BroadcastSG.audience)
        return
    if started.outcome is Outcome.STARTED and started.progress_message_id is not None:
        # (The same tap handled again, after a kill: the progress loop shows it.)
        await _show_progress(
            manager,
            started.broadcast_id,
            started.progress_message_id,
            progress_text(i18n, Status.SENDING, Tally(), started.total),
        )
    for wake in (_wake_of(manager, "outbox_wake"), _progress_wake(manager)):
        if wake is not None:
            wake()
    await manager.done(show_mode=ShowMode.NO_UPDATE)  # the message is the progress message now


async def _show_progress(
    manager: DialogManager, broadcast_id: int, message_id: int, text: str
) -> None:
    """The confirmation, edited into the progress message with «Остановить»; noted as shown
    once Telegram accepted it. Not waited for: after a refusal the progress loop shows it."""
    chat = manager.middleware_data["event_chat"]
    try:
        with without_retries():
            await bot_of(manager).edit_message_text(
                text=text,
                chat_id=chat.id,
                message_id=message_id,
                reply_markup=stop_keyboard(i18n_of(manager), broadcast_id),
            )
    except TelegramAPIError as error:
        logger.warning("Progress of broadcast %s not shown yet (%s)", broadcast_id, error)
        return
    await broadcasts.show_progress(sessions_of(manager), broadcast_id, message_id, text)


def _wake_of(manager: DialogManager, name: str) -> Callable[[], None] | None:
    wake: Callable[[], None] | None = manager.middleware_data.get(name)
    return wake


def _progress_wake(manager: DialogManager) -> Callable[[], None] | None:
    progress: BroadcastProgress | None = manager.middleware_data.get("broadcast_progress")
    return None if progress is None else progress.wake
