"""Profiles sent as JSON, turned into domain profiles with a 422 that names the field on bad input."""

from __future__ import annotations

from typing import Any

from advisor.api.errors import BadRequest
from advisor.domain.profile import Profile, ProfileInvalid, profile_from_mapping


def profile_from_json(data: Any, field: str = "profile") -> Profile:
    try:
        return profile_from_mapping(data, field)
    except ProfileInvalid as problem:
        raise BadRequest(problem.field, problem.message) from problem
