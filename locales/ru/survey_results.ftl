## A monitoring campaign's results for curators (opened from /survey): the response rate by role,
## per question the number of answers and, on three answers or more, the mean, the median and
## the distribution; the open answers without names; the chart of the scales' means.

sr-kind = { $kind ->
        [interim] Промежуточный мониторинг { $years }
        [final] Итоговый мониторинг { $years }
        [pair_final] Итоговые анкеты пар { $years }
       *[other] Опрос от { $opens }
    }
sr-title = 📊 <b>{ $title }</b>
sr-status = { $status ->
        [planned] Откроется { $opens }, ответы до { $due }.
        [open] Идёт: ответы принимаются до { $due }.
        [closed] Завершён: ответы принимались до { $due }.
       *[other] Отменён.
    }
sr-rates = ✍️ <b>Заполнили анкету</b>
sr-rate = • { $role } — { $answered } из { $invited } ({ $share } %)
sr-rate-none = • { $role } — никого не приглашали
sr-rates-nobody = Пока никого не приглашали.
sr-role-name = { $role ->
        [mentor] Наставники
        [mentee] Наставляемые
       *[other] { $role }
    }
sr-role-list = { $role ->
        [mentor] наставники
        [mentee] наставляемые
       *[other] { $role }
    }
sr-role = <b>{ $role }</b> · { $count ->
        [one] { $count } анкета
        [few] { $count } анкеты
        [many] { $count } анкет
       *[other] { $count } анкеты
    }
sr-role-nothing = Заполненных анкет пока нет.
sr-waiting = ⏳ { $count ->
        [one] Ещё { $count } анкета войдёт в итоги, когда новых станет три.
        [few] Ещё { $count } анкеты войдут в итоги, когда новых станет три.
        [many] Ещё { $count } анкет войдут в итоги, когда новых станет три.
       *[other] Ещё { $count } анкеты войдут в итоги, когда новых станет три.
    }
sr-waiting-first = ⏳ Итоги появятся, когда анкет станет три.
sr-role-no-questionnaire = Анкеты этой роли больше нет в боте — ответы показать нельзя.
sr-question = <b>{ $n }. { $text }</b>
sr-answers = { $count ->
        [one] { $count } ответ
        [few] { $count } ответа
        [many] { $count } ответов
       *[other] { $count } ответа
    }
sr-none = Ответов пока нет.
sr-hidden = { $answers } · Мало ответов, чтобы показать (нужно не меньше трёх)
sr-numbers = { $answers } · среднее <b>{ $mean }</b> · медиана { $median }
sr-counted = { $answers }:
sr-counted-multi = { $answers } (можно было выбрать несколько):
sr-option = • { $option } — { $count }
sr-yes = Да
sr-no = Нет
sr-open-see = { $answers } — читайте в «💬 Открытые ответы»
btn-sr-answers = 💬 Открытые ответы ({ $open_count })
btn-sr-chart = 📈 Диаграмма

sr-answers-title = 💬 <b>Открытые ответы</b> · { $title }
sr-answers-about = Без имён, в случайном порядке.
sr-answers-question = <b>{ $role } · { $text }</b>
sr-answer = — { $text }
sr-answers-none = Открытых ответов пока нет.

sr-chart-panel = { $role } · шкала { $low }–{ $high }
sr-chart-note = { $count ->
        [one] { $count } вопрос не показан: на него меньше трёх ответов
        [few] { $count } вопроса не показаны: на них меньше трёх ответов
        [many] { $count } вопросов не показаны: на них меньше трёх ответов
       *[other] { $count } вопроса не показаны: на них меньше трёх ответов
    }
sr-chart-caption = 📈 <b>{ $title }</b>: средние оценки по шкалам. На диаграмме только вопросы, на которые ответили трое и больше.
sr-chart-nothing = Для диаграммы пока мало ответов: нужно не меньше трёх на вопрос.
sr-chart-sent = Диаграмма уже отправлена — она выше, и с тех пор ничего не изменилось.
sr-no-campaign = Такой кампании нет — возможно, её удалили. Откройте /survey ещё раз.
