"""POST /api/funding: three-valued eligibility for every scheme, with reasons and missing facts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from advisor.api.deps import CatalogueDep
from advisor.api.errors import BadRequest
from advisor.domain.facts import FactsInvalid, employer_facts, learner_facts
from advisor.domain.funding import amount_if_eligible, evaluate

router = APIRouter(prefix="/api", tags=["funding"])


class FundingRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    learner: dict[str, Any] | None = None
    employer: dict[str, Any] | None = None
    course_id: str | None = Field(default=None, max_length=120)


@router.post("/funding")
def funding(body: FundingRequest, catalogue: CatalogueDep) -> dict[str, Any]:
    try:
        learner = learner_facts(body.learner)
        employer = employer_facts(body.employer)
    except FactsInvalid as problem:
        field, message = next(iter(problem.problems.items()))
        raise BadRequest(field, message) from problem
    course = None
    if body.course_id is not None:
        course = catalogue.courses.get(body.course_id)
        if course is None:
            raise BadRequest("course_id", f"no course with id '{body.course_id}'")
    schemes = []
    for scheme in catalogue.schemes.values():
        verdict = evaluate(scheme, learner, employer, course)
        eligible_amount = amount_if_eligible(scheme, verdict, course)
        schemes.append(
            {
                "scheme_id": scheme.id,
                "name": scheme.name,
                "status": verdict.status,
                "reasons": list(verdict.reasons),
                "needs": list(verdict.needs),
                "for": scheme.audience,
                "kind": scheme.kind,
                "amount_gbp": eligible_amount,
                "check_with_advisor": scheme.check_with_advisor,
                "source_url": scheme.source_url,
                "last_verified": scheme.last_verified.isoformat(),
            }
        )
    return {"course_id": body.course_id, "schemes": schemes}
