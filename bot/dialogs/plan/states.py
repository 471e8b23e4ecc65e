from aiogram.fsm.state import State, StatesGroup


class PlanSG(StatesGroup):
    view = State()  # the plan (or, for a mentor of a group, whose plan to open)
    task = State()  # one task and what may be done with it
    title = State()  # a new task: its words
    due = State()  # a new task: its deadline (the calendar, typed, or none)
