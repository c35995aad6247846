"""Production mode refuses to start without a real secret key and allowed hosts."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load_settings(**env) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
    environment.pop("DJANGO_SECRET_KEY", None)
    environment.pop("DJANGO_ALLOWED_HOSTS", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.DEBUG, s.ALLOWED_HOSTS)"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_secret_or_hosts_names_what_to_set():
    result = _load_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr and "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_with_secret_and_hosts_starts():
    result = _load_settings(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="dict.example.org"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['dict.example.org']"


def test_development_defaults_need_nothing():
    result = _load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True")
