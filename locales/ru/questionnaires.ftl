## Questionnaire questions: q-<question id with - for _>. Structure is in questionnaires/*.yaml.

q-full-name = Как вас зовут? Напишите фамилию и имя.
q-grade = В каком вы классе? Нажмите номер или напишите его с буквой, например 7Б.
q-request-topics = С чем вам нужна помощь наставника? Выберите до трёх тем.
q-subjects = Какие предметы или олимпиады вас интересуют?
q-request = Чего вы хотите добиться вместе с наставником? Напишите своими словами.
q-need-level = Насколько вам сейчас нужна помощь наставника?
q-need-level-min = можно подождать
q-need-level-max = очень нужна
q-format = Как вам удобнее встречаться?
q-time-slots = Когда вам удобно встречаться? Можно выбрать несколько вариантов.
q-phone = Оставьте номер телефона для связи — по желанию.
q-about = Расскажите немного о себе: чем увлекаетесь, что любите. Необязательно.
q-position = Ваша должность и предмет (если вы преподаёте).
q-experience-years = Сколько лет вы работаете в профессии? Напишите число.
q-young-specialist = Вы молодой специалист (работаете меньше трёх лет)?
q-subject-taught = Какой предмет вы ведёте?
q-graduation-year = В каком году вы окончили школу?
q-workplace = Где и кем вы работаете?
q-study-place = Где вы учитесь, на каком курсе и по какой специальности?
q-competencies = В чём вы можете помочь наставляемому? Выберите до пяти тем.
q-experience = Каким опытом вы готовы поделиться?
q-capacity = Скольких наставляемых вы готовы взять? Нажмите число от 1 до 5.
q-available-from = С какого числа вы готовы начать?

## Short names of the questions, for the summary and its edit buttons: qs-<id>
qs-full-name = Имя
qs-grade = Класс
qs-request-topics = Темы
qs-subjects = Предметы
qs-request = Цель
qs-need-level = Нужна помощь
qs-format = Формат
qs-time-slots = Время
qs-phone = Телефон
qs-about = О себе
qs-position = Должность
qs-experience-years = Стаж
qs-young-specialist = Молодой специалист
qs-subject-taught = Предмет
qs-graduation-year = Год выпуска
qs-workplace = Работа
qs-study-place = Учёба
qs-competencies = Чем помогу
qs-experience = Опыт
qs-capacity = Наставляемых
qs-available-from = Начало
# A number answer with its unit: qv-<id>
qv-experience-years = { $value ->
        [one] { $value } год
        [few] { $value } года
        [many] { $value } лет
       *[other] { $value } года
    }

## Options: opt-<set>-<option>
opt-topics-subjects = 📚 Учебные предметы
opt-topics-olympiads = 🏆 Олимпиады и конкурсы
opt-topics-projects = 🔬 Проекты и исследования
opt-topics-career = 🧭 Выбор профессии
opt-topics-adaptation_school = 🏫 Новая школа или новый класс
opt-topics-adaptation_job = 💼 Адаптация на работе
opt-topics-methodology = 📐 Методика преподавания
opt-topics-classroom = 👥 Работа с классом, дисциплина
opt-topics-digital = 💻 Цифровые навыки
opt-topics-creativity = 🎨 Творчество
opt-topics-sport = ⚽ Спорт и здоровье
opt-topics-leadership = 🌟 Лидерство и самоуправление
opt-format-offline = Очно, в школе
opt-format-online = Онлайн
opt-format-any = Как угодно
opt-slots-weekday_day = Будни, днём
opt-slots-weekday_evening = Будни, вечером
opt-slots-weekend = Выходные

## Questionnaire screens
qn-title-intake_student = Анкета наставляемого
qn-title-intake_teacher = Анкета педагога-наставляемого
qn-title-intake_mentor = Анкета наставника
qn-progress = { $position } / { $total }
qn-optional = Этот вопрос можно пропустить.
qn-current = Сейчас: { $answer }
qn-hint-text = Напишите ответ сообщением.
qn-hint-date = Напишите дату сообщением: { $example } или «{ $words }».
qn-hint-number-buttons = Нажмите кнопку или напишите ответ сообщением.
qn-hint-multi = Отметьте { $max ->
        [1] один вариант
        [one] от { $min } до { $max } варианта
       *[other] от { $min } до { $max } вариантов
    } и нажмите «Готово».
qn-hint-phone = Нажмите кнопку «Отправить мой номер» внизу или напишите номер сообщением.
qn-scale-legend = 1 — { $low }, { $high_value } — { $high }
qn-back = ⬅️ Назад
qn-skip = Пропустить ➡️
qn-keep = Оставить как есть ➡️
qn-done = Готово ✅
qn-yes = Да
qn-no = Нет
qn-share-phone = 📱 Отправить мой номер
# Said when the phone question is done, and the keyboard with the number's button goes away.
qn-phone-done = { $move ->
        [answer] 📱 Номер записан.
        [skip] Хорошо, без телефона.
        [keep] 📱 Номер оставлен как был.
       *[other] Хорошо.
    }
qn-submit = ✅ Отправить анкету
qn-edit = ✏️ { $label }
qn-summary-title = <b>{ $title }: проверьте ответы</b>
qn-summary-hint = Чтобы исправить ответ, нажмите ✏️ с его названием. Если всё верно, отправьте анкету.
qn-skipped = пропущено
qn-value-yes = да
qn-value-no = нет
qn-submitted = Спасибо! Анкета сохранена, куратор программы её увидит. Изменить ответы можно в /profile.

## Why an answer is not accepted
qerr-text-words = Напишите, пожалуйста, ответ словами.
qerr-text-short = Слишком коротко: нужно хотя бы { $min ->
        [one] { $min } символ
        [few] { $min } символа
        [many] { $min } символов
       *[other] { $min } символа
    }.
qerr-text-long = Слишком длинно: можно не больше { $max ->
        [one] { $max } символа
       *[other] { $max } символов
    }, а здесь { $length }. Сократите, пожалуйста.
qerr-name = Напишите имя буквами: можно пробелы, дефис и апостроф, а цифры и другие знаки — нет.
# The limits of a typed number (a year, a grade) are shown as it is typed: "1950", not "1 950".
qerr-number = Нужно число от { NUMBER($min, useGrouping: 0) } до { NUMBER($max, useGrouping: 0) }.
qerr-number-min = Нужно целое число не меньше { NUMBER($min, useGrouping: 0) }.
qerr-grade = Нужно число от { NUMBER($min, useGrouping: 0) } до { NUMBER($max, useGrouping: 0) } — номер класса, можно с буквой: например, 7Б.
qerr-date = Не понял дату. Напишите её цифрами или словами, как в примере выше.
qerr-date-range = { $bound ->
        [min] Нужна дата не раньше { $min }.
        [max] Нужна дата не позже { $max }.
       *[both] Нужна дата между { $min } и { $max }.
    }
qerr-phone = Не похоже на номер телефона. Напишите его так: +7 900 123-45-67.
qerr-phone-own = Отправьте, пожалуйста, свой номер: кнопка внизу делает это сама.
qerr-use-buttons = Выберите ответ кнопкой под вопросом.
qerr-multi-min = Отметьте хотя бы { $min ->
        [1] один вариант
        [one] { $min } вариант
        [few] { $min } варианта
        [many] { $min } вариантов
       *[other] { $min } варианта
    }.
qerr-multi-max = Можно отметить не больше { $max ->
        [1] одного варианта
        [one] { $max } варианта
       *[other] { $max } вариантов
    }.
qerr-not-text = Здесь нужен ответ текстом: фото, стикеры и файлы я не сохраняю.

## Reminders to finish a questionnaire
qn-reminder-first = 📝 Вы начали заполнять «{ $title }», но не закончили. Продолжим с того места, где вы остановились?
qn-reminder-last = 📝 «{ $title }» всё ещё ждёт вас: без неё куратор не сможет подобрать пару. Осталось совсем немного — продолжим?
