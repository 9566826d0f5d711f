"""Prometheus metrics and request ids over the real app."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hardening_support import add_advisor, add_api_key, bearer, client_with

from advisor.api.services import Services


@pytest.fixture(scope="module")
def client(real_services: Services) -> Iterator[TestClient]:
    with client_with(real_services) as test_client:
        yield test_client


def sample(metrics: str, name: str, **labels: str) -> float:
    """The value of one series, 0 when it is not there yet."""
    for line in metrics.splitlines():
        if not line.startswith((name + "{", name + " ")):
            continue
        series, value = line.rsplit(" ", 1)
        found = dict(re.findall(r'(\w+)="([^"]*)"', series))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(value)
    return 0.0


def test_a_chat_turn_is_counted_by_intent_and_role(client: TestClient) -> None:
    before = client.get("/metrics").text
    answer = client.post(
        "/api/chat", json={"message": "I'm an electrician and want to fit EV chargers"}
    ).json()
    after = client.get("/metrics").text
    intent = answer.get("intent")
    assert intent
    counted = sample(after, "advisor_chat_turns_total", intent=intent, role="learner")
    assert counted == sample(before, "advisor_chat_turns_total", intent=intent, role="learner") + 1


def test_latency_is_recorded_by_route_template_not_raw_path(client: TestClient) -> None:
    client.get("/api/courses/ev-charge-point-installation-l3")
    client.get("/api/courses/no-such-course")
    metrics = client.get("/metrics").text
    assert (
        sample(
            metrics,
            "advisor_http_request_duration_seconds_count",
            route="/api/courses/{course_id}",
            method="GET",
            status="200",
        )
        >= 1
    )
    assert (
        sample(
            metrics,
            "advisor_http_request_duration_seconds_count",
            route="/api/courses/{course_id}",
            method="GET",
            status="404",
        )
        >= 1
    )
    assert "no-such-course" not in metrics and "ev-charge-point-installation-l3" not in metrics


def test_catalogue_and_index_are_published_at_start_up(real_services: Services) -> None:
    with client_with(real_services) as client:
        metrics = client.get("/metrics").text
    info = real_services.catalogue.info
    assert (
        sample(metrics, "advisor_catalogue_info", version=info.version, index=real_services.index.folder.name)
        == 1
    )
    assert sample(metrics, "advisor_catalogue_courses") == len(real_services.catalogue.courses)


def test_server_errors_and_refusals_are_counted(client: TestClient, real_services: Services) -> None:
    before = sample(client.get("/metrics").text, "advisor_rate_limited_total", limit="login")
    with client_with(real_services, rate_limit_login_per_minute=1) as limited:
        for _ in range(3):
            limited.post("/api/auth/login", json={"email": "a@b.example", "password": "x"})
    assert sample(client.get("/metrics").text, "advisor_rate_limited_total", limit="login") >= before + 1


def test_a_safe_request_id_is_kept_and_an_unsafe_one_replaced(client: TestClient) -> None:
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a9c21"})
    assert kept.headers["x-request-id"] == "lb-7f3a9c21"
    for unsafe in ("has spaces in it", "priya@example.com", "x" * 200, "short"):
        replaced = client.get("/healthz", headers={"X-Request-ID": unsafe})
        assert replaced.headers["x-request-id"] != unsafe
        assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["x-request-id"])


def test_metrics_can_be_restricted_to_advisors(real_services: Services) -> None:
    with client_with(real_services, metrics_public=False) as client:
        assert client.get("/metrics").status_code == 401
        _, key = add_api_key(real_services, add_advisor(real_services))
        allowed = client.get("/metrics", headers=bearer(key))
        assert allowed.status_code == 200 and "advisor_http_request_duration_seconds" in allowed.text
