## Commands in Telegram's menu (plain text, up to 256 characters)
cmd-start = Начать и открыть главное меню
cmd-menu = Главное меню
cmd-help = Что умеет бот
cmd-language = Язык: русский или английский
cmd-cancel = Прервать текущее действие
cmd-curator = Кураторы программы

## Buttons (plain text)
btn-help = ℹ️ Помощь
btn-language = 🌐 Язык
btn-curator = 🛠 Кураторам
btn-back = ⬅️ Назад
language-name-ru = 🇷🇺 Русский
language-name-en = 🇬🇧 English

## Main menu
menu-greeting =
    Здравствуйте, { $name }! 👋
    Это бот программы наставничества «<b>{ $org }</b>». Здесь наставники и наставляемые находят друг друга, договариваются о встречах и отвечают на опросы, а куратор ведёт программу.
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
    /language — язык: русский или английский
    /cancel — прервать текущее действие
    /help — эта справка

    Если что-то не получается, напишите куратору программы.
help-curator =
    <b>Для кураторов</b>
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
curator-line-settings = • <code>{ $id }</code> — из настроек бота
curator-line-added = • <code>{ $id }</code> — добавил куратор <code>{ $by }</code>, { $date }
curator-people =
    В боте { $people ->
        [one] { $people } человек
        [few] { $people } человека
       *[many] { $people } человек
    }, из них заблокировали бота: { $blocked }.
curator-usage =
    Добавить куратора: <code>/curator add 123456789</code>
    Убрать: <code>/curator remove 123456789</code>
    Нужен числовой id в Telegram. Новый куратор увидит свои команды, когда напишет боту.
curator-added = Куратор <code>{ $id }</code> добавлен.
curator-already = <code>{ $id }</code> уже куратор.
curator-removed = Куратор <code>{ $id }</code> больше не куратор.
curator-not-curator = <code>{ $id }</code> не куратор.
curator-from-settings = Куратор <code>{ $id }</code> указан в настройках бота (CURATOR_IDS), убрать его можно только там.
curator-self = Себя убрать нельзя: попросите другого куратора.
curator-bad-id = Не понял id. Он состоит только из цифр, например: <code>/curator add 123456789</code>
curator-welcome = Вас назначили куратором программы «<b>{ $org }</b>». Команды кураторов — в /help.
