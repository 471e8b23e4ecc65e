"""Dialog ids that do not collide.

aiogram-dialog 2.6 makes the id of every dialog it starts from the current second and one of
100 random numbers (`aiogram_dialog.api.entities.stack.new_int_id`). Two dialogs started in
the same second then share an id one time in a hundred, and aiogram-dialog takes them for the
same dialog: a screen is shown twice, or the older one's buttons act on the newer. A crowd
(a hall opening the bot at once) makes that likely. Its ids are replaced by random ones of the
same alphabet (seven characters: callback data stays short).
"""

from __future__ import annotations

import secrets

from aiogram_dialog.api.entities import stack

_ID_SPACE = 62**7


def _random_int_id() -> int:
    return secrets.randbelow(_ID_SPACE)


def use_random_ids() -> None:
    """Make aiogram-dialog's new dialog and stack ids random (idempotent)."""
    stack.new_int_id = _random_int_id
