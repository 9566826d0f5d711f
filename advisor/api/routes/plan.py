"""POST /api/plan: the stacking route to an award, computed by the engine."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from advisor.api.deps import CatalogueDep
from advisor.api.errors import BadRequest
from advisor.domain.catalogue import Catalogue, DeliveryMode, Nation
from advisor.domain.facts import FactsInvalid, learner_facts
from advisor.domain.funding import funding_per_course
from advisor.domain.planning import PlanningError, plan_route
from advisor.domain.profile import Constraints

router = APIRouter(prefix="/api", tags=["planning"])


class PlanRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    award_id: str = Field(min_length=1, max_length=120)
    done: list[str] = Field(default_factory=list, max_length=200)
    planned: list[str] = Field(default_factory=list, max_length=200)
    rpl_credits: int = Field(default=0, ge=0, le=1000)
    hours_per_week: float | None = Field(default=None, gt=0, le=80)
    objective: Literal["cheapest", "quickest"] = "cheapest"
    nation: Nation | None = None
    delivery_modes: list[DeliveryMode] | None = None
    budget_gbp: float | None = Field(default=None, ge=0)
    start_date: dt.date | None = None
    learner: dict[str, Any] | None = Field(default=None, description="facts for fee after funding")


def _check_ids(catalogue: Catalogue, body: PlanRequest) -> None:
    if body.award_id not in catalogue.awards:
        raise BadRequest("award_id", f"no award with id '{body.award_id}'")
    for field in ("done", "planned"):
        unknown = [cid for cid in getattr(body, field) if cid not in catalogue.courses]
        if unknown:
            raise BadRequest(field, f"no course with id {', '.join(repr(c) for c in unknown)}")


@router.post("/plan")
def plan(body: PlanRequest, catalogue: CatalogueDep) -> dict[str, Any]:
    _check_ids(catalogue, body)
    try:
        learner = learner_facts(body.learner) if body.learner is not None else None
    except FactsInvalid as problem:
        field, message = next(iter(problem.problems.items()))
        raise BadRequest(field, message) from problem
    nation = body.nation or (learner.nation if learner else None)
    constraints = Constraints(
        hours_per_week=body.hours_per_week,
        delivery_modes=tuple(body.delivery_modes) if body.delivery_modes else None,
        budget_gbp=body.budget_gbp,
    )
    funding = funding_per_course(catalogue.schemes.values(), learner) if learner else None
    try:
        result = plan_route(
            catalogue,
            body.award_id,
            body.done,
            body.planned,
            body.rpl_credits,
            constraints,
            nation,
            start_date=body.start_date or dt.date.today(),
            objective=body.objective,
            funding=funding,
        )
    except PlanningError as problem:
        raise BadRequest("award_id", str(problem)) from problem
    answer: dict[str, Any] = dict(result.api_fields())
    answer.update(
        award_title=result.award_title,
        objective=result.objective,
        plan_complete=result.complete,
        optimal=result.optimal,
        rpl_credits_cap=result.current.rpl_credits_cap,
        placements=[p.model_dump(mode="json") for p in result.current.placements],
        schedule=[s.model_dump(mode="json") for s in result.schedule],
        cost_after_funding_gbp=result.cost_after_funding_gbp,
        planned_cost_gbp=result.planned_cost_gbp,
        reasons=list(result.reasons),
    )
    return answer
