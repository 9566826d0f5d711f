"""The saved index is used only when it matches the catalogue and model, and is whole."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from retrieval_catalogue import COURSES, GUIDES, catalogue

from advisor.retrieval.documents import build_documents, guide_chunks
from advisor.retrieval.embedder import HashingEmbedder
from advisor.retrieval.index import (
    INDEX_FILE,
    MANIFEST_FILE,
    IndexCorrupt,
    IndexMismatch,
    VectorIndex,
    ensure_index,
)


def test_build_then_load_round_trip(tmp_path: Path) -> None:
    first = ensure_index(catalogue(), HashingEmbedder(), tmp_path)
    assert first.rebuilt
    manifest = json.loads((first.folder / MANIFEST_FILE).read_text())
    assert manifest["count"] == len(build_documents(catalogue()))
    assert manifest["catalogue_hash"] == "test-hash-1" and manifest["dimension"] == 256
    assert manifest["doc_ids"][0].startswith("course:")
    second = ensure_index(catalogue(), HashingEmbedder(), tmp_path)
    assert not second.rebuilt
    assert second.index.faiss_index.ntotal == first.index.faiss_index.ntotal


def test_index_lives_under_the_catalogue_hash(tmp_path: Path) -> None:
    a = ensure_index(catalogue(content_hash="aaaa1111"), HashingEmbedder(), tmp_path)
    b = ensure_index(catalogue(content_hash="bbbb2222"), HashingEmbedder(), tmp_path)
    assert a.folder != b.folder and a.folder.name.startswith("aaaa1111")


def _saved(tmp_path: Path) -> Path:
    return ensure_index(catalogue(), HashingEmbedder(), tmp_path).folder


def test_truncated_index_file_is_reported_then_rebuilt(tmp_path: Path) -> None:
    folder = _saved(tmp_path)
    data = (folder / INDEX_FILE).read_bytes()
    (folder / INDEX_FILE).write_bytes(data[: len(data) // 2])
    documents = build_documents(catalogue())
    with pytest.raises(IndexCorrupt, match="damaged"):
        VectorIndex.load(folder, documents, HashingEmbedder(), "test-hash-1")
    again = ensure_index(catalogue(), HashingEmbedder(), tmp_path)
    assert again.rebuilt and "damaged" in again.reason
    VectorIndex.load(folder, documents, HashingEmbedder(), "test-hash-1")  # whole again


def test_missing_index_file_is_reported(tmp_path: Path) -> None:
    folder = _saved(tmp_path)
    (folder / INDEX_FILE).unlink()
    with pytest.raises(IndexCorrupt, match="missing"):
        VectorIndex.load(folder, build_documents(catalogue()), HashingEmbedder(), "test-hash-1")


def test_garbled_manifest_is_reported(tmp_path: Path) -> None:
    folder = _saved(tmp_path)
    (folder / MANIFEST_FILE).write_text("{not json")
    with pytest.raises(IndexCorrupt, match="unreadable"):
        VectorIndex.load(folder, build_documents(catalogue()), HashingEmbedder(), "test-hash-1")


def test_other_catalogue_hash_is_a_mismatch(tmp_path: Path) -> None:
    folder = _saved(tmp_path)
    with pytest.raises(IndexMismatch, match="different catalogue"):
        VectorIndex.load(folder, build_documents(catalogue()), HashingEmbedder(), "other-hash")


def test_other_model_or_dimension_is_a_mismatch(tmp_path: Path) -> None:
    folder = _saved(tmp_path)
    documents = build_documents(catalogue())
    with pytest.raises(IndexMismatch, match="built with"):
        VectorIndex.load(folder, documents, HashingEmbedder(128), "test-hash-1")
    with pytest.raises(IndexMismatch, match="built with"):
        VectorIndex.load(folder, documents, HashingEmbedder(name="another-model"), "test-hash-1")


def test_changed_documents_are_a_mismatch_and_rebuilt(tmp_path: Path) -> None:
    ensure_index(catalogue(content_hash="same"), HashingEmbedder(), tmp_path)
    fewer = catalogue(COURSES[:-1], content_hash="same")
    again = ensure_index(fewer, HashingEmbedder(), tmp_path)
    assert again.rebuilt and "documents differ" in again.reason


def test_hashing_embedder_is_deterministic_and_normalised() -> None:
    a = HashingEmbedder().encode(["electrician car chargers", "dementia care"])
    b = HashingEmbedder().encode(["electrician car chargers", "dementia care"])
    assert np.array_equal(a, b) and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0)


def test_guides_are_chunked_by_heading() -> None:
    chunks = guide_chunks(GUIDES[0])
    assert [c.heading for c in chunks] == ["Stacking credits", "From one award to the next"]
    assert all(len(c.text) < 1000 for c in chunks)
    assert chunks[1].text.startswith("Stacking credits towards a qualification: From one award")
