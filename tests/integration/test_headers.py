"""Security headers on pages and API answers, and CORS only for the configured origins."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hardening_support import client_with

from advisor.api.services import Services

COLLEGE_SITE = "https://www.kestrelvale.example"


@pytest.fixture(scope="module")
def client(real_services: Services) -> Iterator[TestClient]:
    with client_with(
        real_services,
        allowed_origins=[COLLEGE_SITE],
        frame_ancestors=f"'self' {COLLEGE_SITE}",
        max_body_bytes=2048,
    ) as test_client:
        yield test_client


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/"),
        ("GET", "/privacy"),
        ("GET", "/advisor/login"),
        ("GET", "/advisor"),  # the redirect to sign in
        ("GET", "/api/courses"),
        ("GET", "/api/courses/no-such-course"),
        ("GET", "/healthz"),
        ("POST", "/api/match"),  # 413: a too-big body
    ],
)
def test_every_answer_carries_the_security_headers(client: TestClient, method: str, path: str) -> None:
    body = b"{" + b" " * 4000 + b"}" if method == "POST" else None
    response = client.request(method, path, content=body, follow_redirects=False)
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert f"frame-ancestors 'self' {COLLEGE_SITE}" in policy
    assert f"connect-src 'self' {COLLEGE_SITE}" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["permissions-policy"]
    assert response.headers["x-request-id"]


def test_the_configured_college_site_may_call_the_api_from_the_browser(client: TestClient) -> None:
    preflight = client.options(
        "/api/chat",
        headers={
            "Origin": COLLEGE_SITE,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,authorization",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == COLLEGE_SITE
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    simple = client.get("/api/courses", headers={"Origin": COLLEGE_SITE})
    assert simple.headers["access-control-allow-origin"] == COLLEGE_SITE
    assert "retry-after" in simple.headers["access-control-expose-headers"].lower()
    assert "access-control-allow-credentials" not in simple.headers


def test_other_sites_are_refused(client: TestClient) -> None:
    preflight = client.options(
        "/api/chat",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers
    simple = client.get("/api/courses", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in simple.headers


def test_pages_are_not_opened_up_by_cors(client: TestClient) -> None:
    page = client.get("/privacy", headers={"Origin": COLLEGE_SITE})
    assert "access-control-allow-origin" not in page.headers


def test_with_no_origins_configured_the_api_is_same_origin_only(real_services: Services) -> None:
    with client_with(real_services, allowed_origins=[]) as client:
        response = client.get("/api/courses", headers={"Origin": "https://www.kestrelvale.example"})
        assert "access-control-allow-origin" not in response.headers
        assert "connect-src 'self';" in response.headers["content-security-policy"]


def test_api_docs_that_load_from_a_cdn_are_off_unless_switched_on(client: TestClient) -> None:
    assert client.get("/docs").status_code == 404
    assert client.get("/openapi.json").status_code == 200
