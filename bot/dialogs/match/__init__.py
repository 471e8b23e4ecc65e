"""/match: the matching proposal for curators: states, getters, handlers and the dialog."""
