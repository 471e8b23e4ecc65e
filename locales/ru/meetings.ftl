## Meetings: kinds, invitations, moves, cancellations, answers and reminders

meeting-kind-intro = Знакомство
meeting-kind-trial = Пробная встреча
meeting-kind-planning = Планирование
meeting-kind-work = Рабочая встреча
meeting-kind-final = Итоговая встреча

meeting-where = { $online ->
        [yes] 💻 Онлайн: { $where }
       *[no] 📍 { $where }
    }
meeting-invite = 📅 { $mentor } приглашает вас на встречу.
    <b>{ $meeting }</b>
    🕒 { $when }
    { $online ->
        [yes] 💻 Онлайн: { $where }
       *[no] 📍 { $where }
    }{ $agenda_shown ->
        [yes] {"\u000A"}📝 { $agenda }
       *[no] {""}
    }

    Сможете прийти?
meeting-invite-parent = 📅 Вашего ребёнка ({ $child }) пригласили на встречу. Наставник: { $mentor }.
    <b>{ $meeting }</b>
    🕒 { $when }
    { $online ->
        [yes] 💻 Онлайн: { $where }
       *[no] 📍 { $where }
    }
meeting-moved = 🔁 Встреча «{ $meeting }» перенесена. Наставник: { $mentor }.
    Было: { $was }
    Стало: <b>{ $when }</b>
    { $online ->
        [yes] 💻 Онлайн: { $where }
       *[no] 📍 { $where }
    }

    Сможете прийти в новое время?
meeting-moved-parent = 🔁 Встреча вашего ребёнка ({ $child }) перенесена: «{ $meeting }» теперь { $when } (было { $was }).
meeting-cancelled = ❌ Встреча «{ $meeting }» ({ $when }) отменена. Наставник: { $mentor }.
meeting-cancelled-parent = ❌ Встреча вашего ребёнка ({ $child }) «{ $meeting }» ({ $when }) отменена.
meeting-answered-no = { $who } не сможет прийти на встречу «{ $meeting }» { $when }.{ $reason_shown ->
        [yes] {" "}Причина: { $reason }
       *[no] {""}
    }
meeting-reminder = ⏰ { $unit ->
        [h] { $hours ->
            [1] Через час
            [one] Через { $hours } час
            [few] Через { $hours } часа
            [many] Через { $hours } часов
           *[other] Через { $hours } часа
        }
       *[m] { $minutes ->
            [one] Через { $minutes } минуту
            [few] Через { $minutes } минуты
            [many] Через { $minutes } минут
           *[other] Через { $minutes } минуты
        }
    } — встреча «{ $meeting }»{ $group ->
        [yes] {" "}с группой
       *[no] {" "}({ $who })
    }.
    🕒 { $when }
    { $online ->
        [yes] 💻 Онлайн: { $where }
       *[no] 📍 { $where }
    }

btn-meeting-yes = ✅ Приду
btn-meeting-no = 🚫 Не смогу

## What a meeting's action came to (an alert or a line on the screen)
meeting-outcome-done = Готово.
meeting-outcome-already = Это уже сделано.
meeting-outcome-not_allowed = Это может сделать только наставник пары.
meeting-outcome-not_invited = Эта встреча не для вас.
meeting-outcome-pair_ended = Эта пара уже не работает: встречу назначить нельзя.
meeting-outcome-paused = Пара на паузе. Снимите паузу в разделе «Моя пара» (/pair), чтобы назначить встречу.
meeting-outcome-no_pairs = У вас пока нет работающих пар, чтобы собрать группу.
meeting-outcome-in_the_past = Это время уже прошло. Выберите время впереди.
meeting-outcome-no_place = Укажите место встречи или ссылку — что-то одно.
meeting-outcome-place_too_long = Слишком длинное место: не больше 200 символов.
meeting-outcome-bad_link = Это не похоже на ссылку. Пришлите ссылку целиком, начиная с https://
meeting-outcome-agenda_too_long = Слишком длинная повестка: не больше 1000 символов.
meeting-outcome-reason_too_long = Слишком длинная причина: не больше 300 символов.
meeting-outcome-stale = Встречу уже перенесли, пока вы выбирали время. Посмотрите, когда она теперь.
meeting-outcome-not_planned = Эта встреча уже отменена или прошла.
meeting-outcome-started = Встреча уже началась — ответить на приглашение уже нельзя.
meeting-outcome-moved = Встречу перенесли: ответьте на новое приглашение — с новым временем.
meeting-outcome-gone = Такой встречи нет.
meeting-answer-yes = Отлично, ждём вас!
meeting-answer-no = Хорошо, мы передадим наставнику.
