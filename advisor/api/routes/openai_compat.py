"""POST /v1/chat/completions: the advisor behind the OpenAI chat API, so any OpenAI-style client works.

Stateless like the OpenAI API: the conversation is rebuilt from the user messages sent each time, so the
reply to the last message is the one `/api/chat` would give after the same turns. Figures come from the
engine exactly as in `/api/chat`.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from advisor.api.deps import ConversationDep
from advisor.api.errors import BadRequest
from advisor.api.streaming import STREAMED, reply_pieces
from advisor.compose.answer import Answer
from advisor.dialogue.state import ConversationState
from advisor.dialogue.turn import Conversation
from advisor.domain.profile import Role

router = APIRouter(tags=["openai-compatible"])

MODEL_ID = "advisor"
MAX_TURNS = 40


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None


class CompletionRequest(BaseModel):
    model_config = ConfigDict(extra="allow")  # OpenAI clients send many optional knobs; we ignore them

    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(min_length=1, max_length=200)
    stream: bool = False
    user: str | None = None


def _text(message: ChatMessage) -> str:
    if isinstance(message.content, str):
        return message.content
    if isinstance(message.content, list):
        return " ".join(str(part.get("text", "")) for part in message.content if isinstance(part, dict))
    return ""


def _role_from(messages: list[ChatMessage]) -> Role:
    # A system message may say who is talking, e.g. "role: employer".
    for message in messages:
        if message.role in ("system", "developer"):
            text = _text(message).lower()
            for role in ("advisor", "employer"):
                if role in text:
                    return role
    return "learner"


def replay(conversation: Conversation, messages: list[ChatMessage]) -> Answer:
    user_turns = [_text(m).strip() for m in messages if m.role == "user"]
    user_turns = [t for t in user_turns if t][-MAX_TURNS:]
    if not user_turns:
        raise BadRequest("messages", "at least one user message with text is needed")
    if len(user_turns[-1]) > 4000:
        raise BadRequest("messages", "the last user message is longer than 4000 characters")
    role = _role_from(messages)
    state = ConversationState.new("openai", role)
    answer: Answer | None = None
    for text in user_turns:
        answer, state = conversation.respond(state, text[:4000], role)
    assert answer is not None
    return answer


def _completion(answer: Answer, model: str) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": answer.reply}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": len(answer.reply.split()), "total_tokens": 0},
        "advisor": answer.model_dump(mode="json"),
    }


def _chunks(answer: Answer, model: str) -> Iterator[str]:
    ident = f"chatcmpl-{uuid.uuid4().hex}"
    created = int(time.time())

    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        body = {
            "id": ident,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {json.dumps(body)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for piece in reply_pieces(answer.reply):
        yield chunk({"content": piece})
    yield chunk({}, "stop")
    yield "data: [DONE]\n\n"


@router.post("/v1/chat/completions", response_model=None, responses=STREAMED)
def chat_completions(
    body: CompletionRequest, conversation: ConversationDep
) -> dict[str, Any] | StreamingResponse:
    answer = replay(conversation, body.messages)
    if body.stream:
        return StreamingResponse(_chunks(answer, body.model), media_type="text/event-stream")
    return _completion(answer, body.model)


@router.get("/v1/models")
def list_models() -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "advisor"}],
    }
