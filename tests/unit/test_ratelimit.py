"""Rate-limit counting: fixed windows, Retry-After, and carrying on when Redis is down."""

from __future__ import annotations

import logging

import pytest

from advisor.ops.ratelimit import FallbackCounter, MemoryCounter, RateLimiter, RedisCounter


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_the_limit_allows_n_per_window_then_refuses_until_the_window_resets() -> None:
    clock = Clock(6000.0)  # the start of a minute
    limiter = RateLimiter(MemoryCounter(), clock=clock)
    verdicts = [limiter.check("ip:1", limit=3) for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    clock.now += 45
    refused = limiter.check("ip:1", limit=3)
    assert not refused.allowed and refused.retry_after_seconds == 15
    clock.now += 15
    assert limiter.check("ip:1", limit=3).allowed


def test_keys_are_counted_separately_and_zero_means_no_limit() -> None:
    limiter = RateLimiter(MemoryCounter(), clock=Clock(6000.0))
    assert limiter.check("ip:1", limit=1).allowed
    assert limiter.check("ip:2", limit=1).allowed
    assert not limiter.check("ip:1", limit=1).allowed
    assert all(limiter.check("ip:1", limit=0).allowed for _ in range(10))


def test_when_redis_is_unreachable_counting_carries_on_in_memory(caplog: pytest.LogCaptureFixture) -> None:
    unreachable = RedisCounter.from_url("redis://127.0.0.1:1/15")
    clock = Clock(100.0)
    counter = FallbackCounter(unreachable, clock=clock, retry_after=5.0)
    limiter = RateLimiter(counter, clock=Clock(6000.0))
    with caplog.at_level(logging.WARNING, logger="advisor.limits"):
        verdicts = [limiter.check("ip:1", limit=2) for _ in range(3)]
    assert [v.allowed for v in verdicts] == [True, True, False]
    # One warning, then Redis is left alone until the retry time rather than slowing every request.
    assert sum("Redis is not answering" in r.getMessage() for r in caplog.records) == 1
