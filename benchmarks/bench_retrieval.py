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
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


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
    expand_query = matcher.vocabulary.expand

    bare_ms: list[float] = []
    expanded_ms: list[float] = []
    match_ms: list[float] = []
    for _ in range(args.rounds):
        for message in messages:
            started = time.perf_counter()
            embedder.encode([message])
            bare_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            embedder.encode([expand_query(message)])
            expanded_ms.append((time.perf_counter() - started) * 1000)
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
    print(f"catalogue: {catalogue.summary_line()}; {len(documents)} vectors")
    print(f"queries: {len(messages)} x {args.rounds} rounds")
    print(f"match latency      p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")
    print(f"bare query encode  p50 {bare_p50:7.2f} ms   p95 {bare_p95:7.2f} ms")
    print(f"ratio p50 match/encode: {p50 / bare_p50:.2f}x (target <= 1.5x)")
    expanded_p50 = statistics.median(expanded_ms)
    print(
        f"encode of the expanded query text (what match embeds) p50 {expanded_p50:7.2f} ms; "
        f"match/that {p50 / expanded_p50:.2f}x"
    )
    print(f"index build   {build_rate:8.1f} texts/s")
    print(f"bare encode   {encode_rate:8.1f} texts/s")
    print(f"ratio build/encode: {build_rate / encode_rate:.2f}x (target >= 0.8x)")
    print(
        f"in-process: first answer {cold_with_build:.2f} s incl. imports and index build; "
        f"{cold_with_saved_index:.2f} s for a second model + saved-index load (rebuilt: {ensured.rebuilt})"
    )
    print(
        f"cold start in a new process, saved index: {cold_process(args.catalogue):.2f} s to the first answer"
    )


def cold_process(catalogue: Path) -> float:
    """A fresh interpreter: imports, model load, saved index load (built by the first run) and one match."""
    import subprocess
    import sys

    script = (
        "import time; t = time.perf_counter()\n"
        "from pathlib import Path\n"
        "from advisor.catalogue import load_catalogue\n"
        "from advisor.config import get_settings\n"
        "from advisor.retrieval.embedder import SentenceTransformerEmbedder\n"
        "from advisor.retrieval.search import Matcher\n"
        f"catalogue = load_catalogue(Path({str(catalogue)!r}))\n"
        "m, _ = Matcher.load(catalogue, SentenceTransformerEmbedder(), get_settings().index_dir)\n"
        "m.match('sparky 15 yrs want to do car chargers')\n"
        "print(time.perf_counter() - t)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
