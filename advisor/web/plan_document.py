"""A learner's plan as one document: the route to an award, the courses looked at, the funding found.

Built either from a saved conversation (the learner's "save my plan") or from one `/api/plan` result (the
advisor desk's what-if planner), and rendered as a print-friendly page or a PDF. Every figure is copied
from the engine's answers; nothing is recomputed here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from advisor.domain.catalogue import Catalogue

STATUS_LABELS = {"eligible": "Eligible", "not_eligible": "Not eligible", "unknown": "Need to know"}
MODE_LABELS = {"online": "Online", "blended": "Blended (part online)", "in_person": "In person"}


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CourseLine(_Model):
    id: str
    title: str
    level: str = ""
    credits: int | None = None
    cost_gbp: float | None = None
    hours_per_week: float | None = None
    duration_weeks: int | None = None
    mode: str = ""
    next_start: str = ""
    note: str = ""


class FundingLine(_Model):
    scheme_id: str
    name: str
    status: str
    status_label: str
    reason: str = ""
    check_with_advisor: str | None = None


class RouteSummary(_Model):
    award_id: str
    award_title: str
    credits_required: int
    credits_counted: int
    credits_remaining: int
    complete: bool
    rpl_credits_used: int = 0
    weeks_to_finish: float | None = None
    cost_gbp: float | None = None
    counted: list[CourseLine] = Field(default_factory=list)
    suggested: list[CourseLine] = Field(default_factory=list)
    unmet: list[str] = Field(default_factory=list)


class PlanDocument(_Model):
    college: str
    created: dt.date
    route: RouteSummary | None = None
    courses: list[CourseLine] = Field(default_factory=list)
    funding: list[FundingLine] = Field(default_factory=list)
    summary: str | None = None
    contact_url: str | None = None
    notes: str | None = None

    @property
    def is_empty(self) -> bool:
        return self.route is None and not self.courses and not self.funding

    @property
    def title(self) -> str:
        return f"Learning plan: {self.route.award_title}" if self.route else "Learning plan"


def _level(framework: Any, level: Any) -> str:
    return f"Level {level} ({framework})" if level is not None and framework else ""


def course_line(
    catalogue: Catalogue, course_id: str, note: str = "", today: dt.date | None = None
) -> CourseLine:
    course = catalogue.courses.get(course_id)
    if course is None:
        return CourseLine(id=course_id, title=course_id, note=note)
    start = course.next_start(today or dt.date.today())
    return CourseLine(
        id=course.id,
        title=course.title,
        level=_level(course.level_framework, course.level),
        credits=course.credits,
        cost_gbp=course.cost_gbp,
        hours_per_week=course.hours_per_week,
        duration_weeks=course.duration_weeks,
        mode=MODE_LABELS.get(course.delivery_mode, course.delivery_mode),
        next_start="Any time" if course.rolling_start else (start.isoformat() if start else ""),
        note=note,
    )


def _card_line(card: Mapping[str, Any]) -> CourseLine:
    start = "Any time" if card.get("rolling_start") else str(card.get("next_start") or "")
    return CourseLine(
        id=str(card["id"]),
        title=str(card["title"]),
        level=_level(card.get("level_framework"), card.get("level")),
        credits=card.get("credits"),
        cost_gbp=card.get("cost_gbp"),
        hours_per_week=card.get("hours_per_week"),
        duration_weeks=card.get("duration_weeks"),
        mode=MODE_LABELS.get(str(card.get("delivery_mode")), str(card.get("delivery_mode") or "")),
        next_start=start,
        note=str(card.get("why") or ""),
    )


def route_summary(catalogue: Catalogue, route: Mapping[str, Any]) -> RouteSummary:
    """The `route` of a chat answer or the body of a `/api/plan` answer, ready to show."""
    award_id = str(route["award_id"])
    award = catalogue.awards.get(award_id)
    counted = [
        CourseLine(
            id=str(p["course_id"]),
            title=str(p.get("title") or p["course_id"]),
            credits=p.get("credits"),
            note=str(p.get("explanation") or ""),
        )
        for p in route.get("placements") or []
        if p.get("counted", True)
    ]
    return RouteSummary(
        award_id=award_id,
        award_title=str(route.get("award_title") or (award.title if award else award_id)),
        credits_required=int(route["credits_required"]),
        credits_counted=int(route["credits_counted"]),
        credits_remaining=int(route["credits_remaining"]),
        complete=bool(route["complete"]),
        rpl_credits_used=int(route.get("rpl_credits_used") or 0),
        weeks_to_finish=route.get("weeks_to_finish"),
        cost_gbp=route.get("cost_gbp"),
        counted=counted,
        suggested=[
            course_line(catalogue, str(cid), "suggested to finish") for cid in route.get("suggested") or []
        ],
        unmet=[str(u) for u in route.get("unmet") or []],
    )


def _funding_line(item: Mapping[str, Any]) -> FundingLine:
    status = str(item.get("status") or "unknown")
    reasons = [str(r) for r in item.get("reasons") or []]
    return FundingLine(
        scheme_id=str(item["scheme_id"]),
        name=str(item["name"]),
        status=status,
        status_label=STATUS_LABELS.get(status, status),
        reason=reasons[0] if reasons else "",
        check_with_advisor=item.get("check_with_advisor"),
    )


def plan_from_answers(catalogue: Catalogue, answers: Iterable[Mapping[str, Any]]) -> PlanDocument:
    """The plan so far in a conversation: its latest route, every course shown, the latest funding view."""
    route: RouteSummary | None = None
    courses: dict[str, CourseLine] = {}
    funding: dict[str, FundingLine] = {}
    summary: str | None = None
    contact_url: str | None = catalogue.info.contact_url
    for answer in answers:
        if answer.get("route"):
            route = route_summary(catalogue, answer["route"])
        for card in answer.get("courses") or []:
            line = _card_line(card)
            # Keep the first reason given for a course, but the latest figures.
            earlier = courses.get(line.id)
            courses[line.id] = (
                line
                if earlier is None or not earlier.note
                else line.model_copy(update={"note": earlier.note or line.note})
            )
        for item in answer.get("funding") or []:
            funding[str(item["scheme_id"])] = _funding_line(item)
        handoff = answer.get("handoff")
        if handoff:
            summary = handoff.get("summary") or summary
            contact_url = handoff.get("contact_url") or contact_url
    order = {"eligible": 0, "unknown": 1, "not_eligible": 2}
    return PlanDocument(
        college=catalogue.info.name,
        created=dt.date.today(),
        route=route,
        courses=list(courses.values()),
        funding=sorted(funding.values(), key=lambda f: order.get(f.status, 3)),
        summary=summary,
        contact_url=contact_url,
    )


def plan_from_route(
    catalogue: Catalogue, result: Mapping[str, Any], notes: str | None = None
) -> PlanDocument:
    """A what-if plan from the advisor desk: one `/api/plan` answer and the advisor's notes."""
    summary = route_summary(catalogue, result)
    schedule = {str(s["course_id"]): s for s in result.get("schedule") or []}
    suggested = [
        line.model_copy(update={"next_start": str(schedule[line.id].get("start") or line.next_start)})
        if line.id in schedule
        else line
        for line in summary.suggested
    ]
    return PlanDocument(
        college=catalogue.info.name,
        created=dt.date.today(),
        route=summary.model_copy(update={"suggested": suggested}),
        contact_url=catalogue.info.contact_url,
        notes=notes.strip() if notes and notes.strip() else None,
    )
