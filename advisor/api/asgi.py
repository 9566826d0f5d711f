"""Entry point for ASGI servers running several workers: `uvicorn --factory advisor.api.asgi:app_from_env`.

Each worker reads its settings from the environment (`ADVISOR_*`) and loads the catalogue, model and the
index that `advisor serve` (or `advisor index build`) already built for this catalogue version.
"""

from __future__ import annotations

from fastapi import FastAPI

from advisor.api.app import create_app
from advisor.config import Settings


def app_from_env() -> FastAPI:
    return create_app(Settings())
