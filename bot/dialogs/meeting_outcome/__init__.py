"""After «Встреча состоялась?» is answered: the mentor's optional note."""
