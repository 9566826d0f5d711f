"""Browse the loaded catalogue: courses (with filters), awards and funding schemes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from advisor.api.deps import CatalogueDep
from advisor.api.errors import NotFound
from advisor.domain.catalogue import Award, Course, DeliveryMode, Scheme
from advisor.domain.levels import to_rqf_scale

router = APIRouter(prefix="/api", tags=["catalogue"])


def course_json(course: Course) -> dict[str, Any]:
    data = course.model_dump(mode="json")
    data["rqf_level"] = to_rqf_scale(course.level, course.level_framework)
    data["start_dates"] = ["rolling"] if course.rolling_start else data["start_dates"]
    return data


def award_json(award: Award) -> dict[str, Any]:
    return award.model_dump(mode="json", by_alias=True)


def scheme_json(scheme: Scheme) -> dict[str, Any]:
    return scheme.model_dump(mode="json", by_alias=True)


def _matches_text(course: Course, words: list[str]) -> bool:
    haystack = " ".join(
        (
            course.id,
            course.title,
            course.summary,
            *course.skills,
            *course.occupations,
            *course.learning_outcomes,
        )
    ).lower()
    return all(word in haystack for word in words)


@router.get("/courses")
def list_courses(
    catalogue: CatalogueDep,
    q: Annotated[str | None, Query(max_length=200, description="words that must all appear")] = None,
    level: Annotated[
        int | None, Query(ge=0, le=12, description="level on the RQF scale (SCQF converted)")
    ] = None,
    sector: Annotated[str | None, Query(max_length=60)] = None,
    mode: Annotated[DeliveryMode | None, Query(description="online, blended or in_person")] = None,
    max_cost: Annotated[float | None, Query(ge=0)] = None,
    nation: Annotated[str | None, Query(max_length=40)] = None,
) -> dict[str, Any]:
    words = q.lower().split() if q else []
    courses = [
        course
        for course in catalogue.courses.values()
        if (not words or _matches_text(course, words))
        and (level is None or to_rqf_scale(course.level, course.level_framework) == level)
        and (sector is None or course.sector == sector)
        and (mode is None or course.delivery_mode == mode)
        and (max_cost is None or course.cost_gbp <= max_cost)
        and (nation is None or nation in course.nations)
    ]
    return {"count": len(courses), "courses": [course_json(c) for c in courses]}


@router.get("/courses/{course_id}")
def get_course(course_id: str, catalogue: CatalogueDep) -> dict[str, Any]:
    course = catalogue.courses.get(course_id)
    if course is None:
        raise NotFound("course", course_id)
    return course_json(course)


@router.get("/awards")
def list_awards(catalogue: CatalogueDep) -> dict[str, Any]:
    return {"count": len(catalogue.awards), "awards": [award_json(a) for a in catalogue.awards.values()]}


@router.get("/awards/{award_id}")
def get_award(award_id: str, catalogue: CatalogueDep) -> dict[str, Any]:
    award = catalogue.awards.get(award_id)
    if award is None:
        raise NotFound("award", award_id)
    return award_json(award)


@router.get("/schemes")
def list_schemes(catalogue: CatalogueDep) -> dict[str, Any]:
    return {"count": len(catalogue.schemes), "schemes": [scheme_json(s) for s in catalogue.schemes.values()]}
