"""`make loadtest`: readers, editors and reviewers at once against `make serve` on loopback.

Builds (once) a PostgreSQL database of synthetic entries, starts `make serve` (gunicorn, debug
off) on it with the given workers and cache, and drives it for a bounded time from one
asyncio process: readers fetch home, lists, filters, searches, entries and editions while
editors save drafts through the admin and submit some, and reviewers approve them. Then it
stops the server and reports requests/s, p50/p95/p99 and errors per kind of request, and
whether any reader was ever sent unapproved text: editors' drafts carry canary words that
are never approved; text that is approved later must not reach a reader before approval.

The cached entry pages (``--scenario entries``) are read by wrk when it is installed: a
Python client on this 2-core machine took a core of its own and measured itself. wrk's
script (bench/loadtest.lua) checks every page for the canary of never-approved drafts; the
other scenarios, and the check that approved text never arrives early, stay in Python.

    python -m bench.loadtest --workers 2 --redis redis://127.0.0.1:6379/0 --duration 30
    python -m bench.loadtest --scenario entries   # cached entry pages only
    python -m bench.loadtest --scenario search    # searches the page cache cannot answer
"""

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STAFF_PASSWORD = "loadtest-not-secret"
CANARY = "zqxcanary"
RUN = secrets.token_hex(4)
SEARCH_TERMS = [
    "revolution", "party", "congress", "exile", "strike", "union", "war", "press",
    "socialism", "trotsky", "lenin", "moscow", "paris", "council", "workers", "history",
    "zinovyev", "bukharn", "kamenef", "comintern", "international", "democracy",
]  # fmt: skip
POPULAR = 300  # entry pages the cached scenario reads: a reader's site's most read
FILTERS = ["type=person", "letter=S", "type=event", "century=20", "sort=date", "sort=revised"]


# The server --------------------------------------------------------------------------


# Never the bench's databases, the test runs' or the server's own: the editors write.
_FORBIDDEN_NAMES = re.compile(r"^(headword_bench.*|test.*|postgres|template\d)$")


def ensure_database(database_url: str) -> None:
    """Create the load test's database if it is missing; refuse a name it must not use."""
    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name) or _FORBIDDEN_NAMES.match(name):
        raise SystemExit(f"Not a database the load test may build and write to: {name!r}")
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))

    def psql(sql: str) -> str:
        done = subprocess.run(
            ["psql", maintenance, "-Atc", sql], check=True, capture_output=True, text=True
        )
        return done.stdout.strip()

    if not psql(f"select 1 from pg_database where datname = '{name}'"):
        print(f"Creating the database {name} ...", flush=True)
        psql(f'create database "{name}"')


def prepare_database(database_url: str, entries: int) -> None:
    """Migrate, set up roles and staff, and generate the entries if the database is empty."""
    env = {**os.environ, "DATABASE_URL": database_url}

    def manage(*args):
        subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)

    manage("migrate", "--noinput", "--verbosity", "0")
    manage("setup_roles")
    manage("create_demo_accounts", "--password", STAFF_PASSWORD)
    count = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from dictionary.models import Edition; print(Edition.objects.current().count())"],
        cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    if int(count.splitlines()[-1]) == 0:
        print(f"Generating {entries} entries (once) ...", flush=True)
        manage("generate_entries", str(entries))


def site_urls(database_url: str) -> dict:
    """Slugs and edition URLs to read, and entries for the editors, straight from the
    database (psql, so that this process stays free of Django)."""

    def rows(sql: str) -> list[list[str]]:
        out = subprocess.run(
            ["psql", database_url, "-AtF", "\t", "-c", sql],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        return [line.split("\t") for line in out.splitlines() if line]

    current = rows(
        "select entry_id, slug, number from dictionary_edition where is_current order by entry_id"
    )
    return {
        "entries": [f"/entries/{slug}/" for _, slug, _ in current],
        "editions": [f"/entries/{slug}/editions/{number}/" for _, slug, number in current],
        "entry_ids": [int(entry_id) for entry_id, _, _ in current],
    }


def start_server(args, database_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_COOKIES": "0",  # plain HTTP on loopback
        "WEB_CONCURRENCY": str(args.workers),
        "HEADWORD_THREADS": str(args.threads),
        "HEADWORD_BIND": f"127.0.0.1:{args.port}",
    }
    env.pop("DATABASE_REPLICA_URL", None)
    if args.redis and args.redis != "none":
        env["REDIS_URL"] = args.redis
        env["REDIS_KEY_PREFIX"] = redis_prefix()
    else:
        env.pop("REDIS_URL", None)
    return subprocess.Popen(
        ["make", "--no-print-directory", "serve"],
        cwd=BASE_DIR, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL if args.quiet else None,
    )  # fmt: skip


def redis_prefix() -> str:
    """This run's keys in Redis: each run starts with an empty cache, as a new site would."""
    return f"loadtest-{os.getpid()}"


def forget_redis_keys(url: str) -> int:
    """Delete this run's keys from the shared Redis server (the generation counters have no
    expiry and would stay for ever); returns how many there were."""
    import redis  # only here: the rest of the driver needs nothing beyond the standard library

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(f"{redis_prefix()}:*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])
    return len(keys)


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


async def wait_until_up(port: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status, _, _ = await http(port, "GET", "/")
            if status == 200:
                return
        except OSError:
            pass
        await asyncio.sleep(0.5)
    raise SystemExit(f"The server did not answer on port {port} within {timeout} s")


# A small HTTP/1.1 client (gunicorn's sync workers close each connection) ---------------


async def http(port: int, method: str, path: str, *, headers=None, body: bytes = b""):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    data = await reader.read(-1)
    writer.close()
    head, _, content = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    response_headers = []
    for line in header_lines:
        name, _, value = line.partition(":")
        response_headers.append((name.strip().lower(), value.strip()))
    return int(status_line.split()[1]), response_headers, content


class Session:
    """A staff member's cookies and CSRF token."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    async def request(self, method: str, path: str, form: dict | list | None = None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = b""
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        status, response_headers, content = await http(
            self.port, method, path, headers=headers, body=body
        )
        for name, value in response_headers:
            if name == "set-cookie":
                for key, morsel in SimpleCookie(value).items():
                    self.cookies[key] = morsel.value
        return status, dict(response_headers), content.decode("utf-8", "replace")

    async def log_in(self, username: str) -> None:
        _, _, page = await self.request("GET", "/admin/login/")
        fields = dict(forms_of(page)[0]["fields"])
        fields.update(username=username, password=STAFF_PASSWORD)
        status, _, _ = await self.request("POST", "/admin/login/?next=/admin/", fields)
        if status != 302:
            raise SystemExit(f"Could not log in as {username} (status {status})")


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": []})
        elif not self.forms:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.forms[-1]["fields"].append((a["name"], a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.forms[-1]["fields"].append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            text = self._textarea[1]
            self.forms[-1]["fields"].append((self._textarea[0], text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


def forms_of(page: str) -> list[dict]:
    parser = _FormParser()
    parser.feed(page)
    return parser.forms


def without_extra_rows(fields: list) -> list:
    """The form without the inlines' empty extra rows, as a browser with scripts sends it:
    the change form offers one of each for browsers without them (whose defaults, sent
    back as they are, the citation row refuses: "Choose the work cited")."""
    initial = {
        key.removesuffix("-INITIAL_FORMS"): int(value)
        for key, value in fields
        if key.endswith("-INITIAL_FORMS")
    }

    def kept(key: str) -> bool:
        prefix, _, rest = key.partition("-")
        index = rest.split("-", 1)[0]
        return not (prefix in initial and index.isdigit() and int(index) >= initial[prefix])

    return [
        (
            key,
            str(initial[key.removesuffix("-TOTAL_FORMS")])
            if key.endswith("-TOTAL_FORMS")
            else value,
        )
        for key, value in fields
        if kept(key)
    ]


def with_field(fields: list, name: str, value: str) -> list:
    return [(key, value if key == name else old) for key, old in fields]


# The load ------------------------------------------------------------------------------


@dataclass
class Results:
    times: dict = field(default_factory=dict)  # kind -> [seconds]
    errors: dict = field(default_factory=dict)  # kind -> count
    leaks: list = field(default_factory=list)
    approved_at: dict = field(default_factory=dict)  # marker -> when its approval began
    pending: set = field(default_factory=set)  # markers meant for approval
    awaiting: dict = field(default_factory=dict)  # entry id -> marker awaiting approval
    summaries: dict = field(default_factory=dict)  # kind -> wrk's own figures
    load_before: tuple = ()  # the machine's load averages as the run started and ended
    load_after: tuple = ()

    def record(self, kind: str, seconds: float, ok: bool) -> None:
        self.times.setdefault(kind, []).append(seconds)
        if not ok:
            self.errors[kind] = self.errors.get(kind, 0) + 1


def reader_request(scenario: str, urls: dict, rng: random.Random, counter) -> tuple[str, str]:
    """(kind, path) of a reader's next request in the scenario."""
    unique = f"nocache={next(counter)}"
    if scenario == "entries":  # a few hundred popular entries: the page cache answers
        return "entry (cached)", rng.choice(urls["entries"][:POPULAR])
    if scenario == "search":
        return "search (uncached)", f"/entries/?q={rng.choice(SEARCH_TERMS)}&{unique}"
    if scenario == "uncached":
        kind, path = reader_request("mix", urls, rng, counter)
        return f"{kind} (uncached)", path + ("&" if "?" in path else "?") + unique
    roll = rng.random()
    if roll < 0.10:
        return "home", "/"
    if roll < 0.20:
        return "list", rng.choice(["/entries/", f"/entries/?letter={rng.choice('ABCMST')}"])
    if roll < 0.30:
        return "filter", f"/entries/?{rng.choice(FILTERS)}"
    if roll < 0.45:
        return "search", f"/entries/?q={rng.choice(SEARCH_TERMS)}"
    if roll < 0.90:
        return "entry", rng.choice(urls["entries"])
    return "edition", rng.choice(urls["editions"])


async def reader(port, scenario, urls, results: Results, deadline, seed, counter):
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        kind, path = reader_request(scenario, urls, rng, counter)
        started = time.monotonic()
        try:
            status, _, content = await http(port, "GET", path)
        except OSError:
            results.record(kind, time.monotonic() - started, False)
            continue
        results.record(kind, time.monotonic() - started, status in (200, 404))
        check_leak(results, path, content)


def check_leak(results: Results, path: str, content: bytes) -> None:
    """Called as soon as a reader's page has arrived, before anything else runs: submitted
    text on it whose approval the reviewer had not even begun to send is a leak.

    Not a leak: text whose approval began while the page was on its way. The approval
    commits during the reviewer's POST, and a page asked for before it began may be
    rendered after that commit (a run on this shared machine counted one such page, a reader
    request of up to 2.5 s, as a leak when this compared with the request's start)."""
    if CANARY.encode() in content:
        results.leaks.append(f"{path}: a never-approved draft")
    for marker in list(results.pending):
        if marker.encode() in content and marker not in results.approved_at:
            results.leaks.append(f"{path}: {marker} before its approval began")


async def editor(port, entry_ids, results: Results, deadline, seed, *, submit_every=2, pause=0.0):
    """Save drafts through the admin change form; every ``submit_every``-th is submitted;
    ``pause`` seconds between saves (0: as fast as the server answers).

    Each editor has entries of its own, apart for drafts (canary words, never submitted) and
    for submissions, and touches a submitted entry again only after its approval: so each
    approved text is exactly one submission's, and a canary can never be approved."""
    rng = random.Random(seed)
    drafts, submitted = entry_ids[0::2], entry_ids[1::2]
    session = Session(port)
    await session.log_in("editor")
    saves = 0
    while time.monotonic() < deadline:
        saves += 1
        submit = saves % submit_every == 0
        if submit:
            waiting = {entry for entry, marker in results.awaiting.items()}
            entry_id = rng.choice([entry for entry in submitted if entry not in waiting])
            # Unique to this run (the database keeps earlier runs' approved text) and closed
            # by "q", so that no marker is part of another ("...x1" of "...x10").
            marker = f"approvable{RUN}r{seed}x{saves}q"
            results.pending.add(marker)
            results.awaiting[entry_id] = marker
        else:
            entry_id, marker = rng.choice(drafts), f"{CANARY}{seed}x{saves}"
        ok = await save_entry(session, entry_id, marker, results)
        if ok and submit:
            await timed(results, "editor submit", submit_entry(session, entry_id))
            await reviewer_queue.put((entry_id, marker))
        elif submit:
            results.awaiting.pop(entry_id, None)
        await asyncio.sleep(pause)


async def save_entry(session: Session, entry_id: int, marker: str, results: Results) -> bool:
    path = f"/admin/dictionary/entry/{entry_id}/change/"
    started = time.monotonic()
    _, _, page = await session.request("GET", path)
    form = next((f for f in forms_of(page) if any(k == "body" for k, _ in f["fields"])), None)
    if form is None:
        results.record("editor save", time.monotonic() - started, False)
        return False
    body = dict(form["fields"])["body"]
    fields = with_field(
        without_extra_rows(form["fields"]), "body", f"{body.rstrip()}\n\nAdded: {marker}."
    )
    status, _, _ = await session.request("POST", path, fields + [("_continue", "1")])
    results.record("editor save", time.monotonic() - started, status == 302)
    return status == 302


async def submit_entry(session: Session, entry_id: int) -> bool:
    path = f"/admin/dictionary/entry/{entry_id}/submit/"
    _, _, page = await session.request("GET", path)
    forms = [f for f in forms_of(page) if any(k == "message" for k, _ in f["fields"])]
    if not forms:
        return False
    fields = with_field(forms[0]["fields"], "message", "Load test change")
    status, _, _ = await session.request("POST", path, fields)
    return status == 302


reviewer_queue: asyncio.Queue


async def reviewer(port, results: Results, deadline):
    session = Session(port)
    await session.log_in("reviewer")
    while time.monotonic() < deadline:
        try:
            entry_id, marker = await asyncio.wait_for(reviewer_queue.get(), timeout=1)
        except TimeoutError:
            continue
        results.approved_at[marker] = time.monotonic()
        await timed(results, "reviewer approve", approve_entry(session, entry_id))
        results.awaiting.pop(entry_id, None)


async def approve_entry(session: Session, entry_id: int) -> bool:
    review = f"/admin/dictionary/entry/{entry_id}/review/"
    _, _, page = await session.request("GET", review)
    forms = [f for f in forms_of(page) if f["action"].endswith("/review/decide/")]
    if not forms:
        return False  # an editor changed it again: the submission was withdrawn
    fields = [(k, v) for k, v in forms[0]["fields"] if k != "decision"]
    fields += [("decision", "approve"), ("comments", "Approved in the load test")]
    status, _, _ = await session.request("POST", forms[0]["action"], fields)
    return status == 302


async def timed(results: Results, kind: str, action) -> None:
    started = time.monotonic()
    try:
        ok = await action
    except OSError:
        ok = False
    results.record(kind, time.monotonic() - started, ok)


async def warm_up(port: int, paths: list[str], rounds: int, concurrency: int = 8) -> None:
    """Fetch each page ``rounds`` times, as a running site would have been: with a cache
    in each worker, each worker needs its own copy, and which worker answers is chance."""
    queue = [path for _ in range(rounds) for path in paths]

    async def fetch(share: list[str]):
        for path in share:
            await http(port, "GET", path)

    await asyncio.gather(*(fetch(queue[n::concurrency]) for n in range(concurrency)))


def wrk_paths(scenario: str, urls: dict) -> tuple[list[str], str, bool]:
    """(paths, kind, unique) of wrk's readers: the popular entry pages for the cached
    scenario; for the uncached one, the Python readers' mix drawn ahead (seeded), each
    request's address made unique by wrk's script."""
    if scenario == "entries":
        return urls["entries"][:POPULAR], "entry (cached, wrk)", False
    rng, counter = random.Random(0), iter(range(10**12))
    paths = [reader_request("mix", urls, rng, counter)[1] for _ in range(20000)]
    return paths, "mixed reads (uncached, wrk)", True


async def wrk_readers(args, urls: dict, results: Results) -> None:
    """``args.readers`` connections of wrk reading the scenario's pages for the run."""
    chosen, kind, unique = wrk_paths(args.scenario, urls)
    with tempfile.TemporaryDirectory() as folder:
        paths = Path(folder) / "paths.txt"
        paths.write_text("\n".join(chosen) + "\n")
        command = [
            "wrk", f"-t{args.wrk_threads}", f"-c{args.readers}",
            f"-d{max(1, round(args.duration))}s", "--timeout", "10s",
            "-s", str(BASE_DIR / "bench" / "loadtest.lua"),
            f"http://127.0.0.1:{args.port}", "--", str(paths), CANARY,
            *(["unique"] if unique else []),
        ]  # fmt: skip
        process = await asyncio.create_subprocess_exec(
            *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        try:
            out, err = await asyncio.wait_for(process.communicate(), args.duration + 30)
        except TimeoutError:
            process.kill()
            raise SystemExit("wrk did not stop within 30 s of the run's end") from None
    lines = [line for line in out.decode().splitlines() if line.startswith("LOADTEST ")]
    if process.returncode or not lines:
        raise SystemExit(f"wrk failed ({process.returncode}): {err.decode()[-2000:]}")
    summary = json.loads(lines[-1].removeprefix("LOADTEST "))
    results.summaries[kind] = summary
    if summary["leaks"]:
        results.leaks.append(f"{summary['leaks']} pages with a never-approved draft")


async def drive(args, urls: dict) -> tuple[Results, float]:
    global reviewer_queue
    reviewer_queue = asyncio.Queue()
    results = Results()
    await wait_until_up(args.port)
    counter = iter(range(10**12))
    shared_cache = args.redis and args.redis != "none"
    # Each worker needs its own copy of the popular pages when it has a cache of its own.
    rounds = 3 * args.workers if args.scenario == "entries" and not shared_cache else 1
    await warm_up(args.port, urls["entries"][:POPULAR], rounds)
    if args.warm_all:  # what a site up for a while keeps: each edition's citations, for days
        print(f"Warming {len(urls['entries'])} entries and their editions ...", flush=True)
        await warm_up(args.port, urls["entries"] + urls["editions"], 1)
    results.load_before = os.getloadavg()
    started = time.monotonic()
    deadline = started + args.duration
    if args.driver == "wrk":
        tasks = [wrk_readers(args, urls, results)]
    else:
        tasks = [
            reader(args.port, args.scenario, urls, results, deadline, seed, counter)
            for seed in range(args.readers)
        ]
    if args.editors:
        ids = urls["entry_ids"][-200 * args.editors :]  # each editor gets 200 of its own
        tasks += [
            editor(
                args.port,
                ids[n :: args.editors],
                results,
                deadline,
                1000 + n,
                pause=args.editor_pause,
            )
            for n in range(args.editors)
        ]
        tasks += [reviewer(args.port, results, deadline)]
    await asyncio.gather(*tasks)
    results.load_after = os.getloadavg()
    return results, time.monotonic() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _row(kind: str, times: list[float], errors: int, elapsed: float) -> dict:
    return {
        "kind": kind,
        "requests": len(times),
        "per_second": round(len(times) / elapsed, 1),
        "p50_ms": round(statistics.median(times) * 1000, 1),
        "p95_ms": round(percentile(times, 0.95) * 1000, 1),
        "p99_ms": round(percentile(times, 0.99) * 1000, 1),
        "errors": errors,
    }


def _wrk_row(kind: str, summary: dict) -> dict:
    return {
        "kind": kind,
        "requests": summary["requests"],
        "per_second": round(summary["requests"] / summary["seconds"], 1),
        "p50_ms": round(summary["p50_ms"], 1),
        "p95_ms": round(summary["p95_ms"], 1),
        "p99_ms": round(summary["p99_ms"], 1),
        "errors": summary["errors"] + summary["non_2xx_3xx"],
    }


def report(args, results: Results, elapsed: float) -> dict:
    rows = [
        _row(kind, times, results.errors.get(kind, 0), elapsed)
        for kind, times in results.times.items()
    ]
    rows += [_wrk_row(kind, summary) for kind, summary in results.summaries.items()]
    rows.sort(key=lambda row: row["kind"])
    every = [t for times in results.times.values() for t in times]
    if every and not results.summaries:  # wrk's percentiles cannot be merged with these
        rows.append(_row("all", every, sum(results.errors.values()), elapsed))
    load = f"{results.load_before[0]:.2f} -> {results.load_after[0]:.2f}"
    print(f"\nworkers {args.workers} x {args.threads} threads, cache {args.redis or 'none'}, "
          f"scenario {args.scenario} ({args.driver}), {args.readers} readers, "
          f"{args.editors} editors (pause {args.editor_pause:g} s), {elapsed:.1f} s, "
          f"load average {load}")  # fmt: skip
    print(f"{'kind':<28}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"{'errors':>8}")  # fmt: skip
    for row in rows:
        print(f"{row['kind']:<28}{row['requests']:>9}{row['per_second']:>9}{row['p50_ms']:>9}"
              f"{row['p95_ms']:>9}{row['p99_ms']:>9}{row['errors']:>8}")  # fmt: skip
    approvals = len(results.times.get("reviewer approve", []))
    print(f"approvals: {approvals}; leaks of unapproved text to readers: {len(results.leaks)}")
    for leak in results.leaks[:10]:
        print("  LEAK", leak)
    return {
        "settings": vars(args),
        "elapsed": elapsed,
        "load_average": {"start": results.load_before, "end": results.load_after},
        "rows": rows,
        "leaks": results.leaks,
    }


def choose_driver(wanted: str, scenario: str) -> str:
    """wrk reads the cached entry pages when it is installed, and the uncached mix when asked
    (it checks pages for the never-approved canary only; the Python readers also check that
    approved text never arrives before its approval); Python does the rest."""
    if wanted == "wrk" and scenario not in ("entries", "uncached"):
        raise SystemExit(
            "wrk drives only --scenario entries and uncached; the others need the Python readers"
        )
    if wanted == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    if wanted == "auto":
        return "wrk" if scenario == "entries" and shutil.which("wrk") else "python"
    return wanted


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/headword_loadtest"
        ),
    )
    parser.add_argument("--entries", type=int, default=5000, help="built once if empty")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads a worker")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0", help="or 'none'")
    parser.add_argument("--duration", type=float, default=30, help="seconds of load")
    parser.add_argument("--readers", type=int, default=16, help="concurrent readers")
    parser.add_argument("--editors", type=int, default=2, help="editors (one reviewer)")
    parser.add_argument(
        "--editor-pause",
        type=float,
        default=0.0,
        help="seconds each editor waits between saves (0: saving as fast as the server "
        "answers, far beyond any editorial team; 5: an editor saving every few seconds)",
    )
    parser.add_argument(
        "--scenario", choices=["mix", "entries", "search", "uncached"], default="mix"
    )
    parser.add_argument(
        "--driver",
        choices=["auto", "python", "wrk"],
        default="auto",
        help="who reads: wrk for the entries scenario when installed (auto), else Python",
    )
    parser.add_argument(
        "--warm-all",
        action="store_true",
        help="read every entry and edition page once before the run (a shared cache then "
        "holds each edition's citations, kept for days, as on a site up for a while)",
    )
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--json", default=str(BASE_DIR / "bench-results" / "loadtest.json"))
    parser.add_argument("--quiet", action="store_true", help="hide the server's output")
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgres"):
        raise SystemExit("The load test runs on PostgreSQL (--database-url postgres://...)")
    args.driver = choose_driver(args.driver, args.scenario)
    ensure_database(args.database_url)
    prepare_database(args.database_url, args.entries)
    urls = site_urls(args.database_url)
    server = start_server(args, args.database_url)
    try:
        results, elapsed = asyncio.run(drive(args, urls))
    finally:
        stop_server(server)
        if args.redis and args.redis != "none":
            forget_redis_keys(args.redis)
    summary = report(args, results, elapsed)
    Path(args.json).parent.mkdir(exist_ok=True)
    Path(args.json).write_text(json.dumps(summary, indent=2) + "\n")
    failed = summary["leaks"] or any(row["errors"] for row in summary["rows"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
