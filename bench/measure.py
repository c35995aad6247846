"""Timing requests through Django's test client: percentiles, query counts, peak memory."""

import math
import resource
import statistics
import time
from dataclasses import asdict, dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

# The targets: (p95 ms, most queries) per group; None means no query budget.
TARGETS = {
    "public": (50.0, 8),
    "search": (100.0, None),
    "admin": (150.0, None),
    "bare": (None, None),
}


@dataclass
class Measurement:
    label: str
    url: str
    group: str
    status: int
    runs: int
    p50_ms: float
    p95_ms: float
    queries: int
    ratio_to_bare: float = 0.0

    def meets_target(self) -> bool | None:
        budget_ms, budget_queries = TARGETS[self.group]
        if budget_ms is None:
            return None
        within_queries = budget_queries is None or self.queries <= budget_queries
        return self.status == 200 and self.p95_ms < budget_ms and within_queries

    def as_dict(self) -> dict:
        return {**asdict(self), "meets_target": self.meets_target()}


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile of the samples."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1))
    return ordered[rank]


def time_page(client: Client, label: str, url: str, group: str, *, runs: int) -> Measurement:
    """Fetch ``url`` a few times to warm up, ``runs`` times timed, once counting queries."""
    for _ in range(2):
        status = client.get(url).status_code
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    # Counted apart: capturing queries makes every query a little slower.
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return Measurement(
        label=label,
        url=url,
        group=group,
        status=status,
        runs=runs,
        p50_ms=round(statistics.median(samples), 2),
        p95_ms=round(percentile(samples, 0.95), 2),
        queries=len(queries),
    )


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
