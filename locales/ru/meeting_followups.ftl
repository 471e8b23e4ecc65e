## After a meeting: «Встреча состоялась?» to the mentor, a rating to those who said they would come

followup-held-question = 📝 Встреча «{ $meeting }»{ $group ->
        [yes] {" "}с группой
       *[no] {" "}({ $who })
    } — { $when }.
    Она состоялась?
followup-held-again = 🔔 Напоминаем: отметьте, пожалуйста, состоялась ли встреча «{ $meeting }»{ $group ->
        [yes] {" "}с группой
       *[no] {" "}({ $who })
    } — { $when }. Это нужно для отчёта по программе.
btn-followup-held = ✅ Да
btn-followup-not-held = ❌ Нет
btn-followup-moved = 🔁 Перенесли

followup-rate-question = ⭐ Как прошла встреча «{ $meeting }» — { $when }? Наставник: { $mentor }.
    Оцените её от 1 до 5: 1 — совсем не понравилась, 5 — очень понравилась.
followup-rate-again = 🔔 Напоминаем: оцените, пожалуйста, встречу «{ $meeting }» — { $when } — от 1 до 5. Наставник: { $mentor }.
btn-followup-rate-1 = 1 ⭐
btn-followup-rate-2 = 2 ⭐
btn-followup-rate-3 = 3 ⭐
btn-followup-rate-4 = 4 ⭐
btn-followup-rate-5 = 5 ⭐

## The question's message once answered: the record of the answer
followup-held-record = 📝 Встреча «{ $meeting }» — { $when }: { $held ->
        [yes] ✅ состоялась.
       *[no] ❌ не состоялась.
    }
followup-rated-record = ⭐ Встреча «{ $meeting }» — { $when }.
    Ваша оценка: { $stars } ({ $rating } из 5). Спасибо!
followup-held-done = { $held ->
        [yes] Отмечено: встреча состоялась.
       *[no] Отмечено: встреча не состоялась.
    }
followup-rated = Спасибо за оценку!

## What came of an answer (an alert)
followup-done = Готово.
followup-already = { $held ->
        [yes] Вы уже отметили, что встреча состоялась.
       *[no] Вы уже отметили, что встреча не состоялась.
    } Засчитывается первый ответ.
followup-rate-already = Вы уже оценили эту встречу: { $rating } из 5. Засчитывается первая оценка.
followup-not_allowed = Ответить на этот вопрос может только наставник, который проводил встречу.
followup-not_invited = Оценить встречу могут только те, кто собирался на неё прийти.
followup-not_started = Встреча ещё не началась — ответить можно будет после неё.
followup-cancelled = Эта встреча отменена.
followup-not_held = Наставник отметил, что встреча не состоялась, — оценивать нечего.
followup-stale = Встречу уже перенесли, и этот вопрос о прежнем времени. Мы спросим снова после новой встречи.
followup-pair_ended = Эта пара уже не работает — перенести встречу нельзя.
followup-not_answered = Сначала ответьте, состоялась ли встреча.
followup-too_long = Слишком длинная заметка: не больше 300 символов.
followup-invalid = Такой оценки нет: выберите от 1 до 5.
followup-gone = Такой встречи нет.

## The mentor's note after «Да» / «Нет»
followup-note-ask = { $held ->
        [yes] ✍️ Хотите добавить заметку о встрече — что обсудили, о чём договорились?
       *[no] ✍️ Хотите записать, почему встреча не состоялась?
    }
    Напишите одним сообщением, до 300 символов, или нажмите «Без заметки».
btn-followup-no-note = Без заметки
followup-note-too-long = Заметка получилась длинной: { $length } { $length ->
        [one] символ
        [few] символа
        [many] символов
       *[other] символа
    }, а можно не больше 300. Сократите её, пожалуйста.
followup-note-text-only = Заметку нужно написать текстом, одним сообщением. Или нажмите «Без заметки».
followup-note-already = К этой встрече уже есть заметка.
followup-note-done = { $saved ->
        [yes] ✅ Заметка сохранена. Спасибо!
       *[no] Хорошо, без заметки. Спасибо!
    }
