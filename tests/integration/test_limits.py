"""Abuse limits on the real app: body size (413) and rate limits (429 + Retry-After), counted in memory
and in the real Redis at 127.0.0.1:6379 (database 15), where two app instances share the counts the
way several workers do."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import redis
from hardening_support import bearer, client_with, start_chat, wait_for_fresh_minute

from advisor.api.services import Services

REDIS_URL = os.environ.get("ADVISOR_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own in the real Redis; skipped only when Redis is absent outside CI."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"advisor-test:{uuid.uuid4().hex[:8]}:"
    yield prefix
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()


def test_a_body_over_the_limit_gets_413_with_a_reason_and_nothing_is_saved(real_services: Services) -> None:
    before = real_services.store.count_messages()
    with client_with(real_services, max_body_bytes=4096) as client:
        big = client.post("/api/chat", json={"message": "x" * 3000, "padding": "y" * 5000})
        assert big.status_code == 413
        assert big.json() == {"detail": "the request body is larger than the 4096-byte limit"}

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit must hold while reading
            for _ in range(10):
                yield b" " * 1000

        streamed = client.post("/api/match", content=chunks(), headers={"Content-Type": "application/json"})
        assert streamed.status_code == 413
        assert client.post("/api/match", json={"message": "welding"}).status_code == 200
    assert real_services.store.count_messages() == before


def test_too_many_turns_in_one_conversation_get_429_with_retry_after(real_services: Services) -> None:
    wait_for_fresh_minute()
    with client_with(real_services, rate_limit_session_per_minute=2, rate_limit_ip_per_minute=100) as client:
        first = start_chat(client, "hello")
        session, token = first["session_id"], first["session_token"]
        turn = {"message": "tell me more", "session_id": session}
        answers = [client.post("/api/chat", json=turn, headers=bearer(token)) for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 429]
        refused = answers[-1]
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert "too many messages in this conversation" in refused.json()["detail"]
        # Another conversation from the same address is not affected, and neither is the owner's
        # conversation by someone guessing at it with the wrong token.
        assert start_chat(client, "hello")["session_id"] != session
        stranger = client.post("/api/chat", json=turn, headers=bearer("wrong"))
        assert stranger.status_code == 403


def test_too_many_turns_from_one_address_get_429(real_services: Services) -> None:
    wait_for_fresh_minute()
    with client_with(real_services, rate_limit_ip_per_minute=3) as client:
        statuses = [client.post("/api/chat", json={"message": "hello"}).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        completions = client.post(
            "/v1/chat/completions", json={"messages": [{"role": "user", "content": "hi"}]}
        )
        assert completions.status_code == 429 and "retry-after" in completions.headers
        # Reading the catalogue is not a chat turn and is not limited.
        assert client.get("/api/courses").status_code == 200


def test_sign_in_attempts_are_limited_per_address(real_services: Services) -> None:
    wait_for_fresh_minute()
    with client_with(real_services, rate_limit_login_per_minute=3) as client:
        attempt = {"email": "guess@kestrelvale.example", "password": "guess guess guess"}
        statuses = [client.post("/api/auth/login", json=attempt).status_code for _ in range(4)]
        assert statuses == [401, 401, 401, 429]


def test_counts_in_redis_are_shared_between_app_instances(real_services: Services, redis_prefix: str) -> None:
    wait_for_fresh_minute()
    settings = {"redis_url": REDIS_URL, "redis_key_prefix": redis_prefix, "rate_limit_ip_per_minute": 4}
    with (
        client_with(real_services, **settings) as worker_a,
        client_with(real_services, **settings) as worker_b,
    ):
        statuses = []
        for worker in (worker_a, worker_b, worker_a, worker_b, worker_a, worker_b):
            statuses.append(worker.post("/api/chat", json={"message": "hello"}).status_code)
        # Each instance alone would have allowed all three of its requests.
        assert statuses == [200, 200, 200, 200, 429, 429]
    keys = list(redis.Redis.from_url(REDIS_URL).scan_iter(f"{redis_prefix}*"))
    assert keys, "the counters should live in Redis"


def test_a_redis_outage_does_not_take_the_service_down(real_services: Services) -> None:
    wait_for_fresh_minute()
    with client_with(real_services, redis_url="redis://127.0.0.1:1/15", rate_limit_ip_per_minute=2) as client:
        statuses = [client.post("/api/chat", json={"message": "hello"}).status_code for _ in range(3)]
    # Served, and still limited: counting fell back to this process.
    assert statuses == [200, 200, 429]
