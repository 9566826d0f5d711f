"""Helpers shared by the benchmark scripts: timing summaries and a loopback server in a thread."""

from __future__ import annotations

import socket
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# What people say in the benchmark conversations: an opening message, then follow-ups in the same session.
OPENERS = [
    "I'm a sparky with 15 years in, want to get into car chargers",
    "care worker, 6 yrs, want to be a manager one day",
    "office admin looking to learn power bi, online only",
    "plumber thinking about heat pumps",
    "I want to get into cyber security, no experience",
    "we employ 40 people on building sites and need retrofit skills",
    "teaching assistant wanting to support SEN kids better",
    "warehouse worker wanting to drive forklifts",
]
FOLLOW_UPS = [
    "tell me more about the first one",
    "can I get help paying? I'm 34 and live in England",
    "how would these add up to a qualification?",
    "what about evening classes?",
]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summarise(samples_ms: list[float]) -> dict[str, float]:
    return {
        "p50": statistics.median(samples_ms),
        "p95": percentile(samples_ms, 0.95),
        "mean": statistics.fmean(samples_ms),
    }


def time_calls(call: Callable[[Any], object], inputs: list[Any]) -> list[float]:
    """Milliseconds per call, one call per input."""
    timings = []
    for item in inputs:
        start = time.perf_counter()
        call(item)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve_in_thread(app: Any, port: int, workers_note: str = "") -> Iterator[str]:
    """Run `app` under uvicorn on 127.0.0.1:`port` until the block ends."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 60
    while not server.started:
        if time.time() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
