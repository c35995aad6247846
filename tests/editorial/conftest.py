"""Every editorial test runs with the real roles that setup_roles creates."""

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def roles(db):
    factories.make_roles()
