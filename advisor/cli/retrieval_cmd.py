from __future__ import annotations

from advisor.cli.common import not_yet


def build_index() -> None:
    """(Re)build the vector index for a catalogue, with a progress bar."""
    not_yet("index build", 4)


def match() -> None:
    """Ranked courses for a free-text profile."""
    not_yet("match", 4)


def evaluate() -> None:
    """Retrieval quality on a labelled set, beside BM25-only and dense-only baselines."""
    not_yet("eval", 4)
