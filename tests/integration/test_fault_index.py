"""Damaged or missing index files: the service rebuilds them at start-up, never uses them as they are, and
says in one line why it cannot when the index folder cannot be written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.api.services import Services, build_services
from advisor.catalogue import load_catalogue
from advisor.config import PROJECT_ROOT, Settings
from advisor.domain.catalogue import Catalogue
from advisor.retrieval.documents import build_documents
from advisor.retrieval.embedder import Embedder, SentenceTransformerEmbedder
from advisor.retrieval.index import (
    INDEX_FILE,
    MANIFEST_FILE,
    VectorIndex,
    catalogue_key,
    ensure_index,
    index_folder,
)
from advisor.retrieval.search import Matcher

ADVISOR = str(Path(sys.executable).parent / "advisor")  # the installed command, as people run it
EXAMPLE_CATALOGUE = PROJECT_ROOT / "docs" / "example-catalogue"
QUERY = "I'm a sparky, 15 yrs in, want to get into car chargers"


@pytest.fixture
def index_copy(
    bundled_catalogue: Catalogue, real_matcher: Matcher, shared_index_dir: Path, tmp_path: Path
) -> Path:
    """A private copy of the run's real index folder (built by `real_matcher`), to damage."""
    source = index_folder(
        shared_index_dir, catalogue_key(bundled_catalogue, build_documents(bundled_catalogue))
    )
    copied = tmp_path / "index" / source.name
    shutil.copytree(source, copied)
    return copied


def start_services(catalogue: Catalogue, index_dir: Path, tmp_path: Path, embedder: Embedder) -> Services:
    # The database plays no part here: a throwaway SQLite file whatever ADVISOR_TEST_DB_URL says.
    settings = Settings(index_dir=index_dir, db_url=f"sqlite:///{tmp_path / 'db' / 'advisor.db'}")
    return build_services(settings, embedder=embedder, catalogue=catalogue)


def assert_index_is_whole(folder: Path, catalogue: Catalogue, embedder: SentenceTransformerEmbedder) -> None:
    documents = build_documents(catalogue)
    VectorIndex.load(folder, documents, embedder, catalogue_key(catalogue, documents))  # raises if damaged


def cli_env(index_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "ADVISOR_INDEX_DIR": str(index_dir),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }


def test_truncated_index_file_is_rebuilt_at_start_up(
    bundled_catalogue: Catalogue,
    real_matcher: Matcher,
    real_embedder: SentenceTransformerEmbedder,
    index_copy: Path,
    tmp_path: Path,
) -> None:
    vectors = index_copy / INDEX_FILE
    whole_size = vectors.stat().st_size
    with vectors.open("r+b") as handle:
        handle.truncate(whole_size // 2)

    services = start_services(bundled_catalogue, index_copy.parent, tmp_path, real_embedder)
    try:
        assert services.index.rebuilt
        assert "damaged" in services.index.reason
        assert vectors.stat().st_size == whole_size
        assert_index_is_whole(index_copy, bundled_catalogue, real_embedder)
        rebuilt_top = services.matcher.match(QUERY, k=3).matches[0].course.id
        assert rebuilt_top == real_matcher.match(QUERY, k=3).matches[0].course.id
    finally:
        services.store.dispose()


def test_missing_manifest_means_the_index_is_rebuilt_not_trusted(
    real_embedder: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    # The small example catalogue: what matters is the missing manifest, not the size of the rebuild.
    catalogue = load_catalogue(EXAMPLE_CATALOGUE)
    first = ensure_index(catalogue, real_embedder, tmp_path / "index")
    (first.folder / MANIFEST_FILE).unlink()
    settings = Settings(
        catalogue=EXAMPLE_CATALOGUE, index_dir=tmp_path / "index", db_url=f"sqlite:///{tmp_path / 'a.db'}"
    )
    services = build_services(settings, embedder=real_embedder, catalogue=catalogue)
    try:
        assert services.index.rebuilt and "no index manifest" in services.index.reason
        assert_index_is_whole(first.folder, catalogue, real_embedder)
    finally:
        services.store.dispose()


def test_index_build_command_replaces_a_corrupt_index(
    real_embedder: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    catalogue = load_catalogue(EXAMPLE_CATALOGUE)
    folder = ensure_index(catalogue, real_embedder, tmp_path / "index").folder
    (folder / INDEX_FILE).write_bytes(b"not a faiss index")
    done = subprocess.run(
        [ADVISOR, "index", "build", "--catalogue", str(EXAMPLE_CATALOGUE)],
        env=cli_env(tmp_path / "index"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert f"in {folder}" in done.stdout
    assert_index_is_whole(folder, catalogue, real_embedder)


def test_serve_with_a_damaged_index_it_cannot_rewrite_stops_with_one_line(
    index_copy: Path, tmp_path: Path
) -> None:
    # A folder that cannot be written even by root: its parent is a regular file.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    done = subprocess.run(
        [ADVISOR, "serve", "--port", "9", "--db", f"sqlite:///{tmp_path / 'a.db'}"],
        env=cli_env(blocker / "index"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("advisor: index: the index must be rebuilt")
    assert "not writable" in lines[0] and "Traceback" not in done.stderr
