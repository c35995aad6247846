"""Template filters of the reader's site."""
