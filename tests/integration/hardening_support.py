"""Helpers for the issue-7 integration tests: apps with their own settings over the shared real services,
advisor accounts in the real store, and waiting for a fresh rate-limit window."""

from __future__ import annotations

import dataclasses
import time
import uuid
from typing import Any

from fastapi.testclient import TestClient

from advisor.access import hash_api_key, hash_password, new_api_key
from advisor.api.app import create_app
from advisor.api.auth import accounts_for
from advisor.api.services import Services
from advisor.store import AdvisorRecord

PASSWORD = "integration test password"


def client_with(services: Services, **overrides: Any) -> TestClient:
    """A test client for a new app over the shared services with some settings changed. HTTPS, so the
    Secure sign-in cookie travels like it does in a browser. Use it as a context manager."""
    settings = services.settings.model_copy(update=overrides)
    own = dataclasses.replace(services, settings=settings)
    return TestClient(create_app(settings, own), base_url="https://testserver")


def add_advisor(services: Services, *, admin: bool = False, password: str = PASSWORD) -> AdvisorRecord:
    email = f"advisor-{uuid.uuid4().hex[:10]}@kestrelvale.example"
    return accounts_for(services.store).add_advisor(
        email, "Test Advisor", hash_password(password), is_admin=admin
    )


def add_api_key(services: Services, advisor: AdvisorRecord) -> tuple[int, str]:
    key = new_api_key()
    record = accounts_for(services.store).add_api_key(advisor.id, "tests", hash_api_key(key))
    return record.id, key


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sign_in(client: TestClient, advisor: AdvisorRecord, password: str = PASSWORD) -> str:
    response = client.post("/api/auth/login", json={"email": advisor.email, "password": password})
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    return token


def start_chat(client: TestClient, message: str = "hello", **headers: str) -> dict[str, Any]:
    response = client.post("/api/chat", json={"message": message}, headers=headers)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def wait_for_fresh_minute(needed_seconds: float = 8.0) -> None:
    """Rate limits count per clock minute; start a counting test early enough in one to finish in it."""
    into_minute = time.time() % 60
    if into_minute > 60 - needed_seconds:
        time.sleep(60 - into_minute + 0.1)
