"""The optional LLM backend slow or down: the chat still answers with the template reply within the time-out.

The backend is a fake OpenAI-compatible HTTP server on 127.0.0.1 that answers (by echoing the reply it was
asked to reword), hangs for longer than the time-out, or is not listening at all. The model is reached
over real HTTP: through `langchain-openai`'s ChatOpenAI, as configured by the settings, when that
package is installed; otherwise through a small LangChain chat model over the official `openai` client.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import openai
import pytest
from fastapi.testclient import TestClient
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from throwaway_postgres import free_loopback_port

from advisor.api.app import create_app
from advisor.api.services import Services
from advisor.compose.llm import LLMPhraser, chat_model_from_settings
from advisor.dialogue.wiring import build_conversation

TIMEOUT_SECONDS = 1.0
# A turn's own work (retrieval, rules, grounding) on a busy CI machine, on top of the time-out.
MARGIN_SECONDS = 2.0
MESSAGE = "I'm a sparky, 15 yrs in, want to get into car chargers"
HAS_LANGCHAIN_OPENAI = importlib.util.find_spec("langchain_openai") is not None


class FakeOpenAI(ThreadingHTTPServer):
    """POST /v1/chat/completions: after `delay` seconds, echo the last user message as the answer."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.delay = 0.0
        self.calls = 0
        self.release = threading.Event()  # set at teardown so hanging requests end

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class _Handler(BaseHTTPRequestHandler):
    server: FakeOpenAI

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        self.server.calls += 1
        self.server.release.wait(self.server.delay)
        user = [m["content"] for m in body["messages"] if m["role"] == "user"][-1]
        answer = {
            "id": "fake-1",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "fake"),
            "choices": [
                {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": user}}
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        data = json.dumps(answer).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass  # the client gave up waiting: that is the point of the slow case

    def log_message(self, format: str, *args: Any) -> None:
        pass


class OpenAIClientChatModel(BaseChatModel):
    """A LangChain chat model over the official `openai` client, for when langchain-openai is absent."""

    base_url: str
    timeout: float

    @property
    def _llm_type(self) -> str:
        return "openai-client"

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **_: Any
    ) -> ChatResult:
        roles = {"system": "system", "human": "user", "ai": "assistant"}
        client = openai.OpenAI(
            base_url=self.base_url, api_key="not-needed", timeout=self.timeout, max_retries=0
        )
        completion = client.chat.completions.create(
            model="fake",
            messages=[{"role": roles[m.type], "content": str(m.content)} for m in messages],  # type: ignore[misc]
        )
        text = completion.choices[0].message.content or ""
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])


@pytest.fixture(scope="module")
def backend() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def chat_model(real_services: Services, base_url: str) -> BaseChatModel:
    if HAS_LANGCHAIN_OPENAI:  # the production path: Settings -> ChatOpenAI
        settings = real_services.settings.model_copy(
            update={
                "llm_provider": "openai",
                "llm_base_url": base_url,
                "llm_model": "fake",
                "llm_timeout_seconds": TIMEOUT_SECONDS,
            }
        )
        model = chat_model_from_settings(settings)
        assert model is not None
        return model
    return OpenAIClientChatModel(base_url=base_url, timeout=10 * TIMEOUT_SECONDS)


def client_for(real_services: Services, base_url: str) -> TestClient:
    phraser = LLMPhraser(chat_model(real_services, base_url), timeout_seconds=TIMEOUT_SECONDS)
    conversation = build_conversation(
        real_services.catalogue, retrieval=real_services.matcher, phraser=phraser
    )
    services = dataclasses.replace(real_services, conversation=conversation)
    return TestClient(create_app(services.settings, services))


def template_reply(real_services: Services) -> str:
    with TestClient(create_app(real_services.settings, real_services)) as plain:
        answer = plain.post("/api/chat", json={"message": MESSAGE}).json()
    assert answer["phrased_by"] == "template"
    return str(answer["reply"])


def timed_chat(client: TestClient) -> tuple[dict[str, Any], float]:
    started = time.monotonic()
    response = client.post("/api/chat", json={"message": MESSAGE})
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.text
    return response.json(), elapsed


def test_a_working_backend_rewords_the_reply(real_services: Services, backend: FakeOpenAI) -> None:
    # Shows the LLM path is really wired, so the two fault cases below test something.
    backend.delay = 0.0
    calls = backend.calls
    with client_for(real_services, backend.base_url) as client:
        answer, _ = timed_chat(client)
    assert backend.calls == calls + 1
    assert answer["phrased_by"] == "llm"


def test_a_slow_backend_gets_the_template_answer_within_the_time_out(
    real_services: Services, backend: FakeOpenAI
) -> None:
    expected = template_reply(real_services)
    backend.delay = 30.0
    calls = backend.calls
    with client_for(real_services, backend.base_url) as client:
        answer, elapsed = timed_chat(client)
    assert backend.calls == calls + 1  # the model was asked, and did not answer in time
    assert answer["phrased_by"] == "template" and answer["reply"] == expected
    assert elapsed < TIMEOUT_SECONDS + MARGIN_SECONDS


def test_a_backend_that_is_down_gets_the_template_answer_at_once(real_services: Services) -> None:
    expected = template_reply(real_services)
    nobody_listening = f"http://127.0.0.1:{free_loopback_port()}/v1"
    with client_for(real_services, nobody_listening) as client:
        answer, elapsed = timed_chat(client)
    assert answer["phrased_by"] == "template" and answer["reply"] == expected
    assert elapsed < TIMEOUT_SECONDS + MARGIN_SECONDS
