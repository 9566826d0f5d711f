"""A real PostgreSQL server of the test's own, so a test can stop and start it without disturbing anyone.

The machine's shared server (the one ADVISOR_TEST_DB_URL names) may be serving other test runs at the same
moment, so fault tests never stop it: they `initdb` a throwaway cluster with the same PostgreSQL binaries
into a temporary folder, on a free loopback port, and stop it with `pg_ctl` like an operator would.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa


def postgres_bin_dir() -> Path | None:
    """The folder with initdb and pg_ctl (Debian keeps them off PATH), or None when not installed."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    on_path = shutil.which("pg_ctl")
    found = candidates[0] if candidates else on_path
    return Path(found).parent if found else None


def free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ThrowawayPostgres:
    """initdb + pg_ctl start/stop on a private data folder; `url` reaches it over TCP on 127.0.0.1."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.port = free_loopback_port()
        # PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user.
        self._as_postgres = os.geteuid() == 0
        self.root = Path(tempfile.mkdtemp(prefix="advisor-pg-"))
        self.data = self.root / "data"
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")

    @property
    def url(self) -> str:
        # connect_timeout: a stopped server must turn into a quick 503, not a hung request.
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres?connect_timeout=2"

    def start(self) -> None:
        options = (
            f"-c port={self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.root} "
            "-c fsync=off -c max_connections=50"
        )
        log = str(self.root / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "-t", "60", "start")
        self.wait_until_accepting()

    def stop(self) -> None:
        """A fast shutdown: open connections are cut, as when the database host goes away."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def is_running(self) -> bool:
        status = self._run("pg_ctl", "-D", str(self.data), "status", check=False)
        return status.returncode == 0

    def wait_until_accepting(self, timeout: float = 30.0) -> None:
        engine = sa.create_engine(self.url)
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    with engine.connect() as connection:
                        connection.execute(sa.text("SELECT 1"))
                    return
                except sa.exc.OperationalError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        finally:
            engine.dispose()

    def remove(self) -> None:
        if self.is_running():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / tool), *args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if check and result.returncode != 0:
            raise RuntimeError(f"{tool} failed ({result.returncode}): {result.stderr.strip()[-500:]}")
        return result
