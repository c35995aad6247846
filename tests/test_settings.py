"""Production mode refuses to start without a real secret key and allowed hosts."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.cache.backends.redis import RedisCache

from config.redis_cache import ReusedClientRedisCache

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
    # The browser tests set it in this process when they are collected; a deployment never
    # has it, and check --deploy rightly refuses it.
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
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


def _refusal(result: subprocess.CompletedProcess) -> str:
    """The last line of the traceback: the ImproperlyConfigured message itself."""
    assert result.returncode != 0
    return result.stderr.strip().splitlines()[-1]


def test_production_refuses_a_short_secret_key():
    message = _refusal(_load_settings(**{**PRODUCTION, "DJANGO_SECRET_KEY": "x" * 31}))
    assert "ImproperlyConfigured" in message
    assert "DJANGO_SECRET_KEY" in message and "DJANGO_ALLOWED_HOSTS" not in message


def test_production_refuses_the_development_key_given_explicitly():
    # The development key is a public string; setting it by hand must not pass as a secret.
    from config.settings import DEVELOPMENT_SECRET_KEY

    # Long enough to pass the length rule, so only the explicit comparison can refuse it.
    assert len(DEVELOPMENT_SECRET_KEY) >= 32
    message = _refusal(
        _load_settings(**{**PRODUCTION, "DJANGO_SECRET_KEY": DEVELOPMENT_SECRET_KEY})
    )
    assert "DJANGO_SECRET_KEY" in message and "DJANGO_ALLOWED_HOSTS" not in message


def test_production_with_a_good_key_but_no_hosts_names_only_the_hosts():
    message = _refusal(_load_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50))
    assert "DJANGO_ALLOWED_HOSTS" in message and "DJANGO_SECRET_KEY" not in message


_PRINT_CACHE = (
    "import config.settings as s; c = s.CACHES['default']; "
    "print(c['BACKEND'], c.get('LOCATION', '-'))"
)


def test_cache_is_redis_when_a_redis_url_is_set():
    result = _load_settings(script=_PRINT_CACHE, REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "config.redis_cache.ReusedClientRedisCache",
        "redis://127.0.0.1:6379/0",
    ]
    # Django's Redis cache, keeping its clients (config/redis_cache.py).
    assert issubclass(ReusedClientRedisCache, RedisCache)


def test_cache_is_local_memory_without_a_redis_url():
    # An empty value counts as unset, and overrides any REDIS_URL in the test environment.
    result = _load_settings(script=_PRINT_CACHE, REDIS_URL="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.core.cache.backends.locmem.LocMemCache"


def test_the_local_memory_cache_holds_thousands_of_pages():
    # Django's default, 300 keys, is culled by 300 popular entry pages and their parts.
    script = "import config.settings as s; print(s.CACHES['default']['OPTIONS']['MAX_ENTRIES'])"
    assert _load_settings(script=script, REDIS_URL="").stdout.strip() == "5000"
    more = _load_settings(script=script, REDIS_URL="", HEADWORD_LOCAL_CACHE_ENTRIES="20000")
    assert more.stdout.strip() == "20000"


# The production settings the README documents for a site behind a TLS proxy.
DOCUMENTED_PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3J9-vQ2x_Lm8Rt4Zp7Wn1Yb6Hc5Fd0Gs2Ue9Ai4Oq7Tr3Ex8Kw1Vy5Nj6Mz0Pl2Ba",
    "DJANGO_ALLOWED_HOSTS": "dictionary.example.org",
    "DJANGO_SSL_REDIRECT": "1",
    "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "HEADWORD_BASE_URL": "https://dictionary.example.org",
}


def test_check_deploy_is_clean_with_the_documented_production_settings():
    script = (
        "import sys, django; django.setup(); from django.core.management import call_command;"
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    environment = {**DOCUMENTED_PRODUCTION, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = _load_settings(**environment, script=script)
    assert result.returncode == 0, result.stderr


def test_tls_settings_come_from_the_environment():
    script = (
        "import config.settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = _load_settings(**DOCUMENTED_PRODUCTION, script=script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "31536000",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
    ]
