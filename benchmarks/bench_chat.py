"""Chat turn latency and throughput, against baselines measured in the same run.

- server-side latency of one chat turn (conversation + grounding + saving to SQLite), p50/p95, next to
  one bare query embedding, and the same turns over HTTP from one client (target: HTTP turn p50 within
  1.5x of one embedding), with the number of texts sent to the model per turn (target: one encode call);
- turns per second with 16 concurrent clients over loopback HTTP against a uvicorn server in this process.

Run: .venv/bin/python benchmarks/bench_chat.py [--turns 60] [--clients 16] [--seconds 20]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
from _common import OPENERS, free_port, serve_in_thread, summarise, time_calls

from advisor.api.app import create_app
from advisor.api.services import build_services
from advisor.api.turns import chat_turn
from advisor.config import Settings

# Follow-ups without new facts: the latency figures in the README were measured with these.
FOLLOW_UPS = [
    "tell me more about the first one",
    "can I get help paying?",
    "how would these add up to a qualification?",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=48)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="advisor-bench-"))
    # Rate limits off: this measures how fast turns are served, not how fast they are refused.
    settings = Settings(
        db_url=f"sqlite:///{folder}/bench.db",
        index_dir=folder / "index",
        rate_limit_ip_per_minute=0,
        rate_limit_session_per_minute=0,
        log_json=False,
        log_level="WARNING",
    )
    started = time.perf_counter()
    services = build_services(settings)
    print(f"cold start (catalogue, model, index build, database): {time.perf_counter() - started:.1f} s")

    embedder = services.matcher.embedder
    texts = [f"{text} (variant {i})" for i in range(args.turns // len(OPENERS) + 1) for text in OPENERS]
    embed_ms = summarise(time_calls(lambda t: embedder.encode([t]), texts[: args.turns]))

    sessions: list[tuple[str, str]] = []

    def opener(text: str) -> None:
        answer = chat_turn(services, text, None, None, None)
        sessions.append((answer["session_id"], answer["session_token"]))

    vectors = services.matcher.query_vectors
    encoded_before = vectors.encoded
    first_ms = time_calls(opener, texts[: args.turns])
    follow_inputs = [(sid, token, FOLLOW_UPS[i % len(FOLLOW_UPS)]) for i, (sid, token) in enumerate(sessions)]
    follow_ms = time_calls(lambda item: chat_turn(services, item[2], item[0], item[1], None), follow_inputs)
    turn_ms = summarise(first_ms + follow_ms)
    per_turn = (vectors.encoded - encoded_before) / max(1, len(first_ms) + len(follow_ms))

    print(f"bare query embedding: p50 {embed_ms['p50']:.1f} ms, p95 {embed_ms['p95']:.1f} ms")
    print(
        f"chat turn (server side, saved): p50 {turn_ms['p50']:.1f} ms, p95 {turn_ms['p95']:.1f} ms "
        f"-> p50 ratio {turn_ms['p50'] / embed_ms['p50']:.2f}x of one embedding; "
        f"{per_turn:.2f} texts embedded per turn"
    )

    # Throughput: 16 clients, each running whole conversations, for a bounded time.
    app = create_app(settings, services)
    port = free_port()
    counts = [0] * args.clients
    errors = [0] * args.clients
    stop_at = 0.0

    def client(number: int) -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            turn = 0
            while time.perf_counter() < stop_at:
                reply = http.post("/api/chat", json={"message": OPENERS[(number + turn) % len(OPENERS)]})
                if reply.status_code != 200:
                    errors[number] += 1
                    continue
                counts[number] += 1
                body = reply.json()
                follow = http.post(
                    "/api/chat",
                    json={"message": FOLLOW_UPS[turn % len(FOLLOW_UPS)], "session_id": body["session_id"]},
                    headers={"Authorization": f"Bearer {body['session_token']}"},
                )
                counts[number] += follow.status_code == 200
                errors[number] += follow.status_code != 200
                turn += 1

    with serve_in_thread(app, port) as base:
        http_ms = _http_turns(base, [f"{t} (over http {i})" for i, t in enumerate(texts[: args.turns])])
        again = [f"{t}." for t in texts[: args.turns]]
        embed_again = summarise(time_calls(lambda t: embedder.encode([t]), again))
        print(
            f"chat turn over HTTP, one client: p50 {http_ms['p50']:.1f} ms, p95 {http_ms['p95']:.1f} ms -> "
            f"p50 ratio {http_ms['p50'] / embed_again['p50']:.2f}x of one embedding "
            f"({embed_again['p50']:.1f} ms, measured right after) (target <= 1.5x)"
        )
        stop_at = time.perf_counter() + args.seconds
        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
    total = sum(counts)
    print(
        f"{args.clients} concurrent clients over loopback: {total} turns in {elapsed:.1f} s = "
        f"{total / elapsed:.1f} turns/s, {sum(errors)} errors; "
        f"messages saved in the database: {services.store.count_messages()}"
    )
    services.store.dispose()


def _http_turns(base: str, openers: list[str]) -> dict[str, float]:
    """Opening turns and one follow-up each, sent one at a time over loopback HTTP."""
    timings: list[float] = []
    with httpx.Client(base_url=base, timeout=30) as http:
        for number, text in enumerate(openers):
            started = time.perf_counter()
            body = http.post("/api/chat", json={"message": text}).json()
            timings.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            http.post(
                "/api/chat",
                json={"message": FOLLOW_UPS[number % len(FOLLOW_UPS)], "session_id": body["session_id"]},
                headers={"Authorization": f"Bearer {body['session_token']}"},
            )
            timings.append((time.perf_counter() - started) * 1000)
    return summarise(timings)


if __name__ == "__main__":
    main()
