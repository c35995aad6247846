"""Tests of the editorial quality checks."""
