"""States of a monitoring campaign's results (opened from /survey, data {"campaign": id})."""

from aiogram.fsm.state import State, StatesGroup


class SurveyResultsSG(StatesGroup):
    main = State()
    answers = State()
