## Matching (curators)
cmd-match = Подбор пар: предложение и утверждение
cmd-pair = Моя пара: наставник или наставляемые
match-title = <b>Предложение пар</b> ({ $mode })
match-mode-most_matched = больше всего пар
match-mode-best_fit = лучшее совпадение
match-figures = { $pairs ->
        [one] { $pairs } пара
        [few] { $pairs } пары
        [many] { $pairs } пар
       *[other] { $pairs } пары
    } для { $mentees ->
        [one] { $mentees } наставляемого
       *[other] { $mentees } наставляемых
    } ({ $matched_share } %); по выбору самих наставляемых — { $preferred_share } %, взаимных выборов — { $mutual }.
match-pair = { $number }. { $mentor } → { $mentee }: { $reasons }
match-unmatched = • { $name } — { $reason }
match-empty = Сейчас некого объединять в пары: все участники с анкетой и согласием уже в парах или их нет.
match-more = …и ещё { $count }
reason-must_pair = куратор так решил
reason-mutual = взаимный выбор
reason-first_choice = 1-й выбор наставляемого
reason-second_choice = 2-й выбор наставляемого
reason-third_choice = 3-й выбор наставляемого
reason-mentor_chose = наставник выбрал наставляемого
reason-shared_topics = общие темы: { $details }
reason-same_format = формат: { $details }
reason-shared_slots = общее время
unmatched-no_compatible_mentor = нет подходящего наставника
unmatched-only_incompatible_choices = выбраны только неподходящие наставники
unmatched-capacity_used = у подходящих наставников нет мест
btn-match-approve = ✅ Утвердить все
btn-match-mode = 🔁 Другой способ подбора
btn-match-discard = Отменить
match-approved = Утверждено пар: { $made }. Участникам отправлено соглашение.
match-approved-none = Ни одна пара не утверждена: никому ничего не отправлено.
match-refused = Не удалось: { $mentor } → { $mentee } — { $why }
match-discarded = Предложение отменено, ничего не изменилось.
refusal-gone = участник больше не в программе
refusal-form = такая форма наставничества не предусмотрена
refusal-mentee_taken = у наставляемого уже есть пара
refusal-no_place = у наставника не осталось мест
refusal-ended_before = эта пара уже была и закончилась
refusal-never = куратор отметил: никогда не ставить их в пару
refusal-blocked = участник заблокировал бота, соглашение до него не дойдёт
refusal-not_curator = вы больше не куратор программы

## The agreement
agreement-accept = ✅ Принимаю
agreement-decline = ❌ Не принимаю
form-student_student = «ученик – ученик»
form-teacher_teacher = «учитель – учитель»
form-teacher_student = «учитель – ученик»
form-college_student = «студент – ученик»
form-employer_student = «работодатель – ученик»
agreement-tasks-student_student = помощь в учёбе, проектах и жизни школы
agreement-tasks-teacher_teacher = профессиональное развитие и адаптация педагога
agreement-tasks-teacher_student = раскрытие способностей, учёба, олимпиады и проекты
agreement-tasks-college_student = выбор профессии и подготовка к учёбе после школы
agreement-tasks-employer_student = профессиональное самоопределение и знакомство с работой
agreement-mentor =
    <b>{ $intro }</b>
    Куратор предлагает вам стать наставником. Вот кто будет с вами работать:

    { $card }

    Форма наставничества: { $form }. Задачи: { $tasks }. Срок — { $months ->
        [one] { $months } месяц
        [few] { $months } месяца
        [many] { $months } месяцев
       *[other] { $months } месяца
    }.
    Принимаете соглашение?
agreement-mentee =
    <b>{ $intro }</b>
    Куратор подобрал вам наставника:

    { $card }

    Форма наставничества: { $form }. Задачи: { $tasks }. Срок — { $months ->
        [one] { $months } месяц
        [few] { $months } месяца
        [many] { $months } месяцев
       *[other] { $months } месяца
    }.
    Принимаете соглашение?
agreement-for-parent =
    <b>{ $intro }</b>
    Куратор подобрал наставническую пару для вашего ребёнка — { $child }. Вот кто будет работать с ребёнком:

    { $card }

    Форма наставничества: { $form }. Задачи: { $tasks }. Срок — { $months ->
        [one] { $months } месяц
        [few] { $months } месяца
        [many] { $months } месяцев
       *[other] { $months } месяца
    }.
    Соглашение за ребёнка принимает родитель или законный представитель. Вы принимаете его?
agreement-answered-accepted = Спасибо! Ждём, когда ответят остальные.
agreement-answered-active = Спасибо! Соглашение приняли все — пара начинает работу.
agreement-answered-declined = Вы отказались от соглашения. Куратор подберёт другую пару.
agreement-answered-already = Вы уже ответили на это соглашение.
agreement-answered-not_yours = Это соглашение не для вас.
agreement-answered-closed = Это соглашение больше не ждёт ответа.
pair-active = 🎉 Пара сложилась: соглашение приняли все. { $me ->
        [mentor] Вы — наставник, а с вами будет работать { $partner }.
       *[other] Ваш наставник — { $partner }.
    } Контакты и всё о паре — в разделе «Моя пара» (/pair).
pair-declined = Наставническая пара не сложилась ({ $partner }): соглашение принято не всеми. Куратор подберёт другую пару, а вы остаётесь в программе.
curator-pair-active = Пара начала работу: { $mentor } → { $mentee }.
curator-pair-declined = Соглашение не принято: { $mentor } → { $mentee }. Кто отказался: { $side }. Причина: { $why }.

## /pair
pair-none = У вас пока нет пары. Куратор подбирает пары после встречи-нетворкинга; мы напишем, как только пара сложится.
pair-contact-curator = Контакта в Telegram нет: попросите куратора познакомить вас.
pair-status-waiting = ждём, пока соглашение примут все
pair-status-active = работает
pair-ended-partner-left = Ваша наставническая пара завершилась: второй участник больше не в программе. Вы остаётесь в программе, и куратор подберёт вам новую пару.
agreement-child-link =
    <b>{ $intro }</b>
    Куратор предлагает вам наставническую пару на { $months ->
        [one] { $months } месяц
        [few] { $months } месяца
        [many] { $months } месяцев
       *[other] { $months } месяца
    }. В паре с вами — { $partner }.
    Соглашение за участника младше 18 лет принимает родитель. Перешлите ему эту ссылку: { $link }
    Если у родителя нет Телеграма, он может подписать бумажное соглашение у куратора.
pair-ended = Куратор завершил вашу наставническую пару ({ $partner }). Если есть вопросы, напишите куратору.
curator-pair-ended = Пара завершена: { $mentor } → { $mentee }. Причина: { $reason }

## /pairs (curators)
cmd-pairs = Пары: список, приказ, бумажное соглашение, завершение
pairs-title = <b>Пары</b> ({ $count })
pairs-empty = Пар пока нет. Предложение пар — /match.
pairs-line = { $id }. { $mentor } → { $mentee } · { $status }{ $order }
pairs-order-line = , приказ № { $number } от { $date }
pairs-status-waiting = ждёт соглашения
pairs-status-active = работает
pairs-status-completed = завершена
pairs-status-ended = завершена досрочно
pairs-status-paused = на паузе
pairs-figures-legend = <i>🗓 встреч проведено / назначено · 📋 план выполнен · ⭐ средняя оценка · 🕓 последняя встреча</i>
pairs-line-figures = {"    "}🗓 { $held } / { $planned } · 📋 { $plan } · ⭐ { $rating } · 🕓 { $last }
pairs-figure-none = —
pairs-share = { $share } %
pairs-card-meetings = 🗓 Встречи: проведено { $held }, назначено { $planned }
pairs-card-last-held = 🕓 Последняя встреча — { $date }
pairs-card-no-meetings = 🕓 Встреч ещё не было
pairs-card-plan = 📋 План: выполнено { $done } из { $total } ({ $share })
pairs-card-plan-empty = 📋 В плане пока нет задач
pairs-card-rating = ⭐ Средняя оценка встреч: { $rating } из 5 ({ $count ->
        [one] { $count } оценка
        [few] { $count } оценки
        [many] { $count } оценок
       *[other] { $count } оценки
    })
pairs-card-rating-none = ⭐ Оценок встреч пока нет
btn-pairs-quiet = 💤 Без встреч 30 дней
pairs-quiet-title = 💤 <b>Без встреч 30 дней</b> ({ $count })
pairs-quiet-about = <i>Работающие пары, которым больше 30 дней: за последние 30 дней не было ни одной встречи, и новая не назначена. Пары на паузе здесь не показаны.</i>
pairs-quiet-line = { $id }. { $mentor } → { $mentee } · { $last }{ $nudged }
pairs-quiet-last = последняя встреча { $date }
pairs-quiet-never = встреч не было
pairs-quiet-nudged = {" "}· 🔔 сегодня напомнили
pairs-quiet-none = ✅ Таких пар нет: у всех работающих пар за последние 30 дней была встреча или новая уже назначена.
btn-pairs-nudge = 🔔 Напомнить им
pairs-nudge-confirm =
    <b>Напомнить { $mentors ->
        [one] { $mentors } наставнику
       *[other] { $mentors } наставникам
    }?</b>
    Каждый получит сообщение, что пора назначить встречу. Об одной паре напоминаем не чаще раза в день.
btn-pairs-nudge-confirm = 🔔 Да, напомнить
pairs-nudge-done = 🔔 Напомнили { $mentors ->
        [one] { $mentors } наставнику
       *[other] { $mentors } наставникам
    }.
pairs-nudge-none = Сегодня всем уже напомнили — ещё раз можно будет завтра.
btn-pairs-order = 📝 Приказ для пар без приказа
btn-pairs-by-hand = ➕ Пара вручную
btn-pair-paper = 📄 Бумажное соглашение получено
btn-pair-end = ⛔ Завершить пару
pair-card =
    <b>Пара { $id }</b>: { $mentor } → { $mentee }
    Форма: { $form }, срок — { $months ->
        [one] { $months } месяц
        [few] { $months } месяца
        [many] { $months } месяцев
       *[other] { $months } месяца
    }. Статус: { $status }{ $order }
pairs-ask-order = Напишите номер и дату приказа, например: <code>15-о от { $example }</code>
pairs-bad-order = Не понял. Напишите так: <code>15-о от { $example }</code>
pairs-order-done = Приказ № { $number } от { $date } записан для пар: { $count }.
pairs-ask-reason = Почему пара завершается? Напишите коротко — это увидят кураторы и реестр.
pairs-bad-reason = Причина — от 3 до 300 знаков текстом.
pairs-ended-done = Пара завершена.
pairs-not-live = Эта пара уже не работает.
pairs-paper-done = Бумажное соглашение отмечено.
pairs-pick-mentor = Выберите наставника, у которого есть свободные места:
pairs-pick-mentee = Наставник — { $mentor }. Выберите наставляемого без пары:
pairs-nobody = Подходящих участников нет.
match-still-searching = Пока мы не нашли вам наставника — это бывает, и вы остаётесь в поиске. Куратор продолжит подбирать пару, а мы сразу напишем, как только она сложится. 🌱
btn-match-review = 👀 Просмотреть по одной
btn-match-accept = ✅ Принять
btn-match-skip = ⏭ Пропустить
btn-match-other = 🔄 Другой наставник
match-review = <b>Пара { $number } из { $total }</b>
    { $mentor } → { $mentee }
    { $reasons }
match-pick-other = Выберите другого наставника (с местами и подходящей формой наставничества):
btn-pair-replace = 🔁 Попросить другого наставника
btn-pair-release = 🙋 Попросить освободить от пары
btn-request-open = Открыть пару
pair-ask-reason = Напишите коротко, почему: куратор прочитает и свяжется с вами. Партнёру мы ничего не пишем.
pair-ask-bad-reason = Напишите причину словами, от 3 до 500 знаков.
pair-ask-sent = ✅ Просьба передана куратору.
curator-ask-replace = 🔁 { $asker } просит заменить наставника ({ $partner }). Причина: { $reason }
curator-ask-release = 🙋 Просьба освободить от пары. Наставник — { $asker }, в паре — { $partner }. Причина: { $reason }
btn-match-excel = 📊 Excel
match-sheet = Предложение пар
match-col-n = №
match-col-mentor = Наставник
match-col-mentee = Наставляемый
match-col-why = Почему (или почему без пары)
match-excel-caption = Предложение пар с причинами. Утвердить его можно кнопками ниже.
btn-match-never = 🚫 Никогда не ставить их в пару
pair-completed = 🎓 Срок соглашения истёк, и работа вашей пары ({ $partner }) завершена. Спасибо! Следом придёт короткий итоговый опрос — ответьте на него, пожалуйста.
curator-pair-completed = Пара завершила работу по сроку соглашения: { $mentor } → { $mentee }.
btn-pair-pause = ⏸ Поставить пару на паузу
btn-pair-resume = ▶️ Снять паузу
btn-pair-extend = ➕ Продлить на 3 месяца
extension-accept = ✅ Продлить
extension-decline = Не продлевать
extension-offer = { $partner } предлагает продлить наставничество ещё на { $months ->
        [one] { $months } месяц
        [few] { $months } месяца
        [many] { $months } месяцев
       *[other] { $months } месяца
    }. Вы согласны?
extension-offer-parent = { $partner } предлагает продлить наставничество с вашим ребёнком ({ $child }) ещё на { $months ->
        [one] { $months } месяц
        [few] { $months } месяца
        [many] { $months } месяцев
       *[other] { $months } месяца
    }. Вы согласны?
extension-answered-accepted = Продлили.
extension-answered-declined = Хорошо, пара не продлевается.
extension-answered-not_yours = Это предложение не для вас.
extension-answered-closed = Это предложение больше не действует.
extension-asked = ✅ Предложение продлить отправлено. Мы напишем, когда на него ответят.
extension-already = Предложение продлить уже ждёт ответа.
extension-not_yours = Продлить пару может взрослый участник пары; за несовершеннолетнего отвечает родитель.
extension-not_active = Продлить можно только работающую пару.
extension-limit = Соглашение о наставничестве заключается не больше чем на 12 месяцев: продлить эту пару уже нельзя.
extension-answered-already = Вы уже ответили на это предложение.
pair-paused = ⏸ Ваша пара ({ $partner }) на паузе. Снять паузу можно в разделе «Моя пара» (/pair).
pair-resumed = ▶️ Ваша пара ({ $partner }) снова работает.
curator-pair-paused = Пара на паузе: { $mentor } → { $mentee }.
curator-pair-resumed = Пара снова работает: { $mentor } → { $mentee }.
pair-extended = Наставничество продлено ({ $partner }): теперь срок — { $months ->
        [one] { $months } месяц
        [few] { $months } месяца
        [many] { $months } месяцев
       *[other] { $months } месяца
    }.
pair-not-extended = Продление не согласовано ({ $partner }): срок прежний — { $months ->
        [one] { $months } месяц
        [few] { $months } месяца
        [many] { $months } месяцев
       *[other] { $months } месяца
    }.
curator-pair-extended = Пара продлена, теперь срок — { $months ->
        [one] { $months } месяц
        [few] { $months } месяца
        [many] { $months } месяцев
       *[other] { $months } месяца
    }: { $mentor } → { $mentee }.
curator-pair-not-extended = Продление не согласовано: { $mentor } → { $mentee }.
pair-status-paused = на паузе
match-load = Наставники с группой: { $load }
## Hardening: confirmations, refusals, agreements that do not wait forever
someone = участник программы
agreement-intro = 🤝 Соглашение о наставничестве
agreement-intro-reminder = ⏰ Напоминаем: соглашение о наставничестве ждёт ответа
agreement-link-unknown = Такой ссылки нет. Возможно, ребёнок уже получил новую — попросите прислать её.
agreement-link-used = По этой ссылке уже ответили, или пара больше не ждёт соглашения.
agreement-link-expired = Срок действия ссылки истёк (она действует 7 дней). Ребёнок может получить новую в разделе «Моя пара» (/pair) и переслать её вам.
agreement-link-own = Эта ссылка — для родителя. Перешлите её родителю, а не открывайте сами.
agreement-link-curator = Куратор не подписывает соглашение за родителя по ссылке. Если родитель подписал бумажное соглашение, отметьте его в /pairs.
agreement-link-minor = Эта ссылка — для родителя или законного представителя. Перешлите её взрослому, который подписывает соглашение за ребёнка.
decline-reason-time = Не подходит время
decline-reason-fit = Не подходит пара
decline-reason-mind = Планы изменились
decline-reason-other = Другая причина
side-mentor = наставник
side-mentee = наставляемый (или его родитель)
pair-active-parent = 🎉 Наставническая пара вашего ребёнка ({ $child }) начинает работу: соглашение приняли все. В паре с ребёнком — { $partner }.
pair-contact-after-agreement = Контакты появятся, когда соглашение примут все.
pair-agreement-for-child = 🤝 Соглашение ждёт вашего ответа: { $child } и { $partner }.
pair-agreement-waits = Соглашение о наставничестве ждёт вашего ответа: нажмите кнопку ниже, и оно придёт отдельным сообщением.
pair-agreement-needs-parent = Соглашение ждёт подписи родителя. Если ссылка потерялась или истекла, получите новую кнопкой ниже и перешлите её родителю.
btn-pair-agreement = 📄 Соглашение: { $name }
btn-pair-parent-link = 🔗 Новая ссылка для родителя
pair-agreement-sent = ✅ Отправили отдельным сообщением ниже.
pair-agreement-sent-already = Уже отправили — посмотрите сообщение ниже.
pair-extension-waits = ⏳ { $partner } предлагает продлить наставничество: предложение ждёт вашего ответа.
btn-pair-extension = 📄 Продление: ответить
pair-pause-already = Пара уже на паузе.
pair-pause-not_allowed = Эта пара больше не работает.
pair-resume-already = Пара уже снята с паузы.
pair-resume-not_allowed = Эта пара больше не работает.
pairs-late-title = ⏳ <b>Ждут соглашения дольше 7 дней</b> ({ $count }):
pairs-late-line = { $id }. { $mentor } → { $mentee }: ждём { $who }
pairs-waits-mentor = наставника
pairs-waits-mentee = наставляемого
pairs-waits-mentor_parent = родителя наставника
pairs-waits-mentee_parent = родителя наставляемого
pairs-paper-already = Соглашение этой пары уже отмечено.
match-decided = Эта пара уже решена.
match-mode-same = Предложение уже в этом режиме.
match-excel-sent = Файл с предложением уже отправлен — он выше.
pairs-open-already = Эта пара уже открыта ниже.
match-review-summary = Просмотрено: принято { $accepted }, пропущено { $skipped }, «никогда» — { $never }.
match-confirm = Отправить соглашения { $pairs ->
        [one] { $pairs } паре
       *[other] { $pairs } парам
    }: { $participants ->
        [one] { $participants } участнику
       *[other] { $participants } участникам
    }{ $parents ->
        [0] {""}
        [one] {" "}и { $parents } родителю
       *[other] {" "}и { $parents } родителям
    }?
match-confirm-none = Ни одна пара не принята: отправлять нечего.
match-confirm-left-out = { $count ->
        [one] { $count } наставляемому, который остаётся без пары, напишем, что поиск продолжается.
       *[other] { $count } наставляемым, которые остаются без пары, напишем, что поиск продолжается.
    }
btn-match-send = 📨 Отправить соглашения
btn-match-back = ⬅️ К предложению
curator-only = Это действие доступно только кураторам программы.

## The partner's card
card-title = 👤 <b>{ $name }</b> — { $who }
card-grade = { $grade }
card-grade-letter = { $grade } «{ $letter }»
card-position = Должность: { $value }
card-topics = С чем нужна помощь: { $value }
card-subjects = Предметы: { $value }
card-request = Своими словами: «{ $value }»
card-occupation = Чем занимается: { $value }
card-offer = Чем может помочь: { $value }
card-experience = Опыт: «{ $value }»
card-format = Формат встреч: { $value }
card-times-both = Удобно обоим: { $value }
card-times = Удобное время: { $value }
card-username = Написать в Telegram: @{ $username }
card-phone = Телефон: { $phone }

## The answered agreement, kept as a record
receipt-accepted = ✅ <b>Вы приняли соглашение о наставничестве { $date }</b>
receipt-accepted-child = ✅ <b>Вы приняли соглашение о наставничестве за ребёнка { $date }</b>
    Ребёнок — { $child }.
receipt-declined = ❌ <b>Вы не приняли соглашение { $date }</b>
    Куратор подберёт другую пару, а участие в программе продолжается.
receipt-active = 🎉 Соглашение приняли все — пара работает. Контакты — в разделе «Моя пара» (/pair).
receipt-waiting = ⏳ Ждём ответа: { $who }. Мы напишем, когда пара начнёт работу.
receipt-waits-mentor = наставника
receipt-waits-mentee = наставляемого или его родителя
receipt-curator = Куратор программы — <a href="tg://user?id={ $id }">{ $name }</a>
receipt-curator-username = , @{ $username }
receipt-school = { $school }
receipt-school-contact = { $school }: { $contact }
pair-terms = Форма наставничества: { $form }, срок — { $months ->
        [one] { $months } месяц
        [few] { $months } месяца
        [many] { $months } месяцев
       *[other] { $months } месяца
    }.
pair-terms-dates = Форма наставничества: { $form }, срок — { $months ->
        [one] { $months } месяц
        [few] { $months } месяца
        [many] { $months } месяцев
       *[other] { $months } месяца
    }: с { $start } по { $end }.
pair-status-line = Статус: { $status }
receipt-curator-write = написать
card-who-class = { $grade } класс
pairs-side-mentor-self = Наставник
pairs-side-mentor-parent = Родитель наставника
pairs-side-mentee-self = Наставляемый
pairs-side-mentee-parent = Родитель наставляемого
pairs-side-waiting = { $who } ⏳
pairs-side-yes = { $who } ✅ { $date }
pairs-side-no = { $who } ❌ { $date }
pairs-side-paper = { $who } 📄 { $date }
pairs-agreement-sides = Соглашение: { $sides }
pairs-dates = Работает с { $start } по { $end }
match-look-title = <b>Посмотрите внимательнее</b> — { $count ->
        [one] { $count } пара, которую никто не выбирал:
        [few] { $count } пары, которые никто не выбирал:
        [many] { $count } пар, которые никто не выбирал:
       *[other] { $count } пары, которые никто не выбирал:
    }
match-look-none = ✅ Все пары — по выбору участников или решению куратора.
match-unmatched-title = <b>Без пары</b> — { $count ->
        [one] { $count } наставляемый:
        [few] { $count } наставляемых:
        [many] { $count } наставляемых:
       *[other] { $count } наставляемого:
    }
match-details = Все пары с причинами — «👀 Просмотреть по одной» или в файле «📊 Excel».
reason-none = подходит по форме наставничества
pairs-end-confirm =
    <b>Завершить пару { $id }?</b>
    { $mentor } → { $mentee }
    Причина: { $reason }
    Наставник и наставляемый получат сообщение, что пара завершена (причину мы им не пишем), кураторы — с причиной. Пара уйдёт из работы, а участники останутся в программе.
btn-pairs-end-confirm = ⛔ Да, завершить пару
agreement-link-share = 📤 Переслать родителю
agreement-link-share-text = Привет! Куратор школьной программы наставничества подобрал мне наставническую пару. Мне ещё нет 18, поэтому соглашение за меня принимаешь ты. Открой, пожалуйста, ссылку — бот покажет, кто будет со мной работать, и спросит твоё согласие.
match-other-places = {" "}— { $taken } из { $places }
btn-pair-replace-of = 🔁 Другой наставник: { $name }
btn-pair-release-of = 🙋 Освободить: { $name }
btn-pair-pause-of = ⏸ Пауза: { $name }
btn-pair-resume-of = ▶️ Снять паузу: { $name }
btn-pair-extend-of = ➕ Продлить: { $name }
