"""Measuring Headword at scale: the pages, search and seed import that `make bench` times."""
