"""The read API under /api/v1/: published content only, read from the current editions."""
