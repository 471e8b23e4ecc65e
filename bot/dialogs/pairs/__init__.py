"""/pairs for curators: states, getters, handlers and the dialog."""
