## A monitoring campaign's results for curators (opened from /survey): the response rate by role,
## per question the number of answers and, on three answers or more, the mean, the median and
## the distribution; the open answers without names; the chart of the scales' means.

sr-kind = { $kind ->
        [interim] Interim monitoring { $years }
        [final] Final monitoring { $years }
        [pair_final] Pairs' final surveys { $years }
       *[other] Survey of { $opens }
    }
sr-title = 📊 <b>{ $title }</b>
sr-status = { $status ->
        [planned] Opens on { $opens }, answers until { $due }.
        [open] Open: answers are taken until { $due }.
        [closed] Closed: answers were taken until { $due }.
       *[other] Cancelled.
    }
sr-rates = ✍️ <b>Filled in the questionnaire</b>
sr-rate = • { $role } — { $answered } of { $invited } ({ $share } %)
sr-rate-none = • { $role } — nobody was invited
sr-rates-nobody = Nobody has been invited yet.
sr-role-name = { $role ->
        [mentor] Mentors
        [mentee] Mentees
       *[other] { $role }
    }
sr-role-list = { $role ->
        [mentor] mentors
        [mentee] mentees
       *[other] { $role }
    }
sr-role = <b>{ $role }</b> · { $count ->
        [one] { $count } questionnaire
       *[other] { $count } questionnaires
    }
sr-role-nothing = No questionnaires filled in yet.
sr-waiting = ⏳ { $count ->
        [one] { $count } more questionnaire joins the figures when there are three new ones.
       *[other] { $count } more questionnaires join the figures when there are three new ones.
    }
sr-waiting-first = ⏳ The figures appear once there are three questionnaires.
sr-role-no-questionnaire = This role's questionnaire is no longer in the bot: its answers cannot be shown.
sr-question = <b>{ $n }. { $text }</b>
sr-answers = { $count ->
        [one] { $count } answer
       *[other] { $count } answers
    }
sr-none = No answers yet.
sr-hidden = { $answers } · Too few answers to show (at least three are needed)
sr-numbers = { $answers } · mean <b>{ $mean }</b> · median { $median }
sr-counted = { $answers }:
sr-counted-multi = { $answers } (several could be chosen):
sr-option = • { $option } — { $count }
sr-yes = Yes
sr-no = No
sr-open-see = { $answers } — read them in “💬 Open answers”
btn-sr-answers = 💬 Open answers ({ $open_count })
btn-sr-chart = 📈 Chart

sr-answers-title = 💬 <b>Open answers</b> · { $title }
sr-answers-about = No names, in random order.
sr-answers-question = <b>{ $role } · { $text }</b>
sr-answer = — { $text }
sr-answers-none = No open answers yet.

sr-chart-panel = { $role } · scale { $low }–{ $high }
sr-chart-note = { $count ->
        [one] { $count } question left out: fewer than three answers
       *[other] { $count } questions left out: fewer than three answers
    }
sr-chart-caption = 📈 <b>{ $title }</b>: the means of the scales. Only questions with three answers or more are on the chart.
sr-chart-nothing = Too few answers for a chart yet: at least three per question are needed.
sr-chart-sent = The chart has been sent already — it is above, and nothing has changed since.
sr-no-campaign = There is no such campaign: it may have been deleted. Open /survey again.
