from aiogram.fsm.state import State, StatesGroup


class PairsSG(StatesGroup):
    list = State()
    pair = State()
    end = State()
    end_confirm = State()
    order = State()
    mentor = State()
    mentee = State()
    quiet = State()  # pairs without meetings for 30 days
    nudge = State()  # «Напомнить им»: how many mentors, confirmed
