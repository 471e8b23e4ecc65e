from aiogram.fsm.state import State, StatesGroup


class MeetingsSG(StatesGroup):
    """/meetings: the lists, one meeting, and an invitee's reason for «Не смогу»."""

    upcoming = State()
    past = State()
    meeting = State()
    reason = State()


class NewMeetingSG(StatesGroup):
    """A mentor sets a meeting: for whom, type, date, time, where, agenda, summary."""

    pair = State()
    kind = State()
    date = State()
    time = State()
    where = State()
    place = State()
    link = State()
    agenda = State()
    confirm = State()


class MoveMeetingSG(StatesGroup):
    """A mentor moves a meeting: start it with data {"meeting_id": <id>}."""

    date = State()
    time = State()
    confirm = State()


class ProposeMeetingSG(StatesGroup):
    """A mentee proposes a time to their mentor: date, time, a note, summary."""

    date = State()
    time = State()
    note = State()
    confirm = State()
