"""Fixtures shared by the whole suite."""

import pytest

from tests import factories


@pytest.fixture
def editor(db):
    return factories.make_user("editor", role="Editors")


@pytest.fixture
def reviewer(db):
    return factories.make_user("reviewer", role="Reviewers")


@pytest.fixture
def chief(db):
    return factories.make_user("chief", role="Editors-in-chief")
