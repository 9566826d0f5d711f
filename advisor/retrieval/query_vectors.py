"""Query vectors, one encode per distinct text: the turn's reader and retrieval share this cache, so a
message embedded to read it is not embedded again to search with it."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from advisor.retrieval.embedder import Embedder, Vectors


class QueryVectors:
    def __init__(self, embedder: Embedder, size: int = 1024) -> None:
        self.embedder = embedder
        self._size = size
        self._vectors: OrderedDict[str, Vectors] = OrderedDict()
        self._lock = threading.Lock()
        self.encoded = 0  # texts sent to the model, so tests and benchmarks can count embeddings

    @property
    def name(self) -> str:
        return self.embedder.name

    def vectors(self, texts: Sequence[str]) -> Vectors:
        """One row per text; only texts not seen recently are encoded, all in one call."""
        with self._lock:
            found = {t: self._vectors[t] for t in texts if t in self._vectors}
            for text in found:
                self._vectors.move_to_end(text)
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            encoded = self.embedder.encode(missing)
            with self._lock:
                self.encoded += len(missing)
                for text, vector in zip(missing, encoded, strict=True):
                    self._vectors[text] = vector
                    found[text] = vector
                while len(self._vectors) > self._size:
                    self._vectors.popitem(last=False)
        if not texts:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        return np.vstack([found[t] for t in texts]).astype(np.float32, copy=False)

    def vector(self, text: str) -> Vectors:
        return self.vectors([text])[0]

    def peek(self, text: str) -> Vectors | None:
        """The vector of `text` if it is known, without encoding it."""
        with self._lock:
            return self._vectors.get(text)

    def put(self, text: str, vector: Vectors) -> None:
        """Remember a vector made without the model (a conversation's running query, from its parts)."""
        with self._lock:
            self._vectors[text] = np.asarray(vector, dtype=np.float32)
            self._vectors.move_to_end(text)
            while len(self._vectors) > self._size:
                self._vectors.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._vectors.clear()
