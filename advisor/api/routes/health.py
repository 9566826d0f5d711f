"""Liveness and readiness for load balancers and orchestrators."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from advisor.api.deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


_NOT_READY = {
    503: {
        "description": "not ready (the database is unavailable): keep this instance out of the pool",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["status", "checks"],
                    "properties": {"status": {"type": "string"}, "checks": {"type": "object"}},
                }
            }
        },
    }
}


@router.get("/readyz", response_model=None, responses=_NOT_READY)  # type: ignore[arg-type]
def readyz(services: ServicesDep) -> dict[str, Any] | JSONResponse:
    checks = {
        "catalogue": f"{services.catalogue.info.name} {services.catalogue.info.version}",
        "index": services.index.folder.name,
        "database": "ok" if services.store.ping() else "unavailable",
    }
    if checks["database"] != "ok":
        return JSONResponse(status_code=503, content={"status": "not ready", "checks": checks})
    return {"status": "ready", "checks": checks}
