"""Funding rules, three-valued, with reasons and the facts still needed; amounts; facts from dicts."""

from __future__ import annotations

from typing import Any

import pytest
from engine_builders import course, scheme

from advisor.domain.catalogue import Covers
from advisor.domain.facts import FactsInvalid, employer_facts, learner_facts
from advisor.domain.funding import choose_funding, evaluate, funding_amount, funding_per_course, net_cost
from advisor.domain.profile import EmployerFacts, LearnerFacts

ENGLAND = LearnerFacts(nation="England")


def leaf(field: str, op: str, value: Any) -> dict[str, Any]:
    return {"field": field, "op": op, "value": value}


@pytest.mark.parametrize(
    ("op", "value", "age", "status"),
    [
        ("eq", 30, 30, "eligible"),
        ("eq", 30, 31, "not_eligible"),
        ("ne", 30, 31, "eligible"),
        ("ne", 30, 30, "not_eligible"),
        ("lt", 61, 60, "eligible"),
        ("lt", 61, 61, "not_eligible"),
        ("le", 61, 61, "eligible"),
        ("le", 61, 62, "not_eligible"),
        ("gt", 18, 19, "eligible"),
        ("gt", 18, 18, "not_eligible"),
        ("ge", 19, 19, "eligible"),
        ("ge", 19, 18, "not_eligible"),
        ("in", [19, 20], 20, "eligible"),
        ("in", [19, 20], 21, "not_eligible"),
        ("not_in", [19, 20], 21, "eligible"),
        ("not_in", [19, 20], 19, "not_eligible"),
        ("between", [19, 23], 19, "eligible"),  # inclusive at both ends
        ("between", [19, 23], 23, "eligible"),
        ("between", [19, 23], 24, "not_eligible"),
        ("between", [19, 23], 18, "not_eligible"),
    ],
)
def test_each_scalar_operator(op: str, value: Any, age: int, status: str) -> None:
    verdict = evaluate(scheme("s", leaf("learner.age", op, value)), LearnerFacts(nation="England", age=age))
    assert verdict.status == status
    assert verdict.needs == ()


@pytest.mark.parametrize(
    ("value", "schemes", "status"),
    [
        ("bootcamp", ("bootcamp",), "eligible"),
        ("bootcamp", ("lle",), "not_eligible"),
        ("bootcamp", (), "not_eligible"),
    ],
)
def test_contains_reads_a_list_field(value: str, schemes: tuple[str, ...], status: str) -> None:
    rule = scheme("s", leaf("course.schemes", "contains", value))
    assert evaluate(rule, ENGLAND, None, course("c", schemes=schemes)).status == status


def test_in_on_a_list_field_means_any_item_matches() -> None:
    rule = scheme("s", leaf("course.nations", "in", ["Wales"]))
    assert evaluate(rule, ENGLAND, None, course("c", nations=("England", "Wales"))).status == "eligible"
    assert evaluate(rule, ENGLAND, None, course("c", nations=("England",))).status == "not_eligible"


E, N, U = "eligible", "not_eligible", "unknown"
# A leaf per status: age 30 is known (eligible / not eligible by the bound); income is never known.
LEAF = {
    E: leaf("learner.age", "ge", 19),
    N: leaf("learner.age", "ge", 99),
    U: leaf("learner.annual_income_gbp", "lt", 1),
}


@pytest.mark.parametrize(
    ("left", "right", "all_", "any_"),
    [
        (E, E, E, E),
        (E, N, N, E),
        (E, U, U, E),
        (N, N, N, N),
        (N, U, N, U),
        (U, U, U, U),
        (N, E, N, E),
        (U, E, U, E),
        (U, N, N, U),
    ],
)
def test_kleene_all_and_any(left: str, right: str, all_: str, any_: str) -> None:
    learner = LearnerFacts(nation="England", age=30)
    assert evaluate(scheme("s", {"all": [LEAF[left], LEAF[right]]}), learner).status == all_
    assert evaluate(scheme("s", {"any": [LEAF[left], LEAF[right]]}), learner).status == any_


@pytest.mark.parametrize(("inner", "negated"), [(E, N), (N, E), (U, U)])
def test_kleene_not_swaps_known_values_only(inner: str, negated: str) -> None:
    learner = LearnerFacts(nation="England", age=30)
    assert evaluate(scheme("s", {"not": LEAF[inner]}), learner).status == negated


def test_not_states_the_negated_requirement() -> None:
    verdict = evaluate(
        scheme("s", {"not": leaf("learner.has_degree", "eq", True)}),
        LearnerFacts(nation="England", has_degree=True),
    )
    assert verdict.status == "not_eligible"
    assert verdict.reasons == ("You have a degree; this scheme needs no degree",)


def test_unknown_field_names_what_is_needed() -> None:
    verdict = evaluate(scheme("s", leaf("learner.age", "lt", 61)), ENGLAND)
    assert verdict.status == "unknown"
    assert verdict.needs == ("learner.age",)
    assert verdict.reasons == (
        "You live in England, and this scheme needs someone living in England",
        "We don't know your age yet; this scheme needs under 61",
    )


def test_needs_leave_out_facts_in_branches_that_no_longer_matter() -> None:
    rule = {
        "all": [
            {"any": [leaf("learner.benefits", "eq", True), leaf("learner.annual_income_gbp", "lt", 25000)]},
            leaf("learner.age", "ge", 19),
        ]
    }
    on_benefits = evaluate(scheme("s", rule), LearnerFacts(nation="England", benefits=True))
    assert on_benefits.status == "unknown"
    assert on_benefits.needs == ("learner.age",)
    too_young = evaluate(scheme("s", rule), LearnerFacts(nation="England", age=17))
    assert too_young.status == "not_eligible"
    assert too_young.needs == ()


def test_plain_english_reasons() -> None:
    rule = {"all": [leaf("learner.age", "lt", 61), leaf("course.level", "between", [4, 6])]}
    verdict = evaluate(
        scheme("lle", rule), LearnerFacts(nation="England", age=45), None, course("c", level=3)
    )
    assert verdict.status == "not_eligible"
    assert verdict.reasons == ("This course is level 3; this scheme needs level 4 to 6",)
    ok = evaluate(scheme("lle", rule), LearnerFacts(nation="England", age=45), None, course("c", level=4))
    assert "You are 45, and this scheme needs under 61" in ok.reasons


def test_course_fields_are_unknown_without_a_course() -> None:
    rule = {"all": [leaf("course.level", "between", [4, 6]), leaf("course.credits", "ge", 30)]}
    verdict = evaluate(scheme("s", rule), ENGLAND)
    assert verdict.status == "unknown"
    assert verdict.needs == ("course.level", "course.credits")


def test_course_level_is_the_course_own_number() -> None:
    rule = scheme("s", leaf("course.level", "ge", 7), nations=("Scotland",))
    scottish = course("c", framework="SCQF", level=7)  # SCQF 7 is RQF 4, but the rule reads 7
    assert evaluate(rule, LearnerFacts(nation="Scotland"), None, scottish).status == "eligible"


@pytest.mark.parametrize(
    ("nation", "status", "needs"),
    [("England", "eligible", ()), ("Wales", "not_eligible", ()), (None, "unknown", ("learner.nation",))],
)
def test_scheme_nations_is_a_condition_on_the_learner(
    nation: str | None, status: str, needs: tuple[str, ...]
) -> None:
    rule = scheme("s", leaf("learner.age", "ge", 19))
    verdict = evaluate(rule, LearnerFacts(nation=nation, age=30))  # type: ignore[arg-type]
    assert verdict.status == status
    assert verdict.needs == needs


def test_employer_scheme_checks_the_employer_nation() -> None:
    rule = scheme("levy", leaf("employer.size", "ge", 1), audience="employer", nations=("Scotland",))
    assert evaluate(rule, ENGLAND, EmployerFacts(nation="Scotland", size=10)).status == "eligible"
    assert evaluate(rule, ENGLAND, EmployerFacts(nation="England", size=10)).status == "not_eligible"
    unknown = evaluate(rule, LearnerFacts(nation="Scotland"), EmployerFacts(size=10))
    assert unknown.needs == ("employer.nation",)
    wrong = evaluate(rule, ENGLAND, EmployerFacts(nation="England", size=10))
    assert wrong.reasons == ("Your organisation is in England; this scheme needs an employer in Scotland",)


@pytest.mark.parametrize(
    ("covers", "fee", "amount"),
    [
        ({"percent_of_fee": 100}, 1200, 1200),
        ({"percent_of_fee": 70}, 1000, 700),
        ({"amount_gbp": 500}, 1200, 500),
        ({"amount_gbp": 500}, 300, 300),  # never more than the fee
        ({"max_gbp": 800}, 1200, 800),
        ({"max_gbp": 800}, 500, 500),
        ({"percent_of_fee": 50, "max_gbp": 400}, 1200, 400),
        ({"percent_of_fee": 50, "max_gbp": 400}, 600, 300),
        ({"percent_of_fee": 100, "amount_gbp": 250}, 1000, 250),
        ({}, 1000, 0),
        ({"percent_of_fee": 100}, 0, 0),
    ],
)
def test_funding_amount(covers: dict[str, float], fee: float, amount: float) -> None:
    assert funding_amount(Covers(**covers), fee) == amount


def test_net_cost_never_below_zero() -> None:
    assert net_cost(500, 800) == 0
    assert net_cost(500, 120.5) == 379.5


def test_best_single_scheme_is_chosen_and_the_choice_explained() -> None:
    a = scheme("a", leaf("learner.age", "ge", 19), covers={"amount_gbp": 300})
    b = scheme("b", leaf("learner.age", "ge", 19), covers={"percent_of_fee": 50})
    c = scheme("c", leaf("learner.annual_income_gbp", "lt", 1))
    learner = LearnerFacts(nation="England", age=30)
    verdicts = [evaluate(s, learner) for s in (a, b, c)]
    choice = choose_funding([a, b, c], verdicts, 1000)
    assert choice.scheme_ids == ("b",)
    assert choice.funded_gbp == 500 and choice.net_cost_gbp == 500
    assert "B pays the most (£500); A also applies" in choice.notes[0]
    assert "C might also apply; it needs learner.annual_income_gbp." in choice.notes


def test_schemes_combine_only_when_each_lists_the_other() -> None:
    rule = leaf("learner.age", "ge", 19)
    learner = LearnerFacts(nation="England", age=30)
    one_way = [
        scheme("a", rule, covers={"amount_gbp": 300}, combines_with=("b",)),
        scheme("b", rule, covers={"amount_gbp": 200}),
    ]
    choice = choose_funding(one_way, [evaluate(s, learner) for s in one_way], 1000)
    assert choice.scheme_ids == ("a",)
    both = [
        scheme("a", rule, covers={"amount_gbp": 300}, combines_with=("b",)),
        scheme("b", rule, covers={"amount_gbp": 900}, combines_with=("a",)),
    ]
    combined = choose_funding(both, [evaluate(s, learner) for s in both], 1000)
    assert combined.scheme_ids == ("a", "b")
    assert combined.funded_gbp == 1000 and combined.net_cost_gbp == 0  # capped at the fee
    assert "Check with an advisor" in combined.notes[0]


def test_funding_per_course_feeds_planning() -> None:
    rule = leaf("course.level", "ge", 4)
    funded = funding_per_course([scheme("s", rule, covers={"percent_of_fee": 50})], ENGLAND)
    assert funded(course("c", level=4, cost=800)) == 400
    assert funded(course("c", level=3, cost=800)) == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"age": 200}, "learner.age"),
        ({"age": 13}, "learner.age"),
        ({"age": True}, "learner.age"),
        ({"age": 45.5}, "learner.age"),
        ({"nation": "england"}, "learner.nation"),
        ({"employment_status": "busy"}, "learner.employment_status"),
        ({"annual_income_gbp": -1}, "learner.annual_income_gbp"),
        ({"highest_level": 9}, "learner.highest_level"),
        ({"shoe_size": 9}, "learner.shoe_size"),
    ],
)
def test_bad_learner_facts_are_errors_naming_the_field(data: dict[str, Any], field: str) -> None:
    with pytest.raises(FactsInvalid) as raised:
        learner_facts(data)
    assert raised.value.fields == [field]
    assert str(raised.value).startswith(f"{field}: ")


def test_learner_facts_accept_plain_and_prefixed_names_and_none_as_unknown() -> None:
    facts = learner_facts({"age": 45, "learner.nation": "Wales", "benefits": None})
    assert facts == LearnerFacts(age=45, nation="Wales")


def test_bad_employer_facts_are_errors() -> None:
    with pytest.raises(FactsInvalid) as raised:
        employer_facts({"size": 0, "sector": "Bad Sector"})
    assert raised.value.fields == ["employer.size", "employer.sector"]
    assert employer_facts({"size": 12, "citb_registered": True}) == EmployerFacts(
        size=12, citb_registered=True
    )
