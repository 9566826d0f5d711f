"""Error responses: bad input is a 4xx naming the field, an unavailable database is a 503, never a 500."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

log = logging.getLogger("advisor.api")


class NotFound(Exception):
    def __init__(self, kind: str, ident: str) -> None:
        super().__init__(f"no {kind} with id '{ident}'")
        self.kind = kind
        self.ident = ident


class BadRequest(Exception):
    """Input that parsed but makes no sense (an unknown course id, a fact out of range)."""

    def __init__(self, field: str, message: str, status_code: int = 422) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.status_code = status_code


class Unauthorised(Exception):
    """Missing (401) or wrong (403) credentials for a conversation."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code


class ServiceUnavailable(Exception):
    def __init__(self, message: str, retry_after_seconds: int = 5) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    # FastAPI prefixes "body"/"query"/"path"; people want the field itself, dotted.
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _validation_detail(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {
            "field": _field_name(err.get("loc", ())),
            "message": err.get("msg", "invalid"),
            "type": err.get("type"),
        }
        for err in exc.errors()
    ]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def on_validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        detail = _validation_detail(exc)
        return JSONResponse(status_code=422, content={"detail": detail})

    @app.exception_handler(Unauthorised)
    async def on_unauthorised(_: Request, exc: Unauthorised) -> JSONResponse:
        return JSONResponse(status_code=exc.status_code, content={"detail": str(exc)})

    @app.exception_handler(NotFound)
    async def on_not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(exc)})

    @app.exception_handler(BadRequest)
    async def on_bad_request(_: Request, exc: BadRequest) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status_code,
            content={"detail": [{"field": exc.field, "message": exc.message}]},
        )

    @app.exception_handler(ServiceUnavailable)
    async def on_unavailable(_: Request, exc: ServiceUnavailable) -> JSONResponse:
        log.warning("service unavailable: %s", exc)
        return JSONResponse(
            status_code=503,
            content={"detail": str(exc)},
            headers={"Retry-After": str(exc.retry_after_seconds)},
        )


# What /openapi.json says about failures, so clients (and schemathesis in CI) see the answers we really give.
_ERROR_REF = {"$ref": "#/components/schemas/ErrorResponse"}
_ERROR_SCHEMA: dict[str, Any] = {
    "title": "ErrorResponse",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "description": "what went wrong: a sentence, or one entry per field at fault",
            "anyOf": [
                {"type": "string"},
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["field", "message"],
                        "properties": {
                            "field": {"type": "string"},
                            "message": {"type": "string"},
                            "type": {"type": ["string", "null"]},
                        },
                    },
                },
            ],
        }
    },
}
# Answers any /api or /v1 operation may give besides its own; 413 and 409 only where a body is sent.
_COMMON_ERRORS = {
    "401": "credentials (a session token, API key or sign-in) are missing",
    "403": "the credentials do not open this resource",
    "404": "no such session, course, award or scheme",
    "429": "too many requests: wait for the number of seconds in Retry-After",
    "503": "the conversation database is unavailable: try again after Retry-After seconds",
}
_BODY_ERRORS = {
    "409": "the change clashed with another one (for example the session was erased meanwhile)",
    "413": "the request body is too large",
}


def document_error_responses(app: FastAPI) -> None:
    """Describe the app's own error shape (`{"detail": ...}`) and statuses in the OpenAPI schema."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            _describe_errors(generate())
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]


def _describe_errors(schema: dict[str, Any]) -> None:
    schema.setdefault("components", {}).setdefault("schemas", {})["ErrorResponse"] = _ERROR_SCHEMA
    for path, item in schema.get("paths", {}).items():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            if "422" in responses:  # our handler names the field: not FastAPI's default shape
                responses["422"] = _error_response("the input is invalid: each entry names a field")
            if not path.startswith(("/api/", "/v1/")):
                continue
            extra = {**_COMMON_ERRORS, **(_BODY_ERRORS if "requestBody" in operation else {})}
            for status, description in extra.items():
                responses.setdefault(status, _error_response(description))


def _error_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ERROR_REF}}}
