"""The production entry points load the whole site and freeze what start-up made."""

import subprocess
import sys

import pytest
from django.conf import settings

SHOW = (
    "import gc, sys, config.{module}; "
    "print(gc.get_freeze_count(), 'dictionary.views.listing' in sys.modules, len(gc.get_objects()))"
)


@pytest.mark.parametrize("module", ["wsgi", "asgi"])
def test_loading_the_entry_point_imports_every_view_and_freezes_start_up(module):
    # In a process of its own: freezing would keep this test run's objects forever.
    shown = subprocess.run(
        [sys.executable, "-c", SHOW.format(module=module)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    frozen, views_loaded, still_collected = int(shown[0]), shown[1], int(shown[2])
    assert frozen > 10_000 and views_loaded == "True"
    assert still_collected < frozen / 100  # next to nothing is left for full collections
