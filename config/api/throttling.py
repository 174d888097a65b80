"""Rate limits read from settings at request time (DRF's own classes read
them once, at import), counted in the default cache: Redis in production.

DRF's throttles keep the list of every request's time in the last window
and read and write it whole on each request: a client near a limit of
1 200 a minute sends some 10 KB to Redis and back per request, and a client
under a load test far more (docs/benchmarks.md). These count instead, as a
sliding window over two fixed ones (this minute's count, and the last
minute's weighted by how much of it the window still covers): one round
trip to Redis per request, a few bytes, whatever the rate. As with DRF's
own, a refused request does not count (it is taken back, a second round trip
for refusals only): a client that waits its `Retry-After` gets through, and
one that keeps knocking meanwhile does not lengthen its own wait.
"""

from __future__ import annotations

import logging
import math

from django.conf import settings
from django.core.cache import cache
from rest_framework import throttling

from config.client_address import client_address

logger = logging.getLogger(__name__)


def _counts(current: str, previous: str, ttl: int) -> tuple[int, int]:
    """Add one to `current` and read both counters. On Redis one pipelined
    round trip; with Redis down the request is let through (fail open, as
    the cache is configured to)."""
    client = getattr(cache, "client", None)
    if client is not None and hasattr(client, "get_client"):  # django-redis
        try:
            redis = client.get_client(write=True)
            pipe = redis.pipeline(transaction=False)
            pipe.incr(cache.make_key(current))
            pipe.expire(cache.make_key(current), ttl)
            pipe.get(cache.make_key(previous))
            now, _, before = pipe.execute()
            return int(now), int(before or 0)
        except Exception as error:  # redis-py's connection and timeout errors
            logger.warning("Throttle counters unavailable (%s): request let through", error)
            return 0, 0
    cache.add(current, 0, ttl)
    return cache.incr(current), int(cache.get(previous) or 0)


def _uncount(current: str) -> None:
    """Take back the one `_counts` added to `current` (a refused request)."""
    try:
        cache.decr(current)
    except Exception as error:  # gone or unreachable: nothing left to take back
        logger.warning("Throttle counter not taken back (%s)", error)


class _WindowCounter:
    """`SimpleRateThrottle` with its history list replaced by two counters."""

    def get_rate(self):
        return settings.CLAIMTRACE_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        # DRF's own reads X-Forwarded-For from anyone: a new value a request
        # was a new client. The one rule of the client's address instead.
        return client_address(request)

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        elapsed = now - window * self.duration
        key = f"{self.key}:{window}"
        current, previous = _counts(key, f"{self.key}:{window - 1}", ttl=2 * self.duration)
        # the last window's count weighs as much of it as the window still covers
        # (rounded, so that at the second Retry-After named 3 × (1 - 40/60) is 1,
        # not 1.0000000000000002, and the request is let through)
        estimate = round(previous * (1 - elapsed / self.duration) + current, 6)
        if estimate <= self.num_requests:
            return True
        _uncount(key)
        remaining = self.duration - elapsed
        if previous and current <= self.num_requests:
            # until the last window's share has fallen by the excess
            wait = min(remaining, (estimate - self.num_requests) * self.duration / previous)
        else:  # this window alone is over: at least until it closes
            wait = remaining
        self.wait_seconds = max(1, math.ceil(wait))
        return False

    def wait(self) -> float | None:
        return getattr(self, "wait_seconds", None)


class AnonThrottle(_WindowCounter, throttling.AnonRateThrottle):
    pass


class ClientThrottle(_WindowCounter, throttling.UserRateThrottle):
    """Per authenticated user, i.e. per API client's token owner."""
