"""Choosing whom to work with after an event: states, getters, handlers and the dialog."""
