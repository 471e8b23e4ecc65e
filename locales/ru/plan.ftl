## The individual plan (/plan): tasks, the share done, proposals, notices and the weekly digest

cmd-plan = Индивидуальный план: задачи и сроки
btn-plan = 📋 План

plan-pick = 📋 Чей план открыть?
plan-none = 📋 Плана пока нет: он появится, когда у вас будет пара и соглашение вступит в силу.
plan-of-tail = {" · "}{ $done } из { $total }
plan-title-mentor = 📋 <b>План наставляемого: { $partner }</b>
plan-title-mentee = 📋 <b>Мой план</b> · наставник: { $partner }
plan-paused = ⏸ Пара на паузе: план можно вести, а еженедельная сводка подождёт.
plan-closed = 🔒 { $status ->
        [completed] Пара завершена
       *[other] Пара закрыта
    } — план можно только посмотреть.
plan-empty-mentor = В плане пока нет задач. Добавьте первую — кнопкой ниже.
plan-empty-mentee = В плане пока нет задач. Их добавит наставник, а вы можете предложить свою.
plan-empty-closed = В плане не было задач.
plan-share = Задачи: выполнено { $done } из { $total } ({ $percent } %)
    { $bar }
plan-line-open = { $n }. ⬜ { $title }{ $due_shown ->
        [yes] {" "}— до { $due }
       *[no] {""}
    }
plan-line-overdue = { $n }. ⏰ { $title } — <b>просрочено</b>, срок был { $due }
plan-line-done = { $n }. ✅ { $title }
plan-line-proposed = { $n }. 💡 { $title }{ $due_shown ->
        [yes] {" "}— до { $due }
       *[no] {""}
    } · { $side ->
        [mentor] ждёт вашего ответа
       *[mentee] ждёт ответа наставника
    }

btn-plan-add = ➕ Добавить задачу
btn-plan-propose = 💡 Предложить задачу
btn-plan-all = 👥 Все планы
btn-plan-open = 📋 Открыть план
btn-plan-done = ✅ Выполнено
btn-plan-undo = ↩️ Не выполнено
btn-plan-accept = 👍 Принять
btn-plan-decline = 👎 Отклонить
btn-plan-no-due = Без срока

## One task
plan-task-title = 📌 <b>{ $title }</b>
plan-task-due = 🗓 Срок: { $due }
plan-task-no-due = 🗓 Без срока
plan-task-status-open = ⬜ Не выполнена
plan-task-status-overdue = ⏰ Просрочена
plan-task-status-done = ✅ Выполнена: { $when }
plan-task-status-proposed-mentor = 💡 Это предложение наставляемого: примите его в план или отклоните.
plan-task-status-proposed-mentee = 💡 Ваше предложение ждёт ответа наставника.
plan-task-of-mentor = 👤 Наставляемый: { $partner }
plan-task-of-mentee = 👤 Наставник: { $partner }

## A new task
plan-ask-title-mentor = ✏️ Напишите задачу одним сообщением, до 300 знаков.
    Например: «Прочитать главу о проектах и выписать три вопроса».
plan-ask-title-mentee = 💡 Какую задачу вы предлагаете добавить в план? Напишите её одним сообщением, до 300 знаков. Наставник примет её или отклонит.
plan-ask-due = 🗓 Срок для задачи «{ $title }»: выберите день в календаре или напишите дату, например 25.12 или 25.12.2026. Можно и без срока.
plan-bad-due = Не получилось понять дату. Напишите её так: 25.12 или 25.12.2026 — или выберите день в календаре.

## What an action came to (a line on the screen, a toast or an alert)
plan-done-add = ✅ Задача добавлена в план.
plan-done-propose = 💡 Предложение отправлено наставнику.
plan-done-done = ✅ Задача отмечена выполненной.
plan-done-undo = ↩️ Отметка снята: задача снова не выполнена.
plan-done-accept = 👍 Задача принята в план.
plan-done-decline = 👎 Предложение отклонено.
plan-already-add = Эта задача уже добавлена.
plan-already-propose = Это предложение уже отправлено.
plan-already-done = Задача уже отмечена выполненной.
plan-already-undo = Задача и так не выполнена.
plan-already-accept = Задача уже в плане.
plan-already-decline = Это предложение уже отклонено.
plan-outcome-stale = Задачу уже изменили. Откройте план ещё раз: /plan
plan-outcome-not_allowed = Это задача не из вашего плана.
plan-outcome-mentor_only = Принять или отклонить задачу может только наставник.
plan-outcome-closed = Пара больше не работает — план можно только посмотреть.
plan-outcome-not_open = С этой задачей так сделать нельзя. Откройте план ещё раз: /plan
plan-outcome-gone = Этой задачи больше нет.
plan-outcome-empty = Напишите задачу словами, одним сообщением.
plan-outcome-too_long = Слишком длинно: { $length } { $length ->
        [one] знак
        [few] знака
        [many] знаков
       *[other] знака
    }, а можно не больше 300. Сократите, пожалуйста.
plan-outcome-in_the_past = Этот день уже прошёл. Выберите сегодняшний или более поздний — или оставьте задачу без срока.
plan-outcome-full = В плане уже 100 задач — больше не поместится.

## Notices to the other side (through the outbox; never to a parent)
plan-told-added = 📋 Новая задача в вашем плане: «{ $title }»{ $due_shown ->
        [yes] {"\u000A"}🗓 Срок: { $due }
       *[no] {""}
    }
    Наставник: { $who }.
plan-told-proposed = 💡 { $who } предлагает добавить в план задачу: «{ $title }»{ $due_shown ->
        [yes] {"\u000A"}🗓 Срок: { $due }
       *[no] {""}
    }
    Принять её?
plan-told-accept = 👍 Ваше предложение вошло в план: «{ $title }». Наставник: { $who }.
plan-told-decline = 👎 Ваше предложение не вошло в план: «{ $title }». Наставник: { $who }. Его можно обсудить на встрече.
plan-told-done = ✅ { $who }: задача «{ $title }» выполнена.
    В плане выполнено { $done } из { $total }.
plan-told-undo = ↩️ { $who }: задача «{ $title }» снова не выполнена.
    В плане выполнено { $done } из { $total }.

## The weekly digest of overdue tasks (PLAN_DIGEST)
plan-digest = ⏰ <b>Просроченные задачи</b> · { $partner }
    { $count ->
        [one] В плане просрочена { $count } задача:
        [few] В плане просрочены { $count } задачи:
        [many] В плане просрочено { $count } задач:
       *[other] В плане просрочено { $count } задачи:
    }
    { $tasks }{ $more ->
        [0] {""}
       *[other] {"\u000A"}…и ещё { $more }
    }
plan-digest-item = • «{ $title }» — срок был { $due }
