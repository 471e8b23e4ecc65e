"""One question at a time, a summary with edit, submit. The database holds the way through."""

from __future__ import annotations

from aiogram_dialog import Dialog
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Column, Group, RequestContact, Row
from aiogram_dialog.widgets.markup.reply_keyboard import ReplyKeyboardFactory
from aiogram_dialog.widgets.text import Format

from bot.dialogs.layout import Rows
from bot.dialogs.questionnaire import handlers
from bot.dialogs.questionnaire.getters import question_getter, summary_getter
from bot.dialogs.questionnaire.states import QuestionnaireSG
from bot.dialogs.widgets import Tr, action, choices, not_understood, screen


def build_questionnaire_dialog() -> Dialog:
    return Dialog(
        screen(
            Format("{text}"),
            Column(choices("o", "options", handlers.on_option)),
            Group(choices("v", "values", handlers.on_option), width=5),
            Rows(choices("n", "nav", handlers.on_nav)),
            MessageInput(handlers.on_typed),
            getter=question_getter,
            state=QuestionnaireSG.question,
        ),
        screen(
            Format("{text}"),
            RequestContact(Tr("qn-share-phone", html=False)),
            Row(
                action("qn-back", "back", handlers.on_reply_nav, when="can_back"),
                action("qn-skip", "skip", handlers.on_reply_nav, when="can_skip"),
                action("qn-keep", "keep", handlers.on_reply_nav, when="can_keep"),
            ),
            MessageInput(handlers.on_typed),
            markup_factory=ReplyKeyboardFactory(resize_keyboard=True, one_time_keyboard=True),
            getter=question_getter,
            state=QuestionnaireSG.phone,
        ),
        screen(
            Format("{text}"),
            Rows(choices("e", "edits", handlers.on_edit)),
            action("qn-submit", "submit", handlers.on_submit, when="draft"),
            action("profile-done", "close", handlers.on_submit, when="submitted"),
            not_understood(),
            getter=summary_getter,
            state=QuestionnaireSG.summary,
        ),
    )
