"""/pair for participants: states, getters, handlers and the dialog."""
