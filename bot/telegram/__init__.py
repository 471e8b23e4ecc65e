"""Telegram plumbing: the Bot's request middlewares, commands, text limits."""
