"""GET / DELETE /api/sessions/{id}: a learner reads or erases their own conversation with its token;
a signed-in advisor (sign-in token, API key or the desk's cookie) may read or erase any."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from advisor.api.auth import AdvisorCookie
from advisor.api.deps import BearerToken, ServicesDep
from advisor.api.turns import authorise

router = APIRouter(prefix="/api/sessions", tags=["sessions"])


@router.get("/{session_id}", response_model=None)
def read_session(
    session_id: str, services: ServicesDep, token: BearerToken, advisor_cookie: AdvisorCookie = None
) -> dict[str, Any]:
    record = authorise(services, session_id, token, allow_advisor=True, advisor_cookie=advisor_cookie)
    return {
        "session_id": record.id,
        "role": record.role,
        "created_at": record.created_at.isoformat(),
        "updated_at": record.updated_at.isoformat(),
        "profile": record.profile,
        "messages": [
            {
                "id": m.id,
                "role": m.role,
                "text": m.text,
                "answer": m.payload,
                "created_at": m.created_at.isoformat(),
            }
            for m in services.store.history(session_id)
        ],
    }


@router.delete("/{session_id}", response_model=None)
def erase_session(
    session_id: str, services: ServicesDep, token: BearerToken, advisor_cookie: AdvisorCookie = None
) -> dict[str, Any]:
    authorise(services, session_id, token, allow_advisor=True, advisor_cookie=advisor_cookie)
    services.store.delete_session(session_id)
    return {"session_id": session_id, "erased": True}
