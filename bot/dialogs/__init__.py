"""aiogram-dialog screens, one module per dialog."""

from aiogram import Router

from bot.dialogs.language import build_language_dialog
from bot.dialogs.menu import build_menu_dialog


def dialogs_router() -> Router:
    """A fresh router with every dialog (dialogs are routers: one parent each)."""
    router = Router(name=__name__)
    router.include_routers(build_menu_dialog(), build_language_dialog())
    return router
