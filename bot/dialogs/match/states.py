from aiogram.fsm.state import State, StatesGroup


class MatchSG(StatesGroup):
    proposal = State()
    done = State()
