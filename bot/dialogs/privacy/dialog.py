"""/privacy: what is stored and why, a copy of it, and withdrawing consent."""

from __future__ import annotations

from aiogram_dialog import Dialog
from aiogram_dialog.widgets.kbd import Cancel, SwitchTo
from aiogram_dialog.widgets.text import Multi

from bot.dialogs.privacy import handlers
from bot.dialogs.privacy.getters import getter
from bot.dialogs.privacy.states import PrivacySG
from bot.dialogs.widgets import Tr, action, not_understood, screen


def build_privacy_dialog() -> Dialog:
    return Dialog(
        screen(
            Multi(
                Tr("privacy-what"),
                Tr("privacy-given", when="given"),
                Tr("privacy-by-parent", when="by_parent"),
                Tr("privacy-not-given", when="not_given"),
                Tr("privacy-rights"),
                sep="\n\n",
            ),
            action("privacy-download", "download", handlers.on_download),
            SwitchTo(
                Tr("privacy-withdraw", html=False),
                id="withdraw",
                state=PrivacySG.confirm,
                when="given",
            ),
            Cancel(Tr("btn-close", html=False), id="close"),
            not_understood(),
            getter=getter,
            state=PrivacySG.main,
        ),
        screen(
            Tr("privacy-confirm"),
            action("privacy-confirm-yes", "yes", handlers.on_withdraw),
            SwitchTo(Tr("privacy-confirm-no", html=False), id="no", state=PrivacySG.main),
            not_understood(),
            getter=getter,
            state=PrivacySG.confirm,
        ),
    )
