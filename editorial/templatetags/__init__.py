"""Template tags for the staff workspace."""
