"""The bench's own database: PostgreSQL ``headword_bench`` beside the configured one, or a file."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connections

# HEADWORD_BENCH_DB names another one, to measure two versions of the code side by side.
POSTGRES_NAME = os.environ.get("HEADWORD_BENCH_DB") or "headword_bench"
# HEADWORD_BENCH_SQLITE moves it (the bench's own test runs it in a temporary folder).
SQLITE_PATH = Path(
    os.environ.get("HEADWORD_BENCH_SQLITE") or Path(settings.BASE_DIR) / "var" / "bench.sqlite3"
)


def _postgres_url(settings_dict: dict, name: str) -> str:
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{name}"


def _recreate_postgres(connection, name: str, *, drop: bool) -> None:
    with connection.cursor() as cursor:
        if drop:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')


def switch_to_bench_database(*, rebuild: bool) -> str:
    """Point the default connection at the bench database (made if missing); return its URL."""
    connection = connections["default"]
    if connection.vendor == "postgresql":
        _recreate_postgres(connection, POSTGRES_NAME, drop=rebuild)
        name, url = POSTGRES_NAME, _postgres_url(connection.settings_dict, POSTGRES_NAME)
    else:
        SQLITE_PATH.parent.mkdir(exist_ok=True)
        if rebuild:
            SQLITE_PATH.unlink(missing_ok=True)
        name, url = str(SQLITE_PATH), f"sqlite:///{SQLITE_PATH}"
    connection.close()
    connection.settings_dict["NAME"] = name
    return url


def run_manage(url: str, *args: str, capture: bool = False) -> str:
    """Run a manage.py command against the bench database in a child process; with
    ``capture``, return what it printed (its stderr still shows).

    A child keeps the memory that building takes out of the peak RSS the bench reports.
    """
    environment = {**os.environ, "DATABASE_URL": url}
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args]
    done = subprocess.run(command, check=True, env=environment, capture_output=capture, text=True)
    return done.stdout if capture else ""
