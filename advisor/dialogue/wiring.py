"""Adapters from the engines to the conversation's ports, and one function that builds the service.

    conversation = build_conversation(catalogue, settings, matcher=..., guides=...)

The stacking planner and funding rules are pure domain code and are wired here directly. Retrieval (the
hybrid matcher and guide search) is created once by the caller (the API lifespan or the CLI) and passed in;
without it, the keyword implementations keep the conversation working.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from advisor.compose.answer import FundingItem
from advisor.config import Settings
from advisor.dialogue.keyword import KeywordGuideSearch, KeywordMatcher, short_passage, words
from advisor.dialogue.ports import (
    CourseMatch,
    GuidePassage,
    GuideSearch,
    Matcher,
    MatchList,
    NearMissView,
    ProfileReader,
)
from advisor.dialogue.turn import Conversation, Phraser
from advisor.domain.catalogue import Catalogue, Course, Scheme
from advisor.domain.funding import FundingChoice, Verdict, amount_if_eligible, choose_funding, evaluate_all
from advisor.domain.planning import PlanningError, plan_route
from advisor.domain.profile import EmployerFacts, LearnerFacts, Profile
from advisor.retrieval.query_vectors import QueryVectors
from advisor.understanding.reader import MessageReader


@dataclass
class EnginePlanner:
    """`advisor.domain.planning.plan_route` as the RoutePlanner port: POST /api/plan fields + placements."""

    catalogue: Catalogue
    today: Callable[[], dt.date] = dt.date.today
    learner_nation: Callable[[], str | None] = lambda: None

    def plan(
        self,
        award_id: str,
        done: Sequence[str],
        planned: Sequence[str],
        rpl_credits: int,
        hours_per_week: float | None,
    ) -> dict[str, Any]:
        from advisor.domain.profile import Constraints

        constraints = Constraints(hours_per_week=hours_per_week) if hours_per_week else None
        try:
            plan = plan_route(
                self.catalogue,
                award_id,
                list(done),
                list(planned),
                rpl_credits,
                constraints,
                start_date=self.today(),
            )
        except PlanningError as problem:
            award = self.catalogue.awards[award_id]
            return {
                "award_id": award_id,
                "award_title": award.title,
                "credits_required": award.credits,
                "credits_counted": 0,
                "rpl_credits_used": 0,
                "credits_remaining": award.credits,
                "complete": False,
                "unmet": [str(problem)],
                "suggested": [],
                "weeks_to_finish": None,
                "cost_gbp": 0.0,
                "placements": [],
                "reasons": [str(problem)],
            }
        fields: dict[str, Any] = dict(plan.api_fields())
        fields.update(
            award_title=plan.award_title,
            placements=[p.model_dump() for p in plan.current.placements],
            rpl_credits_cap=plan.current.rpl_credits_cap,
            schedule=[s.model_dump(mode="json") for s in plan.schedule],
            reasons=list(plan.reasons),
            optimal=plan.optimal,
            plan_complete=plan.complete,
            planned_cost_gbp=plan.planned_cost_gbp,
        )
        return fields


@dataclass
class EngineFunding:
    """`advisor.domain.funding` as the FundingRules port, with the amount each eligible scheme covers."""

    catalogue: Catalogue

    def assess(
        self, learner: LearnerFacts, employer: EmployerFacts, course: Course, audience: str
    ) -> tuple[list[FundingItem], FundingChoice]:
        schemes = self._for(audience)
        verdicts = evaluate_all(schemes, learner, employer, course)
        choice = choose_funding({s.id: s for s in schemes}, verdicts, course.cost_gbp)
        return self._items(schemes, verdicts, course), choice

    def check(
        self, learner: LearnerFacts, employer: EmployerFacts, course: Course | None, audience: str
    ) -> list[FundingItem]:
        schemes = self._for(audience)
        return self._items(schemes, evaluate_all(schemes, learner, employer, course), course)

    def _for(self, audience: str) -> list[Scheme]:
        return [s for s in self.catalogue.schemes.values() if s.audience == audience]

    @staticmethod
    def _items(
        schemes: Sequence[Scheme], verdicts: Sequence[Verdict], course: Course | None
    ) -> list[FundingItem]:
        return [
            FundingItem(
                scheme_id=scheme.id,
                name=scheme.name,
                status=verdict.status,
                reasons=list(verdict.reasons),
                needs=list(verdict.needs),
                check_with_advisor=scheme.check_with_advisor,
                amount_gbp=amount_if_eligible(scheme, verdict, course) or None,
                course_id=course.id if course else None,
                kind=scheme.kind,
                audience=scheme.audience,
            )
            for scheme, verdict in zip(schemes, verdicts, strict=True)
        ]


class ExtractReader:
    """`advisor.retrieval.extract.extract_profile` as the ProfileReader port: occupation, goals, subjects and
    sectors in the catalogue's own vocabulary (the facts come from the turn's Reading)."""

    def __init__(self, today: Callable[[], dt.date] = dt.date.today, vocabulary: Any = None) -> None:
        self.today = today
        self.vocabulary = vocabulary

    def read(self, text: str, facts: Profile | None = None) -> Profile:
        from advisor.retrieval.extract import extract_profile

        role = facts.role if facts is not None else None
        return extract_profile(text, today=self.today(), role=role, vocabulary=self.vocabulary, facts=facts)


class RetrievalMatcher:
    """The hybrid retrieval matcher (`advisor.retrieval.search.Matcher`) as the Matcher port. A weak result
    (nothing fits what the person described) is passed on as "not relevant", so the turn says so honestly."""

    def __init__(self, matcher: Any, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.matcher = matcher
        self.today = today

    def match(self, message: str, profile: Profile, k: int, vector: Any = None) -> Sequence[CourseMatch]:
        result = self.matcher.match(
            message,
            profile=profile,
            k=k,
            role=profile.role,
            today=self.today(),
            already_read=True,
            query_vector=vector,
        )
        matches = MatchList(
            CourseMatch(m.course.id, m.score, m.why, relevant=not result.weak) for m in result.matches
        )
        matches.near_misses = tuple(
            NearMissView(n.course.id, tuple(b.text for b in n.breaks)) for n in result.near_misses
        )
        matches.limits = tuple(summary.text for summary in result.limits)
        matches.limit_kinds = tuple(summary.limit for summary in result.limits)
        matches.limit_courses = tuple(
            dict.fromkeys(c for summary in result.limits for c in summary.course_ids)
        )
        return matches


class RetrievalGuides:
    """Guide search of the hybrid matcher as the GuideSearch port. Fused scores always rank something, so a
    passage must also share a content word with the question to count as an answer."""

    def __init__(self, matcher: Any) -> None:
        self.matcher = matcher

    def search(self, query: str, k: int) -> Sequence[GuidePassage]:
        asked = set(words(query))
        passages: list[GuidePassage] = []
        for hit in self.matcher.search_guides(query, k):
            if asked & set(words(f"{hit.title} {hit.heading} {hit.text}")):
                passages.append(GuidePassage(hit.guide_id, hit.title, short_passage(hit.text), hit.score))
        return passages


_SHARED: dict[str, QueryVectors] = {}


def _vocabulary(retrieval: Any, catalogue: Catalogue) -> Any:
    """The catalogue's vocabulary: the retrieval matcher's (built once at load), else built here."""
    shared = getattr(retrieval, "vocabulary", None)
    if shared is not None:
        return shared
    from advisor.understanding.vocabulary import Vocabulary

    return Vocabulary.from_catalogue(catalogue)


def _retrieval_vectors(retrieval: Any) -> QueryVectors | None:
    """The retrieval matcher's own query-vector cache, so reading and searching share embeddings."""
    if retrieval is None:
        return None
    shared = getattr(retrieval, "query_vectors", None)
    return shared if isinstance(shared, QueryVectors) else QueryVectors(retrieval.embedder)


def shared_query_vectors(settings: Settings | None = None) -> QueryVectors:
    """The process's real embedder behind one query-vector cache, for conversations built without a
    retrieval matcher (the terminal, tests): the model is loaded once per process."""
    from advisor.retrieval.embedder import SentenceTransformerEmbedder

    path = (settings.embedding_model_path if settings is not None else None) or ""
    if path not in _SHARED:
        _SHARED[path] = QueryVectors(SentenceTransformerEmbedder(path or None))
    return _SHARED[path]


def build_conversation(
    catalogue: Catalogue,
    settings: Settings | None = None,
    *,
    matcher: Matcher | None = None,
    guides: GuideSearch | None = None,
    retrieval: Any = None,
    reader: ProfileReader | None = None,
    message_reader: MessageReader | None = None,
    query_vectors: QueryVectors | None = None,
    phraser: Phraser | None = None,
    today: Callable[[], dt.date] = dt.date.today,
) -> Conversation:
    """The conversation service for `catalogue`.

    `retrieval` is the `advisor.retrieval.search.Matcher` built once at start-up (it serves both course
    matching and guide search); `matcher`/`guides` override either port. With neither, keyword search is
    used. The optional LLM phraser is built from `settings` when `settings.llm_provider` is set."""
    if retrieval is not None:
        matcher = matcher or RetrievalMatcher(retrieval, today)
        guides = guides or RetrievalGuides(retrieval)
    if message_reader is None:
        vectors = query_vectors or _retrieval_vectors(retrieval) or shared_query_vectors(settings)
        message_reader = MessageReader.for_catalogue(catalogue, vectors.name, vectors.vectors, cache=vectors)
    if phraser is None and settings is not None and settings.llm_provider:
        from advisor.compose.llm import phraser_from_settings

        phraser = phraser_from_settings(settings)
    return Conversation(
        catalogue=catalogue,
        matcher=matcher or KeywordMatcher(catalogue),
        planner=EnginePlanner(catalogue, today),
        funding=EngineFunding(catalogue),
        guides=guides or KeywordGuideSearch(catalogue),
        reader=message_reader,
        profile_reader=reader
        if reader is not None
        else ExtractReader(today, _vocabulary(retrieval, catalogue)),
        phraser=phraser,
        today=today,
    )
