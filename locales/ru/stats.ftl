## /stats: the programme at a glance and the roadmap's KPIs (curators)
cmd-stats = Статистика программы и показатели дорожной карты
stats-title = <b>📊 Программа наставничества</b> на { $date }
stats-participants = 👥 <b>{ $count ->
        [one] { $count } участник
        [few] { $count } участника
        [many] { $count } участников
       *[other] { $count } участника
    }</b>
stats-role-mentor = 🧑‍🏫 Наставники — { $count }: { $categories }
stats-role-mentee = 🙋 Наставляемые — { $count }: { $categories }
stats-role-none = пока нет
stats-category = { $name } — { $count }
stats-cat-mentor-senior_student = старшеклассники
stats-cat-mentor-teacher = педагоги
stats-cat-mentor-graduate = выпускники
stats-cat-mentor-parent = родители
stats-cat-mentor-employer = работодатели и партнёры
stats-cat-mentor-college_student = студенты
stats-cat-mentee-student = ученики
stats-cat-mentee-teacher = педагоги и молодые специалисты
stats-consents = 📝 <b>Согласия</b> действуют у { $in_force } из { $started }: дали сами — { $self }, родители — { $parent }, на бумаге — { $paper }
stats-consents-waiting = ⏳ Ждут согласия родителя: { $count ->
        [one] { $count } ребёнок
        [few] { $count } ребёнка
        [many] { $count } детей
       *[other] { $count } ребёнка
    }
stats-consents-lapsed = ⚠️ Согласие не действует, нужно дать заново: { $count ->
        [one] { $count } участник
        [few] { $count } участника
        [many] { $count } участников
       *[other] { $count } участника
    }
stats-pairs = 🤝 <b>{ $count ->
        [one] { $count } пара
        [few] { $count } пары
        [many] { $count } пар
       *[other] { $count } пары
    }</b>: ждут соглашения — { $waiting }, работают — { $active }, завершены — { $completed }, прекращены досрочно — { $ended }
stats-pairs-none = 🤝 Пар пока нет
stats-pairs-form = • { $form } — { $count }
stats-meetings = 🗓 <b>Встречи</b>: проведено — { $held }, назначено впереди — { $planned }
stats-plans = 📋 <b>Планы</b>: выполнено { $done } из { $tasks ->
        [one] { $tasks } задачи
       *[other] { $tasks } задач
    } ({ $percent } %) { $pairs ->
        [one] в { $pairs } паре
       *[other] в { $pairs } парах
    }
stats-plans-none = 📋 Планов с задачами пока нет
stats-satisfaction = ⭐ <b>Удовлетворённость</b> (опросы { $year } учебного года, от 1 до 10):
stats-satisfaction-none = ⭐ Удовлетворённость: ответов на опросы { $year } учебного года пока нет
stats-satisfaction-line = • { $role ->
        [mentor] наставники
       *[mentee] наставляемые
    } — { $mean } ({ $people ->
        [one] { $people } человек
        [few] { $people } человека
        [many] { $people } человек
       *[other] { $people } человека
    })
stats-satisfaction-hidden = • { $role ->
        [mentor] наставники
       *[mentee] наставляемые
    } — меньше трёх ответивших, среднее не показываем
stats-kpi-title = 🎯 <b>Показатели дорожной карты</b>
stats-kpi-line = { $mark } { $name }: <b>{ $percent } %</b> (цель { $target }) — { $basis }
stats-kpi-students_covered = Охват учеников
stats-kpi-teachers_covered = Охват педагогов
stats-kpi-consents = Согласия
stats-kpi-plans = Планы выполнены
stats-kpi-final_meetings = Итоговые встречи
stats-kpi-target-students_covered = ≥ 10 %
stats-kpi-target-teachers_covered = ≥ 10 %
stats-kpi-target-consents = 100 %
stats-kpi-target-plans = ≥ 90 %
stats-kpi-target-final_meetings = ≥ 90 %
stats-kpi-basis-students_covered = { $n } из { $d ->
        [one] { $d } ученика
       *[other] { $d } учеников
    }
stats-kpi-basis-teachers_covered = { $n } из { $d ->
        [one] { $d } педагога
       *[other] { $d } педагогов
    }
stats-kpi-basis-consents = { $n } из { $d ->
        [one] { $d } участника
       *[other] { $d } участников
    }
stats-kpi-basis-plans = { $n } из { $d ->
        [one] { $d } задачи
       *[other] { $d } задач
    }
stats-kpi-basis-final_meetings = { $n } из { $d ->
        [one] { $d } пары
       *[other] { $d } пар
    }
stats-kpi-unset-students_covered = ⚪ Охват учеников: не посчитан — укажите, сколько учеников в школе: «🏫 Численность школы»
stats-kpi-unset-teachers_covered = ⚪ Охват педагогов: не посчитан — укажите, сколько педагогов в школе: «🏫 Численность школы»
stats-kpi-empty-consents = ⚪ Согласия: не посчитаны — участников пока нет
stats-kpi-empty-plans = ⚪ Планы: не посчитаны — в планах пар пока нет задач
stats-kpi-empty-final_meetings = ⚪ Итоговые встречи: не посчитаны — ни одна пара ещё не дошла до конца срока
stats-notice-saved = ✅ Численность школы сохранена.
btn-stats-charts = 📈 Диаграммы
btn-stats-school = 🏫 Численность школы
btn-stats-keep = Оставить { $current }
stats-ask-students =
    🏫 <b>Численность школы</b> (1 из 2)

    Сколько всего учеников в школе? Напишите число, например: 850.
    { $current ->
        [none] Пока не указано.
       *[other] Сейчас указано: { $current }.
    }

    От этого числа считается охват: в программе должно быть не меньше 10 % учеников школы.
stats-ask-teachers =
    🏫 <b>Численность школы</b> (2 из 2)

    Сколько в школе педагогов, вместе с молодыми специалистами? Напишите число, например: 60.
    { $current ->
        [none] Пока не указано.
       *[other] Сейчас указано: { $current }.
    }

    От этого числа считается охват: в программе должно быть не меньше 10 % педагогов школы.
stats-bad-students = Не получилось прочитать число. Напишите, сколько учеников в школе, цифрами — от 1 до { $max }, например: 850.
stats-bad-teachers = Не получилось прочитать число. Напишите, сколько педагогов в школе, цифрами — от 1 до { $max }, например: 60.
stats-few-students = Столько быть не может: в программе уже { $count ->
        [one] { $count } ученик
        [few] { $count } ученика
        [many] { $count } учеников
       *[other] { $count } ученика
    } школы. Напишите, сколько всего учеников в школе, — не меньше { $count }.
stats-few-teachers = Столько быть не может: в программе уже { $count ->
        [one] { $count } педагог
        [few] { $count } педагога
        [many] { $count } педагогов
       *[other] { $count } педагога
    } школы. Напишите, сколько всего педагогов в школе, — не меньше { $count }.
stats-chart-participants = Участники по ролям и категориям
stats-chart-kpis = Показатели дорожной карты
stats-chart-target = цель
stats-chart-empty = Участников пока нет
stats-chart-not-counted = не посчитан
stats-chart-role-mentor = наставники
stats-chart-role-mentee = наставляемые
stats-chart-kpi-shown = { $percent } % · { $n } из { $d }
stats-caption-participants = 👥 Участники по ролям и категориям на { $date }
stats-caption-kpis = 🎯 Показатели дорожной карты: зелёный — цель достигнута, оранжевый — ещё нет; серая черта — цель.
stats-charts-sent = Диаграммы уже отправлены — они выше, и с тех пор ничего не изменилось.
