"""Small catalogues built in code for the route, planning and funding tests (no files, no loader)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from advisor.domain.catalogue import (
    Award,
    Catalogue,
    CatalogueInfo,
    ChooseGroup,
    Course,
    Covers,
    Pool,
    Scheme,
)

TODAY = dt.date(2027, 1, 4)


def course(
    cid: str,
    credits: int = 15,
    level: int = 4,
    framework: str = "RQF",
    sector: str = "construction",
    cost: float = 500.0,
    weeks: int = 10,
    hours: float = 6.0,
    mode: str = "online",
    prerequisites: tuple[str, ...] = (),
    starts: tuple[dt.date, ...] | None = None,
    nations: tuple[str, ...] = ("England", "Wales", "Scotland"),
    schemes: tuple[str, ...] = (),
) -> Course:
    fields: dict[str, Any] = {
        "id": cid,
        "title": cid.replace("-", " ").title(),
        "provider": "Kestrel Vale College Group",
        "summary": "A test course.",
        "learning_outcomes": ("do a thing",),
        "sector": sector,
        "level_framework": framework,
        "level": level,
        "credits": credits,
        "notional_hours": max(credits * 10, 1),
        "delivery_mode": mode,
        "hours_per_week": hours,
        "duration_weeks": weeks,
        "cost_gbp": cost,
        "assessment": "portfolio",
        "quality_assurance": "Ofqual regulated",
        "prerequisites": prerequisites,
        "nations": nations,
        "schemes": schemes,
    }
    if starts is None:
        fields["rolling_start"] = True
    else:
        fields["start_dates"] = starts
    return Course(**fields)


def pool(**keys: Any) -> Pool:
    return Pool(**{k: tuple(v) if isinstance(v, list) else v for k, v in keys.items()})


def group(credits: int, **keys: Any) -> ChooseGroup:
    return ChooseGroup(credits=credits, pool=pool(**keys))


def award(
    aid: str = "hnc-test",
    credits: int = 120,
    level: int = 4,
    framework: str = "RQF",
    required: tuple[str, ...] = (),
    choose: tuple[ChooseGroup, ...] = (),
    electives: Pool | None = None,
    min_at_level: dict[int, int] | None = None,
    rpl: float = 0.0,
) -> Award:
    return Award(
        id=aid,
        title=aid.replace("-", " ").title(),
        short="HNC",
        level_framework=framework,
        level=level,
        credits=credits,
        min_credits_at_level=min_at_level or {},
        required=required,
        choose=choose,
        electives=electives,
        rpl_max_fraction=rpl,
    )


def scheme(
    sid: str,
    when: dict[str, Any],
    nations: tuple[str, ...] = ("England",),
    audience: str = "learner",
    covers: dict[str, float] | None = None,
    combines_with: tuple[str, ...] = (),
) -> Scheme:
    return Scheme.model_validate(
        {
            "id": sid,
            "name": sid.upper(),
            "kind": "grant",
            "for": audience,
            "nations": nations,
            "when": when,
            "covers": Covers(**(covers or {"percent_of_fee": 100})),
            "summary": "A test scheme.",
            "how_to_apply": "Ask.",
            "source_url": "https://example.org",
            "last_verified": TODAY,
            "combines_with": combines_with,
        }
    )


def catalogue(courses: list[Course], awards: list[Award], schemes: list[Scheme] = ()) -> Catalogue:  # type: ignore[assignment]
    return Catalogue(
        info=CatalogueInfo(name="Test", publisher="Test", version="1", updated=TODAY, nations=("England",)),
        courses={c.id: c for c in courses},
        awards={a.id: a for a in awards},
        schemes={s.id: s for s in schemes},
    )
