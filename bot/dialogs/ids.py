"""Dialog ids that do not collide, and that an update handled again makes again.

aiogram-dialog 2.6 makes the id of every dialog it starts from the current second and one of
100 random numbers (`aiogram_dialog.api.entities.stack.new_int_id`). Two dialogs started in
the same second then share an id one time in a hundred, and aiogram-dialog takes them for the
same dialog: a screen is shown twice, or the older one's buttons act on the newer. A crowd
(a hall opening the bot at once) makes that likely. Its ids are replaced by ones of the same
alphabet (seven characters: callback data stays short).

While an update from Telegram is handled (`for_update`), the ids follow from the bot, the
update and how many came before in it. A worker killed after it showed a screen and before it
stored the dialog leaves buttons with those ids on the person's phone; the worker that handles
the update again starts the same dialogs with the same ids, so the buttons work. Ids are
checked only against the person's own dialogs, so knowing how they are made gives nobody a way
into someone else's. Outside an update (a scheduled job) they are random.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from aiogram_dialog.api.entities import stack

_ID_SPACE = 62**7


@dataclass
class _Sequence:
    seed: str
    made: int = 0

    def next(self) -> int:
        self.made += 1
        digest = hashlib.blake2b(f"{self.seed}:{self.made}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big") % _ID_SPACE


_current: ContextVar[_Sequence | None] = ContextVar("dialog_ids", default=None)


def _new_int_id() -> int:
    sequence = _current.get()
    return secrets.randbelow(_ID_SPACE) if sequence is None else sequence.next()


@contextmanager
def for_update(bot_id: int, update_id: int) -> Iterator[None]:
    """The dialog ids made while the update is handled follow from it."""
    token = _current.set(_Sequence(f"{bot_id}:{update_id}"))
    try:
        yield
    finally:
        _current.reset(token)


def use_own_ids() -> None:
    """Put these ids in place of aiogram-dialog's (idempotent)."""
    stack.new_int_id = _new_int_id
