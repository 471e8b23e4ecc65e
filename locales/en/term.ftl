## The end of a pair's term, and the curator's nudge (bot/services/term.py, pair_figures.py)
term-final-question =
    🎓 Your mentoring agreement ends in { $days ->
        [one] { $days } day
       *[other] { $days } days
    }. Your pair: { $mentee }.
    Time to set the final meeting: look back at what you achieved together and decide what comes next. To keep working together, you can extend the pair in “My pair” (/pair).
btn-term-final = 📅 Set the final meeting
btn-term-meeting = 📅 Set a meeting
term-refused-not_yours = This button is for the mentor of this pair.
term-refused-not_active = This pair is no longer working.
term-refused-paused = The pair is paused. Resume it in “My pair” (/pair) to set a meeting.
term-refused-has_final = The final meeting is set already: see “Meetings” (/meetings).
term-nudge-one =
    👋 A reminder from the curator: you have not met { $mentee } for over a month, and no meeting is planned.
    Set one now: it takes a minute.
term-nudge-many =
    👋 A reminder from the curator: { $count ->
        [one] { $count } of your pairs has
       *[other] { $count } of your pairs have
    } not met for over a month, and no meetings are planned.
    Set a meeting, with one mentee or the whole group, in “Meetings” (/meetings).
