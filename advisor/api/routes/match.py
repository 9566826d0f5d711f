"""POST /api/match: ranked courses for a free-text profile (the same ranking as `advisor match`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from advisor.api.deps import MatcherDep
from advisor.api.errors import BadRequest
from advisor.api.profiles import profile_from_json
from advisor.retrieval.search import MatchResult

router = APIRouter(prefix="/api", tags=["matching"])


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: str | None = Field(default=None, max_length=4000)
    profile: dict[str, Any] | None = None
    k: int = Field(default=5, ge=1, le=50)


def match_json(result: MatchResult) -> dict[str, Any]:
    return {
        "results": [
            {
                "id": m.course.id,
                "title": m.course.title,
                "score": m.score,
                "why": m.why,
                "level": m.course.level,
                "level_framework": m.course.level_framework,
                "credits": m.course.credits,
                "cost_gbp": m.course.cost_gbp,
                "delivery_mode": m.course.delivery_mode,
            }
            for m in result.matches
        ],
        "weak": result.weak,
        "message": result.message,
        "profile": result.profile.model_dump(mode="json", exclude_defaults=True),
    }


@router.post("/match")
def match(body: MatchRequest, matcher: MatcherDep) -> dict[str, Any]:
    if not (body.message and body.message.strip()) and not body.profile:
        raise BadRequest("message", "send a message, a profile, or both")
    profile = profile_from_json(body.profile, field="profile") if body.profile else None
    return match_json(matcher.match(body.message or "", profile=profile, k=body.k))
