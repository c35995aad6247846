"""`make demo` as a visitor meets it: Headword's own 404 and 500 pages, static files served,
addresses that follow its HOST, and the logins printed last."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1:8123"

# Run in the environment the demo's server gets: a missing page, a view that fails, a static
# file, and the settings that decide them.
_VISIT = """
import django
from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static
django.setup()
call_command("collectstatic", interactive=False, verbosity=0)
import config.urls
from django.urls import path

def broken(request):
    raise RuntimeError("a bug in a view")

config.urls.urlpatterns.append(path("broken/", broken))
from django.test import Client
client = Client(raise_request_exception=False, HTTP_HOST=settings.HEADWORD_BASE_URL.removeprefix("http://"))
for address in ["/no-such-page/", "/broken/"]:
    response = client.get(address)
    print("=====", address, response.status_code)
    print(response.content.decode())
print("=====", "static", client.get(static("headword.css")).status_code)
print("=====", "settings", settings.DEBUG, settings.HEADWORD_BASE_URL, settings.ALLOWED_HOSTS)
"""


def _demo_commands(secret: Path) -> list[str]:
    result = subprocess.run(
        ["make", "--dry-run", "demo", f"HOST={HOST}", f"DEMO_SECRET={secret}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def _server_environment(commands: list[str]) -> str:
    """The environment assignments before ``manage.py runserver``, as make would run them."""
    (server,) = [command for command in commands if "manage.py runserver" in command]
    assert server.endswith(f"manage.py runserver {HOST}")
    return server.split("manage.py runserver")[0].rsplit(" ", 2)[0]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    secret = folder / "secret"
    secret.write_text("a-secret-for-this-test-only-" + "x" * 40)
    commands = _demo_commands(secret)
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "HEADWORD_")) and key != "DATABASE_URL"
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DATABASE_URL=f"sqlite:///{folder / 'unused.sqlite3'}",
    )
    script = f"{_server_environment(commands)} exec {shlex.quote(sys.executable)} -c "
    visit = subprocess.run(
        ["sh", "-c", script + shlex.quote(_VISIT)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert visit.returncode == 0, visit.stderr
    parts = visit.stdout.split("===== ")[1:]
    answers = {part.split()[0]: part.split("\n", 1) for part in parts}
    return commands, answers, visit.stderr


def test_a_missing_page_in_the_demo_is_headwords_404(demo):
    _, answers, _ = demo
    status, page = answers["/no-such-page/"]
    assert status.split()[-1] == "404"
    assert "<title>Page not found · Headword Historical Dictionary</title>" in page
    assert 'href="/entries/">browsing A–Z</a>' in page
    # Styled: the stylesheet is the collected, hashed one WhiteNoise serves.
    assert '<link rel="stylesheet" href="/static/headword.' in page
    assert "technical_404" not in page and "DEBUG = True" not in page


def test_an_error_in_the_demo_is_headwords_500_with_the_traceback_on_the_console(demo):
    _, answers, console = demo
    status, page = answers["/broken/"]
    assert status.split()[-1] == "500"
    assert "<h1>Something went wrong on our side</h1>" in page
    assert "a bug in a view" not in page and "Traceback" not in page
    assert "RuntimeError: a bug in a view" in console


def test_the_demo_serves_static_files_and_its_addresses_follow_host(demo):
    _, answers, _ = demo
    assert answers["static"][0].split() == ["static", "200"]
    debug, base_url, hosts = answers["settings"][0].split(" ", 3)[1:]
    assert debug == "False" and base_url == f"http://{HOST}"
    assert "'127.0.0.1'" in hosts and "'localhost'" in hosts


def test_the_demo_prints_the_logins_last_before_serving(demo):
    commands, _, _ = demo
    steps = [
        command.split("manage.py ")[-1].split()[0] for command in commands if "manage.py" in command
    ]
    assert steps[-2:] == ["create_demo_accounts", "runserver"]
