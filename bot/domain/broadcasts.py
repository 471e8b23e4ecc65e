"""A curator's broadcast: who it may reach, what it may hold, and how its progress reads.

Pure rules (no Telegram, no database): the audiences a curator picks from, Telegram's limits on
what a message may hold, the progress message's text at each moment and when it may be edited
(never to the text it shows, and at most once every `EDIT_GAP` for one message), and when a
stopped broadcast's messages in flight have settled (`SETTLE`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from html import unescape
from typing import Any

TEXT_LIMIT = 4096
"""Characters of a message's text (UTF-16 units, as Telegram counts them)."""
CAPTION_LIMIT = 1024
"""Characters of the caption under a photo or a file."""
EDIT_GAP = timedelta(seconds=3)
"""The least time between two edits of one progress message."""
SETTLE = timedelta(seconds=10)
"""How long after a stop a message that was in flight may still be accepted by Telegram and
marked sent (the sender looks at each row right before its request, so only a request already
under way can go): after that the stopped broadcast's count is final."""


class Audience(StrEnum):
    EVERYONE = "everyone"
    MENTORS = "mentors"
    MENTEES = "mentees"
    UNPAIRED = "unpaired"  # no pair waiting for its agreement or working
    ACTIVE_PAIRS = "active_pairs"  # the members of working pairs
    EVENT = "event"  # those who checked in at one event (`ref`: its id)
    CAMPAIGN = "campaign"  # those who have not answered one open campaign (`ref`: its id)

    @property
    def needs_ref(self) -> bool:
        return self in (Audience.EVENT, Audience.CAMPAIGN)


SIMPLE = (
    Audience.EVERYONE,
    Audience.MENTORS,
    Audience.MENTEES,
    Audience.UNPAIRED,
    Audience.ACTIVE_PAIRS,
)
"""The audiences picked with one button (the others name an event or a campaign)."""


def audience_of(value: str) -> Audience | None:
    """A simple audience from a button's id (written by the client: anything may come)."""
    try:
        audience = Audience(value)
    except ValueError:
        return None
    return audience if audience in SIMPLE else None


class Status(StrEnum):
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


class FileKind(StrEnum):
    PHOTO = "photo"
    DOCUMENT = "document"


class ContentProblem(StrEnum):
    UNSUPPORTED = "unsupported"  # a sticker, a voice message, a video...: not a broadcast
    EMPTY = "empty"
    TOO_LONG = "too_long"


def units(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: an emoji such as 📣 is two)."""
    return len(text.encode("utf-16-le")) // 2


_TAG = re.compile(r"<[^>]*>")


def html_units(html: str) -> int:
    """Length of an HTML text as Telegram counts it: after parsing (tags removed, entities such
    as `&amp;` unescaped), in UTF-16 units."""
    return units(unescape(_TAG.sub("", html)))


def limit_for(has_file: bool) -> int:
    return CAPTION_LIMIT if has_file else TEXT_LIMIT


def check_content(plain: str, *, has_file: bool) -> ContentProblem | None:
    """What is wrong with a message of `plain` text (a caption if it carries a file)."""
    if not has_file and not plain.strip():
        return ContentProblem.EMPTY
    if units(plain) > limit_for(has_file):
        return ContentProblem.TOO_LONG
    return None


BLOCKED = "blocked"
CANCELLED = "cancelled"
"""Why the outbox dropped a message: the person blocked the bot, or the broadcast was stopped
(any other reason counts as not delivered)."""


@dataclass(frozen=True)
class Tally:
    """Where a broadcast's messages stand."""

    sent: int = 0
    blocked: int = 0
    failed: int = 0
    cancelled: int = 0
    pending: int = 0

    @classmethod
    def of(cls, counts: dict[str, int], total: int | None = None) -> Tally:
        """From the outbox's counts of a batch: sent, pending, and the drop reasons. With the
        broadcast's `total`, the recipients whose rows are gone (a withdrawal deletes them) count
        as not delivered, so that the figures add up to the total."""
        known = ("sent", "pending", BLOCKED, CANCELLED)
        failed = sum(n for reason, n in counts.items() if reason not in known)
        if total is not None:
            failed += max(0, total - sum(counts.values()))
        return cls(
            sent=counts.get("sent", 0),
            blocked=counts.get(BLOCKED, 0),
            failed=failed,
            cancelled=counts.get(CANCELLED, 0),
            pending=counts.get("pending", 0),
        )


def progress(status: Status, tally: Tally, total: int) -> tuple[str, dict[str, Any]]:
    """The progress message's translation key and arguments («не доставлено» is what the final
    count calls so: neither delivered nor refused by someone who blocked the bot)."""
    if status is Status.SENDING:
        return "broadcast-progress", {
            "sent": tally.sent,
            "total": total,
            "blocked": tally.blocked,
            "undelivered": tally.failed,
        }
    if status is Status.CANCELLED:
        return "broadcast-progress-stopped", {"sent": tally.sent, "total": total}
    return "broadcast-progress-done", {"sent": tally.sent, "total": total}


def final_count(status: Status, tally: Tally) -> tuple[str, dict[str, int]]:
    """The final count the curator gets: its translation key and arguments, which add up to the
    broadcast's total (a stopped one also says how many were not sent because of the stop)."""
    counts = {"delivered": tally.sent, "blocked": tally.blocked, "failed": tally.failed}
    if status is Status.CANCELLED:
        return "broadcast-final-stopped", {**counts, "stopped": tally.cancelled + tally.pending}
    return "broadcast-final", counts


def may_edit(
    text: str,
    shown: str | None,
    shown_at: datetime | None,
    now: datetime,
    gap: timedelta = EDIT_GAP,
) -> bool:
    """Whether the progress message may be edited to `text` now: never to what it shows
    (Telegram refuses such an edit), and not within `gap` of the last attempt (`shown_at`); a
    last attempt in the future is stale (the wall clock stepped back), not a reason to wait."""
    if text == shown:
        return False
    return shown_at is None or shown_at > now or now - shown_at >= gap
