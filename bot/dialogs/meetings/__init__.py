"""/meetings: lists, a new meeting, a move, answers."""
