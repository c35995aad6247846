"""The bench's arithmetic and its verdicts against the issue's targets."""

from bench.measure import Measurement, percentile


def _measurement(group, p95, queries=3, status=200):
    return Measurement("page", "/", group, status, 20, p95 / 2, p95, queries)


def test_percentile_is_nearest_rank():
    samples = [float(n) for n in range(1, 101)]
    assert percentile(samples, 0.5) == 50.0
    assert percentile(samples, 0.95) == 95.0
    assert percentile([7.0], 0.95) == 7.0


def test_public_pages_need_speed_and_few_queries():
    assert _measurement("public", 49.0).meets_target() is True
    assert _measurement("public", 51.0).meets_target() is False
    assert _measurement("public", 10.0, queries=9).meets_target() is False
    assert _measurement("public", 10.0, status=400).meets_target() is False


def test_search_and_admin_have_their_own_budgets():
    assert _measurement("search", 99.0, queries=20).meets_target() is True
    assert _measurement("admin", 149.0, queries=30).meets_target() is True
    assert _measurement("admin", 151.0).meets_target() is False
    assert _measurement("bare", 1.0).meets_target() is None
