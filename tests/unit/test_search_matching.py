"""Matching with the fake embedder: hard limits really filter, levels fit the person, reasons are grounded."""

from __future__ import annotations

from pathlib import Path

import pytest
from retrieval_catalogue import catalogue

from advisor.domain.profile import Constraints, LearnerFacts, Profile
from advisor.retrieval.embedder import HashingEmbedder
from advisor.retrieval.search import Matcher


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> Matcher:
    built, _ = Matcher.load(catalogue(), HashingEmbedder(), tmp_path_factory.mktemp("index"))
    return built


def ids(result: object) -> list[str]:
    return [m.course.id for m in result.matches]  # type: ignore[attr-defined]


def test_slang_finds_the_course(matcher: Matcher) -> None:
    result = matcher.match("sparky 15 yrs want to do car chargers", k=3)
    assert ids(result)[0] in ("ev-charging", "ev-charging-wales")


def test_a_course_offered_at_two_campuses_is_one_suggestion_until_the_nation_is_known(
    matcher: Matcher,
) -> None:
    anywhere = ids(matcher.match("sparky 15 yrs want to do car chargers", k=5))
    assert "ev-charging" in anywhere and "ev-charging-wales" not in anywhere
    in_wales = ids(matcher.match("sparky in Wrexham, want to do car chargers", k=5))
    assert "ev-charging-wales" in in_wales


def test_nation_filter_never_offers_a_course_from_another_nation(matcher: Matcher) -> None:
    result = matcher.match("sparky in Cardiff, want to do car chargers", k=5)
    assert "ev-charging-wales" in ids(result)
    assert all("Wales" in m.course.nations for m in result.matches)
    assert result.excluded.get("not offered in Wales", 0) > 0


def test_delivery_mode_filter(matcher: Matcher) -> None:
    result = matcher.match("want to learn spreadsheets and data, online only", k=10)
    assert result.matches
    assert all(m.course.delivery_mode == "online" for m in result.matches)


def test_hours_and_budget_filters(matcher: Matcher) -> None:
    result = matcher.match("plumber wanting heat pumps, max 5 hours a week", k=5)
    assert "heat-pumps" not in ids(result)
    free = matcher.match("want to learn spreadsheets, free courses only", k=5)
    assert free.matches and all(m.course.cost_gbp == 0 for m in free.matches)


def test_a_filter_that_matches_nothing_returns_nothing(matcher: Matcher) -> None:
    profile = Profile(
        learner=LearnerFacts(nation="Northern Ireland"),
        constraints=Constraints(delivery_modes=("in_person",)),
    )
    result = matcher.match("dementia care", profile=profile, k=5)
    assert result.matches == () and result.eligible == 0
    assert result.weak and "No course" in result.message
    # Filters that leave courses, none of them close, still return nothing rather than padding.
    near_miss = matcher.match("dementia care", profile=Profile(learner=LearnerFacts(nation="Wales")), k=5)
    assert "dementia-care" not in ids(near_miss)


def test_profile_facts_override_the_message(matcher: Matcher) -> None:
    profile = Profile(constraints=Constraints(delivery_modes=("in_person",)))
    result = matcher.match("plumber, heat pumps, online only", profile=profile, k=5)
    assert ids(result) == ["heat-pumps"]


def test_no_qualifications_does_not_get_masters_level_first(matcher: Matcher) -> None:
    none = Profile(learner=LearnerFacts(highest_level=0))
    result = matcher.match("data statistics spreadsheets", profile=none, k=5)
    assert ids(result)[0] != "data-science-msc"
    top_level = result.matches[0].course.level
    assert top_level <= 2


def test_degree_holder_is_not_steered_to_level_one(matcher: Matcher) -> None:
    graduate = Profile(learner=LearnerFacts(highest_level=6, has_degree=True))
    result = matcher.match("data spreadsheets statistics analysis", profile=graduate, k=5)
    assert ids(result)[0] != "data-entry-l1"
    assert "data-entry-l1" not in ids(result)[:2]


def test_why_mentions_the_person_and_the_course(matcher: Matcher) -> None:
    result = matcher.match("sparky 15 yrs want to do car chargers, I live in Sheffield", k=3)
    top = result.matches[0]
    assert top.course.id == "ev-charging"
    assert "electrician" in top.why
    assert "15 years" in top.why
    assert "EV charge point installation" in top.why
    assert "Level 3" in top.why and "England" in top.why


def test_why_names_missing_prerequisites(matcher: Matcher) -> None:
    result = matcher.match("power bi dashboards", k=3)
    power_bi = next(m for m in result.matches if m.course.id == "power-bi")
    assert "Excel for Work first" in power_bi.why
    done = matcher.match("power bi dashboards", k=3, completed={"excel-basics"})
    assert "first" not in next(m for m in done.matches if m.course.id == "power-bi").why


def test_unrelated_request_returns_little_and_says_so(matcher: Matcher) -> None:
    result = matcher.match("underwater basket weaving", k=5)
    assert len(result.matches) < 5
    assert result.message


def test_one_embedding_per_query_and_cache_reused(tmp_path: Path) -> None:
    embedder = HashingEmbedder()
    built, _ = Matcher.load(catalogue(), embedder, tmp_path)
    before = embedder.calls
    built.match("want to learn excel", k=3)
    assert embedder.calls == before + 1
    built.match("want to learn excel", k=3)
    assert embedder.calls == before + 1


def test_guide_search_finds_the_guide(matcher: Matcher) -> None:
    assert matcher.search_guides("what is an HNC?", k=1)[0].guide_id == "stacking"
    assert matcher.search_guides("can my experience count?", k=1)[0].guide_id == "rpl"


def test_langchain_retriever_returns_documents_with_metadata(matcher: Matcher) -> None:
    from advisor.retrieval.retriever import AdvisorRetriever

    docs = AdvisorRetriever(matcher=matcher, k=2, guides=1).invoke("sparky want to do car chargers")
    kinds = [d.metadata["kind"] for d in docs]
    assert kinds.count("course") >= 1 and kinds[-1] == "guide"
    assert docs[0].metadata["id"].startswith("ev-charging")
    assert docs[0].metadata["why"]


def test_the_matcher_builds_its_vocabulary_once_from_the_catalogue(matcher: Matcher) -> None:
    # The catalogue's own occupation column, reached from slang: "sparky" -> the catalogue's "electrician".
    term = matcher.vocabulary.term("sparky")
    assert term is not None and term.name == "electrician" and "ev-charging" in term.courses
    expanded = matcher.vocabulary.expand("sparky, want to do car chargers")
    assert expanded == "sparky, want to do car chargers . electrician electric vehicle charging"


def test_a_vocabulary_built_elsewhere_is_used_as_given(tmp_path: Path) -> None:
    from advisor.understanding.vocabulary import Vocabulary

    words = Vocabulary.from_catalogue(catalogue())
    built, _ = Matcher.load(catalogue(), HashingEmbedder(), tmp_path, vocabulary=words)
    assert built.vocabulary is words


def test_an_occupation_only_this_catalogue_has_is_matched_and_explained(tmp_path: Path) -> None:
    from retrieval_catalogue import COURSES, course

    grooming = course(
        "dog-grooming",
        "Professional Dog Grooming",
        summary="Bathe, clip and style dogs safely in a salon.",
        skills=("breed clipping",),
        occupations=("dog groomer",),
        sector="animal-care",
        level=2,
    )
    built, _ = Matcher.load(catalogue([*COURSES, grooming]), HashingEmbedder(), tmp_path)
    result = built.match("I groom dogs, 6 years, want to get qualified", k=3)
    assert result.profile.occupation == "dog groomer"
    assert ids(result)[0] == "dog-grooming"
    assert "is for dog groomers" in result.matches[0].why
