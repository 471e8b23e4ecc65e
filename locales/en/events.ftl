## Networking events (curators)
cmd-event = Networking events: create, QR code, check-ins
btn-event-new = ➕ New event
btn-event-qr = 🔳 QR code for the screen
btn-event-refresh = 🔄 Refresh
btn-event-close = 🔒 Close the event
btn-event-close-yes = Yes, close it
btn-event-choices = 📋 Who chose whom
btn-event-list = ⬅️ To the events
events-title = <b>Networking events</b>
events-empty = No events yet. Create the first one: people check in at it by a link or a QR code.
events-line = • { $title } — { $date } · checked in: { $count }{ $closed ->
    [yes] {" "}· closed
   *[no] {""}
}
event-ask-title = What shall we call the event? For example: “Mentors and mentees networking, year 7”.
event-ask-date = When does it start? Write the date and time, for example: <code>{ $example }</code> or <code>tomorrow at 15:00</code>.
event-date-example = { $day } at { $time }
event-ask-place = Where is it? For example: “Assembly hall” or “Room 204”.
event-bad-title = The title is 3 to 150 characters of text.
event-bad-date = I did not understand the date. Write the date and time, for example: <code>{ $example }</code>
event-date-no-time = What time does it start? Write the date together with the time, for example: <code>{ $example }</code>
event-date-past = That time has already passed. Write when the event starts, for example: <code>{ $example }</code>
event-bad-place = The place is 2 to 150 characters of text.
event-card =
    <b>{ $title }</b>
    🗓 { $date } · 📍 { $place }

    Checked in: { $count } (mentors: { $mentors }, mentees: { $mentees })
event-card-link =
    Check-in link: { $link }
    Show the QR code on a screen or print it: people point their camera at it and land in the bot.
event-card-closed = 🔒 The event is closed. People choose each other until { $until }.
event-qr-caption =
    <b>{ $title }</b>
    🗓 { $date }
    📍 { $place }

    The QR code to check in: print the file or show it on a screen. People point their phone's camera at the code and land in the bot.
event-poster-hint = Point your phone's camera at the code to check in
event-nothing-new = No new check-ins.
event-close-confirm =
    Close the event “{ $title }”?

    After that nobody can check in at it. { $count ->
        [0] Nobody checked in, so nobody will be invited to choose.
        [one] { $count } participant will be invited to choose whom to work with (mentors: { $mentors }, mentees: { $mentees }).
       *[other] { $count } participants will be invited to choose whom to work with (mentors: { $mentors }, mentees: { $mentees }).
    }{ $count ->
        [0] {""}
       *[other] {" "}Mentees choose up to three mentors, mentors mark the mentees. The choice is open until { $until }.
    }
event-closed-done = { $count ->
        [0] The event is closed. Nobody checked in, so nobody is invited.
        [one] The event is closed: { $count } participant is invited to choose.
       *[other] The event is closed: { $count } participants are invited to choose.
    }
event-already-closed = The event is closed already.
event-unknown = There is no such event.
event-choices-title = <b>Who chose whom: { $title }</b>
event-choices-empty = Nobody has chosen yet.
event-choices-line = { $name } ({ $role }) → { $chosen }
event-choices-mutual = mutual
event-choices-none = —

## Checking in by the link
checkin-done = ✅ You are checked in at “{ $title }”. Thank you for coming!
checkin-already = You are already checked in at “{ $title }”.
checkin-pending = To check in at “{ $title }”, first tell a little about yourself — it takes a couple of minutes. As soon as your questionnaire is done, I will check you in.
checkin-closed = The event “{ $title }” is over: you cannot check in at it any more.
checkin-unknown = This check-in link does not work. Ask the curator to show the QR code again.
checkin-after-onboarding = ✅ And you are checked in at “{ $title }”.

## Choices after an event
choices-open = 👉 Choose
choices-invite-mentee = Thank you for coming to “{ $title }”! Choose up to three mentors you would like to work with, in order: the first is the one you want most. You can change your choice until { $until }.
choices-invite-mentor = Thank you for coming to “{ $title }”! Mark the mentees you would like to work with. You can change your choice until { $until }.
choices-reminder = ⏳ Until { $until } you can still choose whom you would like to work with after “{ $title }”. The curator takes your choice into account when forming pairs.
choices-header-mentee = <b>{ $title }</b>: choose up to three mentors, in order (until { $until }).
choices-header-mentor = <b>{ $title }</b>: mark the mentees you would like to work with (until { $until }).
choices-card = <b>{ $number }. { $name }</b> — { $category }{ $topics }{ $format }{ $places }{ $about }
choices-places = { $count ->
    [one] { $count } place
   *[other] { $count } places
}
choices-picked = Your choice: { $picked }
choices-picked-none = You have not chosen anyone yet.
choices-nobody = Nobody at the event fits you. The curator will find you a pair from the common list.
choices-saved = ✅ Your choice is saved. You can change it until { $until }.
choices-already-saved = This choice is saved already.
choices-too-many-mentee = You can choose at most { $limit ->
        [one] one mentor
       *[other] { $limit } mentors
    }. To choose another, untick someone first.
choices-too-many-mentor = You can tick at most { $limit ->
        [one] one mentee
       *[other] { $limit } mentees
    }. To tick another, untick someone first.
btn-choices-save = 💾 Save my choice
btn-choices-done = Done
choices-problem-unknown = There is no such event.
choices-problem-not_yet = You can choose once the curator has closed the event.
choices-problem-over = The time to choose after this event is over. If you want to change something, write to the curator.
choices-problem-not_there = Those who checked in at the event can choose.
choices-problem-not_offered = You can only choose people of this event from the list.
choices-problem-too_many = You cannot choose that many.
btn-choices = 🤝 My choice after the event
btn-event-match = 🤝 Match this event's attendees
btn-event-attendees = 👥 Who came
event-attendees-title = <b>Checked in: { $count }</b>
event-attendee = { $number }. { $name } — { $role }, { $category }
