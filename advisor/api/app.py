"""The app factory: wiring only. Heavy things are built once in the lifespan (or passed in by tests)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from advisor.api.errors import document_error_responses, install_error_handlers
from advisor.api.hardening import install_hardening
from advisor.api.routes import catalogue, chat, funding, health, match, openai_compat, plan, sessions, web
from advisor.api.services import Services, build_services
from advisor.config import Settings
from advisor.store import InvalidRecord, SessionNotFound, StoreConflict, StoreUnavailable


def create_app(settings: Settings, services: Services | None = None) -> FastAPI:
    """The web service. Pass `services` to share one loaded model and index between apps (tests)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = services is None
        app.state.services = services or build_services(settings)
        try:
            yield
        finally:
            if owned:
                app.state.services.store.dispose()

    app = FastAPI(
        title="advisor",
        version="0.1.0",
        summary="Careers advice on micro-credentials: matching, stacking routes and funding checks.",
        lifespan=lifespan,
    )
    if services is not None:
        app.state.services = services
    install_error_handlers(app)
    _install_store_errors(app)
    document_error_responses(app)
    install_hardening(app, settings)
    for module in (health, catalogue, match, plan, funding, chat, sessions, openai_compat, web):
        app.include_router(module.router)
    return app


def _install_store_errors(app: FastAPI) -> None:
    @app.exception_handler(StoreUnavailable)
    async def on_store_down(_: Request, exc: StoreUnavailable) -> JSONResponse:
        return JSONResponse(
            status_code=503,
            content={
                "detail": "The conversation database is not available right now. Please try again shortly."
            },
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(InvalidRecord)
    async def on_invalid_record(_: Request, exc: InvalidRecord) -> JSONResponse:
        return JSONResponse(
            status_code=422, content={"detail": [{"field": exc.field, "message": exc.message}]}
        )

    @app.exception_handler(SessionNotFound)
    async def on_missing_session(_: Request, exc: SessionNotFound) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(exc)})

    @app.exception_handler(StoreConflict)
    async def on_conflict(_: Request, exc: StoreConflict) -> JSONResponse:
        return JSONResponse(status_code=409, content={"detail": str(exc)})
