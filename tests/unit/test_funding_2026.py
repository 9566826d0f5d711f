"""The funding rules as they stand in December 2026 (issue 12): one test per correction, asked of the engine
with the bundled catalogue, plus the backward-compatible extensions of the rule language they needed
(`covers_when`, `percent_of_market_rate`, `amount_unknown`, extra learner and employer facts)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from catalogue_factory import FUNDING_YAML, CatalogueFiles
from engine_builders import course, scheme
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.catalogue import CatalogueInvalid, load_catalogue
from advisor.config import BUNDLED_CATALOGUE
from advisor.domain.catalogue import Catalogue, Course, Covers, Scheme
from advisor.domain.facts import FactsInvalid, employer_facts, learner_facts
from advisor.domain.funding import (
    Verdict,
    amount_if_eligible,
    choose_funding,
    covers_for,
    evaluate,
    funding_amount,
    funding_per_course,
    rules_last_checked,
)
from advisor.domain.profile import EmployerFacts, LearnerFacts

CHECKED = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def bundled() -> Catalogue:
    return load_catalogue(BUNDLED_CATALOGUE)


def ask(
    cat: Catalogue,
    scheme_id: str,
    course_id: str | Course | None = None,
    learner: LearnerFacts | None = None,
    employer: EmployerFacts | None = None,
) -> tuple[Verdict, float | None]:
    """The engine's verdict on one scheme, and the amount it would pay towards the course's fee."""
    chosen = cat.courses[course_id] if isinstance(course_id, str) else course_id
    rule = cat.schemes[scheme_id]
    verdict = evaluate(rule, learner, employer, chosen)
    return verdict, amount_if_eligible(rule, verdict, chosen)


def england(**facts: Any) -> LearnerFacts:
    return LearnerFacts(nation="England", **facts)


def firm(**facts: Any) -> EmployerFacts:
    return EmployerFacts(nation="England", **facts)


def first_sentence(text: str | None) -> str:
    return re.split(r"(?<=[.!?])\s", text or "", maxsplit=1)[0]


# --- 1. Free Courses for Jobs: no level 3 alone is not enough ------------------------------------------

FCFJ_COURSE = "cyber-security-fundamentals-l3"  # a listed level 3 course


def test_fcfj_is_not_free_for_a_30_year_old_earning_35000_without_a_level_3(bundled: Catalogue) -> None:
    learner = england(age=30, highest_level=2, employment_status="employed", annual_income_gbp=35000)
    verdict, amount = ask(bundled, "free-courses-for-jobs", FCFJ_COURSE, learner)
    assert verdict.status == "not_eligible"
    assert "Your income is £35,000 a year; this scheme needs under £26,800" in verdict.reasons
    assert "You are employed; this scheme needs unemployed" in verdict.reasons
    assert amount is None


@pytest.mark.parametrize(
    "facts",
    [
        {"employment_status": "employed", "annual_income_gbp": 20000},
        {"employment_status": "unemployed"},
    ],
)
def test_fcfj_is_free_for_the_same_person_on_a_low_wage_or_unemployed(
    bundled: Catalogue, facts: dict[str, Any]
) -> None:
    verdict, amount = ask(
        bundled, "free-courses-for-jobs", FCFJ_COURSE, england(age=30, highest_level=2, **facts)
    )
    assert verdict.status == "eligible"
    assert amount == bundled.courses[FCFJ_COURSE].cost_gbp


def test_fcfj_does_not_count_having_no_level_3_as_enough(bundled: Catalogue) -> None:
    # Earnings known and too high, work status unknown: still open, and the question is work, not level 3.
    verdict, _ = ask(
        bundled,
        "free-courses-for-jobs",
        FCFJ_COURSE,
        england(age=30, highest_level=0, annual_income_gbp=35000),
    )
    assert verdict.status == "unknown"
    assert verdict.needs == ("learner.employment_status",)
    assert "not enough on its own" in bundled.schemes["free-courses-for-jobs"].summary


# --- 2. CITB: £600 is for long qualifications; plant and scaffolding get short-course grants -------------

CITB_FIRM = firm(citb_registered=True, size=30)


def test_citb_600_grant_is_not_for_a_short_plant_course(bundled: Catalogue) -> None:
    verdict, amount = ask(
        bundled, "citb-achievement-grant", "plant-excavator-operations-l2", employer=CITB_FIRM
    )
    assert verdict.status == "not_eligible"
    assert (
        verdict.reasons[0] == "This scheme pays only for certain courses, and this course is not one of them"
    )
    assert amount is None
    assert "long" in bundled.schemes["citb-achievement-grant"].summary
    assert not any("citb-achievement-grant" in c.schemes for c in bundled.courses.values())


@pytest.mark.parametrize("course_id", ["plant-excavator-operations-l2", "scaffolding-operations-l2"])
def test_plant_and_scaffolding_short_courses_get_the_short_course_grant_at_unchanged_tiers(
    bundled: Catalogue, course_id: str
) -> None:
    verdict, amount = ask(bundled, "citb-short-course-grant", course_id, employer=CITB_FIRM)
    assert verdict.status == "eligible"
    assert amount is None  # the tier (£60, £140 or £240) is CITB's, not in the catalogue
    assert "ask an advisor" in verdict.reasons[-1]
    rule = bundled.schemes["citb-short-course-grant"]
    assert all(rate in rule.summary for rate in ("£60", "£140", "£240"))
    assert "first aid" in rule.summary
    assert "£60, £140 or £240" in first_sentence(rule.check_with_advisor)


def test_citb_short_course_grant_needs_a_listed_course_and_registration(bundled: Catalogue) -> None:
    not_listed, _ = ask(bundled, "citb-short-course-grant", "construction-technology-l4", employer=CITB_FIRM)
    assert not_listed.status == "not_eligible"
    unregistered, _ = ask(
        bundled,
        "citb-short-course-grant",
        "plant-excavator-operations-l2",
        employer=firm(citb_registered=False),
    )
    assert unregistered.status == "not_eligible"
    assert unregistered.reasons == (
        "Your organisation is not registered with CITB; this scheme needs an employer registered with CITB",
    )


# --- 3. CITB Employer Networks: 1-249 staff, 50% (30% of market rate for health and safety), caps ---------


def test_a_300_person_firm_cannot_use_an_employer_network(bundled: Catalogue) -> None:
    big = firm(citb_registered=True, size=300)
    verdict, amount = ask(bundled, "citb-employer-network", "construction-technology-l4", employer=big)
    assert verdict.status == "not_eligible"
    assert verdict.reasons == ("Your organisation has 300 staff; this scheme needs under 250",)
    assert amount is None
    fund, fund_amount = ask(bundled, "citb-large-employer-fund", "construction-technology-l4", employer=big)
    assert fund.status == "eligible"
    assert fund_amount is None  # up to £18,000 each, how much of one fee is not stated
    assert "£18,000" in bundled.schemes["citb-large-employer-fund"].summary
    assert "not a shared fund" in bundled.schemes["citb-large-employer-fund"].summary


def test_small_firms_cannot_use_the_large_employer_fund(bundled: Catalogue) -> None:
    verdict, _ = ask(bundled, "citb-large-employer-fund", "construction-technology-l4", employer=CITB_FIRM)
    assert verdict.status == "not_eligible"
    assert verdict.reasons == ("Your organisation has 30 staff; this scheme needs 250 or more",)


def test_employer_network_size_is_asked_not_assumed(bundled: Catalogue) -> None:
    verdict, _ = ask(
        bundled, "citb-employer-network", "construction-technology-l4", employer=firm(citb_registered=True)
    )
    assert verdict.status == "unknown"
    assert verdict.needs == ("employer.size",)


@pytest.mark.parametrize(
    ("size", "cap"), [(1, 1500), (9, 1500), (10, 2000), (49, 2000), (50, 4500), (249, 4500)]
)
def test_employer_network_pays_half_up_to_the_cap_for_the_employers_size(
    bundled: Catalogue, size: int, cap: float
) -> None:
    dear = bundled.courses["construction-technology-l4"].model_copy(update={"cost_gbp": 20000.0})
    verdict, amount = ask(
        bundled, "citb-employer-network", dear, employer=firm(citb_registered=True, size=size)
    )
    assert verdict.status == "eligible"
    assert amount == cap
    _, half = ask(
        bundled,
        "citb-employer-network",
        "construction-management-principles-l4",
        employer=firm(citb_registered=True, size=size),
    )
    assert half == bundled.courses["construction-management-principles-l4"].cost_gbp / 2


def test_employer_network_health_and_safety_courses_pay_30_percent_of_the_market_rate(
    bundled: Catalogue,
) -> None:
    verdict, amount = ask(
        bundled, "citb-employer-network", "construction-health-safety-l4", employer=CITB_FIRM
    )
    assert verdict.status == "eligible"
    assert amount is None  # 30% of CITB's average market rate, not of the fee
    assert verdict.covers == Covers(percent_of_market_rate=30)
    assert "30% of an average market rate" in verdict.reasons[-1]


# --- 4. LLE: level 4, 5 and 6 modules, postgraduate healthcare, 180 credits a year ----------------------


def test_lle_pays_for_a_30_credit_level_4_module_of_a_computing_degree(bundled: Catalogue) -> None:
    verdict, amount = ask(bundled, "lle", "software-development-python-l4", england(age=35))
    assert verdict.status == "eligible"
    assert "This course is level 4, and this scheme needs level 4 to 6" in verdict.reasons
    assert amount == bundled.courses["software-development-python-l4"].cost_gbp


def test_lle_covers_a_designated_postgraduate_healthcare_course_but_not_a_pgcert(bundled: Catalogue) -> None:
    healthcare = course(
        "pg-nursing", credits=120, level=7, framework="FHEQ", sector="health-care", schemes=("lle",)
    )
    verdict, _ = ask(bundled, "lle", healthcare, england(age=35))
    assert verdict.status == "eligible"
    pgcert, _ = ask(bundled, "lle", "strategic-leadership-l7", england(age=35))
    assert pgcert.status == "not_eligible"
    assert "This course is level 7; this scheme needs level 4 to 6" in pgcert.reasons


def test_lle_states_the_module_scope_and_180_credits_a_year(bundled: Catalogue) -> None:
    rule = bundled.schemes["lle"]
    assert "level 4, 5 and 6 modules" in rule.summary
    assert "180 credits a year" in rule.summary
    assert "180" not in (rule.check_with_advisor or "")  # no longer "from an older page, so check"
    too_small, _ = ask(
        bundled,
        "lle",
        course("tiny", credits=15, level=4, framework="FHEQ", schemes=("lle",)),
        england(age=35),
    )
    assert too_small.status == "not_eligible"
    assert "This course is worth 15 credits; this scheme needs 30 credits or more" in too_small.reasons


# --- 5. Skills Bootcamps: DWP-run, locally commissioned, availability to check ------------------------


@pytest.mark.parametrize("scheme_id", ["skills-bootcamp-individual", "skills-bootcamp-employer"])
def test_bootcamp_availability_is_told_as_check_with_the_college(bundled: Catalogue, scheme_id: str) -> None:
    rule = bundled.schemes[scheme_id]
    assert "greatermanchester" not in rule.source_url
    assert rule.last_verified == CHECKED
    caution = first_sentence(rule.check_with_advisor)
    assert "check with the college" in caution and "2026-27" in caution
    assert "DWP" in rule.summary


def test_bootcamp_verdict_comes_with_the_availability_caution(bundled: Catalogue) -> None:
    verdict, amount = ask(bundled, "skills-bootcamp-individual", "data-analyst-bootcamp-l3", england(age=25))
    assert verdict.status == "eligible" and amount == bundled.courses["data-analyst-bootcamp-l3"].cost_gbp
    assert (
        bundled.schemes["skills-bootcamp-individual"].source_url
        == "https://feweek.co.uk/mayors-walk-away-from-skills-bootcamps"
    )


# --- 6. Apprenticeship units: levy funds or co-investment, not free for everyone --------------------------

UNIT_COURSE = "bim-essentials-l3"


def test_apprenticeship_units_cost_for_a_non_levy_employer_is_not_confirmed(bundled: Catalogue) -> None:
    verdict, amount = ask(
        bundled, "apprenticeship-units", UNIT_COURSE, employer=firm(annual_paybill_gbp=1_000_000)
    )
    assert verdict.status == "eligible"
    assert amount is None  # never "100% covered"
    assert verdict.reasons[-1] == "How much it pays for this course is not set out here, so ask an advisor"
    assert "not confirmed" in first_sentence(bundled.schemes["apprenticeship-units"].check_with_advisor)


@pytest.mark.parametrize(("funds_left", "share"), [(True, 1.0), (False, 0.75)])
def test_levy_payers_pay_from_levy_funds_and_co_pay_25_percent_once_they_run_out(
    bundled: Catalogue, funds_left: bool, share: float
) -> None:
    levy_payer = firm(annual_paybill_gbp=5_000_000, levy_funds_left=funds_left)
    verdict, amount = ask(bundled, "apprenticeship-units", UNIT_COURSE, employer=levy_payer)
    assert verdict.status == "eligible"
    assert amount == bundled.courses[UNIT_COURSE].cost_gbp * share


def test_a_levy_payers_share_waits_for_whether_funds_are_left(bundled: Catalogue) -> None:
    verdict, amount = ask(
        bundled, "apprenticeship-units", UNIT_COURSE, employer=firm(annual_paybill_gbp=5_000_000)
    )
    assert verdict.status == "eligible" and verdict.needs == ()
    assert amount is None and verdict.amount_needs == ("employer.levy_funds_left",)
    assert verdict.reasons[-1] == (
        "How much it pays depends on whether the organisation still has levy funds to spend, "
        "which we don't know yet"
    )


# --- 7. Adult Skills Fund details ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "status", "needs"),
    [
        ({"has_gcse_english": False}, "eligible", ()),
        ({"has_gcse_english": True, "english_assessed_below_gcse": True}, "eligible", ()),
        ({"has_gcse_english": True, "english_assessed_below_gcse": False}, "not_eligible", ()),
        ({"has_gcse_english": True}, "unknown", ("learner.english_assessed_below_gcse",)),
        ({}, "unknown", ("learner.has_gcse_english", "learner.english_assessed_below_gcse")),
        (
            {"has_gcse_maths": False},
            "unknown",
            ("learner.has_gcse_english", "learner.english_assessed_below_gcse"),
        ),
    ],
)
def test_free_english_needs_no_gcse_grade_4_or_an_assessment_below_it(
    bundled: Catalogue, facts: dict[str, Any], status: str, needs: tuple[str, ...]
) -> None:
    verdict, _ = ask(bundled, "asf-english-maths", "english-skills-level-2", england(age=40, **facts))
    assert verdict.status == status
    assert verdict.needs == needs


def test_free_maths_reads_the_maths_facts(bundled: Catalogue) -> None:
    verdict, _ = ask(
        bundled,
        "asf-english-maths",
        "maths-skills-level-1",
        england(age=40, has_gcse_maths=True, has_gcse_english=False),
    )
    assert verdict.status == "unknown"
    assert verdict.needs == ("learner.maths_assessed_below_gcse",)
    assert (
        "You have GCSE maths at grade 4 (C) or above, or an equivalent; "
        "this scheme needs no GCSE maths at grade 4 (C) or above, or an equivalent"
    ) in verdict.reasons


@pytest.mark.parametrize(
    ("assessed", "status"), [(True, "eligible"), (False, "not_eligible"), (None, "unknown")]
)
def test_free_digital_skills_need_an_assessment_below_level_1(
    bundled: Catalogue, assessed: bool | None, status: str
) -> None:
    learner = england(age=40, digital_assessed_below_level_1=assessed)
    verdict, _ = ask(bundled, "asf-digital-skills", "essential-digital-skills-level-1", learner)
    assert verdict.status == status
    if status == "unknown":
        assert verdict.needs == ("learner.digital_assessed_below_level_1",)


def test_first_full_level_2_has_its_own_scheme(bundled: Catalogue) -> None:
    full_l2 = course("full-l2", credits=40, level=2, schemes=("asf-first-level-2",))
    young, _ = ask(bundled, "asf-first-level-2", full_l2, england(age=21, highest_level=1))
    assert young.status == "eligible"
    older, _ = ask(bundled, "asf-first-level-2", full_l2, england(age=24, highest_level=1))
    assert older.status == "not_eligible"
    assert older.reasons == ("You are 24; this scheme needs 19 to 23",)
    has_l2, _ = ask(bundled, "asf-first-level-2", full_l2, england(age=21, highest_level=2))
    assert has_l2.status == "not_eligible"


# --- 8. Wales PLA and Scotland ITA ------------------------------------------------------------------------

WALES_COURSE = "wrexham-retrofit-awareness-cqfw2"  # construction: the earnings limit applies to most people


def wales(**facts: Any) -> LearnerFacts:
    return LearnerFacts(
        nation="Wales", age=40, employment_status="employed", annual_income_gbp=40000, **facts
    )


@pytest.mark.parametrize(
    "facts", [{"contract": "zero_hours"}, {"contract": "agency"}, {"at_risk_of_redundancy": True}]
)
def test_pla_has_no_earnings_limit_for_zero_hours_agency_or_at_risk_workers(
    bundled: Catalogue, facts: dict[str, Any]
) -> None:
    verdict, amount = ask(bundled, "wales-pla", WALES_COURSE, wales(**facts))
    assert verdict.status == "eligible"
    assert amount == bundled.courses[WALES_COURSE].cost_gbp


def test_pla_earnings_limit_applies_to_other_workers(bundled: Catalogue) -> None:
    verdict, _ = ask(bundled, "wales-pla", WALES_COURSE, wales(contract="other", at_risk_of_redundancy=False))
    assert verdict.status == "not_eligible"
    assert "Your income is £40,000 a year; this scheme needs under £30,596" in verdict.reasons
    open_, _ = ask(bundled, "wales-pla", WALES_COURSE, wales())
    assert open_.status == "unknown"
    assert open_.needs == ("learner.contract", "learner.at_risk_of_redundancy")


def test_pla_is_not_for_an_unemployed_welsh_adult(bundled: Catalogue) -> None:
    learner = LearnerFacts(nation="Wales", age=40, employment_status="unemployed")
    verdict, _ = ask(bundled, "wales-pla", WALES_COURSE, learner)
    assert verdict.status == "not_eligible"
    assert verdict.reasons == ("You are unemployed; this scheme needs one of employed or self-employed",)


@pytest.mark.parametrize(
    ("income", "status"), [(22000, "eligible"), (21999.99, "eligible"), (22000.01, "not_eligible")]
)
def test_scotland_ita_is_for_22000_or_less_inclusive(bundled: Catalogue, income: float, status: str) -> None:
    learner = LearnerFacts(nation="Scotland", age=30, employment_status="employed", annual_income_gbp=income)
    listed = next(c for c in bundled.courses.values() if "scotland-ita" in c.schemes)
    verdict, _ = ask(bundled, "scotland-ita", listed.id, learner)
    assert verdict.status == status
    if status == "not_eligible":
        assert "Your income is £22,000.01 a year; this scheme needs £22,000 or under" in verdict.reasons


# --- 9. Minor: who owns the rules, LLE tenses, the LLE age rule at exactly 60 ------------------------------


@pytest.mark.parametrize(("age", "status"), [(59, "eligible"), (60, "eligible"), (61, "not_eligible")])
def test_lle_age_rule_at_exactly_60(bundled: Catalogue, age: int, status: str) -> None:
    verdict, _ = ask(bundled, "lle", "software-development-python-l4", england(age=age))
    assert verdict.status == status
    if status == "not_eligible":
        assert verdict.reasons == ("You are 61; this scheme needs 60 or under",)


def test_guides_say_dwp_owns_the_rules_and_use_the_present_tense(bundled: Catalogue) -> None:
    overview = bundled.guides["funding-overview"].body
    employers = bundled.guides["guide-for-employers"].body
    lle = bundled.guides["lifelong-learning-entitlement"].body
    assert "Department for Work and Pensions (DWP)" in overview and "September 2025" in overview
    assert "Department for Work and Pensions (DWP)" in employers
    assert "1 December 2026" in overview and "1 December 2026" in employers
    assert "You can **apply from September 2026**" not in lle and "have been open since September 2026" in lle
    assert "If you are\n  **60** when it starts, you still can" in lle
    assert "not enough on its own" in overview.replace("\n", " ").replace("**", "")
    assert "£22,000 or less" in overview
    assert "historical" not in employers and "no longer apply" not in employers


def test_every_scheme_was_rechecked_on_1_december_2026(bundled: Catalogue) -> None:
    assert {s.last_verified for s in bundled.schemes.values()} == {CHECKED}
    assert rules_last_checked(bundled.schemes.values()) == CHECKED
    assert rules_last_checked([]) is None


# --- the rule-language extensions -------------------------------------------------------------------------


def banded(**extra: Any) -> Scheme:
    """An employer scheme paying 50% up to a cap set by size, and 30% of a market rate for one course."""
    base = scheme(
        "net", {"field": "employer.citb_registered", "op": "eq", "value": True}, audience="employer"
    )
    rules = [
        {
            "when": {"field": "course.id", "op": "in", "value": ["safety"]},
            "covers": {"percent_of_market_rate": 30},
        },
        {
            "when": {"field": "employer.size", "op": "lt", "value": 10},
            "covers": {"percent_of_fee": 50, "max_gbp": 100},
        },
        {
            "when": {"field": "employer.size", "op": "ge", "value": 10},
            "covers": {"percent_of_fee": 50, "max_gbp": 300},
        },
    ]
    data = base.model_dump(by_alias=True)
    data.update(covers_when=rules, **extra)
    return Scheme.model_validate(data)


def test_covers_when_first_matching_entry_gives_the_amount() -> None:
    rule = banded()
    fee = course("c", cost=1000)
    for size, paid in ((3, 100), (40, 300)):
        verdict = evaluate(rule, None, firm(citb_registered=True, size=size), fee)
        assert verdict.status == "eligible"
        assert amount_if_eligible(rule, verdict, fee) == paid
    cheap = course("c", cost=100)
    verdict = evaluate(rule, None, firm(citb_registered=True, size=40), cheap)
    assert amount_if_eligible(rule, verdict, cheap) == 50


def test_covers_when_never_changes_whether_a_scheme_applies() -> None:
    rule = banded()
    plain = scheme(
        "net", {"field": "employer.citb_registered", "op": "eq", "value": True}, audience="employer"
    )
    for facts in (
        firm(),
        firm(citb_registered=False),
        firm(citb_registered=True),
        firm(citb_registered=True, size=5),
    ):
        for chosen in (None, course("c"), course("safety")):
            with_rules, without = evaluate(rule, None, facts, chosen), evaluate(plain, None, facts, chosen)
            assert (with_rules.status, with_rules.needs) == (without.status, without.needs)


def test_an_undecided_entry_gives_no_amount_and_names_the_fact() -> None:
    rule = banded()
    fee = course("c", cost=1000)
    verdict = evaluate(rule, None, firm(citb_registered=True), fee)
    assert verdict.status == "eligible" and verdict.needs == ()
    assert verdict.covers is None and verdict.amount_needs == ("employer.size",)
    assert amount_if_eligible(rule, verdict, fee) is None
    assert (
        verdict.reasons[-1]
        == "How much it pays depends on how many staff the organisation has, which we don't know yet"
    )


def test_no_matching_entry_falls_back_to_covers() -> None:
    rule = scheme("s", {"field": "learner.age", "op": "ge", "value": 19}, covers={"percent_of_fee": 10})
    data = rule.model_dump(by_alias=True)
    data["covers_when"] = [
        {"when": {"field": "learner.age", "op": "gt", "value": 60}, "covers": {"percent_of_fee": 90}}
    ]
    rule = Scheme.model_validate(data)
    assert covers_for(rule, england(age=30), EmployerFacts(), None) == (Covers(percent_of_fee=10), ())
    assert covers_for(rule, england(age=70), EmployerFacts(), None) == (Covers(percent_of_fee=90), ())


def test_market_rate_and_unknown_amounts_are_never_counted_as_money() -> None:
    assert not Covers(percent_of_market_rate=30).amount_known
    assert not Covers(max_gbp=240, amount_unknown=True).amount_known
    assert Covers(percent_of_fee=50).amount_known
    assert funding_amount(Covers(percent_of_market_rate=30), 1000) == 0
    assert funding_amount(Covers(max_gbp=240, amount_unknown=True), 1000) == 0
    rule = banded()
    other = scheme(
        "half",
        {"field": "employer.citb_registered", "op": "eq", "value": True},
        audience="employer",
        covers={"percent_of_fee": 20},
    )
    employer = firm(citb_registered=True, size=3)
    safety = course("safety", cost=1000)
    verdicts = [evaluate(s, None, employer, safety) for s in (rule, other)]
    choice = choose_funding([rule, other], verdicts, 1000)
    assert choice.scheme_ids == ("half",) and choice.funded_gbp == 200
    assert any("NET also applies, but how much it pays is not known here" in note for note in choice.notes)
    assert funding_per_course([rule], None, employer)(safety) == 0


def test_schemes_without_extensions_behave_as_before() -> None:
    rule = scheme("s", {"field": "learner.age", "op": "ge", "value": 19}, covers={"percent_of_fee": 50})
    fee = course("c", cost=800)
    verdict = evaluate(rule, england(age=30), None, fee)
    assert verdict.covers == rule.covers and verdict.amount_needs == ()
    assert amount_if_eligible(rule, verdict, fee) == 400
    by_hand = Verdict(scheme_id="s", name="S", status="eligible", reasons=(), needs=())
    assert amount_if_eligible(rule, by_hand, fee) == 400


# A decided amount never changes when more facts arrive (the covers analogue of the engine property).
SIZES = st.one_of(st.none(), st.integers(1, 400))
REGISTERED = st.one_of(st.none(), st.booleans())
COURSE_IDS = st.sampled_from(["safety", "other"])


@settings(max_examples=200, deadline=None)
@given(SIZES, REGISTERED, COURSE_IDS, st.integers(1, 400), st.booleans())
def test_a_decided_amount_never_changes_when_more_facts_are_added(
    size: int | None, registered: bool | None, course_id: str, later_size: int, later_registered: bool
) -> None:
    rule = banded()
    chosen = course(course_id, cost=1000)
    before = covers_for(rule, LearnerFacts(), EmployerFacts(size=size, citb_registered=registered), chosen)
    after = covers_for(
        rule,
        LearnerFacts(),
        EmployerFacts(
            size=size if size is not None else later_size,
            citb_registered=registered if registered is not None else later_registered,
        ),
        chosen,
    )
    if before[0] is not None:
        assert after == before
    else:
        assert after[0] is not None  # the facts it named settle it


# --- the catalogue loader reads the extensions and names their faults ------------------------------------

EXTENDED = FUNDING_YAML.replace(
    "  covers: {max_gbp: 5000}\n",
    """  covers: {max_gbp: 5000}
  covers_when:
    - when: {field: employer.levy_funds_left, op: eq, value: false}
      covers: {percent_of_fee: 75}
    - when:
        any:
          - {field: employer.size, op: le, value: 49}
          - {field: learner.contract, op: in, value: [zero_hours, agency]}
      covers: {max_gbp: 240, amount_unknown: true}
    - when: {field: course.id, op: eq, value: safe-site}
      covers: {percent_of_market_rate: 30}
""",
)


def test_the_loader_reads_covers_when_and_the_new_facts(tmp_path: Path) -> None:
    files = CatalogueFiles(funding_yaml=EXTENDED)
    levy = load_catalogue(files.write(tmp_path)).schemes["levy"]
    assert levy.covers == Covers(max_gbp=5000)
    assert [r.covers for r in levy.covers_when] == [
        Covers(percent_of_fee=75),
        Covers(max_gbp=240, amount_unknown=True),
        Covers(percent_of_market_rate=30),
    ]
    # A catalogue without the extensions loads exactly as before.
    plain = load_catalogue(CatalogueFiles().write(tmp_path / "plain")).schemes["levy"]
    assert plain.covers_when == ()


@pytest.mark.parametrize(
    ("old", "new", "field", "fragment"),
    [
        (
            "value: [zero_hours, agency]",
            "value: [zero_hours, gig]",
            "covers_when.when.value",
            "`learner.contract` is one of zero_hours, agency, other",
        ),
        (
            "employer.levy_funds_left, op: eq, value: false",
            "employer.levy_left, op: eq, value: false",
            "covers_when.when.field",
            "`employer.levy_left` is not a field",
        ),
        ("      covers: {percent_of_fee: 75}\n", "", "covers_when.covers", "is required"),
        (
            "{percent_of_market_rate: 30}",
            "{percent_of_market_rate: 130}",
            "covers_when.covers.percent_of_market_rate",
            "between 0 and 100",
        ),
        (
            "{max_gbp: 240, amount_unknown: true}",
            "{max_gbp: 240, amount_unknown: maybe}",
            "covers_when.covers.amount_unknown",
            "",
        ),
        ("{percent_of_fee: 75}", "{percent_of_fee: 75, hours: 3}", "covers_when.covers.hours", "unknown key"),
    ],
)
def test_the_loader_names_faults_in_covers_when(
    tmp_path: Path, old: str, new: str, field: str, fragment: str
) -> None:
    assert EXTENDED.count(old) == 1
    files = CatalogueFiles(funding_yaml=EXTENDED.replace(old, new))
    with pytest.raises(CatalogueInvalid) as caught:
        load_catalogue(files.write(tmp_path))
    found = [p for p in caught.value.problems if p.field == field]
    assert found, [str(p) for p in caught.value.problems]
    assert fragment in found[0].message


def test_new_facts_are_checked_like_the_others() -> None:
    learner = learner_facts({"contract": "agency", "at_risk_of_redundancy": True, "has_gcse_english": False})
    assert learner.contract == "agency" and learner.at_risk_of_redundancy is True
    assert employer_facts({"levy_funds_left": False}).levy_funds_left is False
    with pytest.raises(FactsInvalid) as caught:
        learner_facts({"contract": "gig"})
    assert caught.value.fields == ["learner.contract"]


# --- "rules last checked" on the privacy page ------------------------------------------------------------


def test_the_privacy_page_says_when_the_funding_rules_were_last_checked(bundled: Catalogue) -> None:
    from types import SimpleNamespace

    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from advisor.api.routes import privacy

    app = FastAPI()
    app.include_router(privacy.router)
    app.state.services = SimpleNamespace(catalogue=bundled, settings=SimpleNamespace(retention_days=30))
    client = TestClient(app)
    page = client.get("/privacy")
    assert page.status_code == 200
    assert "Funding rules last checked: 1 December 2026." in page.text
    assert client.get("/api/privacy").json()["funding_rules_checked"] == "2026-12-01"
