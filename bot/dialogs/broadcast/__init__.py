"""/broadcast for curators: states, getters, handlers and the dialog."""
