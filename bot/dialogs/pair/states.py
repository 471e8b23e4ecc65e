from aiogram.fsm.state import State, StatesGroup


class PairSG(StatesGroup):
    view = State()
    reason = State()
