"""aiogram-dialog's own ids repeat within a second; ours do not."""

from __future__ import annotations

from aiogram_dialog.api.entities import stack

from bot.dialogs.ids import use_random_ids


def test_dialog_ids_do_not_collide_within_a_second() -> None:
    use_random_ids()
    ids = {stack.id_to_str(stack.new_int_id()) for _ in range(2000)}
    assert len(ids) == 2000  # aiogram-dialog's own: at most 100 different ids in one second
    assert max(len(i) for i in ids) <= 7
