"""Production mode refuses to start without a real secret key and allowed hosts."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_PRINT_SETTINGS = "import config.settings as s; print(s.DEBUG, s.ALLOWED_HOSTS)"


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "dict.example.org,testserver",
}


def _load_settings(**env) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
    environment.pop("DJANGO_SECRET_KEY", None)
    environment.pop("DJANGO_ALLOWED_HOSTS", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", env.pop("script", _PRINT_SETTINGS)],
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


def test_mail_goes_by_smtp_when_a_host_is_set():
    script = "import config.settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT)"
    smtp = _load_settings(script=script, EMAIL_HOST="mail.example.org", EMAIL_PORT="2525")
    assert smtp.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.org",
        "2525",
    ]
    console = _load_settings(script="import config.settings as s; print(s.EMAIL_BACKEND)")
    assert console.stdout.strip() == "django.core.mail.backends.console.EmailBackend"


WHITENOISE_SCRIPT = """
import django
from django.core.management import call_command
from django.templatetags.static import static
django.setup()
call_command("collectstatic", interactive=False, verbosity=0)
from django.test import Client
response = Client().get(static("headword.css"))
print(response.status_code, static("headword.css") != "/static/headword.css",
      "immutable" in response.headers.get("Cache-Control", ""))
"""


def test_production_serves_hashed_static_files_through_whitenoise(tmp_path):
    result = _load_settings(
        script=WHITENOISE_SCRIPT,
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "True", "True"]
