## Commands in Telegram's menu (plain text, up to 256 characters)
cmd-start = Start and open the main menu
cmd-menu = Main menu
cmd-help = What the bot can do
cmd-language = Language: Russian or English
cmd-cancel = Stop what you are doing
cmd-curator = Programme curators
cmd-profile = My questionnaire: view and change
cmd-privacy = My data and consent
cmd-survey = Monitoring: surveys, answers, results
cmd-participants = Participants: search, consents, numbers

## Buttons (plain text)
btn-help = ℹ️ Help
btn-language = 🌐 Language
btn-curator = 🛠 For curators
btn-back = ⬅️ Back
btn-join = 🚀 Join the programme
btn-close = Close
btn-profile = 📝 My questionnaire
btn-privacy = 🔒 My data
language-name-ru = 🇷🇺 Русский
language-name-en = 🇬🇧 English

## Main menu
menu-greeting =
    Hello, { $name }! 👋
    This is the bot of the mentoring programme run by <b>{ $org }</b>. Here mentors and mentees find each other, arrange meetings and answer surveys, and the curator runs the programme.
menu-title = <b>{ $org }</b>: main menu
menu-prompt = What would you like to do?
menu-language-changed = ✅ I speak English now.
menu-outdated = This menu is out of date, opening a new one.

## Language
language-prompt = Choose the bot's language:

## Help
help-text =
    <b>What the bot can do</b>
    /menu — main menu
    /pair — my pair: my mentor or my mentees, how to reach them
    /meetings — meetings: upcoming and past, set one up, move it, answer
    /plan — individual plan: tasks, deadlines, what is done
    /profile — my questionnaire: view and change the answers
    /privacy — my data: what is kept, download it, withdraw consent
    /language — language: Russian or English
    /cancel — stop what you are doing
    /help — this help

    If something does not work, write to the programme's curator.
help-curator =
    <b>For curators</b>
    /event — networking events: create, a QR code for check-in, close
    /match — matching: a proposal with reasons, approval
    /pairs — pairs: the order, a paper agreement, meetings and plan, «no meetings for 30 days», ending
    /survey — monitoring: the roadmap's surveys (1–20 December, 1–20 May), response rates, results with a chart, new dates, a survey now
    /stats — programme statistics and the roadmap's KPIs, with charts; the school's numbers are set there
    /broadcast — a message to participants: text, a photo or a file; to whom, how many, a preview, progress and «Stop»
    /export — the year in Excel (registry, consents, questionnaires, pairs, meetings, plans, surveys, KPIs, statistics form, audit log) and CSV
    /participants — participants: numbers, search by name, paper consents
    /curator — programme curators: list, add, remove

## Cancel
cancel-done = Cancelled. Main menu: /menu.
cancel-nothing = There is nothing to cancel. Main menu: /menu.

## What the bot did not understand
fallback-text = I did not understand that. Open the menu with /menu or the help with /help.
fallback-command = I do not know the command { $command }. The list of commands: /help.
fallback-button = This button no longer works. Open the menu again: /menu

## Errors
error-generic = Something went wrong and I could not do that. Please try again a little later; if it still fails, write to the programme's curator.

## Curators
curator-title = <b>Programme curators</b>
curator-line-settings = • <b>{ $name }</b> (id <code>{ $id }</code>) — from the bot's settings
curator-line-added = • <b>{ $name }</b> (id <code>{ $id }</code>) — a curator since { $date }, invited by { $by }
curator-people =
    { $people ->
        [one] { $people } person uses
       *[other] { $people } people use
    } the bot; { $blocked } of them blocked it.
curator-usage =
    Invite a colleague as a curator with the button below or <code>/curator invite</code>: you get a link to forward to them.
    Remove a curator: <code>/curator remove 123456789</code> (the numeric id from the list above).
curator-added = Curator <code>{ $id }</code> added.
curator-already = <code>{ $id }</code> is a curator already.
curator-removed = <code>{ $id }</code> is no longer a curator.
curator-not-curator = <code>{ $id }</code> is not a curator.
curator-from-settings = Curator <code>{ $id }</code> is named in the bot's settings (CURATOR_IDS) and can be removed only there.
curator-self = You cannot remove yourself: ask another curator.
curator-not-allowed = Only the programme's curators can add and remove curators.
curator-bad-id = I could not read the id. It is made of digits only, for example: <code>/curator add 123456789</code>
curator-welcome = You are now a curator of the mentoring programme run by <b>{ $org }</b>. Curators' commands are in /help.

## Who you are
onboarding-role = What would you like to be in the mentoring programme?
role-mentor = 🧑‍🏫 I want to be a mentor
role-mentee = 🙋 I need a mentor
role-short-mentor = mentor
role-short-mentee = mentee
onboarding-category = Who are you?
category-mentee-student = A student
category-mentee-teacher = A teacher or a young specialist
category-mentor-senior_student = A senior student
category-mentor-teacher = A teacher
category-mentor-graduate = A graduate of the school
category-mentor-parent = A parent
category-mentor-employer = An employer's or partner's representative
category-mentor-college_student = A college or university student
onboarding-age = How old are you?
age-under14 = Under 14
age-14to17 = 14–17
age-18plus = 18 or older

## Profile
profile-done = ✅ Done
profile-saved = ✅ Questionnaire saved.
qerr-required = Please answer this question first: it is required.

## Privacy
privacy-what =
    <b>Your data</b>
    We keep your Telegram id, the bot's language and the time you last wrote: without them the bot cannot answer you.
privacy-given = With your consent of { $date } we also keep your name, your role in the programme and your questionnaire answers, to find a mentoring pair and keep the programme's register. Only the curators see them.
privacy-by-parent = The consent was given by your parent or legal guardian.
privacy-not-given = There is no consent to process personal data, so nothing else about you is kept.
privacy-rights = You can get everything kept about you: as a readable summary here in the chat and as a full copy in a file. You can withdraw your consent at any time, and then your data is erased.
privacy-download = 📥 Download my data
privacy-withdraw = 🗑 Withdraw consent
privacy-confirm = Withdraw your consent? Your name, questionnaire answers and consent details will be erased for good, and the programme's curator will be told. Only a note that consent was withdrawn remains.
privacy-confirm-yes = Yes, withdraw and erase
privacy-confirm-no = No, keep it
privacy-file = A full copy of the same data, as a file for computers (JSON).
privacy-sum-title = 📋 <b>What the bot keeps about you</b>
privacy-sum-who = <b>Who you are in the programme</b>
privacy-sum-name = Name: { $name }
privacy-sum-telegram = Name in Telegram: { $name }
privacy-sum-username = Telegram username: @{ $username }
privacy-sum-role = Role: { $role } ({ $category })
privacy-sum-age = Age: { $age }
privacy-sum-no-role = No role in the programme chosen.
privacy-sum-since = First wrote to the bot: { $date }
privacy-sum-consents = <b>Consent to process your data</b>
privacy-sum-consent = { $status ->
    [given] ✅ { $date } — { $kind ->
        [parent] given by a parent or legal guardian{ $parent ->
            [none] {""}
           *[other] : { $parent }
        }
        [paper] a paper consent, recorded in the bot by a curator
       *[self] you gave it yourself
    }
    [declined] ❌ { $date } — { $kind ->
        [parent] a parent did not give it
       *[other] you did not give it
    }
   *[withdrawn] 🗑 { $date } — consent withdrawn
}
privacy-sum-none = none
privacy-sum-answers = <b>{ $title }</b> · { $submitted ->
    [yes] sent { $date }
   *[no] not sent
}
privacy-sum-events = <b>Events you checked in at</b>
privacy-sum-event = • { $title } — { $date }
privacy-sum-pairs = <b>Mentoring pairs</b>
privacy-sum-pair = • { $side ->
        [mentor] You are the mentor; your mentee is { $partner }
       *[other] Your mentor is { $partner }
    }: { $status ->
        [waiting] waiting for everyone to accept the agreement
        [active] working since { $started }
        [paused] paused, working since { $started }
        [completed] completed at the end of the agreement, { $ended }
       *[ended] ended { $ended }
    }. The agreement is for { $months ->
        [one] { $months } month
       *[other] { $months } months
    }.
privacy-withdrawn = Consent withdrawn and your data erased. If you want to come back to the programme, send /start.

## Participants (curators)
curator-consent-withdrawn = Participant <code>{ $id }</code> has withdrawn consent to the processing of personal data; their data is erased.
participants-title = <b>Programme participants</b>
participants-count-line = • { $label }: { $count }
participants-consents = Consents: { $given }, refusals: { $declined }, withdrawn: { $withdrawn }. Waiting for a parent: { $pending }.
participants-usage = Find a participant: <code>/participants surname or name</code>
participants-found = { $count ->
        [0] Nobody found for “{ $query }”.
        [one] { $count } participant found for “{ $query }”:
       *[other] { $count } participants found for “{ $query }”:
    }
participants-row = • <b>{ $name }</b>: { $role }, { $category }{ $grade }; consent: { $consent }; questionnaire: { $questionnaire }
participants-class = , grade { $grade }
participants-submitted = submitted
participants-not-submitted = not submitted
participants-pending = Waiting for a parent's consent: <b>{ $name }</b> (id <code>{ $id }</code>), link of { $date }.
participants-paper = 📄 Paper consent received
participants-paper-done = Paper consent recorded.
participants-paper-refused-already = This participant's consent is already in force: no paper one is needed.
participants-paper-refused-withdrawn = This participant withdrew consent: a paper consent signed before no longer counts. If the family has changed its mind, the child starts again in the bot with /start.
participants-paper-refused-not-waiting = This participant is not waiting for a parent's consent now, so a paper consent cannot be recorded.
participants-paper-refused-unknown = This participant is no longer here.
participants-paper-refused-not-curator = Only the programme's curators can record paper consents.
paper-consent-child = ✅ The curator has received the paper consent. Now you can fill in the questionnaire.
consent-status-none = none
consent-status-declined = refused
consent-status-withdrawn = withdrawn
consent-status-outdated = to renew
consent-status-given = given

## Shared answers
btn-continue = ▶️ Continue
unavailable = This is not available now.
hint-buttons = Please press one of the buttons here — here they are again.
# The pager under a long list of buttons: «◀️ 1/2 ▶️».
pager-prev = ◀️
pager-page = { $page }/{ $pages }
pager-next = ▶️

## Home screens by role
menu-title-curator = <b>{ $org }</b> — the programme curator's desk
home-participants = 👥 Participants · { $count }{ $waiting ->
        [0] {""}
       *[other] {" "}· waiting for a parent { $waiting }
    }
home-events = 📅 Networking sessions{ $open ->
        [0] {""}
       *[other] {" "}· open { $open }
    }
home-match = 🧩 Matching{ $unpaired ->
        [0] {""}
       *[other] {" "}· without a pair { $unpaired }
    }
home-pairs = 🤝 Pairs · { $count }{ $waiting ->
        [0] {""}
       *[other] {" "}· waiting for the agreement { $waiting }
    }
home-export = 📊 Export
home-curators = 🛠 Curators
home-export-wait = Preparing the file…
btn-join-curator = 🙋 Take part in the programme myself
btn-my-pair = 🤝 My pair
btn-contact = 💬 Curator
contact-curators = The programme's curator on Telegram: { $usernames }. Write if something is unclear or you need help.
contact-none = The curator has not left a Telegram contact yet. Ask about the programme at school.
next-questionnaire = <b>What next:</b> finish the questionnaire, so that the curator can find you a pair.
next-agreement = <b>What next:</b> the mentoring agreement is waiting for your answer: open "My pair".
next-choose-mentee = <b>What next:</b> choose the mentors you would like to work with, by { $until }.
next-choose-mentor = <b>What next:</b> mark the mentees you would like to work with, by { $until }.
next-waiting = <b>What next:</b> not everyone has accepted the agreement yet; we are waiting for the others. We will write as soon as the pair starts.
next-working-mentee = <b>Your mentor</b> is { $partners }. Details and contacts are in "My pair".
next-working-mentor = { $count ->
        [one] <b>Your mentee</b> is { $partners }.
       *[other] <b>Your mentees</b>: { $partners }.
    } Details and contacts are in "My pair".
next-event = <b>What next:</b> the networking event “{ $title }” — { $when }, { $place }. Check in there with the QR code, and after it choose whom you would like to work with.
next-searching = <b>What next:</b> the curator forms pairs after the networking session. We will write as soon as your pair is formed.
home-children-title = <b>{ $count ->
        [one] Your child in the programme
       *[other] Your children in the programme
    }</b>
home-child = { $name }: { $status }
home-child-pair-none = the pair is still being found
home-child-pair-waiting = the agreement is waiting for an answer
home-child-pair-active = the pair is working
btn-child-agreements = 📄 My child's agreements
btn-child-withdraw-open = ⛔ Withdraw consent for my child
btn-child-withdraw = Withdraw consent: { $name }
child-withdraw-confirm = Withdrawing the consent erases the child's data from the programme: the questionnaire, the choices and the pair. The child will learn of it from the bot. Whose consent do you withdraw?
child-withdraw-none = None of the consents was given by you: you can withdraw only your own.
child-consent-withdrawn = ✅ The consent is withdrawn and the child's data erased.
consent-withdrawn-by-parent = Your parent has withdrawn the consent to take part in the mentoring programme, and your data has been erased. If you want to come back, start again with /start.
participants-total = { $count ->
        [one] { $count } participant
       *[other] { $count } participants
    } in all.
participants-attention = Need an action: no questionnaire — { $questionnaire }, no pair — { $unpaired }, waiting for a parent's consent — { $parent }.
btn-curator-invite = ➕ Invite a curator
btn-curator-share = 📨 Forward to a colleague
curator-invite-link =
    A link for a new curator: forward it to your colleague. It works for { $days ->
        [one] { $days } day
       *[other] { $days } days
    } and for one person only; whoever opens it becomes a curator of the programme.
    { $link }
curator-invite-joined = ✅ You are a curator of the programme. Your desk is below; the curators' commands are in /help.
curator-invite-already = You are a curator already.
curator-invite-unknown = There is no such link. Ask a curator for a new one.
curator-invite-used = Someone else has become a curator with this link. Ask a curator for a new one.
curator-invite-expired = This link has expired. Ask a curator for a new one.
curator-invite-void = The curator who sent this link is no longer a curator, so the link does not work.
curator-joined = A new curator has joined by an invitation link (id <code>{ $id }</code>).
curator-no-name = name hidden
curator-invite-minor = This link is for the school's adult staff: a participant under 18 cannot become a curator of the programme. If it reached you by mistake, just leave it.
home-child-unnamed = your child
next-parent-consent = <b>What next:</b> we are waiting for your parent's consent. If the link was lost or has expired, get a new one and forward it to your parent.
btn-parent-wait = 🔗 The link for my parent
contact-school = { $school }: { $contact }
next-paused = <b>What next:</b> your pair is on a pause. When you are ready to go on, resume it in “My pair”.
