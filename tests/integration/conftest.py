"""Shared, session-scoped real components: the bundled catalogue, the real embedding model, one FAISS
index built once per test run, and a full set of services over a real database: a SQLite file, or a
fresh schema on the PostgreSQL server named by ADVISOR_TEST_DB_URL.

Integration tests should take these fixtures rather than building their own, so the model loads and the
index builds once per run.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from db_targets import fresh_database
from fastapi.testclient import TestClient

from advisor.api.app import create_app
from advisor.api.services import Services, build_services
from advisor.catalogue import load_catalogue
from advisor.config import BUNDLED_CATALOGUE, Settings
from advisor.domain.catalogue import Catalogue
from advisor.retrieval.embedder import SentenceTransformerEmbedder
from advisor.retrieval.search import Matcher

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration" in str(item.path):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def bundled_catalogue() -> Catalogue:
    return load_catalogue(BUNDLED_CATALOGUE)


@pytest.fixture(scope="session")
def real_embedder() -> SentenceTransformerEmbedder:
    embedder = SentenceTransformerEmbedder()
    embedder.warm_up()
    return embedder


@pytest.fixture(scope="session")
def shared_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # CI points every pytest run at one folder, so the index is built once per CI run, not per run.
    reused = os.environ.get("ADVISOR_TEST_INDEX_DIR", "").strip()
    return Path(reused) if reused else tmp_path_factory.mktemp("index")


@pytest.fixture(scope="session")
def real_matcher(
    bundled_catalogue: Catalogue, real_embedder: SentenceTransformerEmbedder, shared_index_dir: Path
) -> Matcher:
    matcher, _ = Matcher.load(bundled_catalogue, real_embedder, shared_index_dir)
    return matcher


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory, shared_index_dir: Path) -> Iterator[Settings]:
    """SQLite file by default; a fresh schema on PostgreSQL when ADVISOR_TEST_DB_URL names a server."""
    with fresh_database(tmp_path_factory.mktemp("db"), "advisor_it") as db_url:
        yield Settings(db_url=db_url, index_dir=shared_index_dir)


@pytest.fixture(scope="session")
def real_services(
    real_settings: Settings, bundled_catalogue: Catalogue, real_embedder: SentenceTransformerEmbedder
) -> Iterator[Services]:
    services = build_services(real_settings, embedder=real_embedder, catalogue=bundled_catalogue)
    yield services
    services.store.dispose()


@pytest.fixture(scope="module")
def unlimited_client(real_services: Services) -> Iterator[TestClient]:
    """The app over the real services with rate limits off (they have their own tests; here they would only
    make the count of turns matter)."""
    settings = real_services.settings.model_copy(
        update={"rate_limit_ip_per_minute": 0, "rate_limit_session_per_minute": 0}
    )
    services = dataclasses.replace(real_services, settings=settings)
    with TestClient(create_app(settings, services)) as test_client:
        yield test_client
