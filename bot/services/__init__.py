"""Services: the program's operations on the database, with no Telegram in them."""
