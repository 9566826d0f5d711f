"""Properties of the route, planning and funding engine, checked on random small cases (hypothesis),
including exhaustive brute force for placement and for plans."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from engine_builders import TODAY, award, catalogue, course, group, pool, scheme
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.domain.catalogue import Award, Course
from advisor.domain.funding import evaluate
from advisor.domain.levels import is_at_or_above
from advisor.domain.planning import plan_route, schedule_courses, unavailable_reason
from advisor.domain.profile import Constraints, LearnerFacts
from advisor.domain.routes import audit

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SECTORS = ("construction", "green-energy", "digital")


# --- strategies ----------------------------------------------------------------------------------


@st.composite
def pools(draw: st.DrawFn, ids: tuple[str, ...]) -> dict[str, Any]:
    keys: dict[str, Any] = {}
    if draw(st.booleans()):
        keys["sectors"] = draw(st.lists(st.sampled_from(SECTORS), min_size=1, max_size=2, unique=True))
    if draw(st.booleans()):
        keys["min_level"] = draw(st.integers(3, 5))
    if ids and draw(st.integers(0, 3)) == 0:
        keys["ids"] = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
    return keys


@st.composite
def courses(draw: st.DrawFn, count: int, dated: bool = False) -> list[Course]:
    out = []
    for i in range(count):
        framework = draw(st.sampled_from(("RQF", "RQF", "SCQF")))
        level = draw(st.integers(3, 5)) if framework == "RQF" else draw(st.integers(6, 8))
        starts = None
        if dated and draw(st.booleans()):
            offsets = draw(st.lists(st.integers(0, 20), min_size=1, max_size=2, unique=True))
            starts = tuple(TODAY + dt.timedelta(weeks=w) for w in offsets)
        earlier = [f"c{j}" for j in range(i)]
        prerequisites = (
            tuple(draw(st.lists(st.sampled_from(earlier), max_size=1))) if earlier and dated else ()
        )
        out.append(
            course(
                f"c{i}",
                credits=draw(st.sampled_from((0, 10, 15, 15, 30))),
                level=level,
                framework=framework,
                sector=draw(st.sampled_from(SECTORS)),
                cost=draw(st.sampled_from((0.0, 100.0, 250.0, 400.0))),
                weeks=draw(st.integers(1, 10)),
                hours=draw(st.sampled_from((4.0, 8.0))),
                mode=draw(st.sampled_from(("online", "online", "in_person"))),
                prerequisites=prerequisites,
                starts=starts,
            )
        )
    return out


@st.composite
def awards(draw: st.DrawFn, ids: tuple[str, ...], reachable: bool = False) -> Award:
    """Random awards; `reachable` keeps them small enough that a few courses often complete them."""
    group_sizes = (10, 15) if reachable else (10, 15, 30)
    groups = tuple(
        group(draw(st.sampled_from(group_sizes)), **draw(pools(ids)))
        for _ in range(draw(st.integers(0, 2 if reachable else 3)))
    )
    electives = pool(**draw(pools(ids))) if draw(st.integers(0, 3)) else None
    required = tuple(draw(st.lists(st.sampled_from(ids), max_size=1))) if ids else ()
    at_level = {4: draw(st.sampled_from((15, 30)))} if draw(st.booleans()) else None
    return award(
        credits=draw(st.sampled_from((15, 30) if reachable else (15, 30, 45, 60))),
        framework=draw(st.sampled_from(("RQF", "RQF", "SCQF"))) if not at_level else "RQF",
        level=4,
        required=required,
        choose=groups,
        electives=electives,
        min_at_level=at_level,
        rpl=draw(st.sampled_from((0.0, 0.25, 0.5))),
    )


@st.composite
def audits(draw: st.DrawFn) -> tuple[Award, list[Course], int]:
    done = draw(courses(draw(st.integers(0, 7))))
    ids = tuple(c.id for c in done) or ("c0",)
    return draw(awards(ids)), done, draw(st.integers(0, 40))


# --- routes --------------------------------------------------------------------------------------


def brute_force_groups(a: Award, done: list[Course]) -> tuple[int, int]:
    """Best (groups met, capped progress) over every placement of every course."""
    framework = a.level_framework
    options = []
    for c in done:
        if c.id in a.required:
            continue
        places = [i for i, g in enumerate(a.choose) if g.pool.admits(c, framework)]
        if a.electives is not None and a.electives.admits(c, framework):
            places.append(-1)
        options.append([(c.credits, p) for p in places] or [(c.credits, -1)])
    best = (0, 0)
    for choice in itertools.product(*options):
        placed = [0] * len(a.choose)
        for credits, p in choice:
            if p >= 0:
                placed[p] += credits
        needs = [g.credits for g in a.choose]
        score = (
            sum(have >= need for have, need in zip(placed, needs, strict=True)),
            sum(min(have, need) for have, need in zip(placed, needs, strict=True)),
        )
        best = max(best, score)
    return best


@FAST
@given(audits())
def test_placement_equals_brute_force(case: tuple[Award, list[Course], int]) -> None:
    a, done, rpl = case
    result = audit(a, done, rpl)
    met = sum(g.met for g in result.groups)
    progress = sum(min(g.credits_placed, g.credits_needed) for g in result.groups)
    assert (met, progress) == brute_force_groups(a, done)


@FAST
@given(audits(), st.data())
def test_adding_a_course_never_lowers_counted_credits(
    case: tuple[Award, list[Course], int], data: st.DataObject
) -> None:
    a, done, rpl = case
    extra = data.draw(courses(1))[0].model_copy(update={"id": "extra"})
    before = audit(a, done, rpl)
    after = audit(a, [*done, extra], rpl)
    assert after.course_credits_counted >= before.course_credits_counted
    assert after.credits_counted >= min(before.credits_counted, a.credits)
    assert sum(g.met for g in after.groups) >= sum(g.met for g in before.groups)


@FAST
@given(audits())
def test_rpl_used_never_exceeds_cap_or_claim(case: tuple[Award, list[Course], int]) -> None:
    a, done, rpl = case
    result = audit(a, done, rpl)
    assert 0 <= result.rpl_credits_used <= min(rpl, a.rpl_cap)
    assert result.rpl_credits_cap == int(a.rpl_max_fraction * a.credits + 1e-9)


@FAST
@given(audits())
def test_complete_implies_every_rule_holds_checked_independently(
    case: tuple[Award, list[Course], int],
) -> None:
    a, done, rpl = case
    result = audit(a, done, rpl)
    by_id = {c.id: c for c in done}
    counted = [p for p in result.placements if p.counted]
    assert len({p.course_id for p in counted}) == len(counted)  # once each
    for p in counted:  # every placement is allowed by the award
        c = by_id[p.course_id]
        if p.place == "required":
            assert c.id in a.required
        elif p.place == "choose":
            assert p.group is not None and a.choose[p.group - 1].pool.admits(c, a.level_framework)
        else:
            assert a.electives is not None and a.electives.admits(c, a.level_framework)
    if not result.complete:
        return
    assert set(a.required) <= {p.course_id for p in counted if p.place == "required"}
    for i, g in enumerate(a.choose):
        assert sum(p.credits for p in counted if p.group == i + 1) >= g.credits
    for level, need in a.min_credits_at_level.items():
        at_level = sum(
            p.credits
            for p in counted
            if is_at_or_above(
                by_id[p.course_id].level, by_id[p.course_id].level_framework, level, a.level_framework
            )
        )
        assert at_level + (result.rpl_credits_used if level <= a.level else 0) >= need
    assert sum(p.credits for p in counted) + result.rpl_credits_used >= a.credits


# --- planning ------------------------------------------------------------------------------------


@st.composite
def plan_cases(draw: st.DrawFn) -> dict[str, Any]:
    pool_of_courses = draw(courses(draw(st.integers(3, 8)), dated=True))
    ids = tuple(c.id for c in pool_of_courses)
    a = draw(awards(ids, reachable=True))
    done = draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))
    constraints = Constraints(
        hours_per_week=draw(st.sampled_from((None, 8.0, 12.0))),
        delivery_modes=draw(st.sampled_from((None, ("online",)))),
        budget_gbp=draw(st.sampled_from((None, 500.0))),
    )
    return {
        "catalogue": catalogue(pool_of_courses, [a]),
        "award": a,
        "done": done,
        "rpl": draw(st.integers(0, 30)),
        "constraints": constraints,
        "objective": draw(st.sampled_from(("cheapest", "quickest"))),
    }


def brute_force_plan(case: dict[str, Any]) -> tuple[float, float] | None:
    cat, a, done, constraints = case["catalogue"], case["award"], set(case["done"]), case["constraints"]
    held = [cat.courses[cid] for cid in done]
    options = [
        c
        for c in cat.courses.values()
        if c.id not in done and not unavailable_reason(c, constraints, None, TODAY)
    ]
    best: tuple[float, float] | None = None
    for size in range(len(options) + 1):
        for subset in itertools.combinations(options, size):
            chosen = {c.id for c in subset}
            if any(p not in done and p not in chosen for c in subset for p in c.prerequisites):
                continue
            cost = round(sum(c.cost_gbp for c in subset), 2)
            if constraints.budget_gbp is not None and cost > constraints.budget_gbp:
                continue
            if not audit(a, [*held, *subset], case["rpl"]).complete:
                continue
            slots = schedule_courses(list(subset), TODAY, constraints.hours_per_week)
            if slots is None:
                continue
            weeks = max([0, *(-(-(s.finish - TODAY).days // 7) for s in slots)])
            key = (cost, float(weeks)) if case["objective"] == "cheapest" else (float(weeks), cost)
            best = key if best is None or key < best else best
    return best


def run_plan(case: dict[str, Any]):  # type: ignore[no-untyped-def]
    return plan_route(
        case["catalogue"],
        case["award"].id,
        case["done"],
        rpl_credits=case["rpl"],
        constraints=case["constraints"],
        start_date=TODAY,
        objective=case["objective"],
    )


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_cases())
def test_plan_is_as_good_as_brute_force(case: dict[str, Any]) -> None:
    result = run_plan(case)
    best = brute_force_plan(case)
    assert result.complete == (best is not None)
    if best is not None:
        assert result.weeks_to_finish is not None
        key = (
            (result.cost_gbp, float(result.weeks_to_finish))
            if case["objective"] == "cheapest"
            else (float(result.weeks_to_finish), result.cost_gbp)
        )
        assert key == best


@FAST
@given(plan_cases())
def test_a_suggested_plan_once_done_completes_the_award(case: dict[str, Any]) -> None:
    result = run_plan(case)
    if not result.complete:
        assert result.reasons
        return
    cat = case["catalogue"]
    finished = [cat.courses[cid] for cid in [*case["done"], *result.suggested]]
    assert audit(case["award"], finished, case["rpl"]).complete
    starts = {s.course_id: s for s in result.schedule}
    for s in result.schedule:  # prerequisites finish first
        for p in cat.courses[s.course_id].prerequisites:
            if p in starts:
                assert starts[p].finish <= s.start


# --- funding -------------------------------------------------------------------------------------

FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "age": st.integers(14, 120),
    "nation": st.sampled_from(("England", "Wales", "Scotland", "Northern Ireland")),
    "has_degree": st.booleans(),
    "annual_income_gbp": st.sampled_from((0.0, 15000.0, 30000.0, 60000.0)),
}
LEAVES = st.one_of(
    st.builds(
        lambda op, v: {"field": "learner.age", "op": op, "value": v},
        st.sampled_from(("lt", "ge", "eq", "ne")),
        st.integers(14, 120),
    ),
    st.builds(
        lambda v: {"field": "learner.age", "op": "between", "value": sorted(v)},
        st.lists(st.integers(14, 120), min_size=2, max_size=2),
    ),
    st.builds(lambda v: {"field": "learner.has_degree", "op": "eq", "value": v}, st.booleans()),
    st.builds(
        lambda v: {"field": "learner.annual_income_gbp", "op": "lt", "value": v},
        st.sampled_from((20000, 40000)),
    ),
    st.builds(
        lambda v: {"field": "learner.nation", "op": "in", "value": v},
        st.lists(st.sampled_from(("England", "Wales")), min_size=1, unique=True),
    ),
)
TREES = st.recursive(
    LEAVES,
    lambda children: st.one_of(
        st.builds(lambda c: {"all": c}, st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda c: {"any": c}, st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda c: {"not": c}, children),
    ),
    max_leaves=6,
)


@st.composite
def facts(draw: st.DrawFn) -> dict[str, Any]:
    return {name: draw(strategy) for name, strategy in FIELDS.items() if draw(st.booleans())}


@settings(max_examples=300, deadline=None)
@given(TREES, facts(), st.data())
def test_known_verdict_never_changes_when_more_facts_are_added(
    tree: dict[str, Any], known: dict[str, Any], data: st.DataObject
) -> None:
    rule = scheme("s", tree, nations=("England", "Wales"))
    before = evaluate(rule, LearnerFacts(**known))
    more = {
        **{name: data.draw(strategy) for name, strategy in FIELDS.items() if data.draw(st.booleans())},
        **known,
    }
    after = evaluate(rule, LearnerFacts(**more))
    if before.status != "unknown":
        assert after.status == before.status
        assert before.needs == ()


@settings(max_examples=300, deadline=None)
@given(TREES, facts(), st.data())
def test_unknown_verdict_names_what_it_needs_and_those_facts_decide_it(
    tree: dict[str, Any], known: dict[str, Any], data: st.DataObject
) -> None:
    rule = scheme("s", tree, nations=("England", "Wales"))
    verdict = evaluate(rule, LearnerFacts(**known))
    if verdict.status != "unknown":
        return
    assert verdict.needs
    assert all(need.removeprefix("learner.") not in known for need in verdict.needs)
    filled = {
        **known,
        **{n.removeprefix("learner."): data.draw(FIELDS[n.removeprefix("learner.")]) for n in verdict.needs},
    }
    assert evaluate(rule, LearnerFacts(**filled)).status != "unknown"
