## Networking events (curators)
cmd-event = Встречи-нетворкинги: создать, QR-код, отметки
btn-event-new = ➕ Новая встреча
btn-event-qr = 🔳 QR-код для экрана
btn-event-refresh = 🔄 Обновить
btn-event-close = 🔒 Завершить встречу
btn-event-close-yes = Да, завершить
btn-event-choices = 📋 Кто кого выбрал
btn-event-list = ⬅️ К списку встреч
events-title = <b>Встречи-нетворкинги</b>
events-empty = Встреч пока нет. Создайте первую: участники отметятся на ней по ссылке или QR-коду.
events-line = • { $title } — { $date } · отметились: { $count }{ $closed ->
    [yes] {" "}· завершена
   *[no] {""}
}
event-ask-title = Как назовём встречу? Например: «Нетворкинг наставников и наставляемых, 7 классы».
event-ask-date = Когда она начнётся? Напишите дату и время, например: <code>{ $example }</code> или <code>завтра в 15:00</code>.
event-date-example = { $day } в { $time }
event-ask-place = Где она пройдёт? Например: «Актовый зал» или «Кабинет 204».
event-bad-title = Название — от 3 до 150 знаков, текстом.
event-bad-date = Не понял дату. Напишите дату и время, например: <code>{ $example }</code>
event-date-no-time = Во сколько она начнётся? Напишите дату вместе со временем, например: <code>{ $example }</code>
event-date-past = Это время уже прошло. Напишите, когда встреча начнётся, например: <code>{ $example }</code>
event-bad-place = Место — от 2 до 150 знаков, текстом.
event-card =
    <b>{ $title }</b>
    🗓 { $date } · 📍 { $place }

    Отметились: { $count } (наставников: { $mentors }, наставляемых: { $mentees })
event-card-link =
    Ссылка для отметки: { $link }
    Покажите QR-код на экране или распечатайте его: участники наводят камеру и попадают в бот.
event-card-closed = 🔒 Встреча завершена. Участники выбирают друг друга до { $until }.
event-qr-caption =
    <b>{ $title }</b>
    🗓 { $date }
    📍 { $place }

    QR-код для отметки: распечатайте файл или покажите его на экране. Участники наводят камеру телефона на код и попадают в бот.
event-poster-hint = Наведите камеру телефона на код, чтобы отметиться на встрече
event-nothing-new = Новых отметок нет.
event-close-confirm =
    Завершить встречу «{ $title }»?

    После этого отметиться на ней будет нельзя. { $count ->
        [0] На встрече никто не отметился, поэтому приглашений выбрать пару не будет.
        [one] Приглашение выбрать, с кем работать, получит { $count } участник (наставников: { $mentors }, наставляемых: { $mentees }).
        [few] Приглашение выбрать, с кем работать, получат { $count } участника (наставников: { $mentors }, наставляемых: { $mentees }).
        [many] Приглашение выбрать, с кем работать, получат { $count } участников (наставников: { $mentors }, наставляемых: { $mentees }).
       *[other] Приглашение выбрать, с кем работать, получат { $count } участника (наставников: { $mentors }, наставляемых: { $mentees }).
    }{ $count ->
        [0] {""}
       *[other] {" "}Наставляемые выберут до трёх наставников, наставники отметят наставляемых. Выбор открыт до { $until }.
    }
event-closed-done = { $count ->
        [0] Встреча завершена. На ней никто не отметился, поэтому приглашений нет.
        [one] Встреча завершена: { $count } участник приглашён выбрать пару.
        [few] Встреча завершена: { $count } участника приглашены выбрать пару.
        [many] Встреча завершена: { $count } участников приглашены выбрать пару.
       *[other] Встреча завершена: { $count } участника приглашены выбрать пару.
    }
event-already-closed = Встреча уже завершена.
event-unknown = Такой встречи нет.
event-choices-title = <b>Кто кого выбрал: { $title }</b>
event-choices-empty = Пока никто не выбрал.
event-choices-line = { $name } ({ $role }) → { $chosen }
event-choices-mutual = взаимно
event-choices-none = —

## Checking in by the link
checkin-done = ✅ Вы отмечены на встрече «{ $title }». Спасибо, что пришли!
checkin-already = Вы уже отмечены на встрече «{ $title }».
checkin-pending = Чтобы отметиться на встрече «{ $title }», сначала расскажите немного о себе — это займёт пару минут. Как только анкета будет готова, я вас отмечу.
checkin-closed = Встреча «{ $title }» уже завершилась: отметиться на ней нельзя.
checkin-unknown = Эта ссылка для отметки не работает. Попросите куратора показать QR-код ещё раз.
checkin-after-onboarding = ✅ И вы отмечены на встрече «{ $title }».

## Choices after an event
choices-open = 👉 Выбрать
choices-invite-mentee = Спасибо, что пришли на встречу «{ $title }»! Выберите до трёх наставников, с которыми хотели бы работать, — по порядку: первый — самый желанный. Выбор можно менять до { $until }.
choices-invite-mentor = Спасибо, что пришли на встречу «{ $title }»! Отметьте наставляемых, с которыми вы хотели бы работать. Выбор можно менять до { $until }.
choices-reminder = ⏳ До { $until } ещё можно выбрать, с кем вы хотели бы работать после встречи «{ $title }». Куратор учтёт ваш выбор, когда будет составлять пары.
choices-header-mentee = <b>{ $title }</b>: выберите до трёх наставников по порядку (до { $until }).
choices-header-mentor = <b>{ $title }</b>: отметьте наставляемых, с которыми хотели бы работать (до { $until }).
choices-card = <b>{ $number }. { $name }</b> — { $category }{ $topics }{ $format }{ $places }{ $about }
choices-places = { $count ->
    [one] { $count } место
    [few] { $count } места
    [many] { $count } мест
   *[other] { $count } места
}
choices-picked = Ваш выбор: { $picked }
choices-picked-none = Вы пока никого не выбрали.
choices-nobody = На встрече не было подходящих вам участников. Куратор подберёт пару из общего списка.
choices-saved = ✅ Выбор сохранён. Его можно изменить до { $until }.
choices-already-saved = Этот выбор уже сохранён.
choices-too-many-mentee = Можно выбрать не больше { $limit ->
        [one] { $limit } наставника
       *[other] { $limit } наставников
    }. Чтобы выбрать другого, сначала снимите отметку с кого-нибудь.
choices-too-many-mentor = Можно отметить не больше { $limit ->
        [one] { $limit } наставляемого
       *[other] { $limit } наставляемых
    }. Чтобы отметить другого, сначала снимите отметку с кого-нибудь.
btn-choices-save = 💾 Сохранить выбор
btn-choices-done = Готово
choices-problem-unknown = Такой встречи нет.
choices-problem-not_yet = Выбирать можно после того, как куратор завершит встречу.
choices-problem-over = Время выбора после этой встречи закончилось. Если хотите что-то изменить, напишите куратору.
choices-problem-not_there = Выбирать могут те, кто отметился на встрече.
choices-problem-not_offered = Выбрать можно только участников этой встречи из списка.
choices-problem-too_many = Столько выбрать нельзя.
btn-choices = 🤝 Выбор после встречи
btn-event-match = 🤝 Подобрать пары по этой встрече
btn-event-attendees = 👥 Кто пришёл
event-attendees-title = <b>Отметились: { $count }</b>
event-attendee = { $number }. { $name } — { $role }, { $category }
