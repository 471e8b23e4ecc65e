## Commands in Telegram's menu (plain text, up to 256 characters)
cmd-start = Начать и открыть главное меню
cmd-menu = Главное меню
cmd-help = Что умеет бот
cmd-language = Язык: русский или английский
cmd-cancel = Прервать текущее действие
cmd-curator = Кураторы программы
cmd-profile = Моя анкета: посмотреть и изменить
cmd-privacy = Мои данные и согласие
cmd-survey = Мониторинг: опросы, ответы, результаты
cmd-participants = Участники: поиск, согласия, количество

## Buttons (plain text)
btn-help = ℹ️ Помощь
btn-language = 🌐 Язык
btn-curator = 🛠 Кураторам
btn-back = ⬅️ Назад
btn-join = 🚀 Начать участие в программе
btn-close = Закрыть
btn-profile = 📝 Моя анкета
btn-privacy = 🔒 Мои данные
language-name-ru = 🇷🇺 Русский
language-name-en = 🇬🇧 English

## Main menu
menu-greeting =
    Здравствуйте, { $name }! 👋
    Это бот программы наставничества, которую проводит <b>{ $org }</b>. Здесь наставники и наставляемые находят друг друга, договариваются о встречах и отвечают на опросы, а куратор ведёт программу.
menu-title = <b>{ $org }</b> — главное меню
menu-prompt = Выберите, что сделать:
menu-language-changed = ✅ Теперь я говорю по-русски.
menu-outdated = Это меню устарело, открываю новое.

## Language
language-prompt = Выберите язык бота:

## Help
help-text =
    <b>Что умеет бот</b>
    /menu — главное меню
    /pair — моя пара: наставник или наставляемые, как связаться
    /meetings — встречи: ближайшие и прошедшие, назначить, перенести, ответить
    /plan — индивидуальный план: задачи, сроки, что выполнено
    /profile — моя анкета: посмотреть и изменить ответы
    /privacy — мои данные: что хранится, скачать, отозвать согласие
    /language — язык: русский или английский
    /cancel — прервать текущее действие
    /help — эта справка

    Если что-то не получается, напишите куратору программы.
help-curator =
    <b>Для кураторов</b>
    /event — встречи-нетворкинги: создать, QR-код для отметки, завершить
    /match — подбор пар: предложение с причинами, утверждение
    /pairs — пары: приказ, бумажное соглашение, встречи и план, «без встреч 30 дней», завершение
    /survey — мониторинг: опросы по дорожной карте (1–20 декабря, 1–20 мая), доля ответивших, результаты с диаграммой, новые сроки, опрос сейчас
    /stats — статистика программы и показатели дорожной карты, с диаграммами; там же численность школы
    /broadcast — рассылка: текст, фото или файл; кому, сколько получателей, предпросмотр, ход отправки и «Остановить»
    /export — выгрузка года в Excel (реестр, согласия, анкеты, пары, встречи, планы, опросы, показатели, формы статистики, журнал) и CSV
    /participants — участники: количество, поиск по имени, бумажные согласия
    /curator — кураторы программы: список, добавить, убрать

## Cancel
cancel-done = Действие отменено. Главное меню — /menu.
cancel-nothing = Сейчас нечего отменять. Главное меню — /menu.

## What the bot did not understand
fallback-text = Я не понял сообщение. Откройте меню — /menu — или справку — /help.
fallback-command = Я не знаю команды { $command }. Список команд — /help.
fallback-button = Эта кнопка больше не работает. Откройте меню заново: /menu

## Errors
error-generic = Что-то пошло не так, и я не смог это выполнить. Попробуйте ещё раз чуть позже; если не получится, напишите куратору программы.

## Curators
curator-title = <b>Кураторы программы</b>
curator-line-settings = • <b>{ $name }</b> (id <code>{ $id }</code>) — из настроек бота
curator-line-added = • <b>{ $name }</b> (id <code>{ $id }</code>) — куратор с { $date }, по приглашению: { $by }
curator-people =
    В боте { $people ->
        [one] { $people } человек
        [few] { $people } человека
        [many] { $people } человек
       *[other] { $people } человека
    }, из них заблокировали бота: { $blocked }.
curator-usage =
    Пригласить коллегу куратором — кнопкой ниже или командой <code>/curator invite</code>: придёт ссылка, которую нужно переслать коллеге.
    Убрать куратора: <code>/curator remove 123456789</code> (числовой id из списка выше).
curator-added = Куратор <code>{ $id }</code> добавлен.
curator-already = <code>{ $id }</code> уже куратор.
curator-removed = Куратор <code>{ $id }</code> больше не куратор.
curator-not-curator = <code>{ $id }</code> не куратор.
curator-from-settings = Куратор <code>{ $id }</code> указан в настройках бота (CURATOR_IDS), убрать его можно только там.
curator-self = Себя убрать нельзя: попросите другого куратора.
curator-not-allowed = Добавлять и убирать кураторов могут только кураторы программы.
curator-bad-id = Не понял id. Он состоит только из цифр, например: <code>/curator add 123456789</code>
curator-welcome = Вас назначили куратором программы наставничества, которую проводит <b>{ $org }</b>. Команды кураторов — в /help.

## Who you are
onboarding-role = Кем вы хотите быть в программе наставничества?
role-mentor = 🧑‍🏫 Хочу быть наставником
role-mentee = 🙋 Мне нужен наставник
role-short-mentor = наставник
role-short-mentee = наставляемый
onboarding-category = Кто вы?
category-mentee-student = Ученик, ученица
category-mentee-teacher = Педагог или молодой специалист
category-mentor-senior_student = Старшеклассник
category-mentor-teacher = Педагог
category-mentor-graduate = Выпускник школы
category-mentor-parent = Родитель
category-mentor-employer = Представитель работодателя или партнёра
category-mentor-college_student = Студент колледжа или вуза
onboarding-age = Сколько вам лет?
age-under14 = Меньше 14
age-14to17 = 14–17
age-18plus = 18 и больше

## Profile
profile-done = ✅ Готово
profile-saved = ✅ Анкета сохранена.
qerr-required = Сначала ответьте на этот вопрос: он обязательный.

## Privacy
privacy-what =
    <b>Ваши данные</b>
    Мы храним ваш идентификатор в Телеграме, язык бота и время последнего обращения — без них бот не сможет вам отвечать.
privacy-given = С вашим согласием от { $date } мы также храним ваше имя, роль в программе и ответы на анкету — чтобы подобрать наставническую пару и вести реестр участников программы. Их видят только кураторы.
privacy-by-parent = Согласие дал ваш родитель или законный представитель.
privacy-not-given = Согласия на обработку персональных данных нет, поэтому больше ничего о вас не хранится.
privacy-rights = Можно получить всё, что о вас хранится: понятной сводкой здесь, в чате, и полной копией в файле. Отозвать согласие можно в любой момент — тогда ваши данные будут удалены.
privacy-download = 📥 Скачать мои данные
privacy-withdraw = 🗑 Отозвать согласие
privacy-confirm = Отозвать согласие? Ваше имя, ответы на анкеты и данные о согласии будут удалены без возможности восстановления, а куратор программы получит уведомление. Останется только отметка о том, что согласие отозвано.
privacy-confirm-yes = Да, отозвать и удалить
privacy-confirm-no = Нет, оставить
privacy-file = Полная копия тех же данных — файлом для компьютера (JSON).
privacy-sum-title = 📋 <b>Что бот хранит о вас</b>
privacy-sum-who = <b>Кто вы в программе</b>
privacy-sum-name = Имя: { $name }
privacy-sum-telegram = Имя в Телеграме: { $name }
privacy-sum-username = Ник в Телеграме: @{ $username }
privacy-sum-role = Роль: { $role } ({ $category })
privacy-sum-age = Возраст: { $age }
privacy-sum-no-role = Роль в программе не выбрана.
privacy-sum-since = Впервые написали боту: { $date }
privacy-sum-consents = <b>Согласие на обработку данных</b>
privacy-sum-consent = { $status ->
    [given] ✅ { $date } — { $kind ->
        [parent] согласие дал родитель или законный представитель{ $parent ->
            [none] {""}
           *[other] : { $parent }
        }
        [paper] бумажное согласие, куратор отметил его в боте
       *[self] вы дали согласие сами
    }
    [declined] ❌ { $date } — { $kind ->
        [parent] родитель не дал согласия
       *[other] вы не дали согласия
    }
   *[withdrawn] 🗑 { $date } — согласие отозвано
}
privacy-sum-none = нет
privacy-sum-answers = <b>{ $title }</b> · { $submitted ->
    [yes] отправлена { $date }
   *[no] не отправлена
}
privacy-sum-events = <b>Встречи, на которых вы отметились</b>
privacy-sum-event = • { $title } — { $date }
privacy-sum-pairs = <b>Наставнические пары</b>
privacy-sum-pair = • { $side ->
        [mentor] Вы — наставник, в паре с вами — { $partner }
       *[other] Ваш наставник — { $partner }
    }: { $status ->
        [waiting] ждём, пока все примут соглашение
        [active] работает с { $started }
        [paused] на паузе, работает с { $started }
        [completed] завершена по сроку { $ended }
       *[ended] завершена { $ended }
    }. Срок соглашения — { $months ->
        [one] { $months } месяц
        [few] { $months } месяца
        [many] { $months } месяцев
       *[other] { $months } месяца
    }.
privacy-withdrawn = Согласие отозвано, ваши данные удалены. Если захотите вернуться в программу, отправьте /start.

## Participants (curators)
curator-consent-withdrawn = Участник <code>{ $id }</code> отозвал согласие на обработку персональных данных; его данные удалены.
participants-title = <b>Участники программы</b>
participants-count-line = • { $label }: { $count }
participants-consents = Согласий: { $given }, отказов: { $declined }, отозвано: { $withdrawn }. Ждут согласия родителя: { $pending }.
participants-usage = Найти участника: <code>/participants фамилия или имя</code>
participants-found = { $count ->
        [0] Поиск «{ $query }» — никого не нашлось.
        [one] Поиск «{ $query }» — найден { $count } участник:
        [few] Поиск «{ $query }» — найдено { $count } участника:
        [many] Поиск «{ $query }» — найдено { $count } участников:
       *[other] Поиск «{ $query }» — найдено { $count } участника:
    }
participants-row = • <b>{ $name }</b> — { $role }, { $category }{ $grade }; согласие: { $consent }; анкета: { $questionnaire }
participants-class = , { $grade } класс
participants-submitted = заполнена
participants-not-submitted = не заполнена
participants-pending = Ждёт согласия родителя: <b>{ $name }</b> (id <code>{ $id }</code>), ссылка от { $date }.
participants-paper = 📄 Бумажное согласие получено
participants-paper-done = Бумажное согласие отмечено.
participants-paper-refused-already = Согласие этого участника уже действует: отмечать бумажное не нужно.
participants-paper-refused-withdrawn = Участник отозвал согласие: бумажное согласие, подписанное раньше, больше не действует. Если семья передумала, ребёнок заново начинает в боте с /start.
participants-paper-refused-not-waiting = Этот участник сейчас не ждёт согласия родителя, поэтому бумажное согласие отметить нельзя.
participants-paper-refused-unknown = Такого участника больше нет.
participants-paper-refused-not-curator = Отмечать бумажные согласия могут только кураторы программы.
paper-consent-child = ✅ Куратор получил бумажное согласие. Теперь можно заполнить анкету.
consent-status-none = нет
consent-status-declined = отказ
consent-status-withdrawn = отозвано
consent-status-outdated = нужно обновить
consent-status-given = есть

## Shared answers
btn-continue = ▶️ Продолжить
unavailable = Это сейчас недоступно.
hint-buttons = Здесь нужно нажать одну из кнопок — вот они ещё раз.
# The pager under a long list of buttons: «◀️ 1/2 ▶️».
pager-prev = ◀️
pager-page = { $page }/{ $pages }
pager-next = ▶️

## Home screens by role
menu-title-curator = <b>{ $org }</b> — кабинет куратора программы
home-participants = 👥 Участники · { $count }{ $waiting ->
        [0] {""}
       *[other] {" "}· ждут родителя { $waiting }
    }
home-events = 📅 Встречи-нетворкинги{ $open ->
        [0] {""}
       *[other] {" "}· открыто { $open }
    }
home-match = 🧩 Подбор пар{ $unpaired ->
        [0] {""}
       *[other] {" "}· без пары { $unpaired }
    }
home-pairs = 🤝 Пары · { $count }{ $waiting ->
        [0] {""}
       *[other] {" "}· ждут соглашения { $waiting }
    }
home-export = 📊 Выгрузка
home-curators = 🛠 Кураторы
home-export-wait = Готовлю файл…
btn-join-curator = 🙋 Участвовать в программе самому
btn-my-pair = 🤝 Моя пара
btn-contact = 💬 Куратор
contact-curators = Куратор программы в Телеграме: { $usernames }. Напишите, если что-то непонятно или нужна помощь.
contact-none = Куратор пока не оставил контакта в Телеграме. Спросите о программе у классного руководителя или в школе.
next-questionnaire = <b>Что дальше:</b> заполните анкету до конца — так куратор сможет подобрать пару.
next-agreement = <b>Что дальше:</b> соглашение о наставничестве ждёт вашего ответа — откройте «Моя пара».
next-choose-mentee = <b>Что дальше:</b> выберите наставников, с которыми хотели бы работать, до { $until }.
next-choose-mentor = <b>Что дальше:</b> отметьте наставляемых, с которыми хотели бы работать, до { $until }.
next-waiting = <b>Что дальше:</b> соглашение приняли ещё не все — ждём остальных. Мы напишем, как только пара начнёт работу.
next-working-mentee = <b>Ваш наставник</b> — { $partners }. Подробности и контакты — в «Моя пара».
next-working-mentor = { $count ->
        [one] <b>В паре с вами</b> — { $partners }.
       *[other] <b>В паре с вами</b>: { $partners }.
    } Подробности и контакты — в «Моя пара».
next-event = <b>Что дальше:</b> встреча-нетворкинг «{ $title }» — { $when }, { $place }. Отметьтесь на ней по QR-коду, а после встречи выберите, с кем хотели бы работать.
next-searching = <b>Что дальше:</b> куратор подбирает пары после встречи-нетворкинга. Мы напишем, как только пара сложится.
home-children-title = <b>{ $count ->
        [one] Ваш ребёнок в программе
       *[other] Ваши дети в программе
    }</b>
home-child = { $name }: { $status }
home-child-pair-none = пара ещё подбирается
home-child-pair-waiting = соглашение ждёт ответа
home-child-pair-active = пара работает
btn-child-agreements = 📄 Соглашения ребёнка
btn-child-withdraw-open = ⛔ Отозвать согласие за ребёнка
btn-child-withdraw = Отозвать согласие: { $name }
child-withdraw-confirm = Отзыв согласия удалит данные ребёнка из программы: анкету, выбор наставника и пару. Ребёнок узнает об этом из бота. Чьё согласие отозвать?
child-withdraw-none = Среди согласий нет тех, что давали вы: отозвать можно только своё.
child-consent-withdrawn = ✅ Согласие отозвано, данные ребёнка удалены.
consent-withdrawn-by-parent = Ваш родитель отозвал согласие на участие в программе наставничества, и ваши данные удалены. Если захотите вернуться, начните заново с /start.
participants-total = Всего { $count ->
        [one] { $count } участник
        [few] { $count } участника
        [many] { $count } участников
       *[other] { $count } участника
    }.
participants-attention = Ждут действия: без анкеты — { $questionnaire }, без пары — { $unpaired }, ждут согласия родителя — { $parent }.
btn-curator-invite = ➕ Пригласить куратора
btn-curator-share = 📨 Переслать коллеге
curator-invite-link =
    Ссылка для нового куратора — перешлите её коллеге. Она действует { $days ->
        [one] { $days } день
        [few] { $days } дня
        [many] { $days } дней
       *[other] { $days } дня
    } и только для одного человека; кто её откроет, станет куратором программы.
    { $link }
curator-invite-joined = ✅ Вы — куратор программы. Ниже — ваш рабочий экран; команды кураторов — в /help.
curator-invite-already = Вы уже куратор программы.
curator-invite-unknown = Такой ссылки нет. Попросите куратора прислать новую.
curator-invite-used = По этой ссылке уже стал куратором другой человек. Попросите куратора прислать новую.
curator-invite-expired = Срок действия ссылки истёк. Попросите куратора прислать новую.
curator-invite-void = Куратор, который прислал эту ссылку, больше не куратор, поэтому ссылка не действует.
curator-joined = По ссылке-приглашению к кураторам присоединился новый куратор (id <code>{ $id }</code>).
curator-no-name = имя скрыто
curator-invite-minor = Эта ссылка — для взрослых сотрудников школы: куратором программы участник младше 18 лет стать не может. Если ссылка пришла вам по ошибке, просто не открывайте её.
home-child-unnamed = ваш ребёнок
next-parent-consent = <b>Что дальше:</b> ждём согласия родителя. Если ссылка потерялась или истекла, получите новую и перешлите её родителю.
btn-parent-wait = 🔗 Ссылка для родителя
contact-school = { $school }: { $contact }
next-paused = <b>Что дальше:</b> пара на паузе. Когда будете готовы продолжить, снимите паузу в «Моя пара».
