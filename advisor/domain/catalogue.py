"""Typed, immutable catalogue models: courses, awards, funding schemes and guides.

These are the shapes of `../shared/spec/catalogue-format.md` after loading and validation. They hold no
I/O: `advisor.catalogue` reads a folder into them, and everything else reads them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from advisor.domain.levels import Framework, is_at_most, is_at_or_above

Nation = Literal["England", "Wales", "Scotland", "Northern Ireland"]
NATIONS: tuple[str, ...] = ("England", "Wales", "Scotland", "Northern Ireland")
DeliveryMode = Literal["online", "blended", "in_person"]
DELIVERY_MODES: tuple[str, ...] = ("online", "blended", "in_person")
SchemeKind = Literal["loan", "grant", "fully_funded", "co_funding", "levy", "discount"]
SCHEME_KINDS: tuple[str, ...] = ("loan", "grant", "fully_funded", "co_funding", "levy", "discount")
SchemeAudience = Literal["learner", "employer"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CatalogueInfo(_Frozen):
    name: str
    publisher: str
    version: str
    updated: dt.date
    nations: tuple[Nation, ...]
    contact_url: str | None = None
    demo: bool = False
    description: str | None = None


class Course(_Frozen):
    id: str
    title: str
    provider: str
    summary: str
    learning_outcomes: tuple[str, ...]
    skills: tuple[str, ...] = ()
    occupations: tuple[str, ...] = ()
    sector: str
    level_framework: Framework
    level: int
    credits: int
    notional_hours: int
    delivery_mode: DeliveryMode
    hours_per_week: float
    duration_weeks: int
    module_minutes: int | None = None
    cost_gbp: float
    start_dates: tuple[dt.date, ...] = ()
    rolling_start: bool = False
    assessment: str
    quality_assurance: str
    entry_requirements: str = ""
    prerequisites: tuple[str, ...] = ()
    schemes: tuple[str, ...] = ()
    nations: tuple[Nation, ...]
    location: str = ""
    url: str = ""
    # Unknown CSV columns, kept as metadata (the format says they are not an error).
    extra: dict[str, str] = Field(default_factory=dict)

    def next_start(self, today: dt.date) -> dt.date | None:
        """The first start date on or after `today`; `today` itself for rolling starts."""
        if self.rolling_start:
            return today
        upcoming = [d for d in self.start_dates if d >= today]
        return min(upcoming) if upcoming else None


class Pool(_Frozen):
    """Which courses may fill a `choose` group or the electives: a course must meet every key given."""

    ids: tuple[str, ...] | None = None
    sectors: tuple[str, ...] | None = None
    min_level: int | None = None
    max_level: int | None = None

    def admits(self, course: Course, award_framework: str) -> bool:
        return not self.rejection(course, award_framework)

    def rejection(self, course: Course, award_framework: str) -> str:
        """Why `course` is not in the pool, in plain English; empty when it is."""
        if self.ids is not None and course.id not in self.ids:
            return "it is not one of the courses listed for this group"
        if self.sectors is not None and course.sector not in self.sectors:
            return f"its subject area ({course.sector}) is not one of {', '.join(self.sectors)}"
        if self.min_level is not None and not is_at_or_above(
            course.level, course.level_framework, self.min_level, award_framework
        ):
            return f"level {course.level} is below the level {self.min_level} this group needs"
        if self.max_level is not None and not is_at_most(
            course.level, course.level_framework, self.max_level, award_framework
        ):
            return f"level {course.level} is above the level {self.max_level} this group allows"
        return ""


class ChooseGroup(_Frozen):
    credits: int
    pool: Pool = Field(alias="from")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Award(_Frozen):
    id: str
    title: str
    short: str
    level_framework: Framework
    level: int
    credits: int
    min_credits_at_level: dict[int, int] = Field(default_factory=dict)
    required: tuple[str, ...] = ()
    choose: tuple[ChooseGroup, ...] = ()
    electives: Pool | None = None
    rpl_max_fraction: float = 0.0
    max_years: int | None = None
    leads_to: tuple[str, ...] = ()
    source_url: str | None = None
    summary: str | None = None
    nations: tuple[Nation, ...] = ()

    @property
    def rpl_cap(self) -> int:
        """Most RPL credits this award accepts: floor(rpl_max_fraction x credits)."""
        # Round before flooring so 0.3 x 120 is 36, not 35.99999.
        return int(round(self.rpl_max_fraction * self.credits, 9) // 1)


# --- funding conditions -------------------------------------------------------------------------

Operator = Literal["eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "between", "contains"]
OPERATORS: tuple[str, ...] = ("eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "between", "contains")


class Leaf(_Frozen):
    field: str
    op: Operator
    value: Any


class AllOf(_Frozen):
    all: tuple[Condition, ...]


class AnyOf(_Frozen):
    any: tuple[Condition, ...]


class NotOf(_Frozen):
    not_: Condition = Field(alias="not")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


Condition = Annotated[AllOf | AnyOf | NotOf | Leaf, Field(union_mode="left_to_right")]

AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()


class Covers(_Frozen):
    percent_of_fee: float | None = None
    amount_gbp: float | None = None
    max_gbp: float | None = None
    # Extensions to the format (optional). `percent_of_market_rate`: a share of a rate the scheme itself sets
    # (e.g. CITB's average market rate for a kind of course), not of this course's fee. `amount_unknown`: the
    # scheme sets the amount case by case, or it is not confirmed. Either way no amount can be worked out
    # from the fee, so none is given and the person is told to check.
    percent_of_market_rate: float | None = None
    amount_unknown: bool = False

    @property
    def amount_known(self) -> bool:
        """Whether what this pays can be worked out from the fee alone."""
        return not self.amount_unknown and self.percent_of_market_rate is None


class CoverRule(_Frozen):
    """One entry of a scheme's `covers_when`: the covers that apply when `when` holds."""

    when: Condition
    covers: Covers


class Scheme(_Frozen):
    id: str
    name: str
    kind: SchemeKind
    audience: SchemeAudience = Field(alias="for")
    nations: tuple[Nation, ...]
    when: Condition
    covers: Covers
    summary: str
    how_to_apply: str
    source_url: str
    last_verified: dt.date
    # Extensions to the format (optional): schemes this one may be combined with on the same fee, and a
    # caution for anything the reference could not verify ("check with an advisor").
    combines_with: tuple[str, ...] = ()
    check_with_advisor: str | None = None
    # Extension: covers that differ by case (a lower rate for some courses, a cap by employer size). The
    # first entry whose `when` holds gives the covers; when none holds, `covers` applies.
    covers_when: tuple[CoverRule, ...] = ()

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Guide(_Frozen):
    id: str
    title: str
    body: str


class Catalogue(_Frozen):
    info: CatalogueInfo
    courses: dict[str, Course]
    awards: dict[str, Award]
    schemes: dict[str, Scheme]
    guides: dict[str, Guide] = Field(default_factory=dict)
    # Stable digest of the folder's contents: index manifests and caches key on it.
    content_hash: str = ""

    def course(self, course_id: str) -> Course:
        return self.courses[course_id]

    def award(self, award_id: str) -> Award:
        return self.awards[award_id]

    def summary_line(self) -> str:
        return (
            f"{len(self.courses)} courses, {len(self.awards)} awards, "
            f"{len(self.schemes)} funding schemes, {len(self.guides)} guides"
        )
