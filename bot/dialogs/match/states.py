from aiogram.fsm.state import State, StatesGroup


class MatchSG(StatesGroup):
    proposal = State()
    review = State()
    other = State()
    confirm = State()
    done = State()
