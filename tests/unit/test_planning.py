"""Plans: which further courses complete an award, under the learner's constraints, cheapest or quickest."""

from __future__ import annotations

import datetime as dt

import pytest
from engine_builders import TODAY, award, catalogue, course, group, pool

from advisor.domain.planning import PlanningError, plan_route, reachable, schedule_courses
from advisor.domain.profile import Constraints


def plan(cat, award_id="hnc-test", done=(), **kwargs):  # type: ignore[no-untyped-def]
    return plan_route(cat, award_id, list(done), start_date=TODAY, **kwargs)


def test_cheapest_is_optimal_where_greedy_by_price_per_credit_is_not() -> None:
    # Greedy by £ per credit takes "b" first and then still needs 15 credits: 250 + 400 = 650.
    # Taking "a" alone costs 600.
    a = award(credits=30, electives=pool())
    cat = catalogue(
        [
            course("a", credits=30, cost=600),
            course("b", credits=15, cost=250),
            course("c", credits=20, cost=400),
        ],
        [a],
    )
    result = plan(cat)
    assert result.complete and result.optimal
    assert result.suggested == ("a",)
    assert result.cost_gbp == 600
    assert result.after is not None and result.after.complete


def test_plan_takes_missing_required_courses_and_meets_groups() -> None:
    a = award(credits=45, required=("core",), choose=(group(15, sectors=["green-energy"]),), electives=pool())
    cat = catalogue(
        [
            course("core", cost=900),
            course("heat", sector="green-energy", cost=300),
            course("cheap", cost=100),
            course("solar", sector="green-energy", cost=800),
        ],
        [a],
    )
    result = plan(cat)
    assert set(result.suggested) == {"core", "heat", "cheap"}
    assert result.cost_gbp == 1300


def test_prerequisites_are_suggested_and_come_first() -> None:
    a = award(credits=15, choose=(group(15, ids=["advanced"]),))
    cat = catalogue(
        [
            course("intro", credits=0, level=3, cost=50, weeks=4),
            course("advanced", prerequisites=("intro",), cost=300, weeks=6),
        ],
        [a],
    )
    result = plan(cat)
    assert result.suggested == ("intro", "advanced")
    first, second = result.schedule
    assert first.finish <= second.start
    assert "needed first for advanced" in first.counts_as
    assert result.weeks_to_finish == 10


def test_done_prerequisite_is_not_suggested_again() -> None:
    a = award(credits=15, electives=pool(min_level=4))
    cat = catalogue([course("intro", level=3), course("advanced", prerequisites=("intro",))], [a])
    assert plan(cat, done=["intro"]).suggested == ("advanced",)


def test_constraints_rule_courses_out_and_plan_routes_round_them() -> None:
    a = award(credits=15, electives=pool())
    cat = catalogue(
        [
            course("in-person", mode="in_person", cost=100),
            course("heavy", hours=20, cost=150),
            course("welsh-only", nations=("Wales",), cost=200),
            course("late", starts=(dt.date(2026, 1, 1),), cost=250),
            course("fine", cost=900),
        ],
        [a],
    )
    constraints = Constraints(delivery_modes=("online",), hours_per_week=10)
    result = plan(cat, constraints=constraints, learner_nation="England")
    assert result.suggested == ("fine",)


def test_budget_is_respected_or_the_plan_says_it_cannot_be_met() -> None:
    a = award(credits=30, electives=pool())
    cat = catalogue([course("a", cost=400), course("b", cost=500), course("c", cost=700)], [a])
    assert plan(cat, constraints=Constraints(budget_gbp=900)).cost_gbp == 900
    over = plan(cat, constraints=Constraints(budget_gbp=800))
    assert not over.complete
    assert over.weeks_to_finish is None
    assert "budget of £800.00" in over.reasons[0]


def test_quickest_and_cheapest_can_differ() -> None:
    a = award(credits=15, electives=pool())
    cat = catalogue(
        [
            course("slow-cheap", cost=100, weeks=30),
            course("fast-dear", cost=900, weeks=5),
        ],
        [a],
    )
    assert plan(cat, objective="cheapest").suggested == ("slow-cheap",)
    quick = plan(cat, objective="quickest")
    assert quick.suggested == ("fast-dear",)
    assert quick.weeks_to_finish == 5


def test_weeks_to_finish_runs_courses_in_parallel_only_while_hours_fit() -> None:
    a = award(credits=30, electives=pool())
    cat = catalogue([course("a", hours=6, weeks=10), course("b", hours=6, weeks=10)], [a])
    assert plan(cat, constraints=Constraints(hours_per_week=12)).weeks_to_finish == 10
    assert plan(cat, constraints=Constraints(hours_per_week=8)).weeks_to_finish == 20
    assert plan(cat).weeks_to_finish == 10  # no limit given: in parallel


def test_weeks_wait_for_the_next_start_date() -> None:
    a = award(credits=15, electives=pool())
    cat = catalogue([course("a", weeks=10, starts=(TODAY + dt.timedelta(weeks=6),))], [a])
    result = plan(cat)
    assert result.schedule[0].start == TODAY + dt.timedelta(weeks=6)
    assert result.weeks_to_finish == 16


def test_scheduler_returns_none_when_fixed_dates_cannot_fit_the_hours() -> None:
    starts = (TODAY,)
    courses = [course("a", hours=8, starts=starts), course("b", hours=8, starts=starts)]
    assert schedule_courses(courses, TODAY, 10) is None
    assert schedule_courses(courses, TODAY, 16) is not None


def test_impossible_award_returns_incomplete_with_reasons() -> None:
    a = award(credits=60, required=("core",), electives=pool())
    cat = catalogue([course("core", nations=("Scotland",)), course("a")], [a])
    result = plan(cat, learner_nation="England")
    assert not result.complete
    assert result.suggested == ()
    assert result.reasons == (
        "The required course core is not available to you: it is not offered in England.",
    )


def test_not_enough_courses_is_explained_with_what_is_missing() -> None:
    a = award(credits=60, electives=pool())
    cat = catalogue([course("a"), course("b")], [a])
    result = plan(cat)
    assert not result.complete
    assert result.reasons[0].startswith("Even with every course available to you")
    assert any("30 more credits" in r for r in result.reasons)


def test_planned_courses_count_and_are_scheduled_but_not_suggested_or_charged() -> None:
    a = award(credits=30, electives=pool())
    cat = catalogue([course("a", cost=300), course("b", cost=400, weeks=8), course("c", cost=500)], [a])
    result = plan_route(cat, "hnc-test", [], planned=["b"], start_date=TODAY)
    assert result.suggested == ("a",)
    assert result.cost_gbp == 300
    assert result.planned_cost_gbp == 400
    assert {s.course_id for s in result.schedule} == {"a", "b"}
    assert result.current.credits_counted == 15


def test_rpl_reduces_what_the_plan_needs() -> None:
    a = award(credits=45, electives=pool(), rpl=0.5)
    cat = catalogue([course("a", cost=300), course("b", cost=400), course("c", cost=500)], [a])
    result = plan_route(cat, "hnc-test", ["a"], rpl_credits=15, start_date=TODAY)
    assert result.suggested == ("b",)
    assert result.after is not None and result.after.rpl_credits_used == 15


def test_funding_lowers_the_fee_after_funding_and_steers_the_cheapest_plan() -> None:
    a = award(credits=15, electives=pool())
    cat = catalogue([course("a", cost=300), course("b", cost=500)], [a])
    result = plan(cat, funding={"b": 500})
    assert result.suggested == ("b",)
    assert result.cost_gbp == 500
    assert result.cost_after_funding_gbp == 0
    with_callable = plan(cat, funding=lambda c: 100.0)
    assert with_callable.suggested == ("a",)
    assert with_callable.cost_after_funding_gbp == 200


def test_already_complete_award_needs_nothing() -> None:
    a = award(credits=15, electives=pool())
    cat = catalogue([course("a"), course("b")], [a])
    result = plan(cat, done=["a"])
    assert result.complete and result.current.complete
    assert result.suggested == ()
    assert result.weeks_to_finish == 0
    assert result.cost_gbp == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"award_id": "nope"}, "unknown award 'nope'"),
        ({"done": ["ghost"]}, "unknown course 'ghost'"),
        ({"rpl_credits": -5}, "RPL credits cannot be negative"),
        ({"objective": "fastest"}, "objective must be cheapest or quickest"),
    ],
)
def test_bad_requests_raise_planning_error(kwargs, message) -> None:  # type: ignore[no-untyped-def]
    cat = catalogue([course("a")], [award(credits=15, electives=pool())])
    args = {"award_id": "hnc-test", "done": [], **kwargs}
    with pytest.raises(PlanningError, match=message):
        plan_route(cat, args.pop("award_id"), args.pop("done"), start_date=TODAY, **args)


def test_api_fields_are_exactly_the_contract() -> None:
    cat = catalogue([course("a"), course("b")], [award(credits=30, electives=pool())])
    fields = plan(cat, done=["a"]).api_fields()
    assert set(fields) == {
        "award_id",
        "credits_required",
        "credits_counted",
        "rpl_credits_used",
        "credits_remaining",
        "complete",
        "unmet",
        "suggested",
        "weeks_to_finish",
        "cost_gbp",
    }
    assert fields["suggested"] == ["b"]
    assert fields["credits_remaining"] == 15


def test_reachable_ranks_awards_closest_first() -> None:
    near = award("near", credits=30, electives=pool())
    far = award("far", credits=120, electives=pool())
    blocked = award("blocked", credits=15, required=("x",), electives=pool())
    cat = catalogue(
        [course("a"), course("b"), course("x", credits=30, sector="digital")], [far, near, blocked]
    )
    ranked = reachable(cat, ["a"])
    assert [r.award_id for r in ranked] == ["near", "blocked", "far"]
    assert ranked[0].credits_remaining == 15
    # "blocked" has all its credits but still needs its 30-credit required course.
    assert ranked[1].credits_remaining == 0 and ranked[1].credits_still_needed == 30
    assert ranked[1].missing == ("Complete the required course x.",)
    assert ranked[2].credits_still_needed == 105
    done = reachable(cat, ["a", "b"])
    assert done[0].award_id == "near" and done[0].complete
