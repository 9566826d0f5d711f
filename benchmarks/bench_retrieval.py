"""Retrieval performance against in-run baselines (issue 4).

Prints, measured in the same process on the same machine:
- match latency p50/p95 beside the latency of one bare query embedding (target: p50 within 1.5x);
- index build throughput beside bare `encode` throughput on the same texts (target: at least 0.8x);
- cold start (model load + index load or build) to the first answer.

Run: .venv/bin/python benchmarks/bench_retrieval.py [--catalogue PATH]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from advisor.config import BUNDLED_CATALOGUE, PROJECT_ROOT


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--catalogue", type=Path, default=BUNDLED_CATALOGUE)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    cold_started = time.perf_counter()
    from advisor.catalogue import load_catalogue
    from advisor.retrieval.documents import build_documents
    from advisor.retrieval.embedder import SentenceTransformerEmbedder
    from advisor.retrieval.index import VectorIndex, catalogue_key
    from advisor.retrieval.search import Matcher

    catalogue = load_catalogue(args.catalogue)
    embedder = SentenceTransformerEmbedder()
    with tempfile.TemporaryDirectory() as index_dir:
        matcher, ensured = Matcher.load(catalogue, embedder, Path(index_dir))
        matcher.match("sparky 15 yrs want to do car chargers", k=5)
        cold_with_build = time.perf_counter() - cold_started

        # Cold start again with a saved index (what `advisor serve` does on a normal restart).
        started = time.perf_counter()
        fresh_embedder = SentenceTransformerEmbedder()
        warm_matcher, _ = Matcher.load(catalogue, fresh_embedder, Path(index_dir))
        warm_matcher.match("sparky 15 yrs want to do car chargers", k=5)
        cold_with_saved_index = time.perf_counter() - started

    messages = [
        json.loads(line)["message"]
        for line in (PROJECT_ROOT / "tests" / "data" / "eval_cases.jsonl").read_text().splitlines()
        if line.strip()
    ]
    # Bare query embedding and full match over the same messages, interleaved so load changes hit both.
    bare_ms: list[float] = []
    match_ms: list[float] = []
    for _ in range(args.rounds):
        for message in messages:
            started = time.perf_counter()
            embedder.encode([message])
            bare_ms.append((time.perf_counter() - started) * 1000)
            matcher.clear_cache()  # every match pays for its own query embedding
            started = time.perf_counter()
            matcher.match(message, k=5)
            match_ms.append((time.perf_counter() - started) * 1000)

    documents = build_documents(catalogue)
    texts = [d.text for d in documents]
    encode_rates: list[float] = []
    build_rates: list[float] = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        embedder.encode(texts)
        encode_rates.append(len(texts) / (time.perf_counter() - started))
        started = time.perf_counter()
        VectorIndex.build(documents, embedder, catalogue_key(catalogue, documents), progress=lambda n: None)
        build_rates.append(len(texts) / (time.perf_counter() - started))

    p50, p95 = statistics.median(match_ms), percentile(match_ms, 0.95)
    bare_p50, bare_p95 = statistics.median(bare_ms), percentile(bare_ms, 0.95)
    encode_rate, build_rate = statistics.median(encode_rates), statistics.median(build_rates)
    print(
        f"catalogue: {catalogue.summary_line()}; {len(documents)} vectors; {len(messages)} queries x {args.rounds}"
    )
    print(f"match latency      p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")
    print(f"bare query encode  p50 {bare_p50:7.2f} ms   p95 {bare_p95:7.2f} ms")
    print(f"ratio p50 match/encode: {p50 / bare_p50:.2f}x (target <= 1.5x)")
    print(f"index build   {build_rate:8.1f} texts/s")
    print(f"bare encode   {encode_rate:8.1f} texts/s")
    print(f"ratio build/encode: {build_rate / encode_rate:.2f}x (target >= 0.8x)")
    print(
        f"cold start to first answer: {cold_with_build:.2f} s building the index, "
        f"{cold_with_saved_index:.2f} s with a saved index (rebuilt first time: {ensured.rebuilt})"
    )


if __name__ == "__main__":
    main()
