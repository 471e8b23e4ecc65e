"""aiogram-dialog screens, one module per dialog."""

from aiogram import Router

from bot.dialogs.language import build_language_dialog
from bot.dialogs.menu import build_menu_dialog
from bot.dialogs.onboarding import build_onboarding_dialog
from bot.dialogs.parent import build_parent_dialog
from bot.dialogs.privacy import build_privacy_dialog
from bot.dialogs.questionnaire import build_questionnaire_dialog


def dialogs_router() -> Router:
    """A fresh router with every dialog (dialogs are routers: one parent each)."""
    router = Router(name=__name__)
    router.include_routers(
        build_menu_dialog(),
        build_language_dialog(),
        build_onboarding_dialog(),
        build_questionnaire_dialog(),
        build_parent_dialog(),
        build_privacy_dialog(),
    )
    return router
