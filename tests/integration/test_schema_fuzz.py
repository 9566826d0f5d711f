"""Schemathesis against the real app's /openapi.json: generated requests (valid and invalid) to every
operation never get a 5xx, and every answer matches the schema the app publishes.

Bounded for CI: SCHEMATHESIS_MAX_EXAMPLES (default 25) examples per operation, no deadline.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from advisor.api.app import create_app
from advisor.api.services import Services
from advisor.config import Settings

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def api_schema(real_services: Services) -> Any:
    # Rate limits off: the fuzzer sends hundreds of chat turns from one client in seconds.
    quiet = real_services.settings.model_copy(
        update={"rate_limit_ip_per_minute": 0, "rate_limit_session_per_minute": 0}
    )
    services = dataclasses.replace(real_services, settings=quiet)
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(quiet, services))


def operations() -> list[tuple[str, str]]:
    """(method, path) of every operation, read from the app's schema without loading any services."""
    published = create_app(Settings()).openapi()
    return [(method.upper(), path) for path, item in published["paths"].items() for method in item]


@pytest.mark.parametrize(("method", "path"), operations())
def test_every_operation_answers_within_its_schema(api_schema: Any, method: str, path: str) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,  # the same cases on every run: a CI failure can be repeated locally
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def answers_within_schema(case: schemathesis.Case) -> None:
        case.call_and_validate(checks=CHECKS)

    answers_within_schema()
