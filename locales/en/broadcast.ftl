## Broadcasts (curators)
cmd-broadcast = Message participants: text, a photo or a file
broadcast-compose =
    <b>📣 Broadcast</b>

    Send the message for the participants: text (bold, italics and links are kept), a photo or a file with a caption. Then you choose who gets it and see how it will look.
broadcast-unsupported = This kind of message cannot be broadcast. Send text, a photo or a file (as a document).
broadcast-empty = The message is empty. Send text, a photo or a file.
broadcast-too-long = { $file ->
    [yes] The caption has { $length } { $length ->
        [one] character
       *[other] characters
    }, and Telegram takes at most { $limit } under a photo or a file. Shorten the caption or send the text without a file.
   *[no] The text has { $length } { $length ->
        [one] character
       *[other] characters
    }, and Telegram takes at most { $limit } in one message. Shorten the text.
}
broadcast-audience = Who should get the message? Each button shows how many people it reaches: participants with consent who have not blocked the bot.
btn-broadcast-everyone = 👥 Everyone
btn-broadcast-mentors = Mentors
btn-broadcast-mentees = Mentees
btn-broadcast-unpaired = Those without a pair
btn-broadcast-active_pairs = Working pairs
btn-broadcast-event = 🤝 Attendees of an event…
btn-broadcast-campaign = 📊 Not answered a survey…
btn-broadcast-edit = ✏️ Change
btn-broadcast-send = ✅ Send
btn-broadcast-stop = ⏹ Stop
btn-broadcast-back = ⬅️ Back
btn-broadcast-cancel = Cancel
broadcast-to-everyone = all participants
broadcast-to-mentors = mentors
broadcast-to-mentees = mentees
broadcast-to-unpaired = participants without a pair
broadcast-to-active_pairs = members of working pairs
broadcast-to-event = attendees of the event “{ $title }”
broadcast-to-campaign = those who have not answered the survey “{ $title }”
broadcast-pick-event = The attendees of which event? Each button shows how many people get the message.
broadcast-no-events = There have been no events yet. Choose another group.
broadcast-pick-campaign = Those who have not answered which survey? Each button shows how many people get the message.
broadcast-no-campaigns = No survey is open now. Choose another group.
broadcast-campaign-interim = Interim survey
broadcast-campaign-final = Final survey
broadcast-campaign-pair_final = Survey of completed pairs
broadcast-campaign-adhoc = Survey
broadcast-campaign-short-interim = Interim
broadcast-campaign-short-final = Final
broadcast-campaign-short-pair_final = Pairs' final
broadcast-campaign-short-adhoc = Curator's survey
broadcast-campaign-until = { $kind }, until { $date }
broadcast-nobody = Nobody would get this message now: the group has no participants with consent who have not blocked the bot. Choose another group.
broadcast-unavailable = That event is gone or the survey has closed. Choose another group.
broadcast-confirm =
    Above is the message as the participants will see it.
    To: { $audience }.

    <b>Send it to { $count } { $count ->
        [one] recipient
       *[other] recipients
    }?</b>
broadcast-preview-failed = Telegram did not accept this message ({ $reason }). Correct it and send it again.
broadcast-start-again = This screen is out of date. Start the broadcast again: /broadcast
broadcast-progress = 📣 Broadcast: { $sent } of { $total } sent{ $blocked ->
    [0] {""}
   *[other] {" "}· blocked the bot: { $blocked }
}{ $undelivered ->
    [0] {""}
   *[other] {" "}· not delivered: { $undelivered }
}
broadcast-progress-done = ✅ Broadcast finished: { $sent } of { $total } delivered
broadcast-progress-stopped = ⏹ Broadcast stopped: { $sent } of { $total } got it
broadcast-final = 📣 Broadcast finished. Delivered: { $delivered }, blocked the bot: { $blocked }, not delivered: { $failed }.
broadcast-final-stopped = ⏹ Broadcast stopped. Delivered: { $delivered }, blocked the bot: { $blocked }, not delivered: { $failed }, not sent because of the stop: { $stopped }.
broadcast-stopped = Broadcast stopped: { $sent } of { $total } got it.
broadcast-already-stopped = The broadcast is stopped already.
broadcast-finished = The broadcast has finished: there is nothing to stop.
broadcast-not-yours = Another curator started this broadcast: only they can stop it.
broadcast-gone = There is no such broadcast.
