"""The matcher as a LangChain retriever, so any LangChain chain or agent can use the advisor's search."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from advisor.domain.levels import to_rqf_scale
from advisor.domain.profile import Profile
from advisor.retrieval.search import Matcher


class AdvisorRetriever(BaseRetriever):
    """Courses (ranked and filtered as `Matcher.match` does) followed by the guide chunks that fit the query.

    Each Document's metadata says what it is: `kind` ("course" or "guide"), `id`, `title`, `score`, and for
    courses the level, credits, cost, delivery mode and the grounded `why`.
    """

    matcher: Any  # a Matcher; typed loosely so pydantic does not try to validate it
    k: int = 5
    guides: int = 2
    profile: Profile | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        matcher: Matcher = self.matcher
        result = matcher.match(query, profile=self.profile, k=self.k)
        documents = [
            Document(
                page_content=f"{m.course.title}. {m.course.summary}",
                metadata={
                    "kind": "course",
                    "id": m.course.id,
                    "title": m.course.title,
                    "score": m.score,
                    "why": m.why,
                    "level": to_rqf_scale(m.course.level, m.course.level_framework),
                    "level_framework": m.course.level_framework,
                    "credits": m.course.credits,
                    "cost_gbp": m.course.cost_gbp,
                    "delivery_mode": m.course.delivery_mode,
                    "sector": m.course.sector,
                },
            )
            for m in result.matches
        ]
        documents.extend(
            Document(
                page_content=hit.text,
                metadata={
                    "kind": "guide",
                    "id": hit.guide_id,
                    "title": hit.title,
                    "heading": hit.heading,
                    "score": hit.score,
                },
            )
            for hit in matcher.search_guides(query, self.guides)
        )
        return documents
