"""/pairs: the list of pairs with their figures; the director's order; a paper agreement; ending
a pair; a pair by hand; the pairs without meetings for 30 days, and a nudge to their mentors."""

from __future__ import annotations

from aiogram_dialog import Dialog
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Cancel, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.dialogs.layout import Pager
from bot.dialogs.pairs import handlers
from bot.dialogs.pairs.getters import (
    end_getter,
    list_getter,
    mentees_getter,
    mentors_getter,
    nudge_getter,
    pair_getter,
    quiet_getter,
)
from bot.dialogs.pairs.states import PairsSG
from bot.dialogs.widgets import Tr, choices, not_understood, screen


def _people(widget_id: str, on_click: object) -> Pager:
    """People to pick: a name a row, a page at a time."""
    return Pager(choices(widget_id, "people", on_click), id=f"{widget_id}s")


def build_pairs_dialog() -> Dialog:
    to_list = SwitchTo(Tr("btn-back", html=False), id="list", state=PairsSG.list)
    return Dialog(
        screen(
            Format("{text}"),
            Pager(choices("p", "pairs", handlers.on_pair), id="ps"),
            SwitchTo(Tr("btn-pairs-order", html=False), id="order", state=PairsSG.order),
            SwitchTo(Tr("btn-pairs-by-hand", html=False), id="hand", state=PairsSG.mentor),
            SwitchTo(Tr("btn-pairs-quiet", html=False), id="quiet", state=PairsSG.quiet),
            Cancel(Tr("btn-close", html=False), id="close"),
            not_understood(),
            getter=list_getter,
            state=PairsSG.list,
        ),
        screen(
            Format("{text}"),
            choices("pp", "paper", handlers.on_paper),
            choices("pe", "end", handlers.on_end),
            to_list,
            not_understood(),
            getter=pair_getter,
            state=PairsSG.pair,
        ),
        screen(
            Tr("pairs-ask-reason"),
            SwitchTo(Tr("btn-back", html=False), id="back", state=PairsSG.pair),
            MessageInput(handlers.on_reason),
            state=PairsSG.end,
        ),
        screen(
            Format("{text}"),
            choices("pec", "confirm", handlers.on_end_confirmed),
            SwitchTo(Tr("btn-back", html=False), id="back", state=PairsSG.pair),
            not_understood(),
            getter=end_getter,
            state=PairsSG.end_confirm,
        ),
        screen(
            Tr("pairs-ask-order"),
            to_list,
            MessageInput(handlers.on_order),
            getter=list_getter,
            state=PairsSG.order,
        ),
        screen(
            Tr("pairs-pick-mentor"),
            Tr("pairs-nobody", when="nobody"),
            _people("m", handlers.on_mentor),
            to_list,
            not_understood(),
            getter=mentors_getter,
            state=PairsSG.mentor,
        ),
        screen(
            Tr("pairs-pick-mentee"),
            Tr("pairs-nobody", when="nobody"),
            _people("e", handlers.on_mentee),
            SwitchTo(Tr("btn-back", html=False), id="back", state=PairsSG.mentor),
            not_understood(),
            getter=mentees_getter,
            state=PairsSG.mentee,
        ),
        screen(
            Format("{text}"),
            Pager(choices("q", "pairs", handlers.on_pair), id="qs"),
            SwitchTo(
                Tr("btn-pairs-nudge", html=False), id="nudge", state=PairsSG.nudge, when="can_nudge"
            ),
            to_list,
            not_understood(),
            getter=quiet_getter,
            state=PairsSG.quiet,
        ),
        screen(
            Format("{text}"),
            choices("nc", "confirm", handlers.on_nudge),
            SwitchTo(Tr("btn-back", html=False), id="back", state=PairsSG.quiet),
            not_understood(),
            getter=nudge_getter,
            state=PairsSG.nudge,
        ),
        on_start=handlers.on_start,
    )
