from aiogram.fsm.state import State, StatesGroup


class StatsSG(StatesGroup):
    main = State()  # the programme at a glance, the KPIs
    students = State()  # «🏫 Численность школы»: how many students (typed)
    teachers = State()  # then how many teachers (typed)
