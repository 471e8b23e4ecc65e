from aiogram.fsm.state import State, StatesGroup


class BroadcastSG(StatesGroup):
    compose = State()
    audience = State()
    event = State()
    campaign = State()
    confirm = State()
