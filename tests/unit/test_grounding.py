"""The grounding checker: every name and figure in a reply must trace to the answer's data."""

from __future__ import annotations

import datetime as dt

from dialogue_fixtures import small_catalogue

from advisor.compose.answer import Answer, Citation, CourseCard, FundingItem
from advisor.compose.grounding import check_reply
from advisor.domain.profile import Constraints, LearnerFacts, Profile

CATALOGUE = small_catalogue()
TODAY = dt.date(2026, 12, 1)


def _answer(*course_ids: str, **fields: object) -> Answer:
    cards = [CourseCard.of(CATALOGUE.courses[c], "", TODAY) for c in course_ids]
    return Answer(session_id="s", reply="", courses=cards, **fields)


def test_catalogue_figures_pass() -> None:
    answer = _answer("power-bi-dashboards")
    reply = (
        "Power BI Dashboards is level 3, 15 credits, 5 hours a week for 10 weeks. It costs £350. "
        "Starts 11 January 2027."
    )
    assert check_reply(reply, answer, CATALOGUE).ok


def test_an_invented_price_fails() -> None:
    report = check_reply("Power BI Dashboards costs £300.", _answer("power-bi-dashboards"), CATALOGUE)
    assert not report.ok and "£300" in report.problems[0]


def test_a_price_of_another_course_not_in_the_answer_fails() -> None:
    # £300 is SQL for Data Analysis's fee, but that course is not part of this answer.
    assert not check_reply("It costs £300.", _answer("power-bi-dashboards"), CATALOGUE).ok


def test_naming_a_course_the_answer_does_not_list_fails() -> None:
    report = check_reply("Try SQL for Data Analysis instead.", _answer("power-bi-dashboards"), CATALOGUE)
    assert not report.ok and "sql-for-analysis" in report.problems[0]


def test_a_cited_course_may_be_named() -> None:
    answer = _answer(
        citations=[Citation(kind="course", id="sql-for-analysis", title="SQL for Data Analysis")]
    )
    assert check_reply("SQL for Data Analysis costs £300.", answer, CATALOGUE).ok


def test_invented_numbers_dates_and_percentages_fail() -> None:
    answer = _answer("power-bi-dashboards")
    for reply in (
        "It takes 12 weeks.",
        "It starts on 3 March 2027.",
        "You get 50% off.",
        "Starts 2027-02-01.",
    ):
        assert not check_reply(reply, answer, CATALOGUE).ok, reply


def test_free_claim_needs_a_source() -> None:
    answer = _answer("power-bi-dashboards")
    assert not check_reply("Good news: it is free for you.", answer, CATALOGUE).ok
    assert not check_reply("It costs £0 now.", answer, CATALOGUE).ok
    funded = _answer(
        "power-bi-dashboards",
        funding=[FundingItem(scheme_id="adult-loan", name="Advanced Learner Loan", status="eligible",
                             amount_gbp=350.0, course_id="power-bi-dashboards")],
    )  # fmt: skip
    assert check_reply("The Advanced Learner Loan covers £350 of the fee.", funded, CATALOGUE).ok


def test_scheme_text_figures_may_be_repeated_when_the_scheme_is_in_the_answer() -> None:
    answer = _answer(
        funding=[
            FundingItem(scheme_id="bootcamp-employer", name="Skills Bootcamp (employer)", status="unknown")
        ]
    )
    assert check_reply("Skills Bootcamp (employer): you pay 10% of the fee.", answer, CATALOGUE).ok
    assert not check_reply("Skills Bootcamp (employer): you pay 5% of the fee.", answer, CATALOGUE).ok


def test_facts_the_person_stated_may_be_echoed() -> None:
    profile = Profile(learner=LearnerFacts(age=34), constraints=Constraints(budget_gbp=500))
    assert check_reply("You are 34 and can spend up to £500.", _answer(), CATALOGUE, profile).ok
    assert not check_reply("You are 35.", _answer(), CATALOGUE, profile).ok


def test_llm_wording_may_not_add_a_free_claim_the_template_did_not_make() -> None:
    answer = _answer("power-bi-dashboards")
    baseline = "Power BI Dashboards costs £350."
    assert check_reply("Power BI Dashboards is £350.", answer, CATALOGUE, baseline=baseline).ok
    assert not check_reply(
        "Power BI Dashboards is £350, but free for you!", answer, CATALOGUE, baseline=baseline
    ).ok


def test_numbers_inside_names_and_links_are_not_figures() -> None:
    answer = _answer("power-bi-dashboards")
    reply = "1. Power BI Dashboards. Book at https://college.example/advice/2031 today."
    assert check_reply(reply, answer, CATALOGUE).ok
