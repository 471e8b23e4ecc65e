## Meetings: kinds, invitations, moves, cancellations, answers and reminders

meeting-kind-intro = Introduction
meeting-kind-trial = Trial meeting
meeting-kind-planning = Planning
meeting-kind-work = Working meeting
meeting-kind-final = Final meeting

meeting-where = { $online ->
        [yes] 💻 Online: { $where }
       *[no] 📍 { $where }
    }
meeting-invite = 📅 { $mentor } invites you to a meeting.
    <b>{ $meeting }</b>
    🕒 { $when }
    { $online ->
        [yes] 💻 Online: { $where }
       *[no] 📍 { $where }
    }{ $agenda_shown ->
        [yes] {"\u000A"}📝 { $agenda }
       *[no] {""}
    }

    Can you come?
meeting-invite-parent = 📅 Your child ({ $child }) has been invited to a meeting. Mentor: { $mentor }.
    <b>{ $meeting }</b>
    🕒 { $when }
    { $online ->
        [yes] 💻 Online: { $where }
       *[no] 📍 { $where }
    }
meeting-moved = 🔁 The meeting “{ $meeting }” has moved. Mentor: { $mentor }.
    Was: { $was }
    Now: <b>{ $when }</b>
    { $online ->
        [yes] 💻 Online: { $where }
       *[no] 📍 { $where }
    }

    Can you come at the new time?
meeting-moved-parent = 🔁 Your child’s ({ $child }) meeting has moved: “{ $meeting }” is now { $when } (was { $was }).
meeting-cancelled = ❌ The meeting “{ $meeting }” ({ $when }) is cancelled. Mentor: { $mentor }.
meeting-cancelled-parent = ❌ Your child’s ({ $child }) meeting “{ $meeting }” ({ $when }) is cancelled.
meeting-answered-no = { $who } cannot come to the meeting “{ $meeting }” on { $when }.{ $reason_shown ->
        [yes] {" "}Reason: { $reason }
       *[no] {""}
    }
meeting-reminder = ⏰ { $unit ->
        [h] { $hours ->
            [1] In an hour
            [one] In { $hours } hour
           *[other] In { $hours } hours
        }
       *[m] { $minutes ->
            [one] In { $minutes } minute
           *[other] In { $minutes } minutes
        }
    }: the meeting “{ $meeting }”{ $group ->
        [yes] {" "}with the group
       *[no] {" "}({ $who })
    }.
    🕒 { $when }
    { $online ->
        [yes] 💻 Online: { $where }
       *[no] 📍 { $where }
    }

btn-meeting-yes = ✅ I’ll come
btn-meeting-no = 🚫 I can’t

## What a meeting's action came to (an alert or a line on the screen)
meeting-outcome-done = Done.
meeting-outcome-already = That has been done already.
meeting-outcome-not_allowed = Only the pair’s mentor can do this.
meeting-outcome-not_invited = This meeting is not yours.
meeting-outcome-pair_ended = This pair no longer works: a meeting cannot be set.
meeting-outcome-paused = The pair is paused. Resume it in “My pair” (/pair) to set a meeting.
meeting-outcome-no_pairs = You have no working pairs yet to gather a group.
meeting-outcome-in_the_past = That time has passed. Choose a time ahead.
meeting-outcome-no_place = Give the meeting’s place or a link — one of them.
meeting-outcome-place_too_long = The place is too long: 200 characters at most.
meeting-outcome-bad_link = That does not look like a link. Send the whole link, starting with https://
meeting-outcome-agenda_too_long = The agenda is too long: 1000 characters at most.
meeting-outcome-reason_too_long = The reason is too long: 300 characters at most.
meeting-outcome-stale = The meeting was moved while you were choosing a time. See when it is now.
meeting-outcome-not_planned = This meeting has been cancelled or is over.
meeting-outcome-started = The meeting has started — it is too late to answer the invitation.
meeting-outcome-moved = The meeting was moved: please answer the new invitation, with the new time.
meeting-outcome-gone = There is no such meeting.
meeting-answer-yes = Great, see you there!
meeting-answer-no = All right, we will tell your mentor.
