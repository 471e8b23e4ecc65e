"""A curator's broadcast: who it may reach, what it may hold, and how its progress reads.

Pure rules (no Telegram, no database): the audiences a curator picks from, Telegram's limits on
what a message may hold, the progress message's text at each moment and when it may be edited
(never to the text it shows, and at most once every `EDIT_GAP` for one message).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

TEXT_LIMIT = 4096
"""Characters of a message's text (UTF-16 units, as Telegram counts them)."""
CAPTION_LIMIT = 1024
"""Characters of the caption under a photo or a file."""
EDIT_GAP = timedelta(seconds=3)
"""The least time between two edits of one progress message."""


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
    def of(cls, counts: dict[str, int]) -> Tally:
        """From the outbox's counts of a batch: sent, pending, and the drop reasons."""
        known = ("sent", "pending", BLOCKED, CANCELLED)
        return cls(
            sent=counts.get("sent", 0),
            blocked=counts.get(BLOCKED, 0),
            failed=sum(n for reason, n in counts.items() if reason not in known),
            cancelled=counts.get(CANCELLED, 0),
            pending=counts.get("pending", 0),
        )


def progress(status: Status, tally: Tally, total: int) -> tuple[str, dict[str, Any]]:
    """The progress message's translation key and arguments."""
    if status is Status.SENDING:
        return "broadcast-progress", {
            "sent": tally.sent,
            "total": total,
            "undelivered": tally.blocked + tally.failed,
        }
    if status is Status.CANCELLED:
        return "broadcast-progress-stopped", {"sent": tally.sent, "total": total}
    return "broadcast-progress-done", {"sent": tally.sent, "total": total}


def final_count(tally: Tally) -> dict[str, int]:
    """The arguments of the final count the curator gets (`broadcast-final`)."""
    return {"delivered": tally.sent, "blocked": tally.blocked, "failed": tally.failed}


def may_edit(
    text: str,
    shown: str | None,
    shown_at: datetime | None,
    now: datetime,
    gap: timedelta = EDIT_GAP,
) -> bool:
    """Whether the progress message may be edited to `text` now: never to what it shows
    (Telegram refuses such an edit), and not within `gap` of the last edit."""
    if text == shown:
        return False
    return shown_at is None or now - shown_at >= gap
