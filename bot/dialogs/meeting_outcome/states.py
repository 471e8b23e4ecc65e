from aiogram.fsm.state import State, StatesGroup


class MeetingOutcomeSG(StatesGroup):
    """The mentor's note after «Да» / «Нет»: start it with data {"meeting_id": <id>, "held":
    <bool>}."""

    note = State()
    done = State()
