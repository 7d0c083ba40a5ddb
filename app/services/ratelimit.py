"""A per-client token bucket, in memory (one per server process).

Each client (an API key id, or a client address) has a bucket of ``burst`` tokens that
refills at ``per_minute / 60`` tokens a second; a request takes one token or is refused
with the seconds until one is back.

>>> limiter = TokenBuckets(per_minute=60, burst=2, clock=lambda: 0.0)
>>> limiter.take("k"), limiter.take("k"), limiter.take("k")
(0.0, 0.0, 1.0)
>>> [limiter.take("tiles", cost=0.25) for _ in range(9)][-2:]
[0.0, 0.25]
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

MAX_CLIENTS = 10_000
"""Above this many tracked clients, buckets that are full again are forgotten."""


class TokenBuckets:
    def __init__(
        self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if per_minute <= 0 or burst <= 0:
            raise ValueError("per_minute and burst must be positive")
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, client: str, cost: float = 1.0) -> float:
        """0.0 when the request may go ahead, else the seconds to wait. ``cost`` is what
        the request takes from the bucket (a map tile takes a fraction of one)."""
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= cost:
                self._buckets[client] = (tokens - cost, now)
                wait = 0.0
            else:
                self._buckets[client] = (tokens, now)
                wait = (cost - tokens) / self.rate
            if len(self._buckets) > MAX_CLIENTS:
                self._forget_full(now)
        return wait

    def _forget_full(self, now: float) -> None:
        for client, (tokens, last) in list(self._buckets.items()):
            if tokens + (now - last) * self.rate >= self.burst:
                del self._buckets[client]
