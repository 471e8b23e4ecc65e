## After a meeting: “Did the meeting take place?” to the mentor, a rating to those who said they would come

followup-held-question = 📝 The meeting “{ $meeting }”{ $group ->
        [yes] {" "}with the group
       *[no] {" "}({ $who })
    } — { $when }.
    Did it take place?
followup-held-again = 🔔 A reminder: please mark whether the meeting “{ $meeting }”{ $group ->
        [yes] {" "}with the group
       *[no] {" "}({ $who })
    } — { $when } — took place. The programme's report needs it.
btn-followup-held = ✅ Yes
btn-followup-not-held = ❌ No
btn-followup-moved = 🔁 Moved

followup-rate-question = ⭐ How was the meeting “{ $meeting }” — { $when }? Mentor: { $mentor }.
    Rate it from 1 to 5: 1 — not at all good, 5 — very good.
followup-rate-again = 🔔 A reminder: please rate the meeting “{ $meeting }” — { $when } — from 1 to 5. Mentor: { $mentor }.
btn-followup-rate-1 = 1 ⭐
btn-followup-rate-2 = 2 ⭐
btn-followup-rate-3 = 3 ⭐
btn-followup-rate-4 = 4 ⭐
btn-followup-rate-5 = 5 ⭐

## The question's message once answered: the record of the answer
followup-held-record = 📝 The meeting “{ $meeting }” — { $when }: { $held ->
        [yes] ✅ took place.
       *[no] ❌ did not take place.
    }
followup-rated-record = ⭐ The meeting “{ $meeting }” — { $when }.
    Your rating: { $stars } ({ $rating } of 5). Thank you!
followup-held-done = { $held ->
        [yes] Noted: the meeting took place.
       *[no] Noted: the meeting did not take place.
    }
followup-rated = Thank you for your rating!

## What came of an answer (an alert)
followup-done = Done.
followup-already = { $held ->
        [yes] You have already marked that the meeting took place.
       *[no] You have already marked that the meeting did not take place.
    } The first answer counts.
followup-rate-already = You have already rated this meeting: { $rating } of 5. The first rating counts.
followup-not_allowed = Only the mentor who held the meeting can answer this.
followup-not_invited = Only those who were going to come can rate the meeting.
followup-not_started = The meeting has not started yet — you can answer after it.
followup-cancelled = This meeting was cancelled.
followup-not_held = The mentor marked that the meeting did not take place — there is nothing to rate.
followup-stale = The meeting has been moved, and this question is about its old time. We will ask again after the new one.
followup-pair_ended = This pair no longer works — the meeting cannot be moved.
followup-not_answered = First answer whether the meeting took place.
followup-too_long = The note is too long: 300 characters at most.
followup-invalid = There is no such rating: choose from 1 to 5.
followup-gone = There is no such meeting.

## The mentor's note after “Yes” / “No”
followup-note-ask = { $held ->
        [yes] ✍️ Would you like to add a note about the meeting — what you discussed, what you agreed on?
       *[no] ✍️ Would you like to note why the meeting did not take place?
    }
    Write it in one message, up to 300 characters, or tap “No note”.
btn-followup-no-note = No note
followup-note-too-long = The note is { $length } { $length ->
        [one] character
       *[other] characters
    } long, and 300 is the most. Please shorten it.
followup-note-text-only = Please write the note as text, in one message. Or tap “No note”.
followup-note-already = This meeting already has a note.
followup-note-done = { $saved ->
        [yes] ✅ The note is saved. Thank you!
       *[no] All right, no note. Thank you!
    }
