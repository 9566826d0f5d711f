"""Optional LLM wording (LangChain), off by default.

The LLM never computes anything: it is given the checked template reply and asked to say the same thing
more naturally. Its wording then goes through the same grounding checker as the template (in
`Conversation`), with the template as the baseline; on any failure, error or time-out the template
reply is sent. The engine is also offered as LangChain tools (`engine_tools`) for front ends that let a
model drive the search itself; those tools return engine data, never model-made figures.

Providers (Settings.llm_provider): "openai" (any OpenAI-compatible endpoint; needs the `langchain-openai`
package) or "ollama" (needs `langchain-ollama`). Neither is a dependency of the project: they are imported
lazily, and when missing the service logs one warning and keeps using templates.
"""

from __future__ import annotations

import concurrent.futures
import logging
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.prompts import ChatPromptTemplate

from advisor.compose.answer import Answer
from advisor.compose.templates import Templates, default_templates
from advisor.config import Settings
from advisor.domain.profile import Role

log = logging.getLogger(__name__)

# One small pool for all model calls: a call that times out keeps its thread until the model returns,
# but the turn has already moved on with the template reply.
_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="advisor-llm")

_PROMPT = ChatPromptTemplate.from_messages([("system", "{system}"), ("human", "{reply}")])


class LLMPhraser:
    """Rewords a checked reply with a LangChain chat model, within `timeout_seconds`."""

    def __init__(
        self, model: BaseChatModel, timeout_seconds: float = 4.0, templates: Templates | None = None
    ):
        self.model = model
        self.timeout_seconds = timeout_seconds
        self.templates = templates or default_templates()

    def rephrase(self, reply: str, answer: Answer, role: Role) -> str | None:
        system = self.templates.render("llm_system", role)
        messages = _PROMPT.format_messages(system=system, reply=reply)
        future = _POOL.submit(self.model.invoke, messages)
        try:
            message = future.result(timeout=self.timeout_seconds)
        except concurrent.futures.TimeoutError:
            future.cancel()
            log.warning("LLM wording timed out after %.1fs; sending the template reply", self.timeout_seconds)
            return None
        except Exception as error:  # any provider error: the template reply is sent
            log.warning("LLM wording failed (%s); sending the template reply", error)
            return None
        text = message.content if isinstance(message.content, str) else _text_of(message.content)
        return text.strip() or None


def _text_of(content: list[Any]) -> str:
    parts = [
        p if isinstance(p, str) else str(p.get("text", "")) for p in content if isinstance(p, str | dict)
    ]
    return "".join(parts)


def chat_model_from_settings(settings: Settings) -> BaseChatModel | None:
    """The chat model named by the settings, or None (with one warning) when its package is not installed."""
    provider = settings.llm_provider.strip().lower()
    try:
        if provider == "openai":
            from langchain_openai import ChatOpenAI

            options: dict[str, Any] = {
                "model": settings.llm_model or "gpt-4o-mini",
                "timeout": settings.llm_timeout_seconds,
            }
            if settings.llm_base_url:
                options["base_url"] = settings.llm_base_url
            options["api_key"] = settings.llm_api_key or "not-needed"
            model: BaseChatModel = ChatOpenAI(**options)
            return model
        if provider == "ollama":
            from langchain_ollama import ChatOllama

            options = {"model": settings.llm_model or "llama3.2"}
            if settings.llm_base_url:
                options["base_url"] = settings.llm_base_url
            model = ChatOllama(**options)
            return model
    except ImportError as missing:
        log.warning(
            "LLM provider %r needs a package that is not installed (%s); using templates", provider, missing
        )
        return None
    log.warning("unknown LLM provider %r; using templates", provider)
    return None


def phraser_from_settings(settings: Settings) -> LLMPhraser | None:
    model = chat_model_from_settings(settings)
    return LLMPhraser(model, settings.llm_timeout_seconds) if model is not None else None


def engine_tools(conversation: Any) -> list[Any]:
    """`search_courses`, `plan_route` and `check_funding` as LangChain tools over a `Conversation`'s engines.

    They return engine data as JSON-ready dicts, so a tool-calling model can only repeat figures the engine
    produced (and the reply still goes through the grounding checker)."""
    from langchain_core.tools import tool

    from advisor.domain.profile import EmployerFacts, LearnerFacts, Profile

    @tool
    def search_courses(description: str, k: int = 3) -> list[dict[str, Any]]:
        """Courses that suit a person described in plain words, best first, with why each fits."""
        matches = conversation.matcher.match(description, Profile(), k)
        return [
            {
                "id": m.course_id,
                "title": conversation.catalogue.courses[m.course_id].title,
                "why": m.why,
                "cost_gbp": conversation.catalogue.courses[m.course_id].cost_gbp,
            }
            for m in matches
        ]

    @tool
    def plan_route(
        award_id: str, done: list[str], planned: list[str], rpl_credits: int = 0
    ) -> dict[str, Any]:
        """How completed and planned courses count towards an award, and what would complete it."""
        result: dict[str, Any] = conversation.planner.plan(award_id, done, planned, rpl_credits, None)
        return result

    @tool
    def check_funding(course_id: str, learner: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Funding verdicts (eligible, not_eligible, unknown) for a course and a learner's facts."""
        course = conversation.catalogue.courses.get(course_id)
        verdicts = conversation.funding.check(
            LearnerFacts(**(learner or {})), EmployerFacts(), course, "learner"
        )
        return [v.model_dump() for v in verdicts]

    return [search_courses, plan_route, check_funding]
