"""The token bucket behind the rate limit, on a controlled clock."""

import pytest

from app.services.ratelimit import MAX_CLIENTS, TokenBuckets


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_burst_then_refill_at_the_rate():
    clock = Clock()
    buckets = TokenBuckets(per_minute=30, burst=2, clock=clock)  # one token every 2 s
    assert [buckets.take("a"), buckets.take("a")] == [0.0, 0.0]
    assert buckets.take("a") == pytest.approx(2.0)
    assert buckets.take("b") == 0.0  # clients do not share buckets
    clock.now += 1.0
    assert buckets.take("a") == pytest.approx(1.0)
    clock.now += 1.0
    assert buckets.take("a") == 0.0
    clock.now += 3600
    assert [buckets.take("a") for _ in range(3)][:2] == [0.0, 0.0]  # never above the burst


def test_forgets_full_buckets_when_tracking_many_clients():
    clock = Clock()
    buckets = TokenBuckets(per_minute=60, burst=1, clock=clock)
    for n in range(MAX_CLIENTS):
        buckets.take(f"c{n}")
    clock.now += 5
    buckets.take("late")
    assert len(buckets._buckets) == 1


def test_rejects_non_positive_limits():
    with pytest.raises(ValueError):
        TokenBuckets(per_minute=0, burst=1)
