## /stats: the programme at a glance and the roadmap's KPIs (curators)
cmd-stats = Programme statistics and the roadmap's KPIs
stats-title = <b>📊 Mentoring programme</b> as of { $date }
stats-participants = 👥 <b>{ $count ->
        [one] { $count } participant
       *[other] { $count } participants
    }</b>
stats-role-mentor = 🧑‍🏫 Mentors — { $count }: { $categories }
stats-role-mentee = 🙋 Mentees — { $count }: { $categories }
stats-role-none = none yet
stats-category = { $name } — { $count }
stats-cat-mentor-senior_student = senior students
stats-cat-mentor-teacher = teachers
stats-cat-mentor-graduate = graduates
stats-cat-mentor-parent = parents
stats-cat-mentor-employer = employers and partners
stats-cat-mentor-college_student = college students
stats-cat-mentee-student = students
stats-cat-mentee-teacher = teachers and young specialists
stats-consents = 📝 <b>Consents</b> in force for { $in_force } of { $started }: given by themselves — { $self }, by parents — { $parent }, on paper — { $paper }
stats-consents-waiting = ⏳ Waiting for a parent's consent: { $count ->
        [one] { $count } child
       *[other] { $count } children
    }
stats-consents-lapsed = ⚠️ Consent not in force, to be given again: { $count ->
        [one] { $count } participant
       *[other] { $count } participants
    }
stats-pairs = 🤝 <b>{ $count ->
        [one] { $count } pair
       *[other] { $count } pairs
    }</b>: waiting for the agreement — { $waiting }, working — { $active }, completed — { $completed }, ended early — { $ended }
stats-pairs-none = 🤝 No pairs yet
stats-pairs-form = • { $form } — { $count }
stats-meetings = 🗓 <b>Meetings</b>: held — { $held }, planned ahead — { $planned }
stats-plans = 📋 <b>Plans</b>: { $done } of { $tasks ->
        [one] { $tasks } task
       *[other] { $tasks } tasks
    } done ({ $percent } %) in { $pairs ->
        [one] { $pairs } pair
       *[other] { $pairs } pairs
    }
stats-plans-none = 📋 No plans with tasks yet
stats-satisfaction = ⭐ <b>Satisfaction</b> (surveys of the { $year } school year, 1 to 10):
stats-satisfaction-none = ⭐ Satisfaction: no survey answers in the { $year } school year yet
stats-satisfaction-line = • { $role ->
        [mentor] mentors
       *[mentee] mentees
    } — { $mean } ({ $people ->
        [one] { $people } person
       *[other] { $people } people
    })
stats-satisfaction-hidden = • { $role ->
        [mentor] mentors
       *[mentee] mentees
    } — fewer than three have answered, so no mean is shown
stats-kpi-title = 🎯 <b>The roadmap's KPIs</b>
stats-kpi-line = { $mark } { $name }: <b>{ $percent } %</b> (target { $target }) — { $basis }
stats-kpi-students_covered = Students covered
stats-kpi-teachers_covered = Teachers covered
stats-kpi-consents = Consents
stats-kpi-plans = Plans done
stats-kpi-final_meetings = Final meetings
stats-kpi-target-students_covered = ≥ 10 %
stats-kpi-target-teachers_covered = ≥ 10 %
stats-kpi-target-consents = 100 %
stats-kpi-target-plans = ≥ 90 %
stats-kpi-target-final_meetings = ≥ 90 %
stats-kpi-basis-students_covered = { $n } of { $d ->
        [one] { $d } student
       *[other] { $d } students
    }
stats-kpi-basis-teachers_covered = { $n } of { $d ->
        [one] { $d } teacher
       *[other] { $d } teachers
    }
stats-kpi-basis-consents = { $n } of { $d ->
        [one] { $d } participant
       *[other] { $d } participants
    }
stats-kpi-basis-plans = { $n } of { $d ->
        [one] { $d } task
       *[other] { $d } tasks
    }
stats-kpi-basis-final_meetings = { $n } of { $d ->
        [one] { $d } pair
       *[other] { $d } pairs
    }
stats-kpi-unset-students_covered = ⚪ Students covered: not counted — set the school's number of students: «🏫 School size»
stats-kpi-unset-teachers_covered = ⚪ Teachers covered: not counted — set the school's number of teachers: «🏫 School size»
stats-kpi-empty-consents = ⚪ Consents: not counted — no participants yet
stats-kpi-empty-plans = ⚪ Plans: not counted — the pairs' plans have no tasks yet
stats-kpi-empty-final_meetings = ⚪ Final meetings: not counted — no pair has reached the end of its term yet
stats-notice-saved = ✅ The school's size is saved.
btn-stats-charts = 📈 Charts
btn-stats-school = 🏫 School size
btn-stats-keep = Keep { $current }
stats-ask-students =
    🏫 <b>School size</b> (1 of 2)

    How many students are there in the school? Type a number, for example: 850.
    { $current ->
        [none] Not set yet.
       *[other] Set now: { $current }.
    }

    Coverage is counted against it: the programme should cover at least 10 % of the school's students.
stats-ask-teachers =
    🏫 <b>School size</b> (2 of 2)

    How many teachers are there in the school, young specialists included? Type a number, for example: 60.
    { $current ->
        [none] Not set yet.
       *[other] Set now: { $current }.
    }

    Coverage is counted against it: the programme should cover at least 10 % of the school's teachers.
stats-bad-students = That is not a number I can read. Type how many students the school has, in digits — from 1 to { $max }, for example: 850.
stats-bad-teachers = That is not a number I can read. Type how many teachers the school has, in digits — from 1 to { $max }, for example: 60.
stats-few-students = That cannot be: the programme already has { $count } of the school's students. Type how many students the school has in all — { $count } or more.
stats-few-teachers = That cannot be: the programme already has { $count } of the school's teachers. Type how many teachers the school has in all — { $count } or more.
stats-chart-participants = Participants by role and category
stats-chart-kpis = The roadmap's KPIs
stats-chart-target = target
stats-chart-empty = No participants yet
stats-chart-not-counted = not counted
stats-chart-role-mentor = mentors
stats-chart-role-mentee = mentees
stats-chart-kpi-shown = { $percent } % · { $n } of { $d }
stats-caption-participants = 👥 Participants by role and category as of { $date }
stats-caption-kpis = 🎯 The roadmap's KPIs: green — target reached, orange — not yet; the grey line is the target.
stats-charts-sent = The charts have been sent already — they are above, and nothing has changed since.
