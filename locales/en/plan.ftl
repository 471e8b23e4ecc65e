## The individual plan (/plan): tasks, the share done, proposals, notices and the weekly digest

cmd-plan = Individual plan: tasks and deadlines
btn-plan = 📋 Plan

plan-pick = 📋 Whose plan shall I open?
plan-none = 📋 There is no plan yet: it appears once you have a pair and the agreement is in force.
plan-of-tail = {" · "}{ $done } of { $total }
plan-title-mentor = 📋 <b>Mentee's plan: { $partner }</b>
plan-title-mentee = 📋 <b>My plan</b> · mentor: { $partner }
plan-paused = ⏸ The pair is paused: the plan can still be kept, and the weekly digest waits.
plan-closed = 🔒 { $status ->
        [completed] The pair has completed
       *[other] The pair has ended
    }: the plan is read-only.
plan-empty-mentor = The plan has no tasks yet. Add the first one with the button below.
plan-empty-mentee = The plan has no tasks yet. Your mentor will add them, and you can propose one.
plan-empty-closed = The plan had no tasks.
plan-share = Tasks: { $done } of { $total } done ({ $percent }%)
    { $bar }
plan-line-open = { $n }. ⬜ { $title }{ $due_shown ->
        [yes] {" "}— by { $due }
       *[no] {""}
    }
plan-line-overdue = { $n }. ⏰ { $title } — <b>overdue</b>, was due { $due }
plan-line-done = { $n }. ✅ { $title }
plan-line-proposed = { $n }. 💡 { $title }{ $due_shown ->
        [yes] {" "}— by { $due }
       *[no] {""}
    } · { $side ->
        [mentor] waiting for your answer
       *[mentee] waiting for your mentor
    }

btn-plan-add = ➕ Add a task
btn-plan-propose = 💡 Propose a task
btn-plan-all = 👥 All plans
btn-plan-open = 📋 Open the plan
btn-plan-done = ✅ Done
btn-plan-undo = ↩️ Not done
btn-plan-accept = 👍 Accept
btn-plan-decline = 👎 Decline
btn-plan-no-due = No deadline

## One task
plan-task-title = 📌 <b>{ $title }</b>
plan-task-due = 🗓 Due: { $due }
plan-task-no-due = 🗓 No deadline
plan-task-status-open = ⬜ Not done
plan-task-status-overdue = ⏰ Overdue
plan-task-status-done = ✅ Done: { $when }
plan-task-status-proposed-mentor = 💡 Your mentee proposed this: accept it into the plan or decline it.
plan-task-status-proposed-mentee = 💡 Your proposal is waiting for your mentor's answer.
plan-task-of-mentor = 👤 Mentee: { $partner }
plan-task-of-mentee = 👤 Mentor: { $partner }

## A new task
plan-ask-title-mentor = ✏️ Write the task in one message, up to 300 characters.
    For example: “Read the chapter on projects and write down three questions”.
plan-ask-title-mentee = 💡 What task would you like to add to the plan? Write it in one message, up to 300 characters. Your mentor will accept or decline it.
plan-ask-due = 🗓 The deadline for “{ $title }”: pick a day in the calendar or type a date such as 25 Dec or 25.12.2026. No deadline is fine too.
plan-bad-due = I could not read that date. Type it like 25 Dec or 25.12.2026, or pick a day in the calendar.

## What an action came to (a line on the screen, a toast or an alert)
plan-done-add = ✅ The task is in the plan.
plan-done-propose = 💡 Your proposal has been sent to your mentor.
plan-done-done = ✅ The task is marked done.
plan-done-undo = ↩️ The mark is removed: the task is not done again.
plan-done-accept = 👍 The task is now in the plan.
plan-done-decline = 👎 The proposal is declined.
plan-already-add = This task has been added already.
plan-already-propose = This proposal has been sent already.
plan-already-done = The task is already marked done.
plan-already-undo = The task is not done anyway.
plan-already-accept = The task is in the plan already.
plan-already-decline = This proposal has been declined already.
plan-outcome-stale = The task has changed meanwhile. Open the plan again: /plan
plan-outcome-not_allowed = This task is not in your plan.
plan-outcome-mentor_only = Only the mentor can accept or decline a task.
plan-outcome-closed = The pair no longer works: the plan is read-only.
plan-outcome-not_open = That cannot be done with this task. Open the plan again: /plan
plan-outcome-gone = This task no longer exists.
plan-outcome-empty = Write the task in words, in one message.
plan-outcome-too_long = Too long: { $length } { $length ->
        [one] character
       *[other] characters
    }, and 300 is the most. Please shorten it.
plan-outcome-in_the_past = That day has passed. Pick today or a later day, or leave the task without a deadline.
plan-outcome-full = The plan has 100 tasks already: no more fit.

## Notices to the other side (through the outbox; never to a parent)
plan-told-added = 📋 A new task in your plan: “{ $title }”{ $due_shown ->
        [yes] {"\u000A"}🗓 Due: { $due }
       *[no] {""}
    }
    Mentor: { $who }.
plan-told-proposed = 💡 { $who } proposes a task for the plan: “{ $title }”{ $due_shown ->
        [yes] {"\u000A"}🗓 Due: { $due }
       *[no] {""}
    }
    Accept it?
plan-told-accept = 👍 Your proposal is in the plan: “{ $title }”. Mentor: { $who }.
plan-told-decline = 👎 Your proposal did not make it into the plan: “{ $title }”. Mentor: { $who }. You can talk it over at a meeting.
plan-told-done = ✅ { $who }: the task “{ $title }” is done.
    { $done } of { $total } tasks in the plan are done.
plan-told-undo = ↩️ { $who }: the task “{ $title }” is not done after all.
    { $done } of { $total } tasks in the plan are done.

## The weekly digest of overdue tasks (PLAN_DIGEST)
plan-digest = ⏰ <b>Overdue tasks</b> · { $partner }
    { $count ->
        [one] { $count } task in the plan is overdue:
       *[other] { $count } tasks in the plan are overdue:
    }
    { $tasks }{ $more ->
        [0] {""}
       *[other] {"\u000A"}…and { $more } more
    }
plan-digest-item = • “{ $title }” — was due { $due }
