"""The questionnaire screens: states, getters, handlers and the dialog, one module each."""
