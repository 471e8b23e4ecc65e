from aiogram.fsm.state import State, StatesGroup


class QuestionnaireSG(StatesGroup):
    question = State()
    phone = State()
    summary = State()
