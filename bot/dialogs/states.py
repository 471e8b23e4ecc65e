"""Dialog states, one group per dialog."""

from aiogram.fsm.state import State, StatesGroup


class MenuSG(StatesGroup):
    main = State()
    help = State()


class LanguageSG(StatesGroup):
    choose = State()


class OnboardingSG(StatesGroup):
    role = State()
    category = State()
    age = State()
    consent = State()
    consent_text = State()
    declined = State()
    parent_link = State()


class QuestionnaireSG(StatesGroup):
    question = State()
    phone = State()
    summary = State()


class ParentSG(StatesGroup):
    intro = State()
    consent_text = State()
    name = State()


class PrivacySG(StatesGroup):
    main = State()
    confirm = State()
