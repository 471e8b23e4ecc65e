"""A monitoring campaign's results for curators: states, getters, handlers and the dialog."""
