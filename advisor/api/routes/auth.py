"""Advisor sign-in: POST /api/auth/login (a bearer token and the desk's HttpOnly cookie), POST
/api/auth/logout, GET /api/auth/me."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from advisor.access import LoginTokens, sign_in
from advisor.api.auth import COOKIE_NAME, AdvisorDep, accounts_for
from advisor.api.deps import ServicesDep
from advisor.store import AdvisorRecord

router = APIRouter(prefix="/api/auth", tags=["access"])

NO_STORE = {"Cache-Control": "no-store"}


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1024)


def advisor_json(advisor: AdvisorRecord) -> dict[str, Any]:
    return {"email": advisor.email, "name": advisor.name, "is_admin": advisor.is_admin}


@router.post(
    "/login",
    response_model=None,
    responses={401: {"description": "wrong email or password"}, 429: {"description": "too many attempts"}},
)
async def login(body: LoginRequest, services: ServicesDep) -> dict[str, Any] | JSONResponse:
    tokens = LoginTokens.from_settings(services.settings)
    # argon2 takes tens of milliseconds on purpose: keep it off the event loop.
    signed_in = await anyio.to_thread.run_sync(
        sign_in, accounts_for(services.store), tokens, body.email, body.password
    )
    if signed_in is None:
        return JSONResponse(status_code=401, content={"detail": "wrong email or password"}, headers=NO_STORE)
    advisor, token = signed_in
    answer = JSONResponse(
        content={
            "token": token,
            "token_type": "bearer",
            "expires_in": tokens.ttl_seconds,
            "advisor": advisor_json(advisor),
        },
        headers=NO_STORE,
    )
    answer.set_cookie(
        COOKIE_NAME,
        token,
        max_age=tokens.ttl_seconds,
        path="/",
        httponly=True,
        secure=services.settings.cookie_secure,
        samesite="strict",
    )
    return answer


@router.post("/logout")
def logout(response: Response, services: ServicesDep) -> dict[str, bool]:
    """Removes the desk's cookie. Bearer tokens cannot be recalled; they expire (login_ttl_minutes)."""
    response.delete_cookie(
        COOKIE_NAME, path="/", httponly=True, secure=services.settings.cookie_secure, samesite="strict"
    )
    response.headers.update(NO_STORE)
    return {"signed_out": True}


@router.get("/me", responses={401: {"description": "not signed in, or the sign-in is no longer valid"}})
def me(advisor: AdvisorDep) -> dict[str, Any]:
    return advisor_json(advisor)
