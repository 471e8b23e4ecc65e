## /meetings: the lists, one meeting, a new meeting, a move, a proposal

cmd-meetings = Встречи: ближайшие, прошедшие, новая встреча
btn-meetings = 📅 Встречи

meetings-title = 📅 <b>Ближайшие встречи</b>
meetings-past-title = 🕘 <b>Прошедшие встречи</b>
meetings-none-ahead = Впереди встреч пока нет.
meetings-none-ahead-mentor = Впереди встреч пока нет. Назначьте встречу — это займёт минуту.
meetings-none-past = Прошедших встреч пока нет.
meetings-line = 🗓 <b>{ $when }</b> — { $kind }{ $status }
    { $who }{ $answers }
meetings-with = 👤 { $name }
meetings-with-group = 👥 Группа: { $n ->
        [one] { $n } участник
        [few] { $n } участника
        [many] { $n } участников
       *[other] { $n } участника
    }
meetings-with-mentor = 👤 Наставник: { $name }
meetings-coming = { " · " }придут { $coming } из { $n }
meetings-my-answer-yes = { " · " }вы придёте
meetings-my-answer-no = { " · " }вы не сможете
meetings-my-answer-none = { " · " }ждём вашего ответа
meetings-status-planned = запланирована
meetings-status-held = ✅ состоялась
meetings-status-not_held = ❌ не состоялась
meetings-status-cancelled = 🚫 отменена

btn-meeting-new = ➕ Назначить встречу
btn-meeting-propose = 💡 Предложить время
btn-meetings-past = 🕘 Прошедшие
btn-meetings-ahead = 📅 Ближайшие
btn-meetings-list = ⬅️ К списку встреч

meeting-card = <b>{ $kind }</b>
    🕒 { $when }
    { $online ->
        [yes] 💻 Онлайн: { $where }
       *[no] 📍 { $where }
    }{ $agenda_shown ->
        [yes] {"\u000A"}📝 { $agenda }
       *[no] {""}
    }
meeting-card-answers = {"\u000A"}<b>Ответы:</b>
meeting-card-invitee-yes = ✅ { $name } — придёт
meeting-card-invitee-no = 🚫 { $name } — не сможет{ $reason_shown ->
        [yes] : { $reason }
       *[no] {""}
    }
meeting-card-invitee-none = ❔ { $name } — ответа пока нет
meeting-card-more = …и ещё { $n ->
        [one] { $n } ответ
        [few] { $n } ответа
        [many] { $n } ответов
       *[other] { $n } ответа
    }
meeting-cancel-confirm = {"\u000A"}<b>Отменить встречу?</b> { $n ->
        [0] Мы сообщим об этом.
        [one] Мы сообщим { $n } приглашённому.
       *[other] Мы сообщим всем приглашённым ({ $n }).
    }
btn-meeting-move = 🔁 Перенести
btn-meeting-cancel = ❌ Отменить
btn-meeting-cancel-yes = Да, отменить
btn-meeting-cancel-no = Нет, оставить
meeting-cancelled-done = Встреча отменена, все приглашённые узнают об этом.

meeting-ask-reason = Почему не получится? Напишите пару слов — наставник их увидит. Или нажмите «Без причины».
btn-meeting-no-reason = Без причины
meeting-reason-hint = Напишите причину словами или нажмите «Без причины».

meeting-ask-pair = С кем встреча?
btn-meeting-group = 👥 Со всей группой
meeting-whom-group = вся группа
meeting-none-to-set = Сейчас не с кем назначить встречу: у вас нет работающей пары.
meeting-ask-kind = Какая это встреча?
meeting-ask-date = В какой день? Выберите в календаре или напишите, например: <code>25.12</code> или <code>завтра в 15:30</code>.
meeting-date-not-offered = Этот день выбрать нельзя: он уже прошёл или слишком далеко.
meeting-bad-date = Не получилось понять дату. Напишите, например, <code>25.12.2026</code> или <code>в пятницу</code>.
meeting-ask-time = Во сколько, { $day }? Выберите время или напишите, например, <code>15:30</code>.
meeting-bad-time = Не получилось понять время. Напишите часы и минуты, например, <code>15:30</code>.
meeting-ask-where = Где пройдёт встреча?
btn-meeting-in-person = 📍 Очно
btn-meeting-online = 💻 Онлайн
meeting-ask-place = Напишите, где встречаетесь: например, «кабинет 214» или «библиотека».
meeting-place-hint = Напишите место встречи словами: например, «кабинет 214».
meeting-ask-link = Пришлите ссылку на встречу (Zoom, Телемост, Сферум…), целиком, начиная с https://
meeting-ask-agenda = О чём поговорите? Напишите повестку или нажмите «Без повестки».
meeting-agenda-hint = Напишите повестку словами или нажмите «Без повестки».
btn-meeting-no-agenda = Без повестки
meeting-summary = <b>Проверьте встречу</b>
    { $kind }, { $whom }
    🕒 { $when }
    { $online ->
        [yes] 💻 Онлайн: { $where }
       *[no] 📍 { $where }
    }{ $agenda_shown ->
        [yes] {"\u000A"}📝 { $agenda }
       *[no] {""}
    }
btn-meeting-create = ✅ Создать
btn-meeting-flow-cancel = Отмена
meeting-created = ✅ Встреча назначена. Приглашения отправлены, напоминания придут заранее.

meeting-move-summary = Перенести «{ $kind }»?
    Было: { $was }
    Станет: <b>{ $when }</b>

    Все приглашённые узнают и ответят заново.
btn-meeting-move-confirm = 🔁 Перенести
meeting-moved-done = Встреча перенесена, все приглашённые узнают об этом.

proposal-ask-note = Хотите что-то добавить для наставника? Напишите или нажмите «Без комментария».
btn-proposal-no-note = Без комментария
proposal-note-hint = Напишите комментарий словами или нажмите «Без комментария».
proposal-summary = <b>Предложить встречу наставнику?</b>
    🕒 { $when }{ $note_shown ->
        [yes] {"\u000A"}💬 { $note }
       *[no] {""}
    }
btn-proposal-send = 📨 Отправить
proposal-sent = Предложение отправлено наставнику. Когда он ответит, вы получите сообщение.
proposal-to-mentor = 💡 { $who } предлагает встретиться: <b>{ $when }</b>{ $note_shown ->
        [yes] {"\u000A"}💬 { $note }
       *[no] {""}
    }
btn-proposal-accept = ✅ Принять
btn-proposal-decline = Отклонить
proposal-declined = Наставник ({ $mentor }) не сможет встретиться { $when }. Предложите другое время в разделе «Встречи» (/meetings).
proposal-declined-done = Предложение отклонено, мы сообщим об этом.
proposal-outcome-done = Готово.
proposal-outcome-already = Это уже сделано.
proposal-outcome-not_allowed = Это предложение не для вас.
proposal-outcome-paused = Пара на паузе: сначала снимите паузу в разделе «Моя пара» (/pair).
proposal-outcome-in_the_past = Это время уже прошло.
proposal-outcome-note_too_long = Слишком длинный комментарий: не больше 300 символов.
proposal-outcome-too_many = У вас уже три предложения ждут ответа наставника. Дождитесь ответа.
proposal-outcome-decided = На это предложение уже ответили.
proposal-outcome-gone = Такого предложения нет.
