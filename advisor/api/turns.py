"""One chat turn over HTTP: check the session's token, ask the conversation, save the turn, answer.

The turn is committed before anything is returned, so no reply is ever sent for a turn that was not saved.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from advisor.api.auth import advisor_from
from advisor.api.errors import NotFound, Unauthorised
from advisor.api.services import Services
from advisor.api.streaming import reply_pieces
from advisor.dialogue.state import ConversationState
from advisor.domain.profile import Role
from advisor.ops.metrics import CHAT_TURNS
from advisor.store.records import SessionRecord


def authorise(
    services: Services,
    session_id: str,
    token: str | None,
    *,
    allow_advisor: bool = False,
    advisor_cookie: str | None = None,
) -> SessionRecord:
    """The session, when `token` is its own token or, with `allow_advisor`, when the bearer token or the
    sign-in cookie belongs to an enabled advisor. A learner's token opens only their session. The record is
    read once here, so a turn does not read it again."""
    record = services.store.get_session(session_id)
    if record is None:
        raise NotFound("session", session_id)
    if token is not None and services.store.verify_token(session_id, token):
        return record
    if allow_advisor and (token or advisor_cookie) and advisor_from(services, token, advisor_cookie):
        return record
    if token is None and not (allow_advisor and advisor_cookie):
        who = " or an advisor's sign-in" if allow_advisor else ""
        raise Unauthorised(
            401, f"this session needs its token: send 'Authorization: Bearer <session_token>'{who}"
        )
    raise Unauthorised(403, "that token does not belong to this session")


def chat_turn(
    services: Services, message: str, session_id: str | None, token: str | None, role: Role | None
) -> dict[str, Any]:
    """The POST /api/chat answer for one message, saved. A new session's token is in `session_token`."""
    new_session = session_id is None
    if session_id is None:
        session_role: Role = role or "learner"
        session_id = services.store.new_session_id()
        state = ConversationState.new(session_id, session_role)
    else:
        record = authorise(services, session_id, token)
        session_role = record.role  # type: ignore[assignment]
        state = (
            ConversationState.model_validate(record.state)
            if record.state
            else ConversationState.new(session_id, session_role)
        )
    answer, new_state = services.conversation.respond(state, message, role)
    payload = answer.model_dump(mode="json")
    turn = (
        session_id,
        message,
        answer.reply,
        payload,
        new_state.profile.model_dump(mode="json"),
        new_state.model_dump(mode="json"),
    )
    # One transaction per turn (a new session is created in the same one as its first turn): if it
    # fails, the StoreUnavailable becomes a 503 and neither the reply nor part of the turn exists.
    if new_session:
        new_token, _, assistant_id = services.store.save_first_turn(turn[0], session_role, *turn[1:])
        payload["session_token"] = new_token
    else:
        _, assistant_id = services.store.save_turn(*turn)
    CHAT_TURNS.labels(answer.intent, new_state.role).inc()
    payload["message_id"] = assistant_id
    return payload


def sse_events(payload: dict[str, Any]) -> Iterator[str]:
    """The saved answer as server-sent events: the reply in small pieces, then the whole JSON answer."""
    for piece in reply_pieces(payload["reply"]):
        yield f"event: delta\ndata: {json.dumps({'text': piece})}\n\n"
    yield f"event: answer\ndata: {json.dumps(payload)}\n\n"
