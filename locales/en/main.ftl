## Commands in Telegram's menu (plain text, up to 256 characters)
cmd-start = Start and open the main menu
cmd-menu = Main menu
cmd-help = What the bot can do
cmd-language = Language: Russian or English
cmd-cancel = Stop what you are doing
cmd-curator = Programme curators

## Buttons (plain text)
btn-help = ℹ️ Help
btn-language = 🌐 Language
btn-curator = 🛠 For curators
btn-back = ⬅️ Back
language-name-ru = 🇷🇺 Русский
language-name-en = 🇬🇧 English

## Main menu
menu-greeting =
    Hello, { $name }! 👋
    This is the bot of the mentoring programme “<b>{ $org }</b>”. Here mentors and mentees find each other, arrange meetings and answer surveys, and the curator runs the programme.
menu-title = <b>{ $org }</b>: main menu
menu-prompt = What would you like to do?
menu-language-changed = ✅ I speak English now.
menu-outdated = This menu is out of date, opening a new one.

## Language
language-prompt = Choose the bot's language:

## Help
help-text =
    <b>What the bot can do</b>
    /menu — main menu
    /language — language: Russian or English
    /cancel — stop what you are doing
    /help — this help

    If something does not work, write to the programme's curator.
help-curator =
    <b>For curators</b>
    /curator — programme curators: list, add, remove

## Cancel
cancel-done = Cancelled. Main menu: /menu.
cancel-nothing = There is nothing to cancel. Main menu: /menu.

## What the bot did not understand
fallback-text = I did not understand that. Open the menu with /menu or the help with /help.
fallback-command = I do not know the command { $command }. The list of commands: /help.
fallback-button = This button no longer works. Open the menu again: /menu

## Errors
error-generic = Something went wrong and I could not do that. Please try again a little later; if it still fails, write to the programme's curator.

## Curators
curator-title = <b>Programme curators</b>
curator-line-settings = • <code>{ $id }</code>: from the bot's settings
curator-line-added = • <code>{ $id }</code>: added by curator <code>{ $by }</code> on { $date }
curator-people =
    { $people ->
        [one] { $people } person uses
       *[other] { $people } people use
    } the bot; { $blocked } of them blocked it.
curator-usage =
    Add a curator: <code>/curator add 123456789</code>
    Remove one: <code>/curator remove 123456789</code>
    Use the numeric Telegram id. A new curator sees their commands once they write to the bot.
curator-added = Curator <code>{ $id }</code> added.
curator-already = <code>{ $id }</code> is a curator already.
curator-removed = <code>{ $id }</code> is no longer a curator.
curator-not-curator = <code>{ $id }</code> is not a curator.
curator-from-settings = Curator <code>{ $id }</code> is named in the bot's settings (CURATOR_IDS) and can be removed only there.
curator-self = You cannot remove yourself: ask another curator.
curator-bad-id = I could not read the id. It is made of digits only, for example: <code>/curator add 123456789</code>
curator-welcome = You are now a curator of the programme “<b>{ $org }</b>”. Curators' commands are in /help.
