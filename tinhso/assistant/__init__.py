"""The procedure assistant (issue 16): a citizen's question in everyday Vietnamese →
the procedures that answer it, best first, from the catalogue only."""
