"""Networking events for curators: states, getters, handlers and the dialog."""
