"""A second, independent test catalogue (tests/data/catalogues/glen-ardair: a fictional Scottish college) must
load with the same validator as the bundled one, and the facts a user would notice must hold: every award can
be completed from the catalogue's own courses, sizes follow the SCQF, and funding rules give the answers the
reference gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from catalogue_paths import SECOND_CATALOGUE

from advisor.catalogue import CatalogueInvalid, load_catalogue
from advisor.config import BUNDLED_CATALOGUE, PROJECT_ROOT
from advisor.domain.catalogue import Catalogue
from advisor.domain.funding import evaluate
from advisor.domain.planning import plan_route
from advisor.domain.profile import EmployerFacts, LearnerFacts
from advisor.domain.routes import audit
from advisor.retrieval.evaluate import load_cases

FOLDER = SECOND_CATALOGUE
EVAL_CASES = PROJECT_ROOT / "tests" / "data" / "glen-ardair_eval_cases.jsonl"
START = dt.date(2027, 1, 1)
SCOTLAND = LearnerFacts(nation="Scotland")


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    try:
        return load_catalogue(FOLDER)
    except CatalogueInvalid as invalid:
        pytest.fail("\n".join(str(p) for p in invalid.problems))


def test_loads_with_enough_of_everything(cat: Catalogue) -> None:
    assert len(cat.courses) >= 70
    assert len(cat.awards) >= 6
    assert len(cat.schemes) >= 8
    assert len(cat.guides) >= 4
    assert len(cat.content_hash) == 64


def test_it_is_marked_as_fictional_and_scottish(cat: Catalogue) -> None:
    assert cat.info.demo is True
    assert cat.info.description and "fictional" in cat.info.description.lower()
    assert "Scotland" in cat.info.nations
    assert all(c.level_framework == "SCQF" for c in cat.courses.values())
    assert all(a.level_framework == "SCQF" for a in cat.awards.values())
    # Not a copy of the bundled catalogue: no course id in common.
    if (BUNDLED_CATALOGUE / "courses.csv").exists():
        assert not set(cat.courses) & set(load_catalogue(BUNDLED_CATALOGUE).courses)


def test_courses_are_varied_and_sized_by_scqf_points(cat: Catalogue) -> None:
    courses = list(cat.courses.values())
    for c in courses:
        assert 10 <= c.notional_hours <= 300, c.id
        if c.credits:
            assert c.notional_hours == c.credits * 10, c.id
        assert all(d.year == 2027 for d in c.start_dates), c.id
        assert c.rolling_start or c.start_dates, c.id
        assert c.occupations and c.skills, c.id
    assert {c.delivery_mode for c in courses} == {"online", "blended", "in_person"}
    assert {4, 5, 6, 7, 8, 10, 11} <= {c.level for c in courses}
    assert any(c.cost_gbp == 0 for c in courses)
    assert any(c.credits == 0 for c in courses)  # short, non-credit courses exist too
    assert len({c.sector for c in courses}) >= 10
    # Some online courses are open across the UK, in-person ones only in Scotland.
    assert any(set(c.nations) == {"Scotland", "England", "Wales", "Northern Ireland"} for c in courses)
    assert all(c.nations == ("Scotland",) for c in courses if c.delivery_mode == "in_person")


@pytest.mark.parametrize(
    ("award_id", "credits", "level", "at_level"),
    [
        # SCQF: HNC = 96 points at SCQF 7; HND = 240 at SCQF 8 (reference, section 1).
        ("hnc-hospitality-management-s7", 96, 7, {7: 96}),
        ("hnc-engineering-offshore-renewables-s7", 96, 7, {7: 96}),
        ("hnd-engineering-offshore-marine-s8", 240, 8, {7: 240}),
        # PgCert: 60 with at least 40 at master's level (SCQF 11).
        ("pgcert-sustainable-tourism-s11", 60, 11, {11: 40}),
    ],
)
def test_award_sizes_follow_the_reference(
    cat: Catalogue, award_id: str, credits: int, level: int, at_level: dict[int, int]
) -> None:
    award = cat.awards[award_id]
    assert (award.credits, award.level, award.min_credits_at_level) == (credits, level, at_level)


def _award_ids() -> list[str]:
    try:
        return sorted(load_catalogue(FOLDER).awards)
    except CatalogueInvalid:
        return []  # test_loads_with_enough_of_everything shows the problems


@pytest.mark.parametrize("award_id", _award_ids())
def test_every_award_can_be_completed_from_the_catalogue(cat: Catalogue, award_id: str) -> None:
    plan = plan_route(cat, award_id, [], start_date=START)
    assert plan.complete, plan.reasons
    assert plan.after is not None and plan.after.complete
    assert plan.suggested and all(cid in cat.courses for cid in plan.suggested)
    assert sum(cat.courses[cid].credits for cid in plan.suggested) >= cat.awards[award_id].credits


def test_an_online_only_learner_in_england_can_still_finish_the_pgcert(cat: Catalogue) -> None:
    from advisor.domain.profile import Constraints

    plan = plan_route(
        cat,
        "pgcert-sustainable-tourism-s11",
        [],
        constraints=Constraints(delivery_modes=("online",)),
        learner_nation="England",
        start_date=START,
    )
    assert plan.complete, plan.reasons


def test_the_hnd_is_not_possible_online_only(cat: Catalogue) -> None:
    """Its core units are taught on campus, so an honest planner says no."""
    from advisor.domain.profile import Constraints

    plan = plan_route(
        cat,
        "hnd-engineering-offshore-marine-s8",
        [],
        constraints=Constraints(delivery_modes=("online",)),
        start_date=START,
    )
    assert not plan.complete and plan.reasons


def test_prior_learning_alone_never_completes_an_award(cat: Catalogue) -> None:
    for award in cat.awards.values():
        result = audit(award, [], award.credits)
        assert not result.complete, award.id
        assert result.rpl_credits_used <= award.rpl_cap


def test_every_scheme_can_be_checked_by_a_person(cat: Catalogue) -> None:
    for scheme in cat.schemes.values():
        assert scheme.source_url.startswith(("http://", "https://")), scheme.id
        assert scheme.last_verified <= dt.date(2026, 12, 1), scheme.id
        assert scheme.summary and scheme.how_to_apply, scheme.id
    # Every scheme is real but not firmly confirmed for 2026/27, or not in the project reference:
    # each one tells the learner what to check.
    assert all(s.check_with_advisor for s in cat.schemes.values())
    # Every scheme named on a course exists (the validator checks this too) and is a Scottish or GB scheme.
    for c in cat.courses.values():
        for sid in c.schemes:
            assert "Scotland" in cat.schemes[sid].nations


def test_ita_income_limit_is_inclusive(cat: Catalogue) -> None:
    ita = cat.schemes["scotland-ita"]
    course = cat.courses["food-hygiene-catering-s5"]
    at_limit = LearnerFacts(nation="Scotland", age=30, employment_status="employed", annual_income_gbp=22000)
    over = at_limit.model_copy(update={"annual_income_gbp": 22001})
    assert evaluate(ita, at_limit, course=course).status == "eligible"
    assert evaluate(ita, over, course=course).status == "not_eligible"
    # Nation unknown: the advisor must ask, not assume.
    unknown = at_limit.model_copy(update={"nation": None})
    assert evaluate(ita, unknown, course=course).status == "unknown"


def test_closed_and_unusable_schemes_never_say_eligible(cat: Catalogue) -> None:
    levy_payer = EmployerFacts(
        nation="Scotland", size=400, annual_paybill_gbp=5_000_000, citb_registered=True
    )
    for sid in (
        "flexible-workforce-development-fund",
        "uk-apprenticeship-levy-scotland",
        "citb-achievement-grant",
    ):
        for c in cat.courses.values():
            assert evaluate(cat.schemes[sid], SCOTLAND, levy_payer, c).status == "not_eligible", (sid, c.id)


def test_part_time_fee_grant_is_for_scqf_7_to_10_only(cat: Catalogue) -> None:
    grant = cat.schemes["saas-part-time-fee-grant"]
    learner = LearnerFacts(nation="Scotland", annual_income_gbp=18000)
    assert (
        evaluate(grant, learner, course=cat.courses["hospitality-operations-management-s7"]).status
        == "eligible"
    )
    assert (
        evaluate(grant, learner, course=cat.courses["sustainable-tourism-destinations-s11"]).status
        == "not_eligible"
    )
    richer = learner.model_copy(update={"annual_income_gbp": 25001})
    assert (
        evaluate(grant, richer, course=cat.courses["hospitality-operations-management-s7"]).status
        == "not_eligible"
    )


def test_citb_employer_network_is_for_up_to_249_staff(cat: Catalogue) -> None:
    course = cat.courses["telehandler-operations"]
    small = EmployerFacts(nation="Scotland", size=12, citb_registered=True)
    large = small.model_copy(update={"size": 300})
    network, fund = cat.schemes["citb-employer-network"], cat.schemes["citb-large-employer-fund"]
    assert evaluate(network, employer=small, course=course).status == "eligible"
    assert evaluate(network, employer=large, course=course).status == "not_eligible"
    assert evaluate(fund, employer=large, course=course).status == "eligible"


def test_labelled_match_cases_name_real_courses(cat: Catalogue) -> None:
    cases = load_cases(EVAL_CASES, set(cat.courses))
    assert len(cases) >= 40
    assert len({c.id for c in cases}) == len(cases)
    assert {c.role for c in cases} >= {None, "employer", "advisor"}


def test_readme_says_it_is_for_tests_only() -> None:
    text = Path(FOLDER / "README.md").read_text(encoding="utf-8").lower()
    assert "fictional" in text and "test" in text
