## Broadcasts (curators)
cmd-broadcast = Рассылка участникам: текст, фото или файл
broadcast-compose =
    <b>📣 Рассылка</b>

    Пришлите сообщение для участников: текст (жирный шрифт, курсив и ссылки сохранятся), фото или файл с подписью. Потом выберете, кому его отправить, и увидите, как оно будет выглядеть.
broadcast-unsupported = Такое сообщение разослать нельзя. Пришлите текст, фото или файл (документом).
broadcast-empty = Сообщение пустое. Пришлите текст, фото или файл.
broadcast-too-long = { $file ->
    [yes] В подписи { $length } { $length ->
        [one] знак
        [few] знака
        [many] знаков
       *[other] знака
    }, а под фото или файлом Telegram принимает не больше { $limit }. Сократите подпись или пришлите текст без файла.
   *[no] В тексте { $length } { $length ->
        [one] знак
        [few] знака
        [many] знаков
       *[other] знака
    }, а Telegram принимает в одном сообщении не больше { $limit }. Сократите текст.
}
broadcast-audience = Кому отправить сообщение? На кнопках — сколько человек его получат: участники с согласием, которые не заблокировали бота.
btn-broadcast-everyone = 👥 Всем
btn-broadcast-mentors = Наставникам
btn-broadcast-mentees = Наставляемым
btn-broadcast-unpaired = Тем, кто без пары
btn-broadcast-active_pairs = Работающим парам
btn-broadcast-event = 🤝 Участникам встречи…
btn-broadcast-campaign = 📊 Не ответившим на опрос…
btn-broadcast-edit = ✏️ Изменить
btn-broadcast-send = ✅ Отправить
btn-broadcast-stop = ⏹ Остановить
btn-broadcast-back = ⬅️ Назад
btn-broadcast-cancel = Отмена
broadcast-to-everyone = всем участникам
broadcast-to-mentors = наставникам
broadcast-to-mentees = наставляемым
broadcast-to-unpaired = участникам без пары
broadcast-to-active_pairs = участникам работающих пар
broadcast-to-event = участникам встречи «{ $title }»
broadcast-to-campaign = не ответившим на опрос «{ $title }»
broadcast-pick-event = Участникам какой встречи отправить? На кнопках — сколько человек получат сообщение.
broadcast-no-events = Встреч ещё не было. Выберите другую группу.
broadcast-pick-campaign = Не ответившим на какой опрос отправить? На кнопках — сколько человек получат сообщение.
broadcast-no-campaigns = Сейчас нет открытых опросов. Выберите другую группу.
broadcast-campaign-interim = Промежуточный опрос
broadcast-campaign-final = Итоговый опрос
broadcast-campaign-pair_final = Опрос завершивших пар
broadcast-campaign-adhoc = Опрос
broadcast-campaign-short-interim = Промежуточный
broadcast-campaign-short-final = Итоговый
broadcast-campaign-short-pair_final = Итоговый пар
broadcast-campaign-short-adhoc = Опрос куратора
broadcast-campaign-until = { $kind }, до { $date }
broadcast-nobody = Это сообщение сейчас никому не придёт: в группе нет участников с согласием, которые не заблокировали бота. Выберите другую группу.
broadcast-unavailable = Этой встречи больше нет или опрос уже закрыт. Выберите другую группу.
broadcast-confirm =
    Выше — сообщение в том виде, в каком его получат участники.
    Кому: { $audience }.

    <b>Отправить { $count } { $count ->
        [one] получателю
       *[other] получателям
    }?</b>
broadcast-preview-failed = Telegram не принял это сообщение ({ $reason }). Исправьте его и пришлите снова.
broadcast-start-again = Этот экран устарел. Начните рассылку заново: /broadcast
broadcast-progress = 📣 Рассылка: отправлено { $sent } из { $total }{ $blocked ->
    [0] {""}
   *[other] {" "}· заблокировали бота: { $blocked }
}{ $undelivered ->
    [0] {""}
   *[other] {" "}· не доставлено: { $undelivered }
}
broadcast-progress-done = ✅ Рассылка завершена: доставлено { $sent } из { $total }
broadcast-progress-stopped = ⏹ Рассылка остановлена: получили { $sent } из { $total }
broadcast-final = 📣 Рассылка завершена. Доставлено { $delivered }, заблокировали бота { $blocked }, не доставлено { $failed }.
broadcast-final-stopped = ⏹ Рассылка остановлена. Доставлено { $delivered }, заблокировали бота { $blocked }, не доставлено { $failed }, не отправлено из-за остановки { $stopped }.
broadcast-stopped = Рассылка остановлена: получили { $sent } из { $total }.
broadcast-already-stopped = Рассылка уже остановлена.
broadcast-finished = Рассылка уже завершена: остановить нечего.
broadcast-not-yours = Эту рассылку запустил другой куратор: остановить её может только он.
broadcast-gone = Такой рассылки нет.
