"""/plan: a pair's individual plan — states, getters, handlers and the dialog."""
