"""Rules knowledge (advisor.domain.knowledge): conversions, levels, award sizes, RPL caps, scheme kinds,
definitions and the reference's 18 trap questions, each with a direct answer and the key figure; and the
guide passage picker (advisor.domain.passages)."""

from __future__ import annotations

import datetime as dt
import math
import re
from fractions import Fraction

import pytest
from catalogue_paths import SECOND_CATALOGUE
from hypothesis import given
from hypothesis import strategies as st

from advisor.catalogue import load_catalogue
from advisor.config import BUNDLED_CATALOGUE
from advisor.domain import national_rules as nr
from advisor.domain.catalogue import AllOf, Catalogue, Leaf, Operator
from advisor.domain.knowledge import (
    TRAPS,
    RecordRef,
    RuleAnswer,
    RuleQuestion,
    answer_rule_question,
    answer_trap,
    apprentice_employer_share,
    award_size,
    citb_employer_network,
    compare_award_sizes,
    compare_ects,
    credits_to_hours,
    definition,
    degree_equivalence,
    ects_to_uk,
    find_scheme,
    free_first_level_3,
    hours_to_credits,
    level_map,
    lle_age,
    lle_module,
    lle_start,
    national_award_size,
    pgcert_at_level,
    pla_for,
    rpl_cap,
    scheme_kind,
    uk_to_ects,
    whole_award_by_rpl,
)
from advisor.domain.levels import FRAMEWORKS, convert_level, is_valid_level, level_bounds
from advisor.domain.passages import pick_passage, rank_passages, split_markdown, words


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(BUNDLED_CATALOGUE)


@pytest.fixture(scope="module")
def glen() -> Catalogue:
    return load_catalogue(SECOND_CATALOGUE)


def plain_answer(answer: RuleAnswer) -> None:
    """What every answer must be: one sentence ending in a full stop, no catalogue ids or rule names, known
    sources only."""
    assert answer.reason.endswith("."), answer.reason
    assert ". " not in answer.reason.rstrip("."), f"more than one sentence: {answer.reason}"
    assert len(answer.reason.split()) <= 32, answer.reason
    assert not re.search(r"\b[a-z0-9]+(?:-[a-z0-9]+){2,}\b", answer.reason), f"an id in: {answer.reason}"
    assert not re.search(
        r"\b(?:learner|employer|course)\.[a-z_]+\b|\bfloor\(|rpl_max_fraction", answer.reason
    )
    assert all(s in nr.SOURCES for s in answer.sources), answer.sources
    for note in answer.notes:
        assert note.endswith("."), note


# --- credits and hours --------------------------------------------------------------------------------------


@pytest.mark.parametrize("framework", [None, *FRAMEWORKS])
@pytest.mark.parametrize("credits,hours", [(1, 10), (5, 50), (10, 100), (15, 150), (30, 300), (120, 1200)])
def test_credits_to_hours_in_every_framework(framework: str | None, credits: int, hours: int) -> None:
    answer = credits_to_hours(credits, framework)  # type: ignore[arg-type]
    assert answer.value is not None and answer.value.amount == hours and answer.value.unit == "hours"
    assert f"{hours:,} hours" in answer.reason
    assert answer.sources and answer.verdict is None
    if framework == "SCQF":
        assert "SCQF credit point" in answer.reason
    plain_answer(answer)


@pytest.mark.parametrize(
    "framework,sources",
    [
        ("SCQF", ("S15",)),
        ("CQFW", ("S14",)),
        ("FHEQ", ("S4", "S6")),
        ("RQF", ("S13",)),
        (None, nr.HOURS_SOURCES_UK),
    ],
)
def test_hours_per_credit_is_cited_per_framework(framework: str | None, sources: tuple[str, ...]) -> None:
    assert credits_to_hours(10, framework).sources == sources  # type: ignore[arg-type]


def test_a_ten_credit_course_is_a_hundred_hours() -> None:
    answer = credits_to_hours(10)
    assert answer.reason == "A 10-credit course is about 100 hours of learning, because 1 credit is 10 hours."
    assert {f.name: f.amount for f in answer.figures}["hours per credit"] == 10


@pytest.mark.parametrize(
    "hours,framework,credits,unit",
    [
        (150, None, 15, "credits"),
        (100, "SCQF", 10, "SCQF credit points"),
        (1200, "FHEQ", 120, "credits"),
        (5, None, 0.5, "credits"),
    ],
)
def test_hours_to_credits(hours: float, framework: str | None, credits: float, unit: str) -> None:
    answer = hours_to_credits(hours, framework)  # type: ignore[arg-type]
    assert answer.value is not None and answer.value.amount == credits and answer.value.unit == unit
    plain_answer(answer)


@pytest.mark.parametrize("bad", [-1, -0.5, math.nan])
def test_negative_amounts_are_rejected(bad: float) -> None:
    for convert in (credits_to_hours, hours_to_credits, uk_to_ects, ects_to_uk):
        with pytest.raises(ValueError):
            convert(bad)


@given(st.integers(min_value=0, max_value=100_000), st.sampled_from([None, *FRAMEWORKS]))
def test_credits_hours_round_trip(credits: int, framework: str | None) -> None:
    hours = credits_to_hours(credits, framework)  # type: ignore[arg-type]
    assert hours.value is not None and hours.value.amount == credits * 10
    back = hours_to_credits(hours.value.amount, framework)  # type: ignore[arg-type]
    assert back.value is not None and back.value.amount == credits


@given(st.integers(min_value=0, max_value=1_000_000))
def test_hours_credits_round_trip(hours: int) -> None:
    credits = hours_to_credits(hours)
    assert credits.value is not None
    assert credits_to_hours(credits.value.amount).value.amount == pytest.approx(hours)  # type: ignore[union-attr]


# --- ECTS ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("uk,ects", [(15, 7.5), (10, 5), (30, 15), (60, 30), (120, 60), (1, 0.5), (0, 0)])
def test_uk_credits_to_ects_and_back(uk: float, ects: float) -> None:
    forward = uk_to_ects(uk)
    assert forward.value is not None and forward.value.amount == ects and forward.value.unit == "ECTS credits"
    back = ects_to_uk(ects)
    assert back.value is not None and back.value.amount == uk
    assert forward.sources == nr.ECTS_SOURCES
    plain_answer(forward)
    plain_answer(back)


@pytest.mark.parametrize(
    "uk,ects,verdict,actual",
    [(15, 15, "no", 7.5), (30, 15, "yes", 15), (20, 20, "no", 10), (15, 7.5, "yes", 7.5)],
)
def test_is_this_many_uk_credits_that_many_ects(uk: float, ects: float, verdict: str, actual: float) -> None:
    answer = compare_ects(uk, ects)
    assert answer.verdict == verdict
    assert answer.value is not None and answer.value.amount == actual
    assert answer.reason.startswith("Yes" if verdict == "yes" else "No")
    assert f"{actual:g} ECTS" in answer.reason
    plain_answer(answer)


@given(st.integers(min_value=0, max_value=10_000).map(lambda n: n / 2))
def test_ects_round_trip(ects: float) -> None:
    uk = ects_to_uk(ects).value
    assert uk is not None and uk.amount == ects * 2
    again = uk_to_ects(uk.amount).value
    assert again is not None and again.amount == ects


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=10_000))
def test_ects_comparison_is_yes_exactly_when_half(uk: int, ects: int) -> None:
    assert (compare_ects(uk, ects).verdict == "yes") == (Fraction(uk, 2) == ects)


# --- levels -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "level,framework,target,low,high",
    [
        (4, "RQF", "SCQF", 7, 7),
        (5, "RQF", "SCQF", 8, 8),
        (6, "RQF", "SCQF", 9, 10),
        (7, "FHEQ", "SCQF", 11, 11),
        (8, "CQFW", "SCQF", 12, 12),
        (1, "RQF", "SCQF", 4, 4),
        (3, "CQFW", "SCQF", 6, 6),
        (0, "RQF", "SCQF", 1, 3),
        (7, "SCQF", "RQF", 4, 4),
        (9, "SCQF", "RQF", 6, 6),
        (10, "SCQF", "FHEQ", 6, 6),
        (11, "SCQF", "CQFW", 7, 7),
        (12, "SCQF", "RQF", 8, 8),
        (2, "SCQF", "RQF", 0, 0),
        (5, "RQF", "CQFW", 5, 5),
        (4, "FHEQ", "RQF", 4, 4),
    ],
)
def test_level_map_both_ways(level: int, framework: str, target: str, low: int, high: int) -> None:
    answer = level_map(level, framework, target)  # type: ignore[arg-type]
    assert answer.value is not None and (answer.value.amount, answer.value.high or answer.value.amount) == (
        low,
        high,
    )
    assert answer.value.unit == f"{target} level"
    plain_answer(answer)


def test_what_is_level_4_in_scotland() -> None:
    answer = level_map(4)  # the default: a level in England, asked about Scotland
    assert answer.value is not None and answer.value.amount == 7
    assert "SCQF level 7" in answer.reason and "HNC" in answer.reason


def test_level_6_matches_two_scottish_levels() -> None:
    answer = level_map(6, "RQF", "SCQF")
    assert "SCQF 9" in answer.reason and "SCQF 10" in answer.reason
    assert any("honours degree is SCQF 10" in n for n in answer.notes)


@pytest.mark.parametrize(
    "level,framework,target,claimed,verdict",
    [
        (9, "SCQF", "RQF", 6, "yes"),
        (10, "SCQF", "RQF", 6, "yes"),
        (4, "RQF", "SCQF", 7, "yes"),
        (5, "RQF", "SCQF", 9, "no"),
    ],
)
def test_is_one_level_the_same_as_another(
    level: int, framework: str, target: str, claimed: int, verdict: str
) -> None:
    answer = level_map(level, framework, target, claimed)  # type: ignore[arg-type]
    assert answer.verdict == verdict and answer.reason.startswith("Yes: " if verdict == "yes" else "No: ")


def test_level_map_rejects_levels_that_do_not_exist() -> None:
    with pytest.raises(ValueError):
        level_map(13, "SCQF")
    with pytest.raises(ValueError):
        level_map(9, "RQF")


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_level_map_agrees_with_the_engine_and_round_trips(framework: str) -> None:
    low_bound, high_bound = level_bounds(framework)
    for level in range(low_bound, high_bound + 1):
        for target in FRAMEWORKS:
            answer = level_map(level, framework, target)  # type: ignore[arg-type]
            assert answer.value is not None
            expected = convert_level(level, framework, target)
            assert (answer.value.amount, answer.value.high or answer.value.amount) == expected
            # Each level it maps to maps back to a range holding the original.
            for there in range(expected[0], expected[1] + 1):
                back = convert_level(there, target, framework)
                assert back[0] <= level <= back[1]


# --- award sizes --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key,nation,credits,words",
    [
        ("hnc", None, 120, ["120 credits at level 4", "96 SCQF credit points at SCQF level 7"]),
        ("hnc", "Scotland", 96, ["96 SCQF credit points"]),
        ("hnc", "England", 120, ["120 credits at level 4"]),
        ("hnd", None, 240, ["240 credits at level 5", "240 SCQF credit points at SCQF level 8"]),
        ("certhe", None, 120, ["120 credits at level 4"]),
        ("diphe", None, 240, ["240 credits"]),
        ("foundation_degree", "Wales", 240, ["240 credits"]),
        ("ordinary_degree", None, 300, ["300 credits", "360 SCQF credit points"]),
        ("honours_degree", None, 360, ["360 credits", "480 SCQF credit points"]),
        (
            "honours_degree",
            "Scotland",
            480,
            ["480 SCQF credit points", "90 of the 480 must be at SCQF level 10"],
        ),
        ("pgcert", None, 60, ["60 credits at level 7", "at least 40 of the 60 must be at level 7"]),
        ("pgdip", None, 120, ["120 credits", "at least 90 of the 120"]),
        ("masters", None, 180, ["180 credits", "150 of the 180 must be at level 7", "SCQF level 11"]),
        ("integrated_masters", None, 480, ["480 credits", "at least 120 of the 480"]),
        ("professional_doctorate", None, 540, ["540 credits", "at least 360 of the 540 must be at level 8"]),
    ],
)
def test_national_award_sizes(key: str, nation: str | None, credits: int, words: list[str]) -> None:
    answer = national_award_size(key, nation)  # type: ignore[arg-type]
    assert answer is not None and answer.value is not None and answer.value.amount == credits
    for word in words:
        assert word in " ".join((answer.reason, *answer.notes))
    assert answer.sources and answer.basis == "national"
    plain_answer(answer)


@pytest.mark.parametrize("key,nation", [("pgcert", "Scotland"), ("certhe", "Scotland"), ("nvq", None)])
def test_no_size_is_given_without_a_figure_in_the_reference(key: str, nation: str | None) -> None:
    assert national_award_size(key, nation) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "key,first,second,verdict,figures",
    [
        ("hnc", "Scotland", "England", "no", ("96", "120")),
        ("hnc", "England", "Scotland", "no", ("120", "96")),
        ("hnd", "Scotland", "England", "yes", ("240",)),
        ("honours_degree", "Scotland", "England", "no", ("480", "360")),
        ("ordinary_degree", "Scotland", "Wales", "no", ("360", "300")),
        ("masters", "Scotland", "England", "yes", ("180",)),
        ("hnc", "Wales", "England", "yes", ("120",)),
    ],
)
def test_award_sizes_compared_across_nations(
    key: str, first: str, second: str, verdict: str, figures: tuple[str, ...]
) -> None:
    answer = compare_award_sizes(key, first, second)  # type: ignore[arg-type]
    assert answer is not None and answer.verdict == verdict
    for figure in figures:
        assert figure in answer.reason
    plain_answer(answer)


def test_no_comparison_without_both_figures() -> None:
    assert compare_award_sizes("pgcert", "Scotland", "England") is None


def test_every_bundled_award_size_comes_from_its_record(catalogue: Catalogue) -> None:
    for award in catalogue.awards.values():
        answer = award_size(award)
        assert answer.value is not None and answer.value.amount == award.credits
        assert award.title in answer.reason and f"{award.credits:,}" in answer.reason
        assert answer.records == (RecordRef("award", award.id),)
        assert answer.basis in ("catalogue", "catalogue+national")
        assert any(f"{award.credits * 10:,} hours" in note for note in answer.notes)
        plain_answer(answer)


@pytest.mark.parametrize(
    "award_id,usual",
    [
        ("hnc-construction-management", "the usual size for an HNC"),
        ("hnd-construction-management", "the usual size for an HND"),
        ("certhe-computing-data", "the usual size for a CertHE"),
        ("pgcert-data-science-ai", "the usual size for a PgCert"),
        ("msc-applied-ai-data-science", "the usual size for a master's"),
    ],
)
def test_award_size_beside_the_national_size(catalogue: Catalogue, award_id: str, usual: str) -> None:
    answer = award_size(catalogue.awards[award_id])
    assert usual in answer.reason
    assert answer.basis == "catalogue+national"


def test_a_scottish_hnc_in_a_scottish_catalogue_is_the_usual_96_points(glen: Catalogue) -> None:
    hnc = next(a for a in glen.awards.values() if a.short == "HNC")
    answer = award_size(hnc)
    assert "96 SCQF credit points" in answer.reason and "usual size for an HNC" in answer.reason


def test_an_award_unlike_its_kind_says_what_is_usual(catalogue: Catalogue) -> None:
    small = catalogue.awards["hnc-engineering"].model_copy(update={"credits": 90})
    answer = award_size(small)
    assert "90 credits" in answer.reason and "usually 120 credits" in answer.reason


# --- degree equivalence -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "keys,nation,figures",
    [
        (("hnc", "hnd"), None, ("240", "360", "120-credit top-up at level 6")),
        (("hnd",), None, ("240", "360", "120-credit top-up at level 6")),
        (("certhe", "diphe"), None, ("240", "360", "120-credit top-up")),
        (("hnc",), None, ("120", "360", "240 more credits")),
        (("foundation_degree",), None, ("240", "360", "120-credit top-up")),
        (("hnc", "hnd"), "Scotland", ("240", "480")),
    ],
)
def test_hnc_and_hnd_are_not_a_degree(
    keys: tuple[str, ...], nation: str | None, figures: tuple[str, ...]
) -> None:
    answer = degree_equivalence(keys, nation)  # type: ignore[arg-type]
    assert answer is not None and answer.verdict == "no" and answer.reason.startswith("No")
    for figure in figures:
        assert figure in answer.reason
    plain_answer(answer)


def test_degree_equivalence_needs_a_sub_degree_award() -> None:
    assert degree_equivalence(("pgcert",)) is None
    assert degree_equivalence(()) is None


# --- RPL ----------------------------------------------------------------------------------------------------


def test_every_bundled_award_rpl_cap_is_the_floor_of_its_share(catalogue: Catalogue) -> None:
    for award in catalogue.awards.values():
        expected = math.floor(Fraction(str(award.rpl_max_fraction)) * award.credits)
        answer = rpl_cap(award)
        assert answer.value is not None and answer.value.amount == expected
        assert answer.basis == "catalogue" and answer.records == (RecordRef("award", award.id),)
        if expected:
            assert f"at most {expected:,} of the {award.credits:,}" in answer.reason
        plain_answer(answer)


@pytest.mark.parametrize(
    "award_id,cap",
    [
        ("hnc-construction-management", 60),
        ("msc-applied-ai-data-science", 118),
        ("pda-cyber-security-scqf7", 13),
    ],
)
def test_rpl_caps(catalogue: Catalogue, award_id: str, cap: int) -> None:
    answer = rpl_cap(catalogue.awards[award_id])
    assert answer.value is not None and answer.value.amount == cap


def test_an_award_without_rpl_says_so(catalogue: Catalogue) -> None:
    award = catalogue.awards["hnc-engineering"].model_copy(update={"rpl_max_fraction": 0.0})
    answer = rpl_cap(award)
    assert answer.value is not None and answer.value.amount == 0
    assert "does not accept" in answer.reason


def test_rpl_without_an_award_is_the_national_position() -> None:
    answer = rpl_cap()
    assert "no national limit" in answer.reason and answer.basis == "national"
    assert any("two-thirds" in n for n in answer.notes)


def test_no_bundled_award_can_be_had_whole_by_rpl(catalogue: Catalogue) -> None:
    for award in catalogue.awards.values():
        answer = whole_award_by_rpl(award)
        assert answer.verdict == "no" and answer.trap == 10
        assert f"{award.rpl_cap:,}" in answer.reason


def test_a_catalogue_that_allows_a_whole_award_by_rpl_gets_depends(catalogue: Catalogue) -> None:
    award = catalogue.awards["hnc-engineering"].model_copy(
        update={"rpl_max_fraction": 1.0, "required": (), "choose": ()}
    )
    assert whole_award_by_rpl(award).verdict == "depends"


# --- funding schemes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "scheme_id,kind,asked,verdict,words",
    [
        ("lle", "loan", "loan", "yes", ("loan", "pay it back")),
        ("advanced-learner-loan", "loan", "loan", "yes", ("loan",)),
        ("wales-pla", "fully_funded", "loan", "no", ("not a loan", "fully funded")),
        ("wales-pla", "fully_funded", "grant", "no", ("not a grant as such", "pay nothing back")),
        ("scotland-ita", "grant", "grant", "yes", ("grant",)),
        ("scotland-ita", "grant", "loan", "no", ("not a loan", "grant")),
        ("lle", "loan", "grant", "no", ("not a grant", "loan")),
        ("citb-achievement-grant", "grant", None, None, ("grant",)),
        ("free-courses-for-jobs", "fully_funded", "loan", "no", ("Free Courses for Jobs are not a loan",)),
        ("citb-employer-network", "co_funding", None, None, ("co-funding",)),
    ],
)
def test_scheme_kinds(
    catalogue: Catalogue,
    scheme_id: str,
    kind: str,
    asked: str | None,
    verdict: str | None,
    words: tuple[str, ...],
) -> None:
    scheme = catalogue.schemes[scheme_id]
    assert scheme.kind == kind
    answer = scheme_kind(scheme, asked)  # type: ignore[arg-type]
    assert answer.verdict == verdict
    for word in words:
        assert word in answer.reason
    assert answer.records == (RecordRef("scheme", scheme_id),) and answer.basis == "catalogue"
    assert answer.caution == scheme.check_with_advisor
    plain_answer(answer)


@pytest.mark.parametrize(
    "scheme_id,pays",
    [
        ("lle", "It pays the whole fee, for learners in England."),
        ("wales-pla", "It pays the whole fee, for learners in Wales."),
        ("scotland-ita", "It pays up to £200, for learners in Scotland."),
        ("citb-achievement-grant", "It pays £600, for employers in England, Wales and Scotland."),
        ("skills-bootcamp-employer", "It pays 90% of the fee, for employers in England."),
    ],
)
def test_what_a_scheme_pays_and_for_whom(catalogue: Catalogue, scheme_id: str, pays: str) -> None:
    assert scheme_kind(catalogue.schemes[scheme_id]).notes == (pays,)


def test_every_scheme_says_whether_it_is_paid_back(catalogue: Catalogue, glen: Catalogue) -> None:
    for scheme in [*catalogue.schemes.values(), *glen.schemes.values()]:
        answer = scheme_kind(scheme, "loan")
        assert answer.verdict == ("yes" if scheme.kind == "loan" else "no")
        assert ("pay it back later" in answer.reason) == (scheme.kind == "loan")
        plain_answer(answer)


# --- definitions --------------------------------------------------------------------------------------------


def test_what_is_a_micro_credential_is_cited_to_its_guide(catalogue: Catalogue) -> None:
    answer = definition("micro-credential", catalogue)
    assert answer is not None
    assert "short course" in answer.reason and "credits" in answer.reason
    assert RecordRef("guide", "what-is-a-micro-credential") in answer.records
    assert answer.passage is not None and answer.passage.guide_id == "what-is-a-micro-credential"
    assert not answer.passage.is_opening
    assert "credit-bearing" in answer.passage.text
    assert answer.sources == ("S66", "S67")


@pytest.mark.parametrize("term", sorted(nr.DEFINITIONS))
def test_every_definition(catalogue: Catalogue, glen: Catalogue, term: str) -> None:
    for cat in (catalogue, glen, None):
        answer = definition(term, cat)
        assert answer is not None and answer.kind == "definition"
        plain_answer(answer)
    assert definition(term, glen).passage is None  # type: ignore[union-attr]  # that college has its own guides


def test_unknown_terms_have_no_definition() -> None:
    assert definition("quantum") is None


# --- the 18 trap questions ----------------------------------------------------------------------------------

# (trap, verdict, a figure or phrase the reason must give)
TRAP_ANSWERS = [
    (1, "no", r"at least 30 credits"),
    (2, "no", r"at least 30 credits"),
    (3, "no", r"1 January 2027"),
    (4, "no", r"over 60"),
    (5, "no", r"levels 4 to 6.*level 7"),
    (6, "yes", r"second degree"),
    (7, "no", r"19 to 23.*£26,800"),
    (8, "no", r"240 credits.*360.*120-credit top-up at level 6"),
    (9, "no", r"60 credits.*at least 40 .*level 7"),
    (10, "no", r"two-thirds"),
    (11, "no", r"7\.5 ECTS"),
    (12, "no", r"96 SCQF credit points.*120 credits"),
    (13, "no", r"pays nothing.*16 to 24"),
    (14, "no", r"first aid"),
    (15, "no", r"employed or self-employed"),
    (16, "no", r"£600.*long qualifications"),
    (17, "depends", r"level 4 to 6 modules.*any of those levels.*30 credits"),
    (18, "no", r"1 to 249 staff"),
]


def test_the_table_covers_all_18_traps() -> None:
    assert sorted(t for t, _, _ in TRAP_ANSWERS) == list(range(1, 19)) == sorted(TRAPS)
    assert {t: v for t, v, _ in TRAP_ANSWERS} == {n: trap.expected for n, trap in TRAPS.items()}


@pytest.mark.parametrize("trap,verdict,figure", TRAP_ANSWERS, ids=[f"trap-{t}" for t, _, _ in TRAP_ANSWERS])
def test_trap_questions_on_the_bundled_catalogue(
    catalogue: Catalogue, trap: int, verdict: str, figure: str
) -> None:
    answer = answer_trap(trap, catalogue)
    assert answer is not None and answer.trap == trap and answer.kind == "trap"
    assert answer.verdict == verdict
    assert answer.reason.startswith({"yes": "Yes", "no": "No", "depends": "Possibly"}[verdict])
    assert re.search(figure, answer.reason), answer.reason
    assert answer.sources
    plain_answer(answer)


@pytest.mark.parametrize("trap,verdict,figure", TRAP_ANSWERS, ids=[f"trap-{t}" for t, _, _ in TRAP_ANSWERS])
def test_trap_questions_on_a_catalogue_without_those_schemes(
    glen: Catalogue, trap: int, verdict: str, figure: str
) -> None:
    answer = answer_trap(trap, glen)
    assert answer is not None and answer.verdict == verdict
    if trap != 9:  # Glen Ardair's PgCert is stated in SCQF levels
        assert re.search(figure, answer.reason), answer.reason


@pytest.mark.parametrize(
    "trap,value,unit",
    [(1, 30, "credits"), (4, 60, "years of age"), (9, 40, "credits"), (11, 7.5, "ECTS credits"),
     (12, 96, "SCQF credit points"),
     (13, 0, "%"), (16, 600, "GBP"), (18, 249, "staff"), (8, 240, "credits"), (7, 26_800, "GBP")],
)  # fmt: skip
def test_trap_values(catalogue: Catalogue, trap: int, value: float, unit: str) -> None:
    answer = answer_trap(trap, catalogue)
    assert answer is not None and answer.value is not None
    assert (answer.value.amount, answer.value.unit) == (value, unit)


# Which traps read their rule from the bundled catalogue's own records.
@pytest.mark.parametrize(
    "trap,basis,record",
    [
        (1, "catalogue", "lle"),
        (4, "catalogue", "lle"),
        (5, "catalogue+national", "lle"),
        (7, "catalogue", "free-courses-for-jobs"),
        (9, "catalogue", "pgcert-data-science-ai"),
        (15, "catalogue", "wales-pla"),
        (16, "catalogue+national", "citb-achievement-grant"),
        (17, "catalogue+national", "lle"),
        (18, "catalogue", "citb-employer-network"),
        (3, "national", "lle"),
        (6, "national", "lle"),
        (14, "national", "citb-short-course-grant"),
        (11, "national", None),
        (12, "national", None),
        (13, "national", None),
    ],
)
def test_where_each_trap_rule_comes_from(
    catalogue: Catalogue, trap: int, basis: str, record: str | None
) -> None:
    answer = answer_trap(trap, catalogue)
    assert answer is not None and answer.basis == basis
    if record:
        assert record in {r.id for r in answer.records}


def _with_scheme_rule(
    catalogue: Catalogue, scheme_id: str, field: str, op: Operator, value: object
) -> Catalogue:
    """The catalogue with one leaf of a scheme's rule changed, to show the answer follows the catalogue."""
    scheme = catalogue.schemes[scheme_id]
    assert isinstance(scheme.when, AllOf)
    children = tuple(
        Leaf(field=field, op=op, value=value) if isinstance(c, Leaf) and c.field == field else c
        for c in scheme.when.all
    )
    changed = scheme.model_copy(update={"when": AllOf(all=children)})
    return catalogue.model_copy(update={"schemes": {**catalogue.schemes, scheme_id: changed}})


def test_the_lle_module_size_is_read_from_the_catalogue(catalogue: Catalogue) -> None:
    looser = _with_scheme_rule(catalogue, "lle", "course.credits", "ge", 20)
    assert "at least 20 credits" in lle_module(looser, 15).reason
    assert lle_module(looser, 25, 4).verdict == "depends"
    assert lle_module(catalogue, 25, 4).verdict == "no"


def test_the_lle_age_limit_is_read_from_the_catalogue(catalogue: Catalogue) -> None:
    older = _with_scheme_rule(catalogue, "lle", "learner.age", "le", 65)
    assert lle_age(older, 61).verdict == "yes"
    assert lle_age(catalogue, 61).verdict == "no"


def test_the_network_staff_limit_is_read_from_the_catalogue(catalogue: Catalogue) -> None:
    wider = _with_scheme_rule(catalogue, "citb-employer-network", "employer.size", "lt", 500)
    assert citb_employer_network(wider, 300).verdict == "depends"
    assert "1 to 499 staff" in citb_employer_network(wider, 300).reason


def test_without_the_scheme_the_national_rule_answers(catalogue: Catalogue) -> None:
    bare = catalogue.model_copy(update={"schemes": {}})
    for trap in (1, 4, 7, 15, 18):
        answer = answer_trap(trap, bare)
        assert answer is not None and answer.verdict == TRAPS[trap].expected and answer.basis == "national"
        assert answer.records == ()


@pytest.mark.parametrize(
    "call,verdict",
    [
        (lambda c: lle_age(c, 60), "yes"),
        (lambda c: lle_age(c, 61), "no"),
        (lambda c: lle_age(c, None), None),
        (lambda c: lle_module(c, 30, 7), "no"),
        (lambda c: lle_module(c, 29, None), "no"),
        (lambda c: lle_module(c, 60, 6), "depends"),
        (lambda c: lle_module(c, None, None), "depends"),
        (lambda c: lle_start(c, dt.date(2027, 1, 1)), "yes"),
        (lambda c: lle_start(c, dt.date(2026, 12, 31)), "no"),
        (lambda c: lle_start(c, None), None),
        (lambda c: free_first_level_3(c, 21, 35_000), "depends"),
        (lambda c: free_first_level_3(c, 30, 20_000), "depends"),
        (lambda c: free_first_level_3(c, 30, None, "unemployed"), "depends"),
        (lambda c: free_first_level_3(c, 45, 60_000, "employed"), "no"),
        (lambda c: pgcert_at_level(c, 7), "yes"),
        (lambda c: pgcert_at_level(c, 5), "no"),
        (lambda c: pgcert_at_level(c, None), None),
        (lambda c: pla_for(c, "employed"), "depends"),
        (lambda c: pla_for(c, "retired"), "no"),
        (lambda c: citb_employer_network(c, 249), "depends"),
        (lambda c: citb_employer_network(c, 250), "no"),
        (lambda c: citb_employer_network(c, None), None),
        (lambda c: apprentice_employer_share(24, 5), "no"),
        (lambda c: apprentice_employer_share(22), "yes"),
        (lambda c: apprentice_employer_share(30, 5), "depends"),
    ],
)
def test_trap_rules_follow_the_facts_given(catalogue: Catalogue, call: object, verdict: str | None) -> None:
    answer = call(catalogue)  # type: ignore[operator]
    assert answer.verdict == verdict
    plain_answer(answer)


def test_trap_7_names_the_loan_that_may_pay(catalogue: Catalogue) -> None:
    answer = free_first_level_3(catalogue, 30, 35_000)
    assert any("Advanced Learner Loan" in n for n in answer.notes)
    assert answer.caution == nr.DEVOLVED_CAUTION
    assert {r.id for r in answer.records} == {
        "asf-first-level-3",
        "free-courses-for-jobs",
        "advanced-learner-loan",
    }


def test_trap_18_points_large_firms_to_the_large_employer_fund(catalogue: Catalogue) -> None:
    answer = citb_employer_network(catalogue, 300)
    assert any("Large Employer Fund" in n and "£18,000" in n for n in answer.notes)


def test_find_scheme_by_national_name(catalogue: Catalogue) -> None:
    renamed = catalogue.model_copy(
        update={
            "schemes": {"pla-cymru": catalogue.schemes["wales-pla"].model_copy(update={"id": "pla-cymru"})}
        }
    )
    found = find_scheme(renamed, "wales-pla")
    assert found is not None and found.id == "pla-cymru"
    assert pla_for(renamed).basis == "catalogue"


# --- the single entry point ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question,verdict,value",
    [
        (RuleQuestion("credits_to_hours", credits=10), None, 100),
        (RuleQuestion("credits_to_hours", hours=150), None, 15),
        (RuleQuestion("credits_to_hours"), None, 10),
        (RuleQuestion("ects", credits=15, ects=15), "no", 7.5),
        (RuleQuestion("ects", credits=30), None, 15),
        (RuleQuestion("ects", ects=10), None, 20),
        (RuleQuestion("level_map", level=4, target_framework="SCQF"), None, 7),
        (RuleQuestion("level_map", level=9, framework="SCQF"), None, 6),
        (
            RuleQuestion("level_map", level=9, framework="SCQF", target_framework="RQF", other_level=6),
            "yes",
            6,
        ),
        (RuleQuestion("award_size", award_types=("hnc",), nations=("Scotland", "England")), "no", 96),
        (RuleQuestion("award_size", award_types=("hnd",), nations=("Scotland",)), None, 240),
        (RuleQuestion("award_size", award_id="hnc-construction-management"), None, 120),
        (RuleQuestion("degree_equivalence", award_types=("hnc", "hnd")), "no", 240),
        (RuleQuestion("degree_equivalence", award_id="hnd-construction-management"), "no", 240),
        (RuleQuestion("rpl_cap", award_id="hnc-construction-management"), None, 60),
        (RuleQuestion("rpl_cap", award_types=("pgdip",)), None, None),
        (RuleQuestion("rpl_cap", award_types=("hnd",)), None, 120),
        (RuleQuestion("scheme_kind", scheme_id="wales-pla", asked_kind="loan"), "no", None),
        (RuleQuestion("definition", term="rpl"), None, None),
        (RuleQuestion("trap", trap=11, credits=15, ects=15), "no", 7.5),
        (RuleQuestion("trap", trap=4, age=45), "yes", 60),
        (RuleQuestion("trap", trap=18, staff=300), "no", 249),
        (RuleQuestion("trap", trap=10, award_id="hnc-engineering"), "no", 60),
        (RuleQuestion("trap", trap=7, age=30, income_gbp=35_000), "no", 26_800),
        (RuleQuestion("trap", trap=7), "depends", 26_800),
    ],
)
def test_answer_rule_question(
    catalogue: Catalogue, question: RuleQuestion, verdict: str | None, value: float | None
) -> None:
    answer = answer_rule_question(question, catalogue)
    assert answer is not None
    assert answer.verdict == verdict
    assert (answer.value.amount if answer.value else None) == value
    plain_answer(answer)


@pytest.mark.parametrize(
    "question",
    [
        RuleQuestion("credits_to_hours", credits=-5),
        RuleQuestion("level_map"),
        RuleQuestion("level_map", level=14, framework="SCQF"),
        RuleQuestion("award_size"),
        RuleQuestion("award_size", award_id="no-such-award"),
        RuleQuestion("award_size", award_types=("pgcert",), nations=("Scotland", "England")),
        RuleQuestion("scheme_kind", scheme_id="no-such-scheme"),
        RuleQuestion("scheme_kind"),
        RuleQuestion("definition", term="quantum"),
        RuleQuestion("trap", trap=19),
        RuleQuestion("trap"),
        RuleQuestion("degree_equivalence"),
    ],
)
def test_answer_rule_question_returns_none_when_it_cannot_answer(
    catalogue: Catalogue, question: RuleQuestion
) -> None:
    assert answer_rule_question(question, catalogue) is None


def test_the_answer_carries_the_guide_paragraph_that_says_it(catalogue: Catalogue) -> None:
    question = RuleQuestion(
        "credits_to_hours", text="How many hours of study is a 10-credit course?", credits=10
    )
    answer = answer_rule_question(question, catalogue)
    assert answer is not None and answer.passage is not None
    assert answer.passage.guide_id in catalogue.guides and not answer.passage.is_opening
    assert re.search(r"10 hours|100 hours", answer.passage.text)
    assert RecordRef("guide", answer.passage.guide_id) in answer.records


@pytest.mark.parametrize(
    "question,guide,phrase",
    [
        (RuleQuestion("ects", text="Is 15 UK credits the same as 15 ECTS?", credits=15, ects=15),
         "credits-and-levels", "7.5"),
        (RuleQuestion("award_size", text="Is a Scottish HNC the same size as an English one?",
                      award_types=("hnc",),
                      nations=("Scotland", "England")), "credits-and-levels", "96 SCQF points"),
        (RuleQuestion("degree_equivalence", text="If I get an HNC and then an HND, is that a degree?",
                      award_types=("hnc", "hnd")), "stacking-credits", "not a degree"),
        (RuleQuestion("trap", text="Can I use the LLE for a 15-credit micro-credential?", trap=1, credits=15),
         "lifelong-learning-entitlement", "30 credits"),
        (RuleQuestion("trap", text="Can we get a CITB grant for first aid?", trap=14),
         "guide-for-employers", "first aid"),
        (RuleQuestion("level_map", text="what is level 4 in Scotland", level=4, target_framework="SCQF"),
         "credits-and-levels", "SCQF"),
    ],
)  # fmt: skip
def test_answers_cite_the_paragraph_not_the_opening(
    catalogue: Catalogue, question: RuleQuestion, guide: str, phrase: str
) -> None:
    answer = answer_rule_question(question, catalogue)
    assert answer is not None and answer.passage is not None
    assert answer.passage.guide_id == guide and not answer.passage.is_opening
    assert phrase in answer.passage.text


def test_reasons_read_easily(catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    """Average Flesch-Kincaid grade of the reasons and notes, one reply each, is 9 or below (the chat's target
    is 8 over whole replies, which add short sentences of their own)."""
    textstat = pytest.importorskip("textstat")
    from textstat.backend.counts import _count_syllables

    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: None)
    getattr(_count_syllables.count_syllables, "cache_clear", lambda: None)()
    answers = [answer_trap(n, catalogue) for n in TRAPS]
    answers += [credits_to_hours(10), uk_to_ects(30), compare_ects(15, 15), level_map(4), level_map(6)]
    answers += [national_award_size("hnc"), degree_equivalence(("hnc", "hnd")), rpl_cap()]
    answers += [rpl_cap(a) for a in catalogue.awards.values()] + [
        award_size(a) for a in catalogue.awards.values()
    ]
    answers += [scheme_kind(s, "loan") for s in catalogue.schemes.values()]
    answers += [definition(t, catalogue) for t in nr.DEFINITIONS]
    texts = [" ".join((a.reason, *a.notes)) for a in answers if a is not None]
    grades = [textstat.flesch_kincaid_grade(t) for t in texts]
    assert sum(grades) / len(grades) <= 9.0


# --- passages -----------------------------------------------------------------------------------------------


def test_split_markdown_keeps_headings_lists_and_tables() -> None:
    body = (
        "# Title\n\nOpening words here.\n\n## Sizes\n\nLook for:\n\n- **one** thing;\n- two\n  wrapped.\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n### Deeper\n\nA paragraph\nover two lines.\n\n## Sources\n\n- http://x\n"
    )
    passages = split_markdown("g", "Title", body)
    assert [p.text for p in passages] == [
        "Opening words here.",
        "Look for:\n- one thing;\n- two wrapped.",
        "a | b\n1 | 2",
        "A paragraph over two lines.",
    ]
    assert passages[0].is_opening and passages[0].heading == ""
    assert passages[1].headings == ("Title", "Sizes") and passages[1].heading == "Sizes"
    assert passages[3].headings == ("Title", "Sizes", "Deeper")


def test_words_drop_small_words_and_plurals() -> None:
    assert words("How many hours is a 10-credit course?") == ["hour", "10", "credit", "course"]


def test_the_passage_for_a_credit_question_is_the_credits_paragraph(catalogue: Catalogue) -> None:
    question = "How many hours of study is a 10-credit course?"
    passage = pick_passage(question, catalogue.guides.values(), guide_ids=["credits-and-levels"])
    assert passage is not None and not passage.is_opening
    assert passage.heading == "Credits: how big a course is" and "10 hours" in passage.text
    anywhere = pick_passage(question, catalogue.guides.values())
    assert anywhere is not None and not anywhere.is_opening and "10 hours" in anywhere.text


@pytest.mark.parametrize(
    "question,guide,phrase",
    [
        ("Is a Scottish HNC the same size as an English one?", "credits-and-levels", "96 SCQF points"),
        ("If I get an HNC and then an HND, is that a degree?", "stacking-credits", "not a degree"),
        ("Can I get a whole award through RPL?", None, "RPL"),
        ("Does CITB pay for first aid courses?", "guide-for-employers", "first aid"),
        ("Is the LLE a loan or a grant?", None, "loan"),
    ],
)
def test_pick_passage_on_the_bundled_guides(
    catalogue: Catalogue, question: str, guide: str | None, phrase: str
) -> None:
    passage = pick_passage(question, catalogue.guides.values())
    assert passage is not None and not passage.is_opening
    if guide:
        assert passage.guide_id == guide
    assert phrase in passage.text


def test_no_passage_when_nothing_matches(catalogue: Catalogue) -> None:
    assert pick_passage("zebra crossing xylophone", catalogue.guides.values()) is None
    assert pick_passage("anything", []) is None


def test_the_opening_is_never_the_fallback() -> None:
    from advisor.domain.catalogue import Guide

    tie = Guide(
        id="g",
        title="Fruit",
        body="# Fruit\n\nApples and pears.\n\n## Orchards\n\nApples and pears grow here.\n",
    )
    picked = pick_passage("apples and pears", [tie], min_score=0)
    assert picked is not None and not picked.is_opening
    only_opening = Guide(
        id="h", title="Animals", body="# Animals\n\nZebra facts.\n\n## Other\n\nNothing else.\n"
    )
    assert pick_passage("zebra", [only_opening]) is None


def test_ranking_is_deterministic(catalogue: Catalogue) -> None:
    first = rank_passages("credits hours level", catalogue.guides.values())
    second = rank_passages("credits hours level", list(reversed(list(catalogue.guides.values()))))
    assert [(s.passage.guide_id, s.passage.index) for s in first] == [
        (s.passage.guide_id, s.passage.index) for s in second
    ]


def test_valid_levels_only() -> None:
    assert is_valid_level("SCQF", 12) and not is_valid_level("RQF", 9)
