from aiogram.fsm.state import State, StatesGroup


class ParentSG(StatesGroup):
    intro = State()
    consent_text = State()
    name = State()
