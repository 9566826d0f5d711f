"""Load test: many concurrent conversations against `advisor serve --workers N` on PostgreSQL, over loopback.

Starts the real service as a subprocess (it builds the index first if needed), in a fresh PostgreSQL schema,
then runs `--conversations` concurrent conversations for `--seconds`: each opens a session, carries on for
`--turns` turns with its session token, then starts a new one. Traffic goes only to 127.0.0.1. Afterwards
it counts the messages in the database (must be exactly 2 per successful turn) and prints a summary.

Run: .venv/bin/python benchmarks/load_test.py [--db URL] [--workers 3] [--conversations 50] [--seconds 60]
Exit status 1 when any request failed or a saved message is missing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
from _common import FOLLOW_UPS, OPENERS, free_port, summarise

from advisor.config import DEFAULT_INDEX_DIR
from advisor.store import Store

DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    ok_turns: int = 0
    conversations: int = 0
    errors: list[str] = field(default_factory=list)


def fresh_schema_url(base_url: str) -> tuple[str, str]:
    """A new schema on the server for this run only (so reruns never collide), and its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"load_{secrets.token_hex(5)}"
    parsed = make_url(base_url)
    admin = create_engine(parsed)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    url = parsed.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def drop_schema(base_url: str, schema: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def start_service(
    db_url: str, port: int, workers: int, index_dir: Path, log: Path
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "ADVISOR_INDEX_DIR": str(index_dir),
        # The abuse limits are per client; here every conversation comes from one address on purpose.
        "ADVISOR_RATE_LIMIT_IP_PER_MINUTE": "0",
        "ADVISOR_RATE_LIMIT_SESSION_PER_MINUTE": "0",
        "ADVISOR_SECRET_KEY": secrets.token_hex(32),  # one key for all workers
        "ADVISOR_LOG_LEVEL": "WARNING",
    }
    advisor = str(Path(sys.executable).parent / "advisor")
    command = [advisor, "serve", "--db", db_url, "--port", str(port), "--workers", str(workers)]
    with log.open("wb") as out:
        return subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def wait_until_ready(base: str, service: subprocess.Popen[bytes], workers: int, timeout: float) -> None:
    """Ready when /readyz answers 200 often enough that every worker has surely started."""
    deadline = time.monotonic() + timeout
    ready_in_a_row = 0
    while ready_in_a_row < 4 * workers:
        if service.poll() is not None:
            raise SystemExit(f"advisor serve exited with {service.returncode} before it was ready")
        if time.monotonic() > deadline:
            raise SystemExit(f"advisor serve was not ready after {timeout:.0f}s")
        try:
            ready = httpx.get(f"{base}/readyz", timeout=5).status_code == 200
        except httpx.HTTPError:
            ready = False
        ready_in_a_row = ready_in_a_row + 1 if ready else 0
        time.sleep(0.05 if ready else 0.5)


def stop_service(service: subprocess.Popen[bytes]) -> None:
    if service.poll() is None:
        os.killpg(service.pid, signal.SIGINT)  # uvicorn's graceful shutdown, workers included
        try:
            service.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(service.pid, signal.SIGKILL)
            service.wait()


async def converse(client: httpx.AsyncClient, number: int, turns: int, deadline: float, tally: Tally) -> None:
    """Conversation after conversation until the deadline: an opener, then follow-ups with the token."""
    round_ = 0
    while time.monotonic() < deadline:
        session_id: str | None = None
        headers: dict[str, str] = {}
        for turn in range(turns):
            if time.monotonic() >= deadline:
                return
            message = (
                OPENERS[(number + round_) % len(OPENERS)]
                if turn == 0
                else FOLLOW_UPS[(turn - 1) % len(FOLLOW_UPS)]
            )
            body = {"message": message, **({"session_id": session_id} if session_id else {})}
            started = time.perf_counter()
            try:
                response = await client.post("/api/chat", json=body, headers=headers)
            except httpx.HTTPError as error:
                tally.errors.append(f"{type(error).__name__}: {error}")
                break
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                tally.errors.append(f"{response.status_code}: {response.text[:200]}")
                break
            answer = response.json()
            if turn == 0:
                session_id = answer["session_id"]
                headers = {"Authorization": f"Bearer {answer['session_token']}"}
                tally.conversations += 1
            tally.latencies_ms.append(elapsed)
            tally.ok_turns += 1
        round_ += 1


async def run_load(base: str, conversations: int, seconds: float, turns: int) -> tuple[Tally, float]:
    tally = Tally()
    limits = httpx.Limits(max_connections=conversations, max_keepalive_connections=conversations)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        started = time.monotonic()
        deadline = started + seconds
        await asyncio.gather(*(converse(client, n, turns, deadline, tally) for n in range(conversations)))
        wall = time.monotonic() - started
    return tally, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", default=os.environ.get("ADVISOR_LOAD_DB_URL", DEFAULT_DB), help="PostgreSQL URL"
    )
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--conversations", type=int, default=50, help="concurrent conversations")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--turns", type=int, default=4, help="turns per conversation before a new one")
    parser.add_argument("--index-dir", type=Path, default=DEFAULT_INDEX_DIR)
    parser.add_argument("--keep", action="store_true", help="keep the run's schema and server log")
    args = parser.parse_args()

    db_url, schema = fresh_schema_url(args.db)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = Path(tempfile.mkdtemp(prefix="advisor-load-")) / "serve.log"
    print(
        f"starting advisor serve --workers {args.workers} on {base} (schema {schema}; log {log})", flush=True
    )
    service = start_service(db_url, port, args.workers, args.index_dir, log)
    try:
        ready_started = time.monotonic()
        wait_until_ready(base, service, args.workers, timeout=900)
        print(
            f"ready after {time.monotonic() - ready_started:.0f}s; load for {args.seconds:.0f}s ...",
            flush=True,
        )
        tally, wall = asyncio.run(run_load(base, args.conversations, args.seconds, args.turns))
    finally:
        stop_service(service)
    with Store(db_url) as store:
        saved = store.count_messages()
    if not args.keep:
        drop_schema(args.db, schema)

    timing = summarise(tally.latencies_ms) if tally.latencies_ms else {"p50": 0.0, "p95": 0.0, "mean": 0.0}
    persisted = saved == 2 * tally.ok_turns
    print(
        "\n".join(
            [
                "",
                "```",
                f"load test: advisor serve --workers {args.workers} on PostgreSQL, loopback, "
                f"{os.cpu_count()} CPUs",
                f"  {args.conversations} concurrent conversations for {args.seconds:.0f}s, "
                f"{args.turns} turns each then a new one",
                f"  conversations started   {tally.conversations}",
                f"  chat turns answered     {tally.ok_turns}  ({tally.ok_turns / wall:.1f} turns/s)",
                f"  errors                  {len(tally.errors)}  ({'OK' if not tally.errors else 'FAIL'})",
                f"  latency per turn        p50 {timing['p50']:.0f} ms   p95 {timing['p95']:.0f} ms   "
                f"mean {timing['mean']:.0f} ms",
                f"  messages in database    {saved} (expected 2 x {tally.ok_turns} turns: "
                f"{'OK' if persisted else 'FAIL'})",
                "```",
            ]
        )
    )
    for error in tally.errors[:5]:
        print(f"error: {error}", file=sys.stderr)
    if tally.errors or not persisted:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
