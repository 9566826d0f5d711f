"""Abuse limits as ASGI middleware: a request body size cap (413) and rate limits (429 + Retry-After).

Rate limits count chat turns (POST /api/chat, POST /v1/chat/completions) per client IP and per
conversation, and sign-in attempts per client IP. The per-conversation count is keyed by the session id
and a hash of the token sent with it, so someone who only knows a session id cannot use up its owner's turns.
The client IP is the connection's address; behind a reverse proxy, uvicorn's --proxy-headers /
--forwarded-allow-ips make that the real client (docs/operations.md).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import anyio.to_thread
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from advisor.config import Settings
from advisor.ops.metrics import RATE_LIMITED
from advisor.ops.ratelimit import RateLimiter, Verdict

CHAT_PATHS = frozenset({"/api/chat", "/v1/chat/completions"})
LOGIN_PATH = "/api/auth/login"


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"the request body is larger than the {limit}-byte limit")


class BodySizeLimitMiddleware:
    """Refuse bodies over `max_bytes`: at once from Content-Length, or as a streamed body passes it."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _too_large(self.max_bytes)(scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await _too_large(self.max_bytes)(scope, receive, send)


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse(status_code=413, content={"detail": BodyTooLarge(limit).detail})


def client_ip(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def _session_key(body: bytes, headers: Headers) -> str | None:
    """`session:<id>:<token hash>` for a turn on an existing conversation, else None."""
    try:
        data: Any = json.loads(body)
    except ValueError:
        return None
    session_id = data.get("session_id") if isinstance(data, dict) else None
    if not isinstance(session_id, str) or not session_id:
        return None
    token = headers.get("authorization", "")
    token_hash = hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()[:16]
    return f"session:{hashlib.sha256(session_id.encode('utf-8', 'replace')).hexdigest()[:32]}:{token_hash}"


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings, limiter: RateLimiter) -> None:
        self.app = app
        self.settings = settings
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path == LOGIN_PATH:
            refusal = await self._check(
                "login",
                f"login:{client_ip(scope)}",
                self.settings.rate_limit_login_per_minute,
                "too many sign-in attempts from your address",
            )
            await (refusal or self.app)(scope, receive, send)
            return
        if path not in CHAT_PATHS:
            await self.app(scope, receive, send)
            return
        refusal = await self._check(
            "ip",
            f"ip:{client_ip(scope)}",
            self.settings.rate_limit_ip_per_minute,
            "too many messages from your address",
        )
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        body, replay = await _read_body(receive)
        session_key = _session_key(body, Headers(scope=scope)) if path == "/api/chat" else None
        if session_key is not None:
            refusal = await self._check(
                "session",
                session_key,
                self.settings.rate_limit_session_per_minute,
                "too many messages in this conversation",
            )
            if refusal is not None:
                await refusal(scope, replay, send)
                return
        await self.app(scope, replay, send)

    async def _check(self, name: str, key: str, limit: int, reason: str) -> JSONResponse | None:
        if limit <= 0:
            return None
        verdict: Verdict = await anyio.to_thread.run_sync(self.limiter.check, key, limit)
        if verdict.allowed:
            return None
        RATE_LIMITED.labels(name).inc()
        wait = verdict.retry_after_seconds
        return JSONResponse(
            status_code=429,
            content={
                "detail": f"{reason}: the limit is {limit} a minute. Please try again in {wait} seconds.",
                "retry_after_seconds": wait,
            },
            headers={"Retry-After": str(wait)},
        )


async def _read_body(receive: Receive) -> tuple[bytes, Receive]:
    """The whole request body (already capped by BodySizeLimitMiddleware) and a `receive` that replays it."""
    chunks: list[bytes] = []
    messages: list[Message] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break

    async def replay() -> Message:
        if messages:
            return messages.pop(0)
        return await receive()

    return b"".join(chunks), replay
