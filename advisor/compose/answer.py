"""The answer to one chat turn: the fields of `POST /api/chat` (interfaces.md) plus a few additive ones.

Fixed fields: session_id, reply, courses[{id,title,level,credits,cost_gbp,why}], route, funding
[{scheme_id,name,status,reasons}], questions, citations[{kind,id,title}]. Everything else is extra.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from advisor.domain.catalogue import Course

Intent = Literal[
    "greeting",
    "describe_self",
    "suggest_courses",
    "course_detail",
    "compare",
    "route",
    "funding",
    "rpl",
    "general_question",
    "handoff",
    "team_plan",
    "off_topic",
    "abusive",
    "thanks",
    "bye",
    "profile_update",
    "provide_facts",
    "injection",
    "identity",
    "clarify",
    "cost",
    "knowledge",
]

FundingStatus = Literal["eligible", "not_eligible", "unknown"]
CitationKind = Literal["course", "award", "scheme", "guide"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CourseCard(_Model):
    id: str
    title: str
    level: int
    credits: int
    cost_gbp: float
    why: str = ""
    level_framework: str
    hours_per_week: float
    duration_weeks: int
    delivery_mode: str
    next_start: dt.date | None = None
    rolling_start: bool = False
    sector: str
    notional_hours: int
    location: str = ""
    url: str = ""

    @classmethod
    def of(cls, course: Course, why: str = "", today: dt.date | None = None) -> CourseCard:
        return cls(
            id=course.id,
            title=course.title,
            level=course.level,
            credits=course.credits,
            cost_gbp=course.cost_gbp,
            why=why,
            level_framework=course.level_framework,
            hours_per_week=course.hours_per_week,
            duration_weeks=course.duration_weeks,
            delivery_mode=course.delivery_mode,
            next_start=course.next_start(today or dt.date.today()),
            rolling_start=course.rolling_start,
            sector=course.sector,
            notional_hours=course.notional_hours,
            location=course.location,
            url=course.url,
        )


class FundingItem(_Model):
    scheme_id: str
    name: str
    status: FundingStatus
    reasons: list[str] = Field(default_factory=list)
    needs: list[str] = Field(default_factory=list)
    check_with_advisor: str | None = None
    amount_gbp: float | None = None
    course_id: str | None = None
    kind: str = ""
    audience: str = "learner"


class Citation(_Model):
    kind: CitationKind
    id: str
    title: str


class Handoff(_Model):
    contact_url: str | None
    summary: str


class TeamLine(_Model):
    """One staff role in an employer's team plan."""

    role: str
    staff: int
    course_id: str | None
    fee_per_person_gbp: float | None = None
    fees_gbp: float | None = None


class TeamPlan(_Model):
    lines: list[TeamLine]
    staff_total: int
    fees_total_gbp: float
    # Employer schemes the plan could use (also listed in `funding`).
    schemes: list[str] = Field(default_factory=list)


class CostLine(_Model):
    """One course's fee, what funding pays and what is left (per person, and for the staff on it)."""

    course_id: str
    fee_gbp: float
    funded_gbp: float = 0.0
    left_gbp: float
    schemes: list[str] = Field(default_factory=list)
    staff: int = 0
    fees_for_staff_gbp: float | None = None
    left_for_staff_gbp: float | None = None


class CostSummary(_Model):
    lines: list[CostLine]
    fees_total_gbp: float
    left_total_gbp: float


class RuleFigure(_Model):
    name: str
    value: str


class RuleAnswerView(_Model):
    """A rules answer as sent: the verdict and the figures it used (national figures are not in the catalogue,
    so the grounding check reads them from here)."""

    kind: str
    verdict: Literal["yes", "no", "depends"] | None = None
    figures: list[RuleFigure] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)


class Answer(_Model):
    session_id: str
    reply: str
    courses: list[CourseCard] = Field(default_factory=list)
    route: dict[str, Any] | None = None
    funding: list[FundingItem] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    # Additive fields.
    intent: Intent = "off_topic"
    suggestions: list[str] = Field(default_factory=list)
    handoff: Handoff | None = None
    team_plan: TeamPlan | None = None
    # Fees, funding and what is left for the courses a cost question was about, with totals.
    costs: CostSummary | None = None
    # The rules answer a rule question got (credits, levels, sizes, the trap questions).
    rule: RuleAnswerView | None = None
    # True when the reply passed the grounding checker as composed; False when a safe fallback was sent.
    grounded: bool = True
    # Who wrote the wording: "template" or "llm" (the figures always come from the engine).
    phrased_by: Literal["template", "llm"] = "template"
