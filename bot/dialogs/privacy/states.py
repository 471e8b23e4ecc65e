from aiogram.fsm.state import State, StatesGroup


class PrivacySG(StatesGroup):
    main = State()
    confirm = State()
