"""The school mentoring programme's Telegram bot."""
