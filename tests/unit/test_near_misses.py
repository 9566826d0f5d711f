"""Near misses: relevant courses a limit removed, with what each one breaks, and never unrelated padding.

A small catalogue built here (heat pump courses that all need more time than a busy plumber has, and short
unrelated courses that fit any limit) with the hashing embedder: no model, same answer on every machine.
"""

from __future__ import annotations

import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from retrieval_catalogue import catalogue, course

from advisor.domain.profile import Constraints, LearnerFacts, Profile
from advisor.retrieval.embedder import HashingEmbedder
from advisor.retrieval.search import NEAR_MISSES, Break, Matcher, MatchResult, NearMiss

TODAY = dt.date(2026, 9, 1)

COURSES = [
    course(
        "heat-pump-installation",
        "Heat Pump Installation",
        summary="Install and commission air source heat pumps in homes.",
        skills=("heat pump installation", "heat pump commissioning"),
        occupations=("plumber", "heating engineer"),
        sector="green-energy",
        delivery_mode="in_person",
        hours_per_week=22.5,
        cost_gbp=850,
        nations=("England",),
    ),
    course(
        "heat-pump-installation-wales",
        "Heat Pump Installation (Wales)",
        summary="Install and commission air source heat pumps in homes.",
        skills=("heat pump installation", "heat pump commissioning"),
        occupations=("plumber", "heating engineer"),
        sector="green-energy",
        level_framework="CQFW",
        delivery_mode="in_person",
        hours_per_week=22.5,
        cost_gbp=850,
        nations=("Wales",),
    ),
    course(
        "heat-pump-awareness",
        "Heat Pump Awareness",
        summary="How heat pumps work and where they suit a home, for plumbers and heating engineers.",
        skills=("heat pump awareness",),
        occupations=("plumber",),
        sector="green-energy",
        level=2,
        delivery_mode="blended",
        hours_per_week=12.5,
        cost_gbp=300,
        rolling_start=False,
        start_dates=(dt.date(2027, 1, 11),),
        nations=("England", "Wales"),
    ),
    course(
        "heat-pump-design",
        "Heat Pump System Design",
        summary="Heat loss calculations and heat pump system design for plumbers and heating engineers.",
        skills=("heat pump design", "heat loss calculation"),
        occupations=("heating engineer", "plumber"),
        sector="green-energy",
        level_framework="FHEQ",
        level=5,
        delivery_mode="online",
        hours_per_week=15,
        cost_gbp=1200,
        nations=("England", "Wales"),
    ),
    course(
        "english-skills-l1",
        "English Skills (Level 1)",
        summary="Reading, writing, speaking and listening for work and everyday life.",
        skills=("English", "reading", "writing"),
        sector="foundation",
        level=1,
        delivery_mode="online",
        hours_per_week=3,
        cost_gbp=0,
    ),
    course(
        "maths-skills-l1",
        "Maths Skills (Level 1)",
        summary="Numbers, fractions and measures for work and everyday life.",
        skills=("maths", "numeracy"),
        sector="foundation",
        level=1,
        delivery_mode="online",
        hours_per_week=3,
        cost_gbp=0,
    ),
    course(
        "excel-basics",
        "Excel for Work",
        summary="Spreadsheets, formulas and charts in Excel.",
        skills=("Excel", "spreadsheets"),
        occupations=("administrator",),
        sector="data",
        level=2,
        delivery_mode="online",
        hours_per_week=3,
        cost_gbp=0,
    ),
    course(
        "dementia-care",
        "Dementia Awareness",
        summary="Understand dementia and support people living with it.",
        skills=("dementia care",),
        occupations=("care worker", "carer"),
        sector="social-care",
        level=2,
        hours_per_week=4,
        cost_gbp=150,
        nations=("Scotland",),
    ),
    course(
        "dementia-care-practice",
        "Dementia Care Practice",
        summary="Person-centred dementia care: communication, activities and support for families.",
        skills=("dementia care", "person-centred care"),
        occupations=("care worker", "senior carer"),
        sector="social-care",
        level=3,
        delivery_mode="online",
        hours_per_week=5,
        cost_gbp=400,
        nations=("England", "Wales", "Scotland"),
    ),
]

HEAT_PUMPS = {
    "heat-pump-installation",
    "heat-pump-installation-wales",
    "heat-pump-awareness",
    "heat-pump-design",
}
UNRELATED = {"english-skills-l1", "maths-skills-l1", "excel-basics"}


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> Matcher:
    built, _ = Matcher.load(catalogue(COURSES), HashingEmbedder(), tmp_path_factory.mktemp("index"))
    return built


def ids(result: MatchResult) -> list[str]:
    return [m.course.id for m in result.matches]


def near_ids(result: MatchResult) -> list[str]:
    return [n.course.id for n in result.near_misses]


def breaks_of(result: MatchResult, course_id: str) -> tuple[Break, ...]:
    return next(n.breaks for n in result.near_misses if n.course.id == course_id)


def plumber(hours: float = 6) -> Profile:
    return Profile(constraints=Constraints(hours_per_week=hours))


# --- the plumber of 20 years who can study 6 hours a week ---------------------------------------------


def test_nothing_relevant_within_the_limits_gives_no_matches_and_near_misses(matcher: Matcher) -> None:
    result = matcher.match(
        "been a plumber 20 years, want to get into heat pumps", profile=plumber(6), k=5, today=TODAY
    )
    assert result.matches == () and result.weak
    assert not UNRELATED & set(ids(result))
    assert result.near_misses and len(result.near_misses) <= NEAR_MISSES
    assert set(near_ids(result)) <= HEAT_PUMPS
    for near in result.near_misses:
        assert isinstance(near, NearMiss)
        hours = [b for b in near.breaks if b.limit == "hours"]
        assert hours and hours[0].wanted == "6"
        assert hours[0].course_value == f"{near.course.hours_per_week:g}"
        assert hours[0].text == f"needs {near.course.hours_per_week:g} hours a week; you said 6"
    # Ranked by relevance, on the scale of a match score.
    scores = [n.score for n in result.near_misses]
    assert scores == sorted(scores, reverse=True)
    # The message names the closest course and what it breaks.
    assert "Heat Pump" in result.message and "you said 6" in result.message


def test_the_hours_summary_gives_the_range_of_the_relevant_courses(matcher: Matcher) -> None:
    result = matcher.match("plumber wanting heat pumps", profile=plumber(6), k=5, today=TODAY)
    (hours,) = [s for s in result.limits if s.limit == "hours"]
    assert hours.low == 12.5 and hours.high == 22.5
    assert hours.wanted == "6"
    assert hours.courses == 3  # Heat Pump Installation counts once for its two campuses
    assert hours.alone == 3
    assert set(hours.course_ids) <= HEAT_PUMPS
    assert hours.course_values == ("12.5", "15", "22.5")
    assert hours.text == "3 courses need 12.5 to 22.5 hours a week; you said 6"
    # Only limits that removed something relevant are summarised; unrelated courses never count.
    assert [s.limit for s in result.limits] == ["hours"]


def test_a_course_at_two_campuses_is_one_near_miss(matcher: Matcher) -> None:
    result = matcher.match("plumber wanting heat pumps", profile=plumber(6), k=5, today=TODAY)
    titles = [n.course.title.removesuffix(" (Wales)") for n in result.near_misses]
    assert len(titles) == len(set(titles))


def test_the_near_miss_shown_is_the_campus_that_breaks_fewest_limits(matcher: Matcher) -> None:
    in_wales = Profile(learner=LearnerFacts(nation="Wales"), constraints=Constraints(hours_per_week=6))
    result = matcher.match("plumber wanting heat pump installation", profile=in_wales, k=5, today=TODAY)
    assert "heat-pump-installation-wales" in near_ids(result)
    assert "heat-pump-installation" not in near_ids(result)
    assert [b.limit for b in breaks_of(result, "heat-pump-installation-wales")] == ["hours"]


# --- each limit, in plain words -------------------------------------------------------------------------


def test_mode_budget_and_nation_breaks_say_what_the_course_is_and_what_was_asked(matcher: Matcher) -> None:
    limits = Profile(
        learner=LearnerFacts(nation="Scotland"),
        constraints=Constraints(delivery_modes=("online",), budget_gbp=300),
    )
    result = matcher.match("plumber wanting heat pump installation", profile=limits, k=5, today=TODAY)
    texts = [b.text for b in breaks_of(result, "heat-pump-installation")]
    assert texts[:3] == [
        "is only offered in England",
        "is only taught in person; you asked for online",
        "costs £850; your budget is £300",
    ]
    nation, mode, budget = breaks_of(result, "heat-pump-installation")[:3]
    assert (nation.limit, nation.course_value, nation.wanted) == ("nation", "England", "Scotland")
    assert (mode.limit, mode.course_value, mode.wanted) == ("mode", "in_person", "online")
    assert (budget.limit, budget.course_value, budget.wanted) == ("budget", "850", "300")
    summary = {s.limit: s for s in result.limits}
    assert set(summary) == {"nation", "mode", "budget"}
    assert summary["budget"].text.endswith("; your budget is £300")
    assert summary["nation"].wanted == "Scotland"


def test_a_free_only_budget_and_a_scotland_only_course(matcher: Matcher) -> None:
    free_in_wales = Profile(learner=LearnerFacts(nation="Wales"), constraints=Constraints(budget_gbp=0))
    result = matcher.match("care worker wanting dementia care", profile=free_in_wales, k=5, today=TODAY)
    texts = {n.course.id: [b.text for b in n.breaks] for n in result.near_misses}
    assert texts["dementia-care"] == ["is only offered in Scotland", "costs £150; you asked for free courses"]
    assert texts["dementia-care-practice"] == ["costs £400; you asked for free courses"]
    summary = {s.limit: s for s in result.limits}
    assert summary["budget"].courses == 2 and summary["budget"].alone == 1
    assert summary["nation"].courses == 1 and summary["nation"].alone == 0


def test_start_and_level_are_reported_beside_the_limit_that_removed_the_course(matcher: Matcher) -> None:
    wishes = Profile(target_level=3, constraints=Constraints(hours_per_week=6, start_by=dt.date(2026, 12, 1)))
    result = matcher.match("plumber wanting heat pump awareness", profile=wishes, k=5, today=TODAY)
    breaks = breaks_of(result, "heat-pump-awareness")
    assert [b.limit for b in breaks] == ["hours", "start", "level"]
    start, level = breaks[1], breaks[2]
    assert start.course_value == "2027-01-11" and start.wanted == "2026-12-01"
    assert start.text == "next starts on 11 January 2027; you wanted to start by 1 December 2026"
    assert (level.course_value, level.wanted) == ("2", "3")
    assert level.text == "is level 2 (RQF); you asked for level 3"
    # Start and level never remove a course on their own, so they are not summarised as limits.
    assert {s.limit for s in result.limits} == {"hours"}


def test_limits_that_leave_no_course_at_all_still_name_the_near_misses(matcher: Matcher) -> None:
    nothing = Profile(
        learner=LearnerFacts(nation="Northern Ireland"), constraints=Constraints(hours_per_week=1)
    )
    result = matcher.match("plumber wanting heat pumps", profile=nothing, k=5, today=TODAY)
    assert result.eligible == 0 and result.matches == () and result.weak
    assert "No course" in result.message
    assert result.near_misses and set(near_ids(result)) <= HEAT_PUMPS


# --- when near misses are reported ----------------------------------------------------------------------


def test_no_limits_no_near_misses(matcher: Matcher) -> None:
    result = matcher.match("plumber wanting heat pumps", k=5, today=TODAY)
    assert result.matches and result.near_misses == () and result.limits == ()


def test_a_near_miss_is_reported_when_it_would_have_ranked_above_the_weakest_match(matcher: Matcher) -> None:
    # Online only: the online design course is shown, the in-person installation course ranks above it.
    online = Profile(constraints=Constraints(delivery_modes=("online",)))
    result = matcher.match("plumber wanting heat pump installation", profile=online, k=5, today=TODAY)
    assert "heat-pump-design" in ids(result) and not result.weak
    weakest = min(m.score for m in result.matches)
    assert result.near_misses
    assert all(n.score > weakest for n in result.near_misses)
    assert "heat-pump-installation" in near_ids(result)
    assert breaks_of(result, "heat-pump-installation")[0].limit == "mode"


def test_a_removed_course_below_the_weakest_match_is_not_a_near_miss(matcher: Matcher) -> None:
    # At 4.5 hours a week the 4-hour dementia course is shown and the 5-hour one is removed; it ranks below
    # the one shown, so it is no near miss, though the summary still counts it.
    result = matcher.match(
        "care worker wanting dementia care",
        profile=Profile(constraints=Constraints(hours_per_week=4.5)),
        k=5,
        today=TODAY,
    )
    assert ids(result) == ["dementia-care"]
    assert result.near_misses == ()
    (hours,) = result.limits
    assert hours.course_ids == ("dementia-care-practice",)
    assert hours.text == "1 course needs 5 hours a week; you said 4.5"


def test_a_course_available_at_another_campus_is_not_a_near_miss(matcher: Matcher) -> None:
    in_wales = Profile(learner=LearnerFacts(nation="Wales"))
    result = matcher.match("plumber wanting heat pump installation", profile=in_wales, k=5, today=TODAY)
    assert "heat-pump-installation-wales" in ids(result)
    assert "heat-pump-installation" not in near_ids(result)


def test_unrelated_courses_are_never_near_misses(matcher: Matcher) -> None:
    result = matcher.match("underwater basket weaving", profile=plumber(1), k=5, today=TODAY)
    assert result.matches == () and result.near_misses == () and result.limits == ()


# --- never fill with unrelated courses ------------------------------------------------------------------


def test_limits_do_not_lower_the_relevance_bar(matcher: Matcher) -> None:
    # Without a limit the heat pump courses lead; with 6 hours they are all removed, and the short
    # English, maths and Excel courses that remain are not offered in their place.
    free = matcher.match("plumber wanting heat pumps", k=5, today=TODAY)
    assert set(ids(free)) <= HEAT_PUMPS
    limited = matcher.match("plumber wanting heat pumps", profile=plumber(6), k=50, today=TODAY)
    assert limited.matches == () and limited.weak


def test_an_off_catalogue_goal_gets_no_matches(matcher: Matcher) -> None:
    for text in ("I want to be a pilot", "I want to become an airline pilot", "I want to be a nurse"):
        result = matcher.match(text, k=5, today=TODAY)
        assert result.weak and result.matches == (), text
        assert result.near_misses == ()


def test_an_occupation_named_in_the_courses_is_evidence_enough(matcher: Matcher) -> None:
    result = matcher.match("I'm a plumber", k=5, today=TODAY)
    assert result.matches and set(ids(result)) <= HEAT_PUMPS


# --- shapes -------------------------------------------------------------------------------------------


def test_json_keeps_every_key_and_adds_near_misses_and_limits(matcher: Matcher) -> None:
    result = matcher.match("plumber wanting heat pumps", profile=plumber(6), k=5, today=TODAY)
    body = json.loads(json.dumps(result.to_json()))
    assert {"results", "profile", "message", "weak", "near_misses", "limits"} <= set(body)
    first = body["near_misses"][0]
    assert first["id"] == result.near_misses[0].course.id
    assert first["title"] == result.near_misses[0].course.title
    assert first["breaks"] == [b.text for b in result.near_misses[0].breaks]
    assert first["limits"] == ["hours"]
    assert body["limits"] == [
        {
            "limit": "hours",
            "courses": 3,
            "alone": 3,
            "text": "3 courses need 12.5 to 22.5 hours a week; you said 6",
        }
    ]
    unlimited = matcher.match("plumber wanting heat pumps", k=5, today=TODAY).to_json()
    assert unlimited["near_misses"] == [] and unlimited["limits"] == []
    assert set(unlimited["results"][0]) == {
        "id",
        "title",
        "score",
        "why",
        "level",
        "level_framework",
        "credits",
        "cost_gbp",
        "delivery_mode",
    }


def test_the_excluded_counts_keep_their_keys(matcher: Matcher) -> None:
    result = matcher.match(
        "plumber wanting heat pumps",
        profile=Profile(
            learner=LearnerFacts(nation="Wales"),
            constraints=Constraints(hours_per_week=6, delivery_modes=("online",), budget_gbp=0),
        ),
        k=5,
        today=TODAY,
    )
    assert set(result.excluded) <= {
        "not offered in Wales",
        "not online",
        "more than 6 hours a week",
        "not free",
    }
    assert sum(result.excluded.values()) == len(COURSES) - result.eligible


def test_concurrent_requests_do_not_share_state(tmp_path: Path) -> None:
    built, _ = Matcher.load(catalogue(COURSES), HashingEmbedder(), tmp_path)
    requests = [
        ("plumber wanting heat pumps", plumber(6)),
        ("plumber wanting heat pumps", Profile()),
        ("care worker wanting dementia care", Profile(learner=LearnerFacts(nation="Wales"))),
        ("I want to be a pilot", plumber(3)),
    ] * 8

    def run(request: tuple[str, Profile]) -> tuple[list[str], list[str], list[str]]:
        result = built.match(request[0], profile=request[1], k=5, today=TODAY)
        return ids(result), near_ids(result), [s.text for s in result.limits]

    alone = [run(request) for request in requests]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(run, requests))
    assert together == alone
