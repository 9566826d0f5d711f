"""POST /api/chat (JSON or server-sent events) and POST /api/feedback."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator

from advisor.api.deps import BearerToken, ServicesDep
from advisor.api.streaming import STREAMED
from advisor.api.turns import authorise, chat_turn, sse_events
from advisor.domain.profile import Role

router = APIRouter(prefix="/api", tags=["chat"])

MAX_MESSAGE_CHARS = 4000


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    session_id: str | None = Field(default=None, min_length=1, max_length=100)
    role: Role | None = None

    @field_validator("message")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the message is empty")
        return value


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    session_id: str = Field(min_length=1, max_length=100)
    message_id: int | None = Field(default=None, ge=1)
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=2000)


@router.post("/chat", response_model=None, responses=STREAMED)
def chat(
    body: ChatRequest,
    services: ServicesDep,
    token: BearerToken,
    accept: Annotated[str | None, Header()] = None,
) -> dict[str, Any] | StreamingResponse:
    payload = chat_turn(services, body.message, body.session_id, token, body.role)
    if accept and "text/event-stream" in accept:
        return StreamingResponse(
            sse_events(payload), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
        )
    return payload


@router.post("/feedback", status_code=201, response_model=None)
def feedback(body: FeedbackRequest, services: ServicesDep, token: BearerToken) -> dict[str, Any]:
    authorise(services, body.session_id, token)
    feedback_id = services.store.add_feedback(body.session_id, body.message_id, body.rating, body.comment)
    return {"feedback_id": feedback_id, "status": "saved"}
