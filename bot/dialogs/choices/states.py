from aiogram.fsm.state import State, StatesGroup


class ChoicesSG(StatesGroup):
    board = State()
