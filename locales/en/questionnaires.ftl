## Questionnaire questions: q-<question id with - for _>. Structure is in questionnaires/*.yaml.

q-full-name = What is your name? Please write your surname and first name.
q-grade = What grade are you in? Press the number or type it with the class letter, for example 7B.
q-request-topics = What would you like a mentor's help with? Choose up to three topics.
q-subjects = Which subjects or olympiads are you interested in?
q-request = What would you like to achieve with a mentor? Write it in your own words.
q-need-level = How much do you need a mentor's help right now?
q-need-level-min = it can wait
q-need-level-max = very much
q-format = How would you prefer to meet?
q-time-slots = When is it convenient for you to meet? You can choose several.
q-phone = Leave a phone number for contact, if you like.
q-about = Tell us a little about yourself: your interests, what you enjoy. Optional.
q-position = Your position and subject (if you teach).
q-experience-years = How many years have you worked in the profession? Write a number.
q-young-specialist = Are you a young specialist (working for less than three years)?
q-subject-taught = Which subject do you teach?
q-graduation-year = In which year did you finish school?
q-workplace = Where do you work, and as what?
q-study-place = Where do you study, in which year and what speciality?
q-competencies = What can you help a mentee with? Choose up to five topics.
q-experience = What experience are you ready to share?
q-capacity = How many mentees are you ready to take? Press a number from 1 to 5.
q-available-from = From what date are you ready to start?

## Short names of the questions, for the summary and its edit buttons: qs-<id>
qs-full-name = Name
qs-grade = Grade
qs-request-topics = Topics
qs-subjects = Subjects
qs-request = Goal
qs-need-level = Need for help
qs-format = Format
qs-time-slots = Time
qs-phone = Phone
qs-about = About me
qs-position = Position
qs-experience-years = Experience
qs-young-specialist = Young specialist
qs-subject-taught = Subject
qs-graduation-year = Graduation year
qs-workplace = Work
qs-study-place = Studies
qs-competencies = Can help with
qs-experience = What I share
qs-capacity = Mentees
qs-available-from = Start
# A number answer with its unit: qv-<id>
qv-experience-years = { $value ->
        [one] { $value } year
       *[other] { $value } years
    }

## Options: opt-<set>-<option>
opt-topics-subjects = 📚 School subjects
opt-topics-olympiads = 🏆 Olympiads and contests
opt-topics-projects = 🔬 Projects and research
opt-topics-career = 🧭 Choosing a career
opt-topics-adaptation_school = 🏫 A new school or class
opt-topics-adaptation_job = 💼 Settling in at work
opt-topics-methodology = 📐 Teaching methods
opt-topics-classroom = 👥 Classroom management
opt-topics-digital = 💻 Digital skills
opt-topics-creativity = 🎨 Creativity
opt-topics-sport = ⚽ Sport and health
opt-topics-leadership = 🌟 Leadership, student council
opt-format-offline = In person, at school
opt-format-online = Online
opt-format-any = Either
opt-slots-weekday_day = Weekdays, daytime
opt-slots-weekday_evening = Weekdays, evenings
opt-slots-weekend = Weekends

## Questionnaire screens
qn-title-intake_student = Mentee questionnaire
qn-title-intake_teacher = Questionnaire for a teacher seeking a mentor
qn-title-intake_mentor = Mentor questionnaire
qn-progress = { $position } / { $total }
qn-optional = You may skip this question.
qn-current = Now: { $answer }
qn-hint-text = Write your answer as a message.
qn-hint-date = Write the date as a message: { $example } or “{ $words }”.
qn-hint-number-buttons = Press a button or write your answer as a message.
qn-hint-multi = Tick { $max ->
        [one] one option
       *[other] from { $min } to { $max } options
    } and press “Done”.
qn-hint-phone = Press “Share my number” below or type the number.
qn-scale-legend = 1 — { $low }, { $high_value } — { $high }
qn-back = ⬅️ Back
qn-skip = Skip ➡️
qn-keep = Keep as it is ➡️
qn-done = Done ✅
qn-yes = Yes
qn-no = No
qn-share-phone = 📱 Share my number
# Said when the phone question is done, and the keyboard with the number's button goes away.
qn-phone-done = { $move ->
        [answer] 📱 Number saved.
        [skip] All right, no phone.
        [keep] 📱 The number stays as it was.
       *[other] All right.
    }
qn-submit = ✅ Submit the questionnaire
qn-edit = ✏️ { $label }
qn-summary-title = <b>{ $title }: check your answers</b>
qn-summary-hint = To change an answer, press ✏️ with its name. If everything is right, submit.
qn-skipped = skipped
qn-value-yes = yes
qn-value-no = no
qn-submitted = Thank you! Your questionnaire is saved and the programme's curator will see it. You can change your answers in /profile.

## Why an answer is not accepted
qerr-text-words = Please answer in words.
qerr-text-short = Too short: at least { $min ->
        [one] { $min } character
       *[other] { $min } characters
    }, please.
qerr-text-long = Too long: { $length } of { $max } characters. Please shorten it.
qerr-name = Please write the name in letters: spaces, hyphens and apostrophes are fine, digits and other signs are not.
# The limits of a typed number (a year, a grade) are shown as it is typed: "1950", not "1,950".
qerr-number = A number from { NUMBER($min, useGrouping: 0) } to { NUMBER($max, useGrouping: 0) }, please.
qerr-number-min = A whole number of at least { NUMBER($min, useGrouping: 0) }, please.
qerr-grade = A number from { NUMBER($min, useGrouping: 0) } to { NUMBER($max, useGrouping: 0) }, please: the grade, with its class letter if you like, for example 7B.
qerr-date = I could not read the date. Write it in figures or in words, as in the example above.
qerr-date-range = { $bound ->
        [min] The date must be { $min } or later.
        [max] The date must be { $max } or earlier.
       *[both] The date must be between { $min } and { $max }.
    }
qerr-phone = That does not look like a phone number. Write it like this: +7 900 123-45-67.
qerr-phone-own = Please share your own number: the button below does it for you.
qerr-use-buttons = Choose an answer with the buttons under the question.
qerr-multi-min = Tick at least { $min ->
        [one] one option
       *[other] { $min } options
    }.
qerr-multi-max = You can tick at most { $max ->
        [one] one option
       *[other] { $max } options
    }.
qerr-not-text = I need a text answer here: I do not keep photos, stickers or files.

## Reminders to finish a questionnaire
qn-reminder-first = 📝 You started “{ $title }” but did not finish it. Shall we go on from where you stopped?
qn-reminder-last = 📝 “{ $title }” is still waiting for you: without it the curator cannot find you a pair. There is not much left — shall we go on?
