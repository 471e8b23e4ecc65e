## Matching (curators)
cmd-match = Matching: a proposal of pairs to approve
cmd-pair = My pair: my mentor or my mentees
match-title = <b>Proposed pairs</b> ({ $mode })
match-mode-most_matched = most pairs
match-mode-best_fit = best fit
match-figures = { $pairs ->
        [one] { $pairs } pair
       *[other] { $pairs } pairs
    } for { $mentees ->
        [one] { $mentees } mentee
       *[other] { $mentees } mentees
    } ({ $matched_share } %); chosen by the mentees themselves: { $preferred_share } %, mutual choices: { $mutual }.
match-pair = { $number }. { $mentor } → { $mentee }: { $reasons }
match-unmatched = • { $name } — { $reason }
match-empty = There is nobody to pair now: everyone with a questionnaire and consent is in a pair already, or there is nobody.
match-more = …and { $count } more
reason-must_pair = the curator decided so
reason-mutual = mutual choice
reason-first_choice = the mentee's 1st choice
reason-second_choice = the mentee's 2nd choice
reason-third_choice = the mentee's 3rd choice
reason-mentor_chose = the mentor chose the mentee
reason-shared_topics = shared topics: { $details }
reason-same_format = format: { $details }
reason-shared_slots = shared time
unmatched-no_compatible_mentor = no fitting mentor
unmatched-only_incompatible_choices = only unfitting mentors were chosen
unmatched-capacity_used = fitting mentors have no places left
btn-match-approve = ✅ Approve all
btn-match-mode = 🔁 The other way of matching
btn-match-discard = Discard
match-approved = Pairs approved: { $made }. The participants have been sent the agreement.
match-approved-none = No pair was approved: nothing was sent to anyone.
match-refused = Not made: { $mentor } → { $mentee } — { $why }
match-discarded = The proposal is discarded; nothing has changed.
refusal-gone = the participant is no longer in the programme
refusal-form = this form of mentoring is not provided
refusal-mentee_taken = the mentee has a pair already
refusal-no_place = the mentor has no places left
refusal-ended_before = they were a pair before, and it ended
refusal-never = a curator marked: never pair these two
refusal-blocked = a participant has blocked the bot, the agreement would not reach them
refusal-not_curator = you are no longer a curator of the programme

## The agreement
agreement-accept = ✅ I accept
agreement-decline = ❌ I do not accept
form-student_student = “student – student”
form-teacher_teacher = “teacher – teacher”
form-teacher_student = “teacher – student”
form-college_student = “college student – student”
form-employer_student = “employer – student”
agreement-tasks-student_student = help with studies, projects and school life
agreement-tasks-teacher_teacher = a teacher's professional growth and settling in
agreement-tasks-teacher_student = developing abilities, studies, olympiads and projects
agreement-tasks-college_student = choosing a profession and preparing for studies after school
agreement-tasks-employer_student = choosing a profession and getting to know the work
agreement-mentor =
    <b>{ $intro }</b>
    The curator asks you to be a mentor. This is who you would work with:

    { $card }

    Form of mentoring: { $form }. Tasks: { $tasks }. Length: { $months } months.
    Do you accept the agreement?
agreement-mentee =
    <b>{ $intro }</b>
    The curator has found you a mentor:

    { $card }

    Form of mentoring: { $form }. Tasks: { $tasks }. Length: { $months } months.
    Do you accept the agreement?
agreement-for-parent =
    <b>{ $intro }</b>
    The curator has found a mentoring pair for your child, { $child }. This is who would work with your child:

    { $card }

    Form of mentoring: { $form }. Tasks: { $tasks }. Length: { $months } months.
    A parent or legal guardian accepts the agreement for a child. Do you accept it?
agreement-answered-accepted = Thank you! Waiting for the others to answer.
agreement-answered-active = Thank you! Everyone has accepted — the pair starts working.
agreement-answered-declined = You declined the agreement. The curator will find another pair.
agreement-answered-already = You have answered this agreement already.
agreement-answered-not_yours = This agreement is not for you.
agreement-answered-closed = This agreement no longer waits for an answer.
pair-active = 🎉 Your pair is formed: everyone has accepted the agreement. { $me ->
        [mentor] You are the mentor, and you will work with { $partner }.
       *[other] Your mentor is { $partner }.
    } Contacts and everything about the pair: “My pair” (/pair).
pair-declined = The pair with { $partner } did not form: one side did not accept the agreement. The curator will find another pair, and you stay in the programme.
curator-pair-active = A pair has started: { $mentor } → { $mentee }.
curator-pair-declined = The agreement was not accepted: { $mentor } → { $mentee }. Declined by { $side }, reason: { $why }.

## /pair
pair-none = You have no pair yet. The curator forms pairs after the networking session; we will write as soon as your pair is formed.
pair-contact-curator = No Telegram contact: ask the curator to introduce you.
pair-status-waiting = waiting for everyone to accept the agreement
pair-status-active = working
pair-ended-partner-left = Your mentoring pair has ended: the other participant is no longer in the programme. You stay in the programme, and the curator will find you a new pair.
agreement-child-link =
    <b>{ $intro }</b>
    The curator proposes a mentoring pair for you for { $months } months. You would work with { $partner }.
    For a participant under 18 a parent accepts the agreement. Forward this link to your parent: { $link }
    If your parent has no Telegram, they can sign a paper agreement with the curator.
pair-ended = The curator has ended your mentoring pair with { $partner }. If you have questions, write to the curator.
curator-pair-ended = The pair has ended: { $mentor } → { $mentee }. Reason: { $reason }

## /pairs (curators)
cmd-pairs = Pairs: list, order, paper agreement, ending
pairs-title = <b>Pairs</b> ({ $count })
pairs-empty = No pairs yet. Proposed pairs: /match.
pairs-line = { $id }. { $mentor } → { $mentee } · { $status }{ $order }
pairs-order-line = , order No. { $number } of { $date }
pairs-status-waiting = waiting for the agreement
pairs-status-active = working
pairs-status-completed = completed
pairs-status-ended = ended early
pairs-status-paused = paused
pairs-figures-legend = <i>🗓 meetings held / planned · 📋 plan done · ⭐ mean rating · 🕓 last meeting</i>
pairs-line-figures = {"    "}🗓 { $held } / { $planned } · 📋 { $plan } · ⭐ { $rating } · 🕓 { $last }
pairs-figure-none = —
pairs-share = { $share }%
pairs-card-meetings = 🗓 Meetings: { $held } held, { $planned } planned
pairs-card-last-held = 🕓 Last meeting: { $date }
pairs-card-no-meetings = 🕓 No meetings yet
pairs-card-plan = 📋 Plan: { $done } of { $total } done ({ $share })
pairs-card-plan-empty = 📋 No tasks in the plan yet
pairs-card-rating = ⭐ Mean meeting rating: { $rating } of 5 ({ $count ->
        [one] { $count } rating
       *[other] { $count } ratings
    })
pairs-card-rating-none = ⭐ No meeting ratings yet
btn-pairs-quiet = 💤 No meetings for 30 days
pairs-quiet-title = 💤 <b>No meetings for 30 days</b> ({ $count })
pairs-quiet-about = <i>Working pairs older than 30 days with no meeting in the last 30 days and none planned. Paused pairs are not shown.</i>
pairs-quiet-line = { $id }. { $mentor } → { $mentee } · { $last }{ $nudged }
pairs-quiet-last = last meeting { $date }
pairs-quiet-never = no meetings yet
pairs-quiet-nudged = {" "}· 🔔 reminded today
pairs-quiet-none = ✅ No such pairs: every working pair has met in the last 30 days or has a meeting planned.
btn-pairs-nudge = 🔔 Remind them
pairs-nudge-confirm =
    <b>Remind { $mentors ->
        [one] { $mentors } mentor
       *[other] { $mentors } mentors
    }?</b>
    Each will get a message that it is time to set a meeting. A pair is reminded at most once a day.
btn-pairs-nudge-confirm = 🔔 Yes, remind them
pairs-nudge-done = 🔔 Reminded { $mentors ->
        [one] { $mentors } mentor
       *[other] { $mentors } mentors
    }.
pairs-nudge-none = Everyone has been reminded today already: you can remind them again tomorrow.
btn-pairs-order = 📝 Order for pairs without one
btn-pairs-by-hand = ➕ A pair by hand
btn-pair-paper = 📄 Paper agreement received
btn-pair-end = ⛔ End the pair
pair-card =
    <b>Pair { $id }</b>: { $mentor } → { $mentee }
    Form: { $form }, length: { $months } months. Status: { $status }{ $order }
pairs-ask-order = Write the order's number and date, for example: <code>15-o of { $example }</code>
pairs-bad-order = I did not understand. Write it like this: <code>15-o of { $example }</code>
pairs-order-done = Order No. { $number } of { $date } recorded for pairs: { $count }.
pairs-ask-reason = Why does the pair end? Write briefly: the curators and the registry will see it.
pairs-bad-reason = The reason is 3 to 300 characters of text.
pairs-ended-done = The pair has ended.
pairs-not-live = This pair is no longer working.
pairs-paper-done = The paper agreement is recorded.
pairs-pick-mentor = Choose a mentor who has free places:
pairs-pick-mentee = Mentor: { $mentor }. Choose a mentee without a pair:
pairs-nobody = There is nobody who fits.
match-still-searching = We have not found a mentor for you yet — it happens, and you stay in the search. The curator keeps looking, and we will write as soon as your pair is formed. 🌱
btn-match-review = 👀 Go through them one by one
btn-match-accept = ✅ Accept
btn-match-skip = ⏭ Skip
btn-match-other = 🔄 Another mentor
match-review = <b>Pair { $number } of { $total }</b>
    { $mentor } → { $mentee }
    { $reasons }
match-pick-other = Choose another mentor (with places and a fitting form of mentoring):
btn-pair-replace = 🔁 Ask for another mentor
btn-pair-release = 🙋 Ask to leave the pair
btn-request-open = Open the pair
pair-ask-reason = Write briefly why: the curator will read it and get in touch. We tell your partner nothing.
pair-ask-bad-reason = Write the reason in words, 3 to 500 characters.
pair-ask-sent = ✅ Your request has been passed to the curator.
curator-ask-replace = 🔁 { $asker } asks for another mentor (instead of { $partner }). Reason: { $reason }
curator-ask-release = 🙋 A request to be released from a pair. Mentor: { $asker }, paired with { $partner }. Reason: { $reason }
btn-match-excel = 📊 Excel
match-sheet = Proposed pairs
match-col-n = No.
match-col-mentor = Mentor
match-col-mentee = Mentee
match-col-why = Why (or why without a pair)
match-excel-caption = The proposed pairs with their reasons. Approve them with the buttons below.
btn-match-never = 🚫 Never pair these two
pair-completed = 🎓 The mentoring agreement has run its term: your work in the pair with { $partner } is complete. Thank you! A short final survey follows right away: please answer it.
curator-pair-completed = A pair has completed its agreement's term: { $mentor } → { $mentee }.
btn-pair-pause = ⏸ Pause the pair
btn-pair-resume = ▶️ Resume the pair
btn-pair-extend = ➕ Extend by 3 months
extension-accept = ✅ Extend
extension-decline = Do not extend
extension-offer = { $partner } proposes to extend the mentoring by { $months } more months. Do you agree?
extension-offer-parent = { $partner } proposes to extend the mentoring of your child ({ $child }) by { $months } more months. Do you agree?
extension-answered-accepted = Extended.
extension-answered-declined = All right, the pair is not extended.
extension-answered-not_yours = This proposal is not for you.
extension-answered-closed = This proposal no longer holds.
extension-asked = ✅ The proposal to extend has been sent. We will write when it is answered.
extension-already = A proposal to extend is already waiting for an answer.
extension-not_yours = An adult participant of the pair can extend it; a parent answers for a minor.
extension-not_active = Only a working pair can be extended.
extension-limit = A mentoring agreement runs for 12 months at most: this pair cannot be extended any more.
extension-answered-already = You have already answered this proposal.
pair-paused = ⏸ The pair with { $partner } is paused. Resume it in /pair.
pair-resumed = ▶️ The pair with { $partner } works again.
curator-pair-paused = A pair is paused: { $mentor } → { $mentee }.
curator-pair-resumed = A pair works again: { $mentor } → { $mentee }.
pair-extended = The mentoring with { $partner } is extended: the term is now { $months } months.
pair-not-extended = The extension with { $partner } was not agreed: the term stays { $months } months.
curator-pair-extended = A pair is extended to { $months } months: { $mentor } → { $mentee }.
curator-pair-not-extended = An extension was not agreed: { $mentor } → { $mentee }.
pair-status-paused = paused
match-load = Mentors with a group: { $load }
## Hardening: confirmations, refusals, agreements that do not wait forever
someone = a participant
agreement-intro = 🤝 Mentoring agreement
agreement-intro-reminder = ⏰ A reminder: the mentoring agreement is waiting for an answer
agreement-link-unknown = There is no such link. Perhaps your child has a new one: ask them to send it.
agreement-link-used = This link has been answered already, or the pair no longer waits for its agreement.
agreement-link-expired = This link has expired (it works for 7 days). Your child can get a new one under "My pair" (/pair) and forward it to you.
agreement-link-own = This link is for a parent: forward it to your parent rather than opening it yourself.
agreement-link-curator = A curator does not sign for a parent by the link. If the parent signed a paper agreement, record it in /pairs.
agreement-link-minor = This link is for a parent or legal guardian. Forward it to the adult who signs the agreement for the child.
decline-reason-time = The time does not suit me
decline-reason-fit = The pair does not suit me
decline-reason-mind = My plans have changed
decline-reason-other = Another reason
side-mentor = the mentor
side-mentee = the mentee (or their parent)
pair-active-parent = 🎉 Your child's mentoring pair ({ $child }) starts now: everyone has accepted the agreement. Your child will work with { $partner }.
pair-contact-after-agreement = Contacts appear once everyone has accepted the agreement.
pair-agreement-for-child = 🤝 An agreement is waiting for your answer: { $child } and { $partner }.
pair-agreement-waits = The mentoring agreement is waiting for your answer: press the button below and it comes as a message of its own.
pair-agreement-needs-parent = The agreement is waiting for a parent's signature. If the link was lost or has expired, get a new one with the button below and forward it to your parent.
btn-pair-agreement = 📄 Agreement: { $name }
btn-pair-parent-link = 🔗 A new link for my parent
pair-agreement-sent = ✅ Sent as a message of its own below.
pair-agreement-sent-already = Sent already: see the message below.
pair-extension-waits = ⏳ { $partner } proposes to extend the mentoring: the proposal is waiting for your answer.
btn-pair-extension = 📄 Extension: answer
pair-pause-already = The pair is paused already.
pair-pause-not_allowed = This pair no longer works.
pair-resume-already = The pair is not paused any more.
pair-resume-not_allowed = This pair no longer works.
pairs-late-title = ⏳ <b>Waiting for the agreement for more than 7 days</b> ({ $count }):
pairs-late-line = { $id }. { $mentor } → { $mentee }: waiting for { $who }
pairs-waits-mentor = the mentor
pairs-waits-mentee = the mentee
pairs-waits-mentor_parent = the mentor's parent
pairs-waits-mentee_parent = the mentee's parent
pairs-paper-already = This pair's agreement is recorded already.
match-decided = This pair has been decided already.
match-mode-same = The proposal is in this mode already.
match-excel-sent = The proposal's file has been sent already: see above.
pairs-open-already = This pair is open below already.
match-review-summary = Reviewed: { $accepted } accepted, { $skipped } skipped, { $never } "never".
match-confirm = Send the agreements to { $pairs ->
        [one] { $pairs } pair
       *[other] { $pairs } pairs
    }: { $participants ->
        [one] { $participants } participant
       *[other] { $participants } participants
    }{ $parents ->
        [0] {""}
        [one] {" "}and { $parents } parent
       *[other] {" "}and { $parents } parents
    }?
match-confirm-none = No pair was accepted: there is nothing to send.
match-confirm-left-out = { $count ->
        [one] The mentee left without a pair will be told the search goes on.
       *[other] The { $count } mentees left without a pair will be told the search goes on.
    }
btn-match-send = 📨 Send the agreements
btn-match-back = ⬅️ Back to the proposal
curator-only = Only the programme's curators can do this.

## The partner's card
card-title = 👤 <b>{ $name }</b> — { $who }
card-grade = { $grade }
card-grade-letter = { $grade }{ $letter }
card-position = Position: { $value }
card-topics = Needs help with: { $value }
card-subjects = Subjects: { $value }
card-request = In their own words: “{ $value }”
card-occupation = Occupation: { $value }
card-offer = Can help with: { $value }
card-experience = Experience: “{ $value }”
card-format = Meetings: { $value }
card-times-both = Suits both: { $value }
card-times = Suits them: { $value }
card-username = Write on Telegram: @{ $username }
card-phone = Phone: { $phone }

## The answered agreement, kept as a record
receipt-accepted = ✅ <b>You accepted the mentoring agreement on { $date }</b>
receipt-accepted-child = ✅ <b>You accepted the mentoring agreement for your child on { $date }</b>
    Your child: { $child }.
receipt-declined = ❌ <b>You declined the agreement on { $date }</b>
    The curator will find another pair, and you stay in the programme.
receipt-active = 🎉 Everyone has accepted: the pair is working. Contacts: “My pair” (/pair).
receipt-waiting = ⏳ Waiting for: { $who }. We will write when the pair starts.
receipt-waits-mentor = the mentor
receipt-waits-mentee = the mentee or their parent
receipt-curator = Programme curator: <a href="tg://user?id={ $id }">{ $name }</a>
receipt-curator-username = , @{ $username }
receipt-school = { $school }
receipt-school-contact = { $school }: { $contact }
pair-terms = Form of mentoring: { $form }, for { $months } months.
pair-terms-dates = Form of mentoring: { $form }, for { $months } months: from { $start } to { $end }.
pair-status-line = Status: { $status }
receipt-curator-write = write to them
card-who-class = grade { $grade }
pairs-side-mentor-self = Mentor
pairs-side-mentor-parent = Mentor's parent
pairs-side-mentee-self = Mentee
pairs-side-mentee-parent = Mentee's parent
pairs-side-waiting = { $who } ⏳
pairs-side-yes = { $who } ✅ { $date }
pairs-side-no = { $who } ❌ { $date }
pairs-side-paper = { $who } 📄 { $date }
pairs-agreement-sides = Agreement: { $sides }
pairs-dates = Working from { $start } to { $end }
match-look-title = <b>Have a closer look</b> — { $count ->
        [one] { $count } pair nobody chose:
       *[other] { $count } pairs nobody chose:
    }
match-look-none = ✅ Every pair was chosen by its people or decided by a curator.
match-unmatched-title = <b>Without a pair</b> — { $count ->
        [one] { $count } mentee:
       *[other] { $count } mentees:
    }
match-details = Every pair with its reasons: “👀 Go through them one by one”, or the “📊 Excel” file.
reason-none = the form of mentoring fits
pairs-end-confirm =
    <b>End pair { $id }?</b>
    { $mentor } → { $mentee }
    Reason: { $reason }
    The mentor and the mentee will be told that the pair has ended (not why); the curators, with the reason. The pair stops working; the people stay in the programme.
btn-pairs-end-confirm = ⛔ Yes, end the pair
agreement-link-share = 📤 Forward to my parent
agreement-link-share-text = Hi! The curator of the school's mentoring programme has found me a mentoring pair. I am under 18, so you accept the agreement for me. Please open the link: the bot shows who I would work with and asks for your consent.
match-other-places = {" "}— { $taken } of { $places }
btn-pair-replace-of = 🔁 Another mentor: { $name }
btn-pair-release-of = 🙋 Release me: { $name }
btn-pair-pause-of = ⏸ Pause: { $name }
btn-pair-resume-of = ▶️ Resume: { $name }
btn-pair-extend-of = ➕ Extend: { $name }
