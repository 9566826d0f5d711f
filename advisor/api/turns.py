"""One chat turn over HTTP: check the session's token, ask the conversation, save the turn, answer.

The turn is committed before anything is returned, so no reply is ever sent for a turn that was not saved.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

from advisor.api.errors import NotFound
from advisor.api.services import Services
from advisor.dialogue.state import ConversationState
from advisor.domain.profile import Role
from advisor.store import StoreError


class Unauthorised(Exception):
    """Missing (401) or wrong (403) session token."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code


def authorise(services: Services, session_id: str, token: str | None) -> None:
    if services.store.get_session(session_id) is None:
        raise NotFound("session", session_id)
    if token is None:
        raise Unauthorised(401, "this session needs its token: send 'Authorization: Bearer <session_token>'")
    if not services.store.verify_token(session_id, token):
        raise Unauthorised(403, "that token does not belong to this session")


def chat_turn(
    services: Services, message: str, session_id: str | None, token: str | None, role: Role | None
) -> dict[str, Any]:
    """The POST /api/chat answer for one message, saved. A new session's token is in `session_token`."""
    new_token: str | None = None
    if session_id is None:
        record, new_token = services.store.create_session(role or "learner")
        session_id = record.id
        state = ConversationState.new(session_id, role or "learner")
    else:
        authorise(services, session_id, token)
        record = services.store.get_session(session_id)  # type: ignore[assignment]
        state = (
            ConversationState.model_validate(record.state)
            if record.state
            else ConversationState.new(
                session_id,
                record.role,  # type: ignore[arg-type]
            )
        )
    try:
        answer, new_state = services.conversation.respond(state, message, role)
        payload = answer.model_dump(mode="json")
        _, assistant_id = services.store.save_turn(
            session_id,
            message,
            answer.reply,
            payload,
            new_state.profile.model_dump(mode="json"),
            new_state.model_dump(mode="json"),
        )
    except Exception:
        if new_token is not None:
            # A session that never got its first turn is not kept: no half-written conversations.
            _forget_quietly(services, session_id)
        raise
    payload["message_id"] = assistant_id
    if new_token is not None:
        payload["session_token"] = new_token
    return payload


def _forget_quietly(services: Services, session_id: str) -> None:
    with contextlib.suppress(StoreError):
        services.store.delete_session(session_id)


def sse_events(payload: dict[str, Any], words_per_chunk: int = 4) -> Iterator[str]:
    """The saved answer as server-sent events: the reply in small pieces, then the whole JSON answer."""
    words = payload["reply"].split(" ")
    for start in range(0, len(words), words_per_chunk):
        piece = " ".join(words[start : start + words_per_chunk])
        if start + words_per_chunk < len(words):
            piece += " "
        yield f"event: delta\ndata: {json.dumps({'text': piece})}\n\n"
    yield f"event: answer\ndata: {json.dumps(payload)}\n\n"
