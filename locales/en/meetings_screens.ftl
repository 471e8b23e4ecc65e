## /meetings: the lists, one meeting, a new meeting, a move, a proposal

cmd-meetings = Meetings: upcoming, past, a new one
btn-meetings = 📅 Meetings

meetings-title = 📅 <b>Upcoming meetings</b>
meetings-past-title = 🕘 <b>Past meetings</b>
meetings-none-ahead = No meetings ahead yet.
meetings-none-ahead-mentor = No meetings ahead yet. Set one up — it takes a minute.
meetings-none-past = No past meetings yet.
meetings-line = 🗓 <b>{ $when }</b> — { $kind }{ $status }
    { $who }{ $answers }
meetings-with = 👤 { $name }
meetings-with-group = 👥 Group: { $n ->
        [one] { $n } member
       *[other] { $n } members
    }
meetings-with-mentor = 👤 Mentor: { $name }
meetings-coming = { " · " }{ $coming } of { $n } coming
meetings-my-answer-yes = { " · " }you are coming
meetings-my-answer-no = { " · " }you can't come
meetings-my-answer-none = { " · " }waiting for your answer
meetings-status-planned = planned
meetings-status-held = ✅ took place
meetings-status-not_held = ❌ did not take place
meetings-status-cancelled = 🚫 cancelled

btn-meeting-new = ➕ Set up a meeting
btn-meeting-propose = 💡 Propose a time
btn-meetings-past = 🕘 Past
btn-meetings-ahead = 📅 Upcoming
btn-meetings-list = ⬅️ Back to meetings

meeting-card = <b>{ $kind }</b>
    🕒 { $when }
    { $online ->
        [yes] 💻 Online: { $where }
       *[no] 📍 { $where }
    }{ $agenda_shown ->
        [yes] {"\u000A"}📝 { $agenda }
       *[no] {""}
    }
meeting-card-answers = {"\u000A"}<b>Answers:</b>
meeting-card-invitee-yes = ✅ { $name } — coming
meeting-card-invitee-no = 🚫 { $name } — can't come{ $reason_shown ->
        [yes] : { $reason }
       *[no] {""}
    }
meeting-card-invitee-none = ❔ { $name } — no answer yet
meeting-card-more = …and { $n ->
        [one] { $n } more answer
       *[other] { $n } more answers
    }
meeting-cancel-confirm = {"\u000A"}<b>Cancel the meeting?</b> { $n ->
        [0] We will let everyone know.
        [one] We will tell the invitee.
       *[other] We will tell all { $n } invitees.
    }
btn-meeting-move = 🔁 Move
btn-meeting-cancel = ❌ Cancel
btn-meeting-cancel-yes = Yes, cancel it
btn-meeting-cancel-no = No, keep it
meeting-cancelled-done = The meeting is cancelled; everyone invited will be told.

meeting-ask-reason = Why can't you come? Write a few words — your mentor will see them. Or tap «No reason».
btn-meeting-no-reason = No reason
meeting-reason-hint = Write the reason in words, or tap «No reason».

meeting-ask-pair = Who is the meeting with?
btn-meeting-group = 👥 The whole group
meeting-whom-group = the whole group
meeting-none-to-set = There is no one to meet yet: you have no working pair.
meeting-ask-kind = What kind of meeting is it?
meeting-ask-date = Which day? Pick it in the calendar or type it, e.g. <code>25.12</code> or <code>tomorrow at 15:30</code>.
meeting-date-not-offered = This day can't be chosen: it has passed or is too far ahead.
meeting-bad-date = I couldn't read the date. Type it like <code>25.12.2026</code> or <code>on Friday</code>.
meeting-bad-time = I couldn't read the time. Type hours and minutes, e.g. <code>15:30</code>.
meeting-ask-time = At what time on { $day }? Pick a time or type it, e.g. <code>15:30</code>.
meeting-ask-where = Where will you meet?
btn-meeting-in-person = 📍 In person
btn-meeting-online = 💻 Online
meeting-ask-place = Where do you meet? For example, “room 214” or “the library”.
meeting-place-hint = Write the place in words, e.g. “room 214”.
meeting-ask-link = Send the meeting link (Zoom, Meet, Teams…), whole, starting with https://
meeting-ask-agenda = What will you talk about? Write an agenda or tap «No agenda».
meeting-agenda-hint = Write the agenda in words or tap «No agenda».
btn-meeting-no-agenda = No agenda
meeting-summary = <b>Check the meeting</b>
    { $kind }, { $whom }
    🕒 { $when }
    { $online ->
        [yes] 💻 Online: { $where }
       *[no] 📍 { $where }
    }{ $agenda_shown ->
        [yes] {"\u000A"}📝 { $agenda }
       *[no] {""}
    }
btn-meeting-create = ✅ Create
btn-meeting-flow-cancel = Cancel
meeting-created = ✅ The meeting is set. Invitations are sent; reminders will come in good time.

meeting-move-summary = Move “{ $kind }”?
    Was: { $was }
    Will be: <b>{ $when }</b>

    Everyone invited will be told and asked again.
btn-meeting-move-confirm = 🔁 Move
meeting-moved-done = The meeting is moved; everyone invited will be told.

proposal-ask-note = Anything to add for your mentor? Write it or tap «No comment».
btn-proposal-no-note = No comment
proposal-note-hint = Write the comment in words or tap «No comment».
proposal-summary = <b>Propose this meeting to your mentor?</b>
    🕒 { $when }{ $note_shown ->
        [yes] {"\u000A"}💬 { $note }
       *[no] {""}
    }
btn-proposal-send = 📨 Send
proposal-sent = The proposal is sent to your mentor. You will get a message when they answer.
proposal-to-mentor = 💡 { $who } proposes to meet: <b>{ $when }</b>{ $note_shown ->
        [yes] {"\u000A"}💬 { $note }
       *[no] {""}
    }
btn-proposal-accept = ✅ Accept
btn-proposal-decline = Decline
proposal-declined = Your mentor ({ $mentor }) can't meet on { $when }. Propose another time in Meetings (/meetings).
proposal-declined-done = The proposal is declined; we will let them know.
proposal-outcome-done = Done.
proposal-outcome-already = This is done already.
proposal-outcome-not_allowed = This proposal is not for you.
proposal-outcome-paused = The pair is paused: resume it first in My pair (/pair).
proposal-outcome-in_the_past = This time has passed.
proposal-outcome-note_too_long = The comment is too long: 300 characters at most.
proposal-outcome-too_many = Three of your proposals already wait for your mentor. Please wait for an answer.
proposal-outcome-decided = This proposal has been answered already.
proposal-outcome-gone = There is no such proposal.
