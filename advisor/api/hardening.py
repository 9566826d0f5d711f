"""Everything issue 7 adds to the web service, installed by one call from create_app:

sign-in and admin routes, the privacy notice, /metrics, security headers, CORS for the API, body-size and
rate limits, the desk-page guard, request ids with JSON logs, and start-up tasks (logging, an optional
retention purge, a warning when no secret key is set).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import APIRouter, FastAPI
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from advisor.access import signing_key
from advisor.api.desk_guard import DeskGuardMiddleware
from advisor.api.headers import API_DOCS_PATHS, ApiCorsMiddleware, SecurityHeadersMiddleware
from advisor.api.limits import BodySizeLimitMiddleware, RateLimitMiddleware
from advisor.api.reload import publish_catalogue
from advisor.api.requests import RequestContextMiddleware
from advisor.api.routes import admin, auth, metrics, privacy
from advisor.api.services import Services
from advisor.config import Settings
from advisor.ops.logs import configure_logging
from advisor.ops.ratelimit import limiter_for
from advisor.store import StoreError

log = logging.getLogger("advisor")


def install_hardening(app: FastAPI, settings: Settings) -> None:
    app.include_router(_startup_router(settings))
    for module in (auth, admin, privacy, metrics):
        app.include_router(module.router)
    # Added innermost first: the request context (ids, logs, metrics) wraps everything, so it also sees
    # the 413 and 429 answers, and those answers carry the security and CORS headers.
    app.add_middleware(DeskGuardMiddleware)
    limiter = limiter_for(settings.redis_url, f"{settings.redis_key_prefix}rl:")
    app.add_middleware(RateLimitMiddleware, settings=settings, limiter=limiter)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(ApiCorsMiddleware, settings=settings)
    if not settings.api_docs:
        app.add_middleware(HideApiDocsMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, settings=settings)
    app.add_middleware(RequestContextMiddleware)


def _startup_router(settings: Settings) -> APIRouter:
    @asynccontextmanager
    async def on_start(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(json_lines=settings.log_json, level=settings.log_level)
        signing_key(settings)  # warns now, not at the first sign-in, when no secret key is set
        services: Services | None = getattr(app.state, "services", None)
        if services is not None:
            publish_catalogue(services)
            if settings.purge_on_startup:
                await anyio.to_thread.run_sync(purge_on_start, services)
        yield

    return APIRouter(lifespan=on_start)


def purge_on_start(services: Services) -> None:
    days = services.settings.retention_days
    try:
        erased = services.store.purge_older_than(days)
    except StoreError as problem:
        log.warning("start-up purge skipped: %s", problem)
        return
    log.info("start-up purge: erased %d conversations idle for more than %s days", erased, days)


class HideApiDocsMiddleware:
    """/docs and /redoc load scripts from a CDN, so they answer 404 unless api_docs is switched on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(API_DOCS_PATHS):
            await JSONResponse(status_code=404, content={"detail": "Not Found"})(scope, receive, send)
            return
        await self.app(scope, receive, send)
