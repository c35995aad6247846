"""Redis as the shared cache: what one worker publishes or withdraws, another shows at once.

The other worker is a real second process (``manage.py shell``) on the same test database
and Redis server. Needs PostgreSQL (the second process must see committed rows) and Redis at
``HEADWORD_TEST_REDIS_URL``; CI sets ``HEADWORD_REQUIRE_REDIS=1`` so that on PostgreSQL it
fails, rather than skips, without Redis.
"""

import os
import subprocess
import sys
import uuid

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dictionary.caching import bump_publication_generation
from editorial import services
from tests import factories

REDIS_URL = os.environ.get("HEADWORD_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_is_up() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError:
        return False


_ON_POSTGRESQL = django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
_missing = (
    "needs PostgreSQL"
    if not _ON_POSTGRESQL
    else None
    if _redis_is_up()
    else f"needs Redis at {REDIS_URL}"
)
if _ON_POSTGRESQL and _missing and os.environ.get("HEADWORD_REQUIRE_REDIS") == "1":
    raise RuntimeError(f"HEADWORD_REQUIRE_REDIS=1 but this test {_missing}")
pytestmark = [
    pytest.mark.skipif(_missing is not None, reason=_missing or ""),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def shared_cache(settings):
    prefix = f"headword-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.ReusedClientRedisCache",  # as settings.py has it
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.HEADWORD_PAGE_CACHE_SECONDS = 600  # as in production: pages kept in Redis
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def _in_another_worker(prefix: str, code: str) -> None:
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": REDIS_URL, "REDIS_KEY_PREFIX": prefix}
    env.pop("DATABASE_REPLICA_URL", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_a_withdrawal_in_one_worker_is_seen_by_another_at_once(shared_cache):
    factories.make_roles()
    factories.make_user("chief", role="Editors-in-chief")
    factories.make_published("Serge, Victor", body="A revolutionary. See [[Radek, Karl]].")
    factories.make_published("Radek, Karl", body="A journalist. See [[Serge, Victor]].")
    reader = Client()
    for url in ["/entries/serge-victor/", "/entries/", "/entries/radek-karl/", "/"]:
        assert b"serge-victor" in reader.get(url).content  # now kept in Redis
    _in_another_worker(
        shared_cache,
        "from django.contrib.auth.models import User\n"
        "from dictionary.models import Entry\n"
        "from editorial.services import unpublish\n"
        "unpublish(entry=Entry.objects.get(slug='serge-victor'),"
        " user=User.objects.get(username='chief'), reason='Withdrawn')\n",
    )
    assert reader.get("/entries/serge-victor/").status_code == 410  # Gone, with its date
    for url in ["/entries/", "/entries/radek-karl/", "/"]:
        # Radek's approved text names him still, but nothing lists him or links to him.
        assert "serge-victor" not in reader.get(url).content.decode(), url


def test_a_publication_in_one_worker_is_seen_by_another_at_once(shared_cache):
    factories.make_published("Radek, Karl", body="A journalist.")
    reader = Client()
    assert b"Trotsky" not in reader.get("/entries/").content
    _in_another_worker(
        shared_cache,
        "from tests import factories\nfactories.make_published('Trotsky, Leon')\n",
    )
    assert b"Trotsky, Leon" in reader.get("/entries/").content
    assert reader.get("/entries/trotsky-leon/").status_code == 200


def test_the_redis_cache_keeps_one_client_and_works_after_a_fork(shared_cache):
    # gunicorn loads the site in its master and forks the workers: a client kept from
    # before the fork must open the child's own connection, not share the parent's socket.
    backend = caches["default"]
    backend.set("before-fork", "parent", 60)
    client = backend._cache.get_client("before-fork")
    assert backend._cache.get_client("another") is client
    child = os.fork()
    if child == 0:
        ok = False
        try:
            backend.set("in-child", "child", 60)
            ok = backend.get("before-fork") == "parent" and backend._cache.get_client() is client
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert backend.get_many(["before-fork", "in-child"]) == {
        "before-fork": "parent",
        "in-child": "child",
    }


def test_a_kept_entry_page_outlives_a_publication_that_does_not_touch_it(
    shared_cache, django_assert_num_queries
):
    factories.make_published("Lenin, V. I.", body="A revolutionary.")
    reader = Client()
    first = reader.get("/entries/lenin-v-i/")
    assert reader.get("/entries/").status_code == 200  # both kept in Redis
    factories.make_published("Trotsky, Leon", body="Organised the Red Army.")
    with django_assert_num_queries(0):  # answered from Redis: no view, no database
        again = reader.get("/entries/lenin-v-i/")
    assert again.content == first.content
    assert again["ETag"] != first["ETag"]  # with the validators of the new generation
    assert reader.get("/entries/lenin-v-i/", HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304
    bump_publication_generation()  # everything changed (generate_entries, a theme renamed)
    with CaptureQueriesContext(connection) as rendered:
        assert reader.get("/entries/lenin-v-i/").status_code == 200
    assert rendered.captured_queries  # the view ran again
    # A listing depends on every entry: it is rendered again.
    assert b"Trotsky, Leon" in reader.get("/entries/").content


def test_a_kept_page_is_rendered_again_when_an_entry_it_names_or_links_changes(shared_cache):
    factories.make_roles()
    chief = factories.make_user("chief", role="Editors-in-chief")
    radek = factories.make_published("Radek, Karl", body="A journalist.")
    factories.make_published(
        "Serge, Victor", body="Knew [[Radek, Karl]] and wrote of [[Trotsky, Leon]]."
    )
    reader = Client()
    page = reader.get("/entries/serge-victor/").content.decode()
    assert 'href="/entries/radek-karl/"' in page and "/entries/trotsky-leon/" not in page
    # A target it links to by name, published for the first time: the link goes live.
    factories.make_published("Trotsky, Leon", body="Organised the Red Army.")
    assert 'href="/entries/trotsky-leon/"' in reader.get("/entries/serge-victor/").content.decode()
    # A new entry referring to it: it is listed among those referring to it.
    factories.make_published("Kibalchich, Vlady", body="Son of [[Serge, Victor]].")
    assert "/entries/kibalchich-vlady/" in reader.get("/entries/serge-victor/").content.decode()
    # A target it links to, withdrawn: the link goes dead.
    services.unpublish(entry=radek, user=chief, reason="Withdrawn")
    assert "/entries/radek-karl/" not in reader.get("/entries/serge-victor/").content.decode()
