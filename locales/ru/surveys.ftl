## Monitoring surveys: the questionnaires (questionnaires/survey_*.yaml), the invitation and
## its reminders, answering, and the curators' /survey.

qn-title-survey_mentee = Опрос наставляемого
qn-title-survey_mentor = Опрос наставника

sv-mentee-comfort = Насколько вам комфортно общаться с наставником?
sv-mentee-comfort-min = совсем некомфортно
sv-mentee-comfort-max = очень комфортно
sv-mentee-usefulness = Насколько полезны для вас встречи с наставником?
sv-mentee-usefulness-min = совсем бесполезны
sv-mentee-usefulness-max = очень полезны
sv-mentee-support = Чувствуете ли вы поддержку наставника?
sv-mentee-support-min = совсем не чувствую
sv-mentee-support-max = чувствую всегда
sv-mentee-progress = Насколько вы продвинулись в том, ради чего пришли к наставнику?
sv-mentee-progress-min = пока никак
sv-mentee-progress-max = цель достигнута
sv-mentee-best = Что в работе с наставником было самым полезным?
sv-mentee-improve = Что стоит изменить или улучшить?

sv-mentor-comfort = Насколько вам комфортно работать с наставляемым?
sv-mentor-comfort-min = совсем некомфортно
sv-mentor-comfort-max = очень комфортно
sv-mentor-usefulness = Насколько, по-вашему, встречи полезны наставляемому?
sv-mentor-usefulness-min = совсем бесполезны
sv-mentor-usefulness-max = очень полезны
sv-mentor-support = Чувствуете ли вы поддержку куратора и школы?
sv-mentor-support-min = совсем не чувствую
sv-mentor-support-max = чувствую всегда
sv-mentor-progress = Насколько наставляемый продвинулся к своей цели? Если их несколько, оцените в среднем.
sv-mentor-progress-min = пока никак
sv-mentor-progress-max = цель достигнута
sv-mentor-best = Что в вашей работе получилось лучше всего?
sv-mentor-improve = Что стоит изменить в программе?

# Short names of the questions, for the summary and its edit buttons.
qs-sv-mentee-comfort = Комфорт
qs-sv-mentee-usefulness = Польза
qs-sv-mentee-support = Поддержка
qs-sv-mentee-progress = Продвижение
qs-sv-mentee-best = Самое полезное
qs-sv-mentee-improve = Что улучшить
qs-sv-mentor-comfort = Комфорт
qs-sv-mentor-usefulness = Польза
qs-sv-mentor-support = Поддержка
qs-sv-mentor-progress = Продвижение
qs-sv-mentor-best = Что получилось
qs-sv-mentor-improve = Что изменить

## The invitation, its reminders, answering
sv-invite = 📝 <b>{ $title }</b>

    Как у вас идут дела в программе наставничества? Ответьте, пожалуйста, на шесть коротких вопросов — это займёт 2–3 минуты и поможет сделать программу лучше.

    Ответить можно до { $due } включительно.
sv-invite-pair-final = 🎓 Ваша работа в паре завершилась — спасибо за неё!

    Ответьте, пожалуйста, на шесть коротких вопросов о том, как всё прошло: это займёт 2–3 минуты и поможет сделать программу лучше.

    Ответить можно до { $due } включительно.
sv-invite-pair-final-again = 🎓 Ваша работа в паре завершилась — спасибо за неё!

    Итоговый опрос о работе в паре всё ещё ждёт ваших ответов. Ответьте на него один раз — обо всём, что было в ваших парах. Срок продлён: ответить можно до { $due } включительно.
sv-nudge = 📝 Напоминаем про опрос о программе наставничества: он всё ещё ждёт ваших ответов. Это всего 2–3 минуты.

    Ответить можно до { $due } включительно.
btn-sv-answer = 📝 Пройти опрос
sv-thanks = 🙏 Спасибо! Ваши ответы сохранены — они помогут сделать программу лучше.
sv-refused-answered = Вы уже ответили — спасибо!
sv-refused-closed = Этот опрос уже закрыт, ответы больше не принимаются (срок был до { $due } включительно). Спасибо, что хотели ответить!
sv-refused-not_invited = Этот опрос вам недоступен.
sv-refused-consent = Текст согласия на обработку персональных данных обновился. Чтобы ответить на опрос, подтвердите согласие ещё раз: нажмите /start.
btn-home-survey = 📝 Опрос: ответить до { $due }

## /survey: the campaigns
sv-kind-interim = Промежуточный опрос
sv-kind-final = Итоговый опрос
sv-kind-pair_final = Опрос завершивших работу пар
sv-kind-adhoc = Внеплановый опрос
sv-kind-short-interim = Промежуточный
sv-kind-short-final = Итоговый
sv-kind-short-pair_final = Итоги пар
sv-kind-short-adhoc = Внеплановый
sv-status-planned = запланирован
sv-status-open = идёт
sv-status-closed = завершён
sv-status-cancelled = отменён
sv-icon-planned = 🕓
sv-icon-open = 🟢
sv-icon-closed = ✅
sv-icon-cancelled = ✖️
sv-role-mentor = наставники
sv-role-mentee = наставляемые
sv-audience-active_pairs = участники активных пар
sv-audience-everyone = все участники
sv-audience-mentors = наставники
sv-audience-mentees = наставляемые

sv-list-title = <b>📊 Мониторинг</b>
sv-list-empty = В этом и прошлом учебном году опросов не было.
sv-list-more = …и ещё { $n ->
        [one] { $n } опрос
        [few] { $n } опроса
        [many] { $n } опросов
       *[other] { $n } опроса
    }.
sv-list-hint = Нажмите на опрос, чтобы открыть его, или запустите новый.
sv-line = <b>{ $title }</b> · { $status }
sv-dates = { $opens } — { $due }
sv-line-planned = Приглашения ещё не отправлены.
sv-line-nobody = Приглашений нет: спрашивать было некого.
sv-role-line = { $role }: { $answered ->
        [one] ответил
       *[other] ответили
    } { $answered } из { $invited } ({ $percent } %)

sv-card-title = <b>{ $title } · { $year }</b>
sv-card-status = Статус: { $status }
sv-card-dates = 🗓 Ответы принимаются с { $opens } по { $due } включительно.
sv-card-pair-final = 🗓 Каждая пара отвечает в течение двух недель после завершения; последний срок сейчас — { $due }.
sv-card-audience = 👥 Кого спрашиваем: { $audience }
sv-card-planned = Приглашения уйдут { $opens } в 10:00.
sv-card-total = <b>Всего: { $answered ->
        [one] ответил
       *[other] ответили
    } { $answered } из { $invited } ({ $percent } %)</b>
sv-close-ask = Закрыть опрос досрочно? После этого ответы приниматься не будут.
btn-sv-results = 📊 Результаты
btn-sv-dates = 🗓 Изменить сроки
btn-sv-open-now = 🚀 Открыть сейчас
btn-sv-close = ⛔ Закрыть
btn-sv-close-yes = Да, закрыть
btn-sv-close-no = Нет, оставить
btn-sv-list = ◀️ К списку
btn-sv-new = ➕ Опрос сейчас

sv-opened-now = 🚀 Опрос открыт: { $n ->
        [0] приглашать пока некого.
        [one] приглашение получит { $n } человек.
        [few] приглашение получат { $n } человека.
        [many] приглашение получат { $n } человек.
       *[other] приглашение получат { $n } человека.
    }
sv-closed-done = ⛔ Опрос закрыт: ответы больше не принимаются.
sv-dates-changed = ✅ Сроки изменены.

## New dates
sv-ask-opens = <b>{ $title }</b>: с какого дня принимать ответы? Сейчас — с { $opens }.

    Выберите день в календаре или напишите дату, например 01.12.
sv-ask-due = <b>{ $title }</b>: до какого дня принимать ответы (включительно)? Сейчас — до { $due }.

    Выберите день в календаре или напишите дату, например 20.12.
sv-bad-date = Не понял дату. Напишите её так: 20.12 или «20 декабря».
sv-date-opens_passed = Этот день уже прошёл: опрос может открыться не раньше сегодняшнего дня.
sv-date-due_passed = Этот день уже прошёл: выберите сегодняшний или более поздний.
sv-date-due_before_opens = Срок не может быть раньше дня, когда опрос открывается ({ $opens }).
sv-date-too_long = Слишком долго: опрос может идти не больше трёх месяцев.
sv-date-too_late = Приглашения уже не успеют прийти до конца этого дня (ночью они не отправляются): выберите день позже.
sv-open-now-too_late = Сейчас открыть опрос нельзя: приглашения не успеют прийти до конца срока. Сначала перенесите срок — «🗓 Изменить сроки».
sv-open-now-too_long = Сейчас открыть опрос нельзя: до срока больше трёх месяцев, а опрос может идти не дольше. Сначала измените сроки — «🗓 Изменить сроки».

## A survey now
sv-new-audience = <b>➕ Опрос сейчас</b>

    Кого спросить? Наставники и наставляемые получат каждый свою анкету: четыре оценки от 1 до 10 и два открытых вопроса.
btn-sv-audience-active_pairs = 👥 Участников активных пар
btn-sv-audience-everyone = Всех участников
btn-sv-audience-mentors = Только наставников
btn-sv-audience-mentees = Только наставляемых
sv-new-due = До какого дня принимать ответы (включительно)? Обычно даём две недели — до { $due }.

    Нажмите кнопку, выберите другой день в календаре или напишите дату.
btn-sv-due-default = ✅ До { $due }
sv-new-confirm = <b>Проверьте опрос</b>

    👥 Кого спрашиваем: { $audience }
    📨 { $n ->
        [0] Приглашать некого: в этой группе сейчас никого нет. Вернитесь и выберите другую.
        [one] Приглашение получит { $n } человек.
        [few] Приглашение получат { $n } человека.
        [many] Приглашение получат { $n } человек.
       *[other] Приглашение получат { $n } человека.
    }
    🗓 Ответы принимаются до { $due } включительно.
btn-sv-start = ✅ Запустить
sv-started = 🚀 Опрос запущен: { $n ->
        [one] приглашение получит { $n } человек.
        [few] приглашение получат { $n } человека.
        [many] приглашение получат { $n } человек.
       *[other] приглашение получат { $n } человека.
    }

## What came of a curator's action that changed nothing
sv-done-already = Этот опрос уже запущен.
sv-done-not_allowed = Это действие доступно только кураторам программы.
sv-done-gone = Такого опроса нет.
sv-done-not_now = Опрос уже изменился, пока вы смотрели. Вот он сейчас.
sv-done-bad_dates = Эти сроки не подходят.
sv-done-nobody = Приглашать некого: в этой группе сейчас никого нет.
sv-done-done = Готово.
