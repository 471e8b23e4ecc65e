from aiogram.fsm.state import State, StatesGroup


class MenuSG(StatesGroup):
    main = State()
    help = State()
    contact = State()
    child_withdraw = State()


class LanguageSG(StatesGroup):
    choose = State()
