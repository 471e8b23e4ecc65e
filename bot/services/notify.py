"""Messages to people who are not waiting for them: queued in the outbox with the change that
causes them, and rendered only when they are sent.

A message is a translation key with arguments. An argument that names a person is `Name(id)`,
one that is itself a translation (a form of mentoring, say) is `Label(key)`, a day and time is
`Moment(at, zone)` («чт, 10 декабря, 15:00» in Russian); all are stored as such and rendered when
the message goes out, in the recipient's language of that day, with the person's name of that
day. So no stored message holds anybody's name, and every message about a person (`Name`, or
`about=`) is deleted when that person withdraws their consent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Curator, Person
from bot.i18n import Markup, Translations, Translator
from bot.services import cards
from bot.services.cards import Card
from bot.services.outbox import Claimed, Sessions, enqueue

# Callback data of a button under a notification that opens whatever comes next for the person
# (handled outside dialogs, so it works however old the message is).
CONTINUE = "home"


@dataclass(frozen=True)
class Name:
    """A person a message names: their name when the message is sent."""

    person_id: int


@dataclass(frozen=True)
class Label:
    """A translation inside a message, in the recipient's language."""

    key: str


@dataclass(frozen=True)
class CardOf:
    """The card of a person (`bot.services.cards`) as `viewer_id` sees it, when it is sent."""

    person_id: int
    viewer_id: int


@dataclass(frozen=True)
class Moment:
    """A moment shown as the recipient's language says it when the message is sent, with its
    weekday («чт, 10 декабря, 15:00»; the year only when it is not that year), in `zone`."""

    at: datetime
    zone: tzinfo


@dataclass(frozen=True)
class Day:
    """A day (a deadline) as the recipient's language says it, with its weekday («пт, 25
    декабря»; the year only when it is not that year in `zone`)."""

    day: date
    zone: ZoneInfo


@dataclass(frozen=True)
class Lines:
    """One line of the translation `key` per item (its arguments: text, numbers, `Label`,
    `Moment` or `Day`), in the recipient's language, one under another."""

    key: str
    items: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Button:
    """An inline button: its label's translation key, and callback data or a link."""

    key: str
    data: str | None = None
    url: str | None = None
    share: str | None = None  # a translation key: the button shares `url` with that text


SHARE_URL_LIMIT = 2048
"""A longer URL may be refused as a button's: the text is shortened to fit."""


def share_url(link: str, text: str) -> str:
    """Telegram's "share" page: the person picks a chat, and `link` goes with `text` (cut at
    a word, with «…», if the whole would make the URL too long)."""
    url = f"https://t.me/share/url?url={quote(link, safe='')}"
    words = text.split(" ")
    shown = text
    while words and len(f"{url}&text={quote(shown, safe='')}") > SHARE_URL_LIMIT:
        words.pop()
        shown = " ".join(words).rstrip(",.;:—-") + "…"
    return f"{url}&text={quote(shown, safe='')}" if words else url


Buttons = Sequence[Sequence[Button]]


def one_button(key: str, data: str) -> Buttons:
    return [[Button(key, data)]]


CONTINUE_BUTTON: Buttons = [[Button("btn-continue", CONTINUE)]]


def keyboard(buttons: Buttons, i18n: Translator) -> dict[str, Any]:
    """`buttons` as an inline keyboard in `i18n`'s language (for a reply sent at once)."""
    return {
        "inline_keyboard": [
            [_button({"t": b.key, "data": b.data, "url": b.url, "s": b.share}, i18n) for b in row]
            for row in buttons
        ]
    }


def translator_for(translations: Translations, person: Person | None) -> Translator:
    """The person's language: chosen in the bot, else Telegram's, else the default."""
    if person is None:
        return translations.get(None)
    return translations.get(translations.choose(person.locale, person.language_code))


def _encode(value: Any) -> Any:
    if isinstance(value, Name):
        return {"name": value.person_id}
    if isinstance(value, Label):
        return {"t": value.key}
    if isinstance(value, CardOf):
        return {"card": value.person_id, "viewer": value.viewer_id}
    if isinstance(value, Moment):
        return {"at": value.at.astimezone(value.zone).isoformat()}
    if isinstance(value, Day):
        return {"day": value.day.isoformat(), "zone": value.zone.key}
    if isinstance(value, Lines):
        if any(isinstance(v, Name | CardOf | Lines) for item in value.items for v in item.values()):
            raise TypeError("the lines of a message name nobody (use `about=`)")
        return {
            "lines": value.key,
            "items": [{name: _encode(v) for name, v in item.items()} for item in value.items],
        }
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(
        "a message argument must be text, a number, Name, Label, CardOf, Moment, Day or "
        f"Lines: {value!r}"
    )


async def tell(
    session: AsyncSession,
    person: Person,
    key: str,
    *,
    kind: str,
    buttons: Buttons | None = None,
    dedup_key: str | None = None,
    quiet: bool = False,
    about: Iterable[int] = (),
    batch: str | None = None,
    file_id: int | None = None,
    **args: Any,
) -> bool:
    """Queue `key` for `person` in the caller's transaction. `about`: people the message is
    about without naming them (a reason they typed, say). `quiet`: not at night. False if the
    `dedup_key` was queued before."""
    named = {v.person_id for v in args.values() if isinstance(v, Name | CardOf)}
    return await enqueue(
        session,
        chat_id=person.telegram_id,
        person_id=person.id,
        kind=kind,
        key=key,
        args={name: _encode(value) for name, value in args.items()},
        buttons=[
            [{"t": b.key, "data": b.data, "url": b.url, "s": b.share} for b in row]
            for row in buttons or ()
        ]
        or None,
        mentions=named | set(about),
        file_id=file_id,
        quiet=quiet,
        batch=batch,
        dedup_key=dedup_key,
    )


async def curators(session: AsyncSession) -> list[Person]:
    """The curators who have written to the bot (the others cannot be written to)."""
    found = await session.scalars(
        select(Person).join(Curator, Curator.telegram_id == Person.telegram_id)
    )
    return list(found)


async def tell_curators(
    session: AsyncSession,
    key: str,
    *,
    kind: str,
    dedup_key: str | None = None,
    but: int | None = None,
    **options: Any,
) -> None:
    """`tell` every curator (a `dedup_key` is made one per curator); `but`: the Telegram id of
    the curator who did it, and has been answered already."""
    for curator in await curators(session):
        if curator.telegram_id == but:
            continue
        one = None if dedup_key is None else f"{dedup_key}:{curator.id}"
        await tell(session, curator, key, kind=kind, dedup_key=one, **options)


@dataclass(frozen=True)
class Outgoing:
    """A claimed message, rendered: what the sender sends."""

    id: int
    chat_id: int
    text: str
    markup: dict[str, Any] | None
    file_id: int | None
    problem: str | None = None  # it cannot be rendered (a key with no translation): not sent


def display_name(person: Person | None, i18n: Translator) -> str:
    """How a message names a person; someone who has withdrawn is no longer named."""
    if person is not None and (person.full_name or person.first_name):
        return str(person.full_name or person.first_name)
    return i18n.plain("someone")


async def render(
    sessions: Sessions, translations: Translations, rows: Sequence[Claimed]
) -> list[Outgoing]:
    """The claimed messages as they read now, each in its recipient's language."""
    wanted = {r.person_id for r in rows if r.person_id is not None}
    shown_cards = set()
    for row in rows:
        wanted |= {v["name"] for v in (row.args or {}).values() if _is_name(v)}
        shown_cards |= {(v["card"], v["viewer"]) for v in (row.args or {}).values() if _is_card(v)}
    async with sessions() as session:
        people = {
            p.id: p for p in await session.scalars(select(Person).where(Person.id.in_(wanted)))
        }
        found = await cards.load(session, shown_cards)
    rendered = []
    for row in rows:
        recipient = people.get(row.person_id) if row.person_id is not None else None
        i18n = translator_for(translations, recipient)
        if row.key is None:  # written as HTML before messages were rendered when sent
            rendered.append(Outgoing(row.id, row.chat_id, row.text or "", row.buttons, row.file_id))
            continue
        if not i18n.has(row.key):
            problem = f"no translation for {row.key!r}"
            rendered.append(Outgoing(row.id, row.chat_id, "", None, row.file_id, problem))
            continue
        args = {
            name: _decode(value, people, found, i18n) for name, value in (row.args or {}).items()
        }
        markup = None
        if row.buttons:
            markup = {
                "inline_keyboard": [
                    [_button(button, i18n) for button in line] for line in row.buttons
                ]
            }
        rendered.append(Outgoing(row.id, row.chat_id, i18n(row.key, **args), markup, row.file_id))
    return rendered


def _is_name(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("name"), int)


def _is_card(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("card"), int)


def _decode(
    value: Any, people: dict[int, Person], found: dict[tuple[int, int], Card], i18n: Translator
) -> Any:
    if _is_name(value):
        return display_name(people.get(value["name"]), i18n)
    if _is_card(value):
        card = found.get((value["card"], value["viewer"]))
        return Markup(cards.text(card, i18n)) if card else ""
    if isinstance(value, dict) and isinstance(value.get("t"), str):
        return i18n.plain(value["t"])
    if isinstance(value, dict) and isinstance(value.get("at"), str):
        at = datetime.fromisoformat(value["at"])
        zone = at.tzinfo or UTC
        return i18n.moment(at, zone, today=datetime.now(zone).date())
    if isinstance(value, dict) and isinstance(value.get("day"), str):
        day_zone = ZoneInfo(str(value.get("zone") or "UTC"))
        return i18n.day(date.fromisoformat(value["day"]), today=datetime.now(day_zone).date())
    if isinstance(value, dict) and isinstance(value.get("lines"), str):
        rendered = [
            i18n(value["lines"], **{k: _decode(v, people, found, i18n) for k, v in item.items()})
            for item in value.get("items") or ()
        ]
        return Markup(_fitting(rendered))
    return value


LINES_ROOM = 2400
"""Characters of one list inside a message: Fluent takes at most 2,500 in one argument."""


def _fitting(lines: list[str]) -> str:
    """The lines one under another, as many as fit `LINES_ROOM`, then «…» for the rest."""
    kept: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 1 > LINES_ROOM - 2:
            kept.append("…")
            break
        kept.append(line)
        used += len(line) + 1
    return "\n".join(kept)


def _button(button: dict[str, Any], i18n: Translator) -> dict[str, Any]:
    shown: dict[str, Any] = {"text": i18n.plain(str(button.get("t")))}
    if button.get("url") and button.get("s"):  # shared with a text in the reader's language
        shown["url"] = share_url(str(button["url"]), i18n.plain(str(button["s"])))
    elif button.get("url"):
        shown["url"] = button["url"]
    else:
        shown["callback_data"] = button.get("data") or CONTINUE
    return shown
