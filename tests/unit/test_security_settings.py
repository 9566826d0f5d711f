"""Security settings: allowed origins from the environment and the Content-Security-Policy they produce."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from advisor.api.headers import content_security_policy
from advisor.config import Settings


def test_allowed_origins_read_as_a_list_or_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_ALLOWED_ORIGINS", "https://www.kvc.ac.uk, https://apply.kvc.ac.uk/")
    assert Settings().allowed_origins == ["https://www.kvc.ac.uk", "https://apply.kvc.ac.uk"]
    monkeypatch.setenv("ADVISOR_ALLOWED_ORIGINS", '["https://www.kvc.ac.uk"]')
    assert Settings().allowed_origins == ["https://www.kvc.ac.uk"]
    monkeypatch.delenv("ADVISOR_ALLOWED_ORIGINS")
    assert Settings().allowed_origins == []


@pytest.mark.parametrize("bad", ["www.kvc.ac.uk", "https://kvc.ac.uk/careers", "*"])
def test_an_allowed_origin_must_be_a_bare_origin(bad: str) -> None:
    with pytest.raises(ValidationError):
        Settings(allowed_origins=[bad])


def test_the_policy_allows_only_this_origin_plus_configured_connections_and_framers() -> None:
    policy = content_security_policy(
        Settings(allowed_origins=["https://www.kvc.ac.uk"], frame_ancestors="'self' https://www.kvc.ac.uk")
    )
    directives = dict(part.split(" ", 1) for part in policy.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["connect-src"] == "'self' https://www.kvc.ac.uk"
    assert directives["frame-ancestors"] == "'self' https://www.kvc.ac.uk"
    assert directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'self'"
