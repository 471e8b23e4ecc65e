from aiogram.fsm.state import State, StatesGroup


class OnboardingSG(StatesGroup):
    role = State()
    category = State()
    age = State()
    consent = State()
    consent_text = State()
    declined = State()
    parent_link = State()
