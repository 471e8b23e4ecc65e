"""Questionnaires as data: the model, the YAML loader and the engine."""
