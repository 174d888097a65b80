"""The review workflow: the transition table and its pure rules (`table`),
the desk's queue read from it (`queue`), and the services that make each
transition (`services`)."""
