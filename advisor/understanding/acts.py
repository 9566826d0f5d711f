"""Dialogue acts scored from example phrasings (`data/acts.yaml`) with the turn's one sentence embedding.

Each act's score is the mean cosine similarity of the message to its `k` nearest examples of that act.
Several acts may hold: every act within `margin` of the best one and above `floor` is kept. A message made
of several clauses ("I'm 50 and on jobseekers. is the excel one free?") is also scored clause by clause, in
the same encode call, so each part can bring its own act. Abuse, requests for a person and injection are
read by rule (`rules.py`); the classifier adds them only above `RULE_ACT_THRESHOLD`.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

from advisor.understanding.reading import ACTS, ActScore

DATA_FILE = Path(__file__).resolve().parent / "data" / "acts.yaml"
RULE_ACTS: frozenset[str] = frozenset({"abuse", "handoff", "injection"})
# Acts the rules decide; the classifier may add them too, but only when it is sure (a wrong hand-off or a
# refusal costs the person their answer).
RULE_ACT_THRESHOLD = 0.6
Encode = Callable[[Sequence[str]], npt.NDArray[np.float32]]

_CLAUSES = re.compile(r"(?<=^hi)[,!.]?\s+|(?<=^hey)[,!.]?\s+|(?<=^hiya)[,!.]?\s+|(?<=^hello)[,!.]?\s+|(?<=[.?!])\s+|\s*[;\n]\s*|,\s+(?=(?:and |but |so |also |plus )?(?:is|are|can|could|do|does|"
                      r"will|would|how|what|when|which|where|who|any|i|we|my|our|she|he|they)\b)|\s+(?:and|but|also|plus)\s+"
                      r"(?=(?:is|are|can|could|do|does|will|would|how|what|when|which|where|who|any)\b)", re.IGNORECASE)  # fmt: skip


@dataclass(frozen=True)
class ActSettings:
    # Inverse regularisation of the logistic regression, chosen by 5-fold cross-validation on the examples
    # alone (accuracy 0.860 at 30 against 0.858 at 10 and 0.852 at 100; the test utterances play no part).
    c: float = 30.0
    # An act holds when its probability reaches `threshold` (the best act of each clause always holds).
    threshold: float = 0.3
    # Below this best probability nothing is trusted: ask a short clarifying question instead.
    unsure: float = 0.25
    clauses: bool = True


def load_examples(path: Path = DATA_FILE) -> dict[str, list[str]]:
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    examples: dict[str, list[str]] = {}
    for act, entry in (data.get("acts") or {}).items():
        if act not in ACTS:
            raise ValueError(f"{path}: unknown act {act!r}")
        examples[act] = [str(e) for e in entry.get("examples", []) if str(e).strip()]
    return examples


def split_clauses(text: str) -> list[str]:
    parts = [p.strip(" ,") for p in _CLAUSES.split(text) if p and p.strip(" ,")]
    # A one-word clause counts only at the start ("hi, ..." / "thanks, ..."), where it is an act of its own.
    return [p for i, p in enumerate(parts) if len(p.split()) >= 2 or (i == 0 and len(parts) > 1)]


class ActModel:
    """Per-act logistic regressions over the sentence embedding and the message's words, fitted once on the
    example phrasings. Fitting takes well under a second; no model file is stored."""

    def __init__(
        self, examples: Mapping[str, Sequence[str]], vectors: npt.NDArray[np.float32], settings: ActSettings
    ) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.settings = settings
        texts: list[str] = []
        labels: list[str] = []
        rows: list[int] = []
        offset = 0
        for act, act_texts in examples.items():
            texts.extend(act_texts)
            labels.extend([act] * len(act_texts))
            rows.extend(range(offset, offset + len(act_texts)))
            offset += len(act_texts)
        self._words = TfidfVectorizer(ngram_range=(1, 1), sublinear_tf=True, lowercase=True)
        lexical = self._words.fit_transform(texts)
        self._classifier = LogisticRegression(C=settings.c, max_iter=3000)
        self._classifier.fit(self._features(np.asarray(vectors)[rows], lexical), labels)
        self.acts: list[str] = [str(a) for a in self._classifier.classes_]
        # Clauses are read from their words alone, so a message costs one embedding however many parts it has.
        self._clause_classifier = LogisticRegression(C=settings.c, max_iter=3000)
        self._clause_classifier.fit(lexical, labels)

    @staticmethod
    def _features(vectors: npt.NDArray[np.float32], lexical: Any) -> Any:
        from scipy.sparse import csr_matrix, hstack

        return hstack([csr_matrix(vectors), lexical]).tocsr()

    @classmethod
    def build(cls, encode: Encode, settings: ActSettings | None = None, path: Path = DATA_FILE) -> ActModel:
        examples = load_examples(path)
        texts = [t for act_texts in examples.values() for t in act_texts]
        return cls(examples, np.asarray(encode(texts), dtype=np.float32), settings or ActSettings())

    def probabilities(
        self, texts: Sequence[str], vectors: npt.NDArray[np.float32]
    ) -> npt.NDArray[np.float64]:
        features = self._features(np.asarray(vectors, dtype=np.float32), self._words.transform(list(texts)))
        return np.asarray(self._classifier.predict_proba(features))

    def read(
        self, texts: Sequence[str], vectors: npt.NDArray[np.float32]
    ) -> tuple[list[ActScore], dict[str, float], bool]:
        """Acts for a message (`texts[0]`, with its vector) and its clauses (`texts[1:]`, read from their words
        when no vectors are given for them): (acts, scores, confident)."""
        whole = self.probabilities(texts[: len(vectors)], vectors)
        rest = list(texts[len(vectors) :])
        probabilities = (
            np.vstack([whole, self._clause_classifier.predict_proba(self._words.transform(rest))])
            if rest
            else whole
        )
        scores = {act: float(probabilities[:, i].max()) for i, act in enumerate(self.acts)}
        chosen: dict[str, float] = {}
        for row in probabilities:
            best = int(np.argmax(row))
            for i, p in enumerate(row):
                act = self.acts[i]
                bar = RULE_ACT_THRESHOLD if act in RULE_ACTS else self.settings.threshold
                if (i == best and act not in RULE_ACTS) or p >= bar:
                    chosen[act] = max(chosen.get(act, 0.0), float(p))
        acts = [ActScore(a, round(p, 4)) for a, p in sorted(chosen.items(), key=lambda kv: -kv[1])]  # type: ignore[arg-type]
        confident = max(scores.values()) >= self.settings.unsure
        return acts, scores, confident


_MODELS: dict[str, ActModel] = {}
_LOCK = threading.Lock()


def shared_act_model(embedder_name: str, encode: Encode, settings: ActSettings | None = None) -> ActModel:
    """One ActModel per embedder and example file per process (examples are embedded once, at warm-up)."""
    digest = hashlib.sha1(DATA_FILE.read_bytes()).hexdigest()[:12]
    key = f"{embedder_name}:{digest}:{settings}"
    with _LOCK:
        model = _MODELS.get(key)
        if model is None:
            model = ActModel.build(encode, settings)
            _MODELS[key] = model
        return model
