"""Who may do what."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import TelegramObject


class IsCurator(Filter):
    """Passes for curators; `is_curator` is set by the update context middleware."""

    async def __call__(self, event: TelegramObject, is_curator: bool = False) -> bool:
        return is_curator
