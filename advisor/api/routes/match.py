"""POST /api/match: ranked courses for a free-text profile (the same ranking as `advisor match`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from advisor.api.deps import MatcherDep
from advisor.api.errors import BadRequest
from advisor.api.profiles import profile_from_json

router = APIRouter(prefix="/api", tags=["matching"])


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: str | None = Field(default=None, max_length=4000)
    profile: dict[str, Any] | None = None
    k: int = Field(default=5, ge=1, le=50)


@router.post("/match")
def match(body: MatchRequest, matcher: MatcherDep) -> dict[str, Any]:
    if not (body.message and body.message.strip()) and not body.profile:
        raise BadRequest("message", "send a message, a profile, or both")
    profile = profile_from_json(body.profile, field="profile") if body.profile else None
    return matcher.match(body.message or "", profile=profile, k=body.k).to_json()
