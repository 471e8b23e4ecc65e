"""Messages to people who are not waiting for them: rendered in their language, queued in the
outbox in the same transaction as the change that causes them."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Person
from bot.i18n import Translations, Translator
from bot.services.outbox import enqueue

# Callback data of a button under a notification that opens whatever comes next for the person
# (handled outside dialogs, so it works however old the message is).
CONTINUE = "home"


def translator_for(translations: Translations, person: Person | None) -> Translator:
    """The person's language: chosen in the bot, else Telegram's, else the default."""
    if person is None:
        return translations.get(None)
    return translations.get(translations.choose(person.locale, person.language_code))


async def tell(
    session: AsyncSession,
    translations: Translations,
    person: Person,
    key: str,
    *,
    kind: str,
    dedup_key: str | None = None,
    with_continue: bool = False,
    button: tuple[str, str] | None = None,
    markup: dict[str, Any] | None = None,
    **args: Any,
) -> None:
    """Queue `key` for `person`, with a button: "continue" if `with_continue`, or `button`
    (its label's key and its callback data), or a whole inline keyboard `markup`."""
    i18n = translator_for(translations, person)
    if with_continue:
        button = ("btn-continue", CONTINUE)
    if button is not None:
        label, data = button
        markup = {"inline_keyboard": [[{"text": i18n.plain(label), "callback_data": data}]]}
    await enqueue(
        session,
        chat_id=person.telegram_id,
        text=i18n(key, **args),
        kind=kind,
        reply_markup=markup,
        dedup_key=dedup_key,
    )
