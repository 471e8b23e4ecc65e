"""aiogram-dialog screens: a folder per feature (states, getters, handlers, dialog)."""

from aiogram import Router

from bot.dialogs.broadcast.dialog import build_broadcast_dialog
from bot.dialogs.choices.dialog import build_choices_dialog
from bot.dialogs.events.dialog import build_events_dialog
from bot.dialogs.guard import curators_only
from bot.dialogs.match.dialog import build_match_dialog
from bot.dialogs.meeting_outcome.dialog import build_meeting_outcome_dialog
from bot.dialogs.meetings.dialog import (
    build_meetings_dialog,
    build_move_meeting_dialog,
    build_new_meeting_dialog,
    build_propose_meeting_dialog,
)
from bot.dialogs.menu.dialog import build_language_dialog, build_menu_dialog
from bot.dialogs.onboarding.dialog import build_onboarding_dialog
from bot.dialogs.pair.dialog import build_pair_dialog
from bot.dialogs.pairs.dialog import build_pairs_dialog
from bot.dialogs.parent.dialog import build_parent_dialog
from bot.dialogs.plan.dialog import build_plan_dialog
from bot.dialogs.privacy.dialog import build_privacy_dialog
from bot.dialogs.questionnaire.dialog import build_questionnaire_dialog
from bot.dialogs.stats.dialog import build_stats_dialog
from bot.dialogs.survey_results.dialog import build_survey_results_dialog
from bot.dialogs.surveys.dialog import build_surveys_dialog


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
        curators_only(build_events_dialog()),
        curators_only(build_broadcast_dialog()),
        build_choices_dialog(),
        curators_only(build_match_dialog()),
        curators_only(build_pairs_dialog()),
        build_pair_dialog(),
        build_plan_dialog(),
        build_meetings_dialog(),
        build_new_meeting_dialog(),
        build_move_meeting_dialog(),
        build_propose_meeting_dialog(),
        build_meeting_outcome_dialog(),
        curators_only(build_stats_dialog()),
        curators_only(build_survey_results_dialog()),
        curators_only(build_surveys_dialog()),
    )
    return router
