"""Headword settings, read from environment variables with safe development defaults.

Development needs nothing set. Production (DJANGO_DEBUG=0) refuses to start until
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are given.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

DEVELOPMENT_SECRET_KEY = "headword-development-only-not-secret"


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = _env_flag("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "") or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS") or (
    ["127.0.0.1", "localhost", "testserver"] if DEBUG else []
)

if not DEBUG:
    missing = []
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 32:
        missing.append("DJANGO_SECRET_KEY (a random string of at least 32 characters)")
    if not ALLOWED_HOSTS:
        missing.append("DJANGO_ALLOWED_HOSTS (comma-separated host names, e.g. dictionary.org)")
    if missing:
        raise ImproperlyConfigured(
            "Production mode (DJANGO_DEBUG=0) needs these environment variables: "
            + "; ".join(missing)
        )
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SESSION_COOKIE_SECURE = _env_flag("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Behind TLS (README, "Running in production"): off by default, so that `make serve` on a
# plain-HTTP address keeps working; the documented production settings turn them on.
SECURE_SSL_REDIRECT = _env_flag("DJANGO_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _env_flag("DJANGO_HSTS_PRELOAD", True)
# The header a TLS-terminating proxy sets to "https" (e.g. X-Forwarded-Proto): requests that
# carry it count as secure, so absolute URLs (citations, the feed) come out https. Only set
# it when the proxy strips the header from what clients send.
if os.environ.get("DJANGO_PROXY_SSL_HEADER"):
    _header = os.environ["DJANGO_PROXY_SSL_HEADER"].strip().upper().replace("-", "_")
    SECURE_PROXY_SSL_HEADER = (f"HTTP_{_header}", "https")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "reversion",
    "dictionary",
    "editorial",
    "editorial.quality",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above sessions and CSRF: it must see the cookies and Vary headers they add.
    "dictionary.http_caching.PrivateResponsesMiddleware",
    "dictionary.replicas.ReaderReplicaMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Below what every answer needs (security headers, replica routing, CORS, the private
    # downgrade), above sessions, CSRF, auth and messages, which a kept page does without.
    "dictionary.http_caching.CachedPagesMiddleware",
    "config.middleware.AdminParameterGuard",
    "config.middleware.PublicStatementTimeout",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.ContentSecurityPolicy",  # django-csp's, its policy built once
    "config.middleware.PermissionsPolicy",
]

# Content-Security-Policy (django-csp): scripts and styles only from this site's files, never
# inline ones (no <style>, no style attributes), on the public site and in the admin alike;
# no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    # Swagger UI starts itself with an inline script (drf-spectacular's page).
    "EXCLUDE_URL_PREFIXES": ["/api/v1/docs/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dictionary.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if os.environ.get("HEADWORD_TEST_DB_NAME"):
    # Lets parallel test runs on one PostgreSQL server keep out of each other's way.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["HEADWORD_TEST_DB_NAME"]}
if os.environ.get("DATABASE_REPLICA_URL"):
    # A streaming replica of the primary: the reader's site reads from it (dictionary.replicas).
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
    # Tests create no database on the replica (it is read-only and copies the primary's);
    # tests/conftest.py points it at the real replica's copy when HEADWORD_TEST_REPLICA is set.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["dictionary.replicas.ReplicaRouter"]
# How long a publication waits, at most, for the replica to replay it (dictionary.replicas).
HEADWORD_REPLICA_WAIT_SECONDS = float(os.environ.get("HEADWORD_REPLICA_WAIT_SECONDS", "5"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's RedisCache, with a Redis client kept instead of one built per call.
            "BACKEND": "config.redis_cache.ReusedClientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # Lets several sites (or test runs) share one Redis server.
            "KEY_PREFIX": os.environ.get("REDIS_KEY_PREFIX", ""),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Django's default of 300 keys holds fewer pages than a reader's site has.
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("HEADWORD_LOCAL_CACHE_ENTRIES", "5000"))},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"

# With debug off Django writes a failed request's traceback nowhere (it mails ADMINS, which
# we leave empty): print it to standard error, where gunicorn and runserver show it. The 500
# page tells the reader the error has been recorded.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"debug_off": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "errors": {"class": "logging.StreamHandler", "level": "ERROR", "filters": ["debug_off"]}
    },
    "loggers": {"django.request": {"handlers": ["errors"]}},
}

# Mail: the console by default; SMTP when EMAIL_HOST is set.
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _env_flag("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Headword <headword@localhost>")

# What the reader's site calls the work it publishes.
HEADWORD_TITLE = os.environ.get("HEADWORD_TITLE", "Headword Historical Dictionary")
HEADWORD_PUBLISHER = os.environ.get("HEADWORD_PUBLISHER", "The Headword editors")
HEADWORD_BASE_URL = os.environ.get("HEADWORD_BASE_URL", "http://127.0.0.1:8000")
# Where build_downloads writes the readers' bulk downloads of the current editions.
HEADWORD_DOWNLOADS_DIR = Path(
    os.environ.get("HEADWORD_DOWNLOADS_DIR") or BASE_DIR / "var" / "downloads"
)
# Whom library harvesters write to about the OAI-PMH repository (/oai/).
HEADWORD_ADMIN_EMAIL = os.environ.get("HEADWORD_ADMIN_EMAIL", "editors@example.org")

# HTTP caching of the reader's site (dictionary.http_caching): how long shared caches (a CDN,
# a caching proxy) keep a current page, and serve it stale while fetching it again.
HEADWORD_CACHE_SECONDS = int(os.environ.get("HEADWORD_CACHE_SECONDS", "60"))
HEADWORD_STALE_SECONDS = int(os.environ.get("HEADWORD_STALE_SECONDS", "30"))
# How long a rendered current page is kept in the cache for readers without a session (0:
# not at all); the next publication makes it stale at once, as its key holds the generation.
HEADWORD_PAGE_CACHE_SECONDS = int(os.environ.get("HEADWORD_PAGE_CACHE_SECONDS", "600"))
# Part of every page's ETag: set it per deployment (e.g. the commit) so that pages of the
# previous release are not taken for current.
HEADWORD_RELEASE = os.environ.get("HEADWORD_RELEASE", "")
# After a publication or withdrawal commits, POST the surrogate keys to purge here (none: off).
HEADWORD_PURGE_URL = os.environ.get("HEADWORD_PURGE_URL", "")
HEADWORD_PURGE_AUTHORIZATION = os.environ.get("HEADWORD_PURGE_AUTHORIZATION", "")
HEADWORD_PURGE_TIMEOUT = float(os.environ.get("HEADWORD_PURGE_TIMEOUT", "3"))

# Trailing site text a scraped seed document may end with, stripped on import and reported
# (regular expressions, matched where they run to the end of a line). Replace the list with
# HEADWORD_IMPORT_BOILERPLATE, patterns separated by newlines.
HEADWORD_IMPORT_BOILERPLATE = [
    pattern
    for pattern in os.environ.get(
        "HEADWORD_IMPORT_BOILERPLATE",
        "\n".join(
            [
                r"Index of the Letter [A-Z]\b[^\n]{0,200}$",
                r"Compiled by [^\n.]{1,120}\.?$",
                r"(?:Copyright|©) [^\n]{0,160}All rights reserved\.?$",
                r"Back to (?:top|the index)\.?$",
            ]
        ),
    ).split("\n")
    if pattern.strip()
]
# The work as a publication, for the about page and every citation (README, "Configuration").
# General editors: names as a title page prints them ("Ann Lee and Tom Roe"; a body's name
# is kept whole).
HEADWORD_EDITORS = os.environ.get("HEADWORD_EDITORS", "Headword Editorial Board")
HEADWORD_PLACE = os.environ.get("HEADWORD_PLACE", "")
HEADWORD_ISSN = os.environ.get("HEADWORD_ISSN", "")
HEADWORD_ISBN = os.environ.get("HEADWORD_ISBN", "")
HEADWORD_LICENSE = os.environ.get("HEADWORD_LICENSE", "CC BY 4.0")
HEADWORD_LICENSE_URL = os.environ.get(
    "HEADWORD_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"
)

# The read API (/api/v1/) and OAI-PMH (/oai/): published content, read by anyone.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "URL_FORMAT_OVERRIDE": "format",
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{HEADWORD_TITLE} API",
    "DESCRIPTION": "Published entries of the dictionary, read-only. Nothing unpublished is "
    "ever served: every answer is built from the current editions.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The documentation's scripts and styles come from the sidecar package, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# Requests a minute (or /second, /hour, /day) one anonymous address may make of the API;
# empty for no limit.
HEADWORD_API_RATE = os.environ.get("HEADWORD_API_RATE", "120/minute") or None
# Anyone may read the API and OAI-PMH from a browser page of their own; nothing else.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/(api|oai)/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# The longest a query of a public page may run on PostgreSQL before it is cancelled (the
# reader gets a 503); 0 for no limit. The admin and management commands have none.
HEADWORD_PUBLIC_STATEMENT_TIMEOUT_MS = int(
    os.environ.get("HEADWORD_PUBLIC_STATEMENT_TIMEOUT_MS", "5000")
)
