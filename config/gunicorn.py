"""gunicorn settings for `make serve`: address, workers and threads from the environment."""

import os

bind = os.environ.get("HEADWORD_BIND", "127.0.0.1:8000")
# WEB_CONCURRENCY is the variable gunicorn and most hosts already use for the worker count.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads, so that a worker waiting on PostgreSQL or Redis serves another request meanwhile
# (a sync worker sat idle for each round trip), and connections kept alive between requests
# from the proxy. On this 2-core machine, one cached entry page with 2 workers: 1,377
# requests/s with 4 threads and keep-alive against 290 with sync workers (wrk, 8
# connections; load average ~8 from other work). Each thread holds its own database
# connection: workers x threads of them.
worker_class = "gthread"
threads = int(os.environ.get("HEADWORD_THREADS", "4"))
keepalive = 5
# Load the application once in the master: workers start faster and share its memory.
preload_app = True
# A worker restarted now and then cannot grow without bound; the jitter keeps them from
# restarting all at once.
max_requests = 20000
max_requests_jitter = 2000
timeout = 30
# The reverse proxy in front says which requests came over HTTPS (X-Forwarded-Proto);
# only trust it from the addresses the proxy runs on.
forwarded_allow_ips = os.environ.get("HEADWORD_PROXY_IPS", "127.0.0.1,::1")
