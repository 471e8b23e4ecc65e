"""The programme's rules, with no Telegram and no database in them."""
