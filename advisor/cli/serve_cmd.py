"""`advisor serve`: the web service on a catalogue, after making sure its index is built and current."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.common import CatalogueOption, fail, load_catalogue_or_fail


def serve(
    catalogue: CatalogueOption = None,
    db: Annotated[
        str | None, typer.Option("--db", help="database URL (default: $ADVISOR_DB_URL, else SQLite)")
    ] = None,
    host: Annotated[str | None, typer.Option("--host", help="address to listen on")] = None,
    port: Annotated[int | None, typer.Option("--port", min=1, max=65535, help="port to listen on")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="worker processes")] = 1,
) -> None:
    """Start the web service (page + API); builds or refreshes the index first when missing or stale."""
    import uvicorn

    from advisor.api.app import create_app
    from advisor.api.services import build_services
    from advisor.cli.progress import index_progress
    from advisor.config import Settings
    from advisor.retrieval.index import IndexProblem
    from advisor.store import StoreError

    overrides: dict[str, object] = {}
    if catalogue is not None:
        overrides["catalogue"] = catalogue
    if db is not None:
        overrides["db_url"] = db
    if host is not None:
        overrides["host"] = host
    if port is not None:
        overrides["port"] = port
    settings = Settings(**overrides)  # type: ignore[arg-type]
    loaded = load_catalogue_or_fail(Path(settings.catalogue))
    try:
        with index_progress("preparing the index") as (progress, on_total):
            services = build_services(settings, catalogue=loaded, progress=progress, on_total=on_total)
    except (IndexProblem, OSError) as problem:
        fail(f"index: {problem}")
    except StoreError as problem:
        fail(f"database {settings.db_url}: {problem}")
    typer.echo(
        f"advisor: {loaded.info.name} ({loaded.summary_line()}) on http://{settings.host}:{settings.port}",
        err=True,
    )
    if workers == 1:
        uvicorn.run(create_app(settings, services), host=settings.host, port=settings.port, log_level="info")
        return
    # Several workers: each loads the index built above; settings travel through the environment.
    services.store.dispose()
    os.environ.update(
        ADVISOR_CATALOGUE=str(settings.catalogue),
        ADVISOR_DB_URL=settings.db_url,
        ADVISOR_INDEX_DIR=str(settings.index_dir),
    )
    uvicorn.run(
        "advisor.api.asgi:app_from_env",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_level="info",
    )
