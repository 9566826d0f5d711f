"""`advisor plan`: the stacking route to an award, in plain English or as the JSON of POST /api/plan."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer
from pydantic import ValidationError

from advisor.cli.common import CatalogueOption, fail, load_catalogue_or_fail
from advisor.domain.planning import OBJECTIVES, Plan, PlanningError, plan_route
from advisor.domain.profile import Constraints


def _ids(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def plan(
    award: Annotated[str, typer.Option("--award", help="award id, e.g. hnc-construction-management")],
    done: Annotated[str | None, typer.Option("--done", help="completed course ids, comma-separated")] = None,
    planned: Annotated[
        str | None, typer.Option("--planned", help="course ids already planned, comma-separated")
    ] = None,
    rpl_credits: Annotated[
        int, typer.Option("--rpl-credits", help="credits claimed by recognition of prior learning")
    ] = 0,
    hours_per_week: Annotated[
        float | None, typer.Option("--hours-per-week", help="study hours you have each week")
    ] = None,
    objective: Annotated[str, typer.Option("--objective", help="cheapest or quickest")] = "cheapest",
    catalogue: CatalogueOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the POST /api/plan JSON")] = False,
) -> None:
    """Stacking route to an award: what counts where, what is missing, and the courses that finish it."""
    if rpl_credits < 0:
        fail("--rpl-credits cannot be negative")
    if objective not in OBJECTIVES:
        fail(f"--objective must be cheapest or quickest, not {objective!r}")
    try:
        constraints = Constraints(hours_per_week=hours_per_week)
    except ValidationError:
        fail("--hours-per-week must be more than 0 and at most 80")
    loaded = load_catalogue_or_fail(catalogue)
    try:
        result = plan_route(
            loaded,
            award,
            _ids(done),
            _ids(planned),
            rpl_credits,
            constraints,
            start_date=dt.date.today(),
            objective=objective,  # type: ignore[arg-type]
        )
    except PlanningError as error:
        fail(str(error))
    if as_json:
        typer.echo(json.dumps(plan_json(result), indent=2, default=str))
    else:
        typer.echo(plan_text(result))


def plan_json(result: Plan) -> dict[str, object]:
    """The POST /api/plan fields, plus the placements and the suggested courses in detail."""
    body = result.api_fields()
    body.update(
        {
            "plan_complete": result.complete,
            "plan_reasons": list(result.reasons),
            "optimal": result.optimal,
            "objective": result.objective,
            "cost_after_funding_gbp": result.cost_after_funding_gbp,
            "planned_cost_gbp": result.planned_cost_gbp,
            "placements": [p.model_dump() for p in result.current.placements],
            "suggested_courses": [s.model_dump(mode="json") for s in result.schedule if s.suggested],
            "schedule": [s.model_dump(mode="json") for s in result.schedule],
        }
    )
    return body


def plan_text(result: Plan) -> str:
    now = result.current
    lines = [
        f"{result.award_title} ({result.award_id})",
        f"Credits: {now.credits_counted} of {now.credits_required} count"
        + (f", including {now.rpl_credits_used} from prior learning (RPL)" if now.rpl_credits_used else "")
        + f"; {now.credits_remaining} remaining.",
    ]
    if now.placements:
        lines.append("")
        lines.append("What you have done or planned:")
        lines += [f"  - {p.course_id} ({p.credits} credits): {p.explanation}" for p in now.placements]
    if now.complete:
        lines.append("")
        lines.append("These courses complete the award.")
        return "\n".join(lines)
    lines.append("")
    lines.append("Still needed:")
    lines += [f"  - {item}" for item in now.unmet]
    lines.append("")
    if not result.complete:
        lines.append("No plan could be found:")
        lines += [f"  - {reason}" for reason in result.reasons]
        return "\n".join(lines)
    lines.append(f"Suggested {result.objective} route, in order:")
    for s in result.schedule:
        tag = "" if s.suggested else " [already planned]"
        lines.append(
            f"  {s.start.isoformat()}  {s.course_id}{tag}: {s.title}, {s.credits} credits, "
            f"£{s.cost_gbp:,.2f}, {s.duration_weeks} weeks at {s.hours_per_week:g} h/week "
            f"({s.delivery_mode.replace('_', ' ')}); {s.counts_as}"
        )
    lines.append("")
    lines.append(f"Total fee for the suggested courses: £{result.cost_gbp:,.2f}")
    lines.append(f"Weeks to finish: {result.weeks_to_finish}")
    if not result.optimal:
        lines.append("(The search stopped early: this is a good route, but a better one may exist.)")
    return "\n".join(lines)
