from aiogram.fsm.state import State, StatesGroup


class EventsSG(StatesGroup):
    list = State()
    title = State()
    date = State()
    place = State()
    event = State()
    close = State()
    choices = State()
    attendees = State()
