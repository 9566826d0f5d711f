"""Per-request bookkeeping: a request id (the caller's X-Request-ID when it is a safe token), one access
log line, and the latency histogram by route template, so /api/courses/{course_id} is one series."""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from advisor.ops.logs import request_id_var
from advisor.ops.metrics import ERRORS, REQUEST_SECONDS

log = logging.getLogger("advisor.requests")

REQUEST_ID_HEADER = "x-request-id"
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
UNMATCHED_ROUTE = "unmatched"


def request_id_from(raw: str | None) -> str:
    """The caller's id when it is a plain token of 8-64 characters; otherwise a new random one."""
    if raw and _SAFE_REQUEST_ID.fullmatch(raw) and "@" not in raw:
        return raw
    return uuid.uuid4().hex


def route_template(scope: Scope) -> str:
    path = getattr(scope.get("route"), "path", None)
    if isinstance(path, str):
        return path
    # Plain Starlette routes (/openapi.json) set only "endpoint"; their paths are fixed, so safe as labels.
    return str(scope["path"]) if "endpoint" in scope else UNMATCHED_ROUTE


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw_id = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"x-request-id"), None)
        request_id = request_id_from(raw_id)
        reset = request_id_var.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            ERRORS.labels("unhandled_exception").inc()
            log.exception(
                "unhandled error", extra={"route": route_template(scope), "method": scope["method"]}
            )
            raise
        finally:
            elapsed = time.perf_counter() - started
            route = route_template(scope)
            REQUEST_SECONDS.labels(route, scope["method"], str(status)).observe(elapsed)
            if status >= 500:
                ERRORS.labels("server_error").inc()
            log.info(
                "%s %s %s",
                scope["method"],
                route,
                status,
                extra={
                    "route": route,
                    "method": scope["method"],
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 1),
                },
            )
            request_id_var.reset(reset)
