"""Admin-only operations: POST /api/admin/catalogue/reload."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from advisor.api.auth import AdminDep
from advisor.api.reload import ReloadBusy, reload_catalogue
from advisor.catalogue import CatalogueInvalid
from advisor.ops.metrics import ERRORS
from advisor.retrieval.index import IndexProblem

router = APIRouter(prefix="/api/admin", tags=["admin"])


class ReloadRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str | None = Field(
        default=None, max_length=1000, description="catalogue folder on the server (default: the configured)"
    )


@router.post(
    "/catalogue/reload",
    response_model=None,
    responses={
        401: {"description": "not signed in"},
        403: {"description": "not an admin"},
        409: {"description": "a reload is already running"},
        422: {"description": "the catalogue is invalid or its index could not be built; nothing changed"},
    },
)
def reload(
    request: Request, admin: AdminDep, body: ReloadRequest | None = None
) -> dict[str, Any] | JSONResponse:
    """Load, validate and swap in the catalogue; on any problem the running catalogue stays in place."""
    folder = Path(body.path).expanduser() if body and body.path else None
    if folder is not None and not folder.is_dir():
        ERRORS.labels("catalogue_reload").inc()
        return JSONResponse(
            status_code=422,
            content={"detail": [{"field": "path", "message": f"no catalogue folder at {folder}"}]},
        )
    try:
        old, new = reload_catalogue(request.app, folder)
    except ReloadBusy as busy:
        return JSONResponse(status_code=409, content={"detail": str(busy)})
    except CatalogueInvalid as invalid:
        ERRORS.labels("catalogue_reload").inc()
        return JSONResponse(
            status_code=422,
            content={
                "detail": f"the catalogue is invalid ({len(invalid.problems)} problems); "
                "the running catalogue is unchanged",
                "problems": [str(problem) for problem in invalid.problems],
            },
        )
    except (IndexProblem, OSError) as problem:
        ERRORS.labels("catalogue_reload").inc()
        return JSONResponse(
            status_code=422,
            content={"detail": f"could not prepare the index ({problem}); the running catalogue is kept"},
        )
    info = new.catalogue.info
    return {
        "reloaded": True,
        "by": admin.email,
        "catalogue": {"name": info.name, "version": info.version, "courses": len(new.catalogue.courses)},
        "previous_version": old.catalogue.info.version,
        "index": {"key": new.index.folder.name, "rebuilt": new.index.rebuilt},
    }
