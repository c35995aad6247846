"""Tests of the project configuration: settings, middleware."""
