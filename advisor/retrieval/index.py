"""The vector index: exact inner-product FAISS search over unit vectors, plus a manifest saved beside it.

A saved index is only ever used when its manifest matches what we would build now (same catalogue hash,
same documents, same model and dimension) and its files are whole. Otherwise loading raises
`IndexMismatch` or `IndexCorrupt` with a one-line reason, and `ensure_index` rebuilds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from advisor.domain.catalogue import Catalogue
from advisor.retrieval.documents import IndexDocument, build_documents, documents_digest
from advisor.retrieval.embedder import Embedder, Vectors

FORMAT_VERSION = 1
INDEX_FILE = "vectors.faiss"
MANIFEST_FILE = "manifest.json"


class IndexProblem(Exception):
    """A saved index that must not be used; str() is one line saying why."""


class IndexMismatch(IndexProblem):
    """The saved index was built for another catalogue, other documents or another model."""


class IndexCorrupt(IndexProblem):
    """The saved index files are missing, truncated or unreadable."""


class IndexUnwritable(IndexProblem):
    """The index must be (re)built but its folder cannot be written (read-only storage, bad path)."""


@dataclass(frozen=True)
class Manifest:
    format_version: int
    model: str
    dimension: int
    count: int
    catalogue_hash: str
    documents_digest: str
    built_at: str
    index_sha256: str
    index_bytes: int
    doc_ids: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["doc_ids"] = list(self.doc_ids)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        return cls(**{**data, "doc_ids": tuple(data["doc_ids"])})


def catalogue_key(catalogue: Catalogue, documents: list[IndexDocument]) -> str:
    """The catalogue's content hash, or (for catalogues built in code) a digest of what gets embedded."""
    return catalogue.content_hash or documents_digest(documents)


def index_folder(index_dir: Path, key: str) -> Path:
    return Path(index_dir) / key[:16]


class VectorIndex:
    """Documents, their vectors in FAISS, and the manifest that says what they were built from."""

    def __init__(self, documents: list[IndexDocument], faiss_index: Any, manifest: Manifest) -> None:
        self.documents = documents
        self.faiss_index = faiss_index
        self.manifest = manifest
        self.positions = {doc.doc_id: i for i, doc in enumerate(documents)}

    @classmethod
    def build(
        cls,
        documents: list[IndexDocument],
        embedder: Embedder,
        catalogue_hash: str,
        progress: Callable[[int], None] | None = None,
    ) -> VectorIndex:
        vectors = embedder.encode([d.text for d in documents], progress=progress)
        return cls.from_vectors(documents, vectors, embedder, catalogue_hash)

    @classmethod
    def from_vectors(
        cls, documents: list[IndexDocument], vectors: Vectors, embedder: Embedder, catalogue_hash: str
    ) -> VectorIndex:
        dimension = embedder.dimension
        faiss_index = faiss.IndexFlatIP(dimension)
        if len(documents):
            faiss_index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            model=embedder.name,
            dimension=dimension,
            count=len(documents),
            catalogue_hash=catalogue_hash,
            documents_digest=documents_digest(documents),
            built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            index_sha256="",
            index_bytes=0,
            doc_ids=tuple(d.doc_id for d in documents),
        )
        return cls(documents, faiss_index, manifest)

    def search(self, query: Vectors, k: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(scores, positions) of the nearest documents to one query vector, best first. Exact search."""
        total = self.faiss_index.ntotal
        if total == 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        k = total if k is None else min(k, total)
        scores, positions = self.faiss_index.search(np.ascontiguousarray(query.reshape(1, -1)), k)
        return scores[0], positions[0]

    def save(self, folder: Path) -> Path:
        """Write the index and its manifest atomically (index first, manifest last: a manifest means done)."""
        folder.mkdir(parents=True, exist_ok=True)
        data = faiss.serialize_index(self.faiss_index).tobytes()
        _atomic_write(folder / INDEX_FILE, data)
        self.manifest = Manifest.from_json(
            {
                **self.manifest.to_json(),
                "index_sha256": hashlib.sha256(data).hexdigest(),
                "index_bytes": len(data),
            }
        )
        _atomic_write(folder / MANIFEST_FILE, json.dumps(self.manifest.to_json(), indent=1).encode())
        return folder

    @classmethod
    def load(
        cls, folder: Path, documents: list[IndexDocument], embedder: Embedder, catalogue_hash: str
    ) -> VectorIndex:
        """The saved index in `folder`, checked against what we would build now; raises IndexProblem."""
        manifest_path, index_path = folder / MANIFEST_FILE, folder / INDEX_FILE
        if not manifest_path.is_file():
            raise IndexCorrupt(f"no index manifest at {manifest_path}")
        try:
            manifest = Manifest.from_json(json.loads(manifest_path.read_text(encoding="utf-8")))
        except (ValueError, TypeError, KeyError) as exc:
            raise IndexCorrupt(f"index manifest {manifest_path} is unreadable ({exc})") from exc
        if manifest.format_version != FORMAT_VERSION:
            raise IndexMismatch(f"index format {manifest.format_version} is not {FORMAT_VERSION}")
        if manifest.catalogue_hash != catalogue_hash:
            raise IndexMismatch("index was built for a different catalogue (content hash differs)")
        if manifest.model != embedder.name or manifest.dimension != embedder.dimension:
            raise IndexMismatch(
                f"index was built with {manifest.model} ({manifest.dimension}d), "
                f"not {embedder.name} ({embedder.dimension}d)"
            )
        if manifest.documents_digest != documents_digest(documents) or manifest.doc_ids != tuple(
            d.doc_id for d in documents
        ):
            raise IndexMismatch("index documents differ from the catalogue's (rebuild needed)")
        if not index_path.is_file():
            raise IndexCorrupt(f"index file {index_path} is missing")
        data = index_path.read_bytes()
        if len(data) != manifest.index_bytes or hashlib.sha256(data).hexdigest() != manifest.index_sha256:
            raise IndexCorrupt(
                f"index file {index_path} is damaged "
                f"({len(data)} bytes, manifest says {manifest.index_bytes})"
            )
        try:
            faiss_index = faiss.deserialize_index(np.frombuffer(data, dtype=np.uint8))
        except RuntimeError as exc:
            raise IndexCorrupt(f"index file {index_path} cannot be read by FAISS") from exc
        if faiss_index.ntotal != manifest.count or faiss_index.d != manifest.dimension:
            raise IndexCorrupt(
                f"index file {index_path} holds {faiss_index.ntotal} vectors, expected {manifest.count}"
            )
        return cls(documents, faiss_index, manifest)


def _atomic_write(path: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class EnsuredIndex:
    index: VectorIndex
    folder: Path
    rebuilt: bool
    reason: str  # why it was rebuilt ("" when a saved index was loaded)


def ensure_index(
    catalogue: Catalogue,
    embedder: Embedder,
    index_dir: Path,
    *,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    force: bool = False,
) -> EnsuredIndex:
    """Load the saved index for this catalogue, or (re)build and save it when missing, stale or damaged."""
    documents = build_documents(catalogue)
    key = catalogue_key(catalogue, documents)
    folder = index_folder(index_dir, key)
    reason = "rebuild requested"
    if not force:
        try:
            return EnsuredIndex(VectorIndex.load(folder, documents, embedder, key), folder, False, "")
        except IndexProblem as problem:
            reason = str(problem)
    # Fail in a second, not after minutes of embedding, when the result could not be saved anyway.
    _check_writable(folder, reason)
    if on_total is not None:
        on_total(len(documents))
    index = VectorIndex.build(documents, embedder, key, progress=progress)
    index.save(folder)
    return EnsuredIndex(index, folder, True, reason)


def _check_writable(folder: Path, reason: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise IndexUnwritable(
            f"the index must be rebuilt ({reason}) but {folder} is not writable "
            f"({exc.strerror or type(exc).__name__}); run `advisor index build` where it can be written"
        ) from exc
