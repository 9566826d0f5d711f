"""What we know about a person: funding facts (the `learner.*` / `employer.*` fields of the catalogue
format), study constraints, and what they told us about their work and goals.

Every field is optional because people tell us things a bit at a time; `None` means "not known yet",
which the funding rules treat as `unknown`. A value outside its allowed range is a validation error,
never silently turned into unknown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from advisor.domain.catalogue import DeliveryMode, Nation

EmploymentStatus = Literal["employed", "self_employed", "unemployed", "student", "retired"]
WorkContract = Literal["zero_hours", "agency", "other"]
Role = Literal["learner", "advisor", "employer"]
ROLES: tuple[str, ...] = ("learner", "advisor", "employer")


class _Facts(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    def known(self) -> dict[str, Any]:
        """The facts that are known, by field name."""
        return {k: v for k, v in self.model_dump().items() if v is not None}

    def merged(self, newer: _Facts) -> Any:
        """These facts updated with whatever `newer` knows (newer wins)."""
        return self.model_copy(update=newer.known())


class LearnerFacts(_Facts):
    age: int | None = Field(default=None, ge=14, le=120)
    nation: Nation | None = None
    uk_resident_years: int | None = Field(default=None, ge=0, le=120)
    employment_status: EmploymentStatus | None = None
    annual_income_gbp: float | None = Field(default=None, ge=0)
    highest_level: int | None = Field(default=None, ge=0, le=8, description="RQF scale, 0 = none")
    has_degree: bool | None = None
    benefits: bool | None = None
    # Hours a week the person works in a job: a fact about them, never a limit on study hours.
    work_hours_per_week: float | None = Field(default=None, gt=0, le=100)
    # Funding facts added for the 2026-12 rules (catalogue-format-guide.md, section 5):
    # a working arrangement the Welsh PLA names ("other" = anything else, e.g. permanent or self-employed)
    # and whether their job is at risk of redundancy;
    contract: WorkContract | None = None
    at_risk_of_redundancy: bool | None = None
    # GCSE English / maths at grade 4 (C) or above, or an equivalent; and a college's initial assessment
    # (True = assessed below that level, or below level 1 for digital skills; None = not assessed or known).
    has_gcse_english: bool | None = None
    has_gcse_maths: bool | None = None
    english_assessed_below_gcse: bool | None = None
    maths_assessed_below_gcse: bool | None = None
    digital_assessed_below_level_1: bool | None = None


class EmployerFacts(_Facts):
    size: int | None = Field(default=None, ge=1)
    annual_paybill_gbp: float | None = Field(default=None, ge=0)
    sector: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$")
    citb_registered: bool | None = None
    nation: Nation | None = None
    # A levy payer that still has Growth and Skills Levy funds to spend (False: it has run out).
    levy_funds_left: bool | None = None


class Constraints(_Facts):
    """Hard limits a person has set; matching applies these in code before ranking."""

    hours_per_week: float | None = Field(default=None, gt=0, le=80)
    delivery_modes: tuple[DeliveryMode, ...] | None = None  # None = any mode
    budget_gbp: float | None = Field(default=None, ge=0)
    start_by: dt.date | None = None
    location: str | None = None


class Profile(BaseModel):
    """Everything known about the person in a conversation or a one-shot match."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    role: Role = "learner"
    occupation: str | None = None
    years_experience: float | None = Field(default=None, ge=0, le=70)
    sectors: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    target_level: int | None = Field(default=None, ge=0, le=8, description="RQF scale")
    learner: LearnerFacts = LearnerFacts()
    employer: EmployerFacts = EmployerFacts()
    constraints: Constraints = Constraints()
    # Staff roles and head counts, for employers planning team training.
    team: dict[str, int] = Field(default_factory=dict)

    def merged(self, newer: Profile) -> Profile:
        """This profile updated by a later message: new facts replace old ones, lists grow."""

        def union(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(dict.fromkeys(old + new))

        return Profile(
            role=newer.role if "role" in newer.model_fields_set else self.role,
            occupation=newer.occupation or self.occupation,
            years_experience=(
                newer.years_experience if newer.years_experience is not None else self.years_experience
            ),
            sectors=union(self.sectors, newer.sectors),
            goals=union(self.goals, newer.goals),
            skills=union(self.skills, newer.skills),
            target_level=newer.target_level if newer.target_level is not None else self.target_level,
            learner=self.learner.merged(newer.learner),
            employer=self.employer.merged(newer.employer),
            constraints=self.constraints.merged(newer.constraints),
            team={**self.team, **newer.team},
        )


class ProfileInvalid(ValueError):
    """A profile given as data is wrong; `field` names where (e.g. `profile.learner.age`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def profile_from_mapping(data: Any, field: str = "profile") -> Profile:
    """A Profile from JSON-like data, in either shape people send.

    Nested (`{"learner": {"age": 30}, "constraints": {...}}`) or flat with the catalogue-format fact names
    (`{"age": 30, "nation": "Wales", "size": 40}`); both may be mixed. Unknown keys are errors.
    """
    if not isinstance(data, dict):
        raise ProfileInvalid(field, "must be an object")
    learner_fields = set(LearnerFacts.model_fields)
    employer_fields = set(EmployerFacts.model_fields)
    shaped: dict[str, Any] = {"learner": {}, "employer": {}}
    for key, value in data.items():
        name = str(key)
        prefix, _, rest = name.partition(".")
        if prefix in ("learner", "employer") and rest:
            shaped[prefix][rest] = value
        elif name in ("learner", "employer", "constraints") and isinstance(value, dict):
            shaped.setdefault(name, {}).update(value)
        elif name in Profile.model_fields:
            shaped[name] = value
        elif name in learner_fields:
            shaped["learner"][name] = value
        elif name in employer_fields:
            shaped["employer"][name] = value
        else:
            raise ProfileInvalid(f"{field}.{name}", "is not a known profile field")
    try:
        return Profile.model_validate(shaped)
    except ValueError as exc:
        errors = getattr(exc, "errors", None)
        first = errors()[0] if callable(errors) else {"loc": (), "msg": str(exc)}
        where = ".".join(str(part) for part in first["loc"])
        raise ProfileInvalid(f"{field}.{where}" if where else field, str(first["msg"])) from exc
