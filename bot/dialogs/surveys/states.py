from aiogram.fsm.state import State, StatesGroup


class SurveysSG(StatesGroup):
    """/survey (curators): the campaigns, one campaign, its new dates, and a survey started now
    (its audience, its due day, a summary)."""

    list = State()
    campaign = State()
    opens = State()
    due = State()
    new_audience = State()
    new_due = State()
    new_confirm = State()
