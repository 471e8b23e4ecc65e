## Monitoring surveys: the questionnaires (questionnaires/survey_*.yaml), the invitation and
## its reminders, answering, and the curators' /survey.

qn-title-survey_mentee = Mentee survey
qn-title-survey_mentor = Mentor survey

sv-mentee-comfort = How comfortable do you feel with your mentor?
sv-mentee-comfort-min = not at all
sv-mentee-comfort-max = very comfortable
sv-mentee-usefulness = How useful are the meetings with your mentor?
sv-mentee-usefulness-min = not useful at all
sv-mentee-usefulness-max = very useful
sv-mentee-support = Do you feel your mentor's support?
sv-mentee-support-min = not at all
sv-mentee-support-max = always
sv-mentee-progress = How far have you come with what you came to your mentor for?
sv-mentee-progress-min = not yet
sv-mentee-progress-max = goal reached
sv-mentee-best = What was the most useful part of working with your mentor?
sv-mentee-improve = What should change or improve?

sv-mentor-comfort = How comfortable do you feel working with your mentee?
sv-mentor-comfort-min = not at all
sv-mentor-comfort-max = very comfortable
sv-mentor-usefulness = How useful do you think the meetings are for your mentee?
sv-mentor-usefulness-min = not useful at all
sv-mentor-usefulness-max = very useful
sv-mentor-support = Do you feel the support of the curator and the school?
sv-mentor-support-min = not at all
sv-mentor-support-max = always
sv-mentor-progress = How far has your mentee come towards their goal? If you have several, rate them on average.
sv-mentor-progress-min = not yet
sv-mentor-progress-max = goal reached
sv-mentor-best = What worked best in your mentoring?
sv-mentor-improve = What should change in the programme?

# Short names of the questions, for the summary and its edit buttons.
qs-sv-mentee-comfort = Comfort
qs-sv-mentee-usefulness = Usefulness
qs-sv-mentee-support = Support
qs-sv-mentee-progress = Progress
qs-sv-mentee-best = Most useful
qs-sv-mentee-improve = To improve
qs-sv-mentor-comfort = Comfort
qs-sv-mentor-usefulness = Usefulness
qs-sv-mentor-support = Support
qs-sv-mentor-progress = Progress
qs-sv-mentor-best = What worked
qs-sv-mentor-improve = To change

## The invitation, its reminders, answering
sv-invite = 📝 <b>{ $title }</b>

    How is the mentoring programme going for you? Please answer six short questions: it takes 2–3 minutes and helps make the programme better.

    You can answer until { $due }, inclusive.
sv-invite-pair-final = 🎓 Your work in the pair is complete — thank you for it!

    Please answer six short questions about how it went: it takes 2–3 minutes and helps make the programme better.

    You can answer until { $due }, inclusive.
sv-invite-pair-final-again = 🎓 Your work in the pair is complete — thank you for it!

    The final survey about your work in pairs is still waiting for your answers. Answer it once, about everything in your pairs. It is now due later: you can answer until { $due }, inclusive.
sv-nudge = 📝 A reminder about the mentoring programme survey: it is still waiting for your answers. It only takes 2–3 minutes.

    You can answer until { $due }, inclusive.
btn-sv-answer = 📝 Take the survey
sv-thanks = 🙏 Thank you! Your answers are saved: they will help make the programme better.
sv-refused-answered = You have answered already — thank you!
sv-refused-closed = This survey is closed, answers are no longer taken (they were due by { $due }). Thank you for wanting to answer!
sv-refused-not_invited = This survey is not available to you.
sv-refused-consent = The personal data consent text has changed. To answer the survey, please confirm your consent again: tap /start.
btn-home-survey = 📝 Survey: answer by { $due }

## /survey: the campaigns
sv-kind-interim = Interim survey
sv-kind-final = Final survey
sv-kind-pair_final = Survey of completed pairs
sv-kind-adhoc = Unscheduled survey
sv-kind-short-interim = Interim
sv-kind-short-final = Final
sv-kind-short-pair_final = Completed pairs
sv-kind-short-adhoc = Unscheduled
sv-status-planned = planned
sv-status-open = open
sv-status-closed = closed
sv-status-cancelled = cancelled
sv-icon-planned = 🕓
sv-icon-open = 🟢
sv-icon-closed = ✅
sv-icon-cancelled = ✖️
sv-role-mentor = mentors
sv-role-mentee = mentees
sv-audience-active_pairs = members of active pairs
sv-audience-everyone = all participants
sv-audience-mentors = mentors
sv-audience-mentees = mentees

sv-list-title = <b>📊 Monitoring</b>
sv-list-empty = There were no surveys this school year or the last.
sv-list-more = …and { $n ->
        [one] { $n } more survey
       *[other] { $n } more surveys
    }.
sv-list-hint = Tap a survey to open it, or start a new one.
sv-line = <b>{ $title }</b> · { $status }
sv-dates = { $opens } — { $due }
sv-line-planned = Invitations have not been sent yet.
sv-line-nobody = No invitations: there was nobody to ask.
sv-role-line = { $role }: { $answered } of { $invited } answered ({ $percent }%)

sv-card-title = <b>{ $title } · { $year }</b>
sv-card-status = Status: { $status }
sv-card-dates = 🗓 Answers are taken from { $opens } to { $due }, inclusive.
sv-card-pair-final = 🗓 Each pair answers within two weeks of completing; the latest due date now is { $due }.
sv-card-audience = 👥 Who is asked: { $audience }
sv-card-planned = Invitations go out on { $opens } at 10:00.
sv-card-total = <b>In all: { $answered } of { $invited } answered ({ $percent }%)</b>
sv-close-ask = Close the survey early? No more answers will be taken.
btn-sv-results = 📊 Results
btn-sv-dates = 🗓 Change dates
btn-sv-open-now = 🚀 Open now
btn-sv-close = ⛔ Close
btn-sv-close-yes = Yes, close
btn-sv-close-no = No, keep it
btn-sv-list = ◀️ To the list
btn-sv-new = ➕ Survey now

sv-opened-now = 🚀 The survey is open: { $n ->
        [0] there is nobody to invite yet.
        [one] { $n } person will get an invitation.
       *[other] { $n } people will get an invitation.
    }
sv-closed-done = ⛔ The survey is closed: no more answers are taken.
sv-dates-changed = ✅ The dates are changed.

## New dates
sv-ask-opens = <b>{ $title }</b>: from which day should answers be taken? Now: from { $opens }.

    Pick a day in the calendar or type a date, for example 01.12.
sv-ask-due = <b>{ $title }</b>: until which day should answers be taken (inclusive)? Now: until { $due }.

    Pick a day in the calendar or type a date, for example 20.12.
sv-bad-date = I could not read the date. Type it like this: 20.12 or “20 December”.
sv-date-opens_passed = That day has passed: the survey can open today at the earliest.
sv-date-due_passed = That day has passed: pick today or a later day.
sv-date-due_before_opens = The due date cannot be before the day the survey opens ({ $opens }).
sv-date-too_long = Too long: a survey can run for three months at most.
sv-date-too_late = The invitations could no longer arrive before that day ends (they are not sent at night): pick a later day.
sv-open-now-too_late = The survey cannot open now: its invitations would not arrive before it is due. Move the due date first with «🗓 Change dates».
sv-open-now-too_long = The survey cannot open now: it is due more than three months from today, and a survey runs three months at most. Change the dates first with «🗓 Change dates».

## A survey now
sv-new-audience = <b>➕ Survey now</b>

    Whom to ask? Mentors and mentees each get their own questionnaire: four ratings from 1 to 10 and two open questions.
btn-sv-audience-active_pairs = 👥 Members of active pairs
btn-sv-audience-everyone = All participants
btn-sv-audience-mentors = Mentors only
btn-sv-audience-mentees = Mentees only
sv-new-due = Until which day should answers be taken (inclusive)? Usually two weeks — until { $due }.

    Tap the button, pick another day in the calendar or type a date.
btn-sv-due-default = ✅ Until { $due }
sv-new-confirm = <b>Check the survey</b>

    👥 Who is asked: { $audience }
    📨 { $n ->
        [0] There is nobody to invite: this group is empty now. Go back and pick another.
        [one] { $n } person will get an invitation.
       *[other] { $n } people will get an invitation.
    }
    🗓 Answers are taken until { $due }, inclusive.
btn-sv-start = ✅ Start
sv-started = 🚀 The survey has started: { $n ->
        [one] { $n } person will get an invitation.
       *[other] { $n } people will get an invitation.
    }

## What came of a curator's action that changed nothing
sv-done-already = This survey has started already.
sv-done-not_allowed = Only the programme's curators can do this.
sv-done-gone = There is no such survey.
sv-done-not_now = The survey changed while you were looking. Here it is now.
sv-done-bad_dates = These dates do not fit.
sv-done-nobody = There is nobody to invite: this group is empty now.
sv-done-done = Done.
