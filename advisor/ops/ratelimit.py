"""Fixed-window rate limits: at most N hits per key per window (a minute by default).

Counters live in Redis when a URL is configured, so every worker and host shares them (INCR and EXPIRE in
one MULTI transaction, so two workers can never both see the same count). Without Redis they live in this
process. If Redis stops answering, counting carries on in memory (limits then apply per worker) with a
warning in the log, and Redis is tried again a few seconds later: an outage never takes the service down.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import redis

from advisor.ops.metrics import ERRORS

log = logging.getLogger("advisor.limits")

REDIS_TIMEOUT_SECONDS = 0.25
RETRY_REDIS_AFTER_SECONDS = 5.0


class WindowCounter(Protocol):
    def hit(self, key: str, window_index: int, window_seconds: int) -> int:
        """Count one hit on `key` in window `window_index`; returns the count so far in that window."""
        ...


class MemoryCounter:
    """Counts in this process; old windows are dropped as new ones start."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()
        self._current_window = -1

    def hit(self, key: str, window_index: int, window_seconds: int) -> int:
        with self._lock:
            if window_index > self._current_window:
                self._counts = {k: v for k, v in self._counts.items() if k[1] >= window_index - 1}
                self._current_window = window_index
            count = self._counts.get((key, window_index), 0) + 1
            self._counts[(key, window_index)] = count
            return count


class RedisCounter:
    def __init__(self, client: redis.Redis, prefix: str = "advisor:rl:") -> None:
        self._client = client
        self._prefix = prefix

    @classmethod
    def from_url(cls, url: str, prefix: str = "advisor:rl:") -> RedisCounter:
        client = redis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )
        return cls(client, prefix)

    def hit(self, key: str, window_index: int, window_seconds: int) -> int:
        name = f"{self._prefix}{key}:{window_index}"
        pipe = self._client.pipeline(transaction=True)
        pipe.incr(name)
        pipe.expire(name, window_seconds + 5)
        count, _ = pipe.execute()
        return int(count)

    def close(self) -> None:
        self._client.close()


class FallbackCounter:
    """Redis first; in memory while Redis is failing, retrying Redis every few seconds."""

    def __init__(
        self, primary: RedisCounter, clock: Callable[[], float] = time.monotonic, retry_after: float = 5.0
    ) -> None:
        self.primary = primary
        self.memory = MemoryCounter()
        self._clock = clock
        self._retry_after = retry_after
        self._down_until = 0.0

    def hit(self, key: str, window_index: int, window_seconds: int) -> int:
        if self._clock() >= self._down_until:
            try:
                return self.primary.hit(key, window_index, window_seconds)
            except redis.RedisError as problem:
                self._down_until = self._clock() + self._retry_after
                ERRORS.labels("rate_limit_backend").inc()
                log.warning(
                    "rate-limit counters: Redis is not answering (%s); counting in this process for now",
                    type(problem).__name__,
                )
        return self.memory.hit(key, window_index, window_seconds)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    limit: int
    retry_after_seconds: int  # until the window resets


class RateLimiter:
    def __init__(self, counter: WindowCounter, clock: Callable[[], float] = time.time) -> None:
        self.counter = counter
        self._clock = clock

    def check(self, key: str, limit: int, window_seconds: int = 60) -> Verdict:
        """Count this hit and say whether it is within `limit` per window. A limit of 0 means no limit."""
        now = self._clock()
        window_index = int(now // window_seconds)
        retry_after = max(1, math.ceil((window_index + 1) * window_seconds - now))
        if limit <= 0:
            return Verdict(True, 0, limit, retry_after)
        count = self.counter.hit(key, window_index, window_seconds)
        return Verdict(count <= limit, count, limit, retry_after)


def limiter_for(redis_url: str, prefix: str = "advisor:rl:") -> RateLimiter:
    if not redis_url:
        return RateLimiter(MemoryCounter())
    return RateLimiter(
        FallbackCounter(RedisCounter.from_url(redis_url, prefix), retry_after=RETRY_REDIS_AFTER_SECONDS)
    )
