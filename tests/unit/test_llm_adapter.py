"""The optional LLM only rewords: wording that keeps the figures is used, anything else falls back."""

from __future__ import annotations

import time

from dialogue_fixtures import conversation
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage

from advisor.compose.llm import LLMPhraser, engine_tools, phraser_from_settings
from advisor.config import Settings
from advisor.dialogue.state import ConversationState

MESSAGE = "tell me about the Power BI one"


def _ask(model: object, timeout: float = 2.0) -> tuple[str, str, bool]:
    template_reply = conversation().respond(ConversationState.new("s"), MESSAGE)[0].reply
    conv = conversation(phraser=LLMPhraser(model, timeout_seconds=timeout))  # type: ignore[arg-type]
    answer, _ = conv.respond(ConversationState.new("s"), MESSAGE)
    return answer.reply, template_reply, answer.phrased_by == "llm"


def test_rewording_that_keeps_the_figures_is_sent() -> None:
    wording = "Power BI Dashboards is an online course. It is level 3 and 15 credits. The fee is £350."
    reply, _, by_llm = _ask(FakeListChatModel(responses=[wording]))
    assert by_llm and reply == wording


def test_rewording_that_invents_a_figure_is_rejected() -> None:
    reply, template, by_llm = _ask(
        FakeListChatModel(responses=["Power BI Dashboards costs £299 this month."])
    )
    assert not by_llm and reply == template and "£350" in reply


def test_rewording_that_says_free_is_rejected() -> None:
    model = GenericFakeChatModel(messages=iter([AIMessage(content="Power BI Dashboards is free for you!")]))
    reply, template, by_llm = _ask(model)
    assert not by_llm and reply == template


def test_rewording_that_names_another_course_is_rejected() -> None:
    reply, template, by_llm = _ask(
        FakeListChatModel(responses=["Power BI Dashboards or SQL for Data Analysis."])
    )
    assert not by_llm and reply == template


def test_a_slow_model_times_out_to_the_template() -> None:
    started = time.monotonic()
    reply, template, by_llm = _ask(FakeListChatModel(responses=["too late"], sleep=3.0), timeout=0.2)
    assert not by_llm and reply == template
    assert time.monotonic() - started < 2.5


def test_a_failing_model_falls_back_to_the_template() -> None:
    model = GenericFakeChatModel(messages=iter([]))  # raises StopIteration when called
    reply, template, by_llm = _ask(model)
    assert not by_llm and reply == template


def test_llm_is_off_by_default_and_a_missing_provider_package_means_templates() -> None:
    assert Settings().llm_provider == ""
    assert phraser_from_settings(Settings(llm_provider="no-such-provider")) is None
    # langchain-openai is not a project dependency: without it the service keeps its templates.
    assert phraser_from_settings(Settings(llm_provider="openai", llm_model="m")) is None


def test_engine_tools_return_engine_figures() -> None:
    tools = {t.name: t for t in engine_tools(conversation())}
    assert set(tools) == {"search_courses", "plan_route", "check_funding"}
    found = tools["search_courses"].invoke({"description": "power bi dashboards", "k": 1})
    assert found[0]["id"] == "power-bi-dashboards" and found[0]["cost_gbp"] == 350
    verdicts = tools["check_funding"].invoke(
        {"course_id": "python-data-l4", "learner": {"age": 30, "nation": "England"}}
    )
    assert {v["scheme_id"]: v["status"] for v in verdicts}["adult-loan"] == "eligible"
