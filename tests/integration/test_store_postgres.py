"""The store against a real PostgreSQL server: concurrent start-up, outages and many conversations.

    ADVISOR_TEST_DB_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \
        .venv/bin/pytest tests/integration/test_store_postgres.py -q

The outage is made by cutting a local TCP relay in front of the server, so the shared server
itself keeps running for everyone else.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from db_targets import fresh_postgres_schema, postgres_url

from advisor.store import Store, StoreUnavailable
from advisor.store.database import normalise_url

PG_URL = postgres_url()

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="set ADVISOR_TEST_DB_URL to a PostgreSQL URL"),
]


@pytest.fixture
def schema() -> Iterator[str]:
    with fresh_postgres_schema("store_it") as url:
        yield normalise_url(url).query["options"].removeprefix("-csearch_path=")  # type: ignore[union-attr]


def url_for(schema: str, port: int | None = None, **query: str) -> str:
    url = normalise_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}", **query})
    if port is not None:
        url = url.set(host="127.0.0.1", port=port)
    return url.render_as_string(hide_password=False)


class TcpRelay:
    """Forwards a local port to the PostgreSQL server; stop() is the database going away."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self._sockets: list[socket.socket] = []
        self._stopped = threading.Event()

    def start(self) -> None:
        self._stopped.clear()
        listener = socket.create_server(("127.0.0.1", self.port))  # SO_REUSEADDR: same port again
        listener.settimeout(0.05)
        self.port = listener.getsockname()[1]
        self._sockets = [listener]
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        self._stopped.set()
        for sock in self._sockets:
            with contextlib.suppress(OSError):  # already closed by the other side
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            upstream = socket.create_connection(self.target)
            self._sockets += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass


def test_workers_starting_together_migrate_once_without_errors(schema: str) -> None:
    # Separate processes, as with `advisor serve` running several workers on one database.
    url = url_for(schema)
    script = "import sys; from advisor.store import Store; s = Store(sys.argv[1]); s.migrate(); s.dispose()"
    workers = [
        subprocess.Popen([sys.executable, "-c", script, url], stderr=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    outcomes = [(worker.communicate(timeout=120)[1], worker.returncode) for worker in workers]
    assert [stderr for stderr, returncode in outcomes if returncode != 0] == []
    with Store(url) as store:
        assert store.is_migrated()


def test_service_recovers_by_itself_after_a_database_outage(schema: str) -> None:
    parsed = normalise_url(PG_URL)
    relay = TcpRelay((parsed.host or "127.0.0.1", parsed.port or 5432))
    relay.start()
    store = Store(url_for(schema, relay.port, connect_timeout="2"))
    try:
        store.migrate()
        record, _ = store.create_session("learner")
        store.save_turn(record.id, "before", "saved", {}, {}, {})

        relay.stop()
        assert store.ping() is False
        with pytest.raises(StoreUnavailable):
            store.save_turn(record.id, "during", "never saved", {}, {}, {})
        with pytest.raises(StoreUnavailable):
            store.get_session(record.id)

        relay.start()  # same port: the database is back
        assert store.ping() is True
        store.save_turn(record.id, "after", "saved", {}, {}, {})
        assert [m.text for m in store.history(record.id)] == ["before", "saved", "after", "saved"]
    finally:
        store.dispose()
        relay.stop()


def test_fifty_concurrent_conversations_are_all_persisted(schema: str) -> None:
    store = Store(url_for(schema))
    try:
        store.migrate()
        turns_each = 6

        def converse(n: int) -> str:
            record, token = store.create_session("learner")
            for turn in range(turns_each):
                assert store.verify_token(record.id, token)
                store.save_turn(
                    record.id,
                    f"learner {n} says {turn}",
                    f"reply {turn}",
                    {"reply": f"reply {turn}", "courses": []},
                    {"turn": turn},
                    {"pending": []},
                )
            return record.id

        with ThreadPoolExecutor(max_workers=50) as pool:
            session_ids = list(pool.map(converse, range(50)))

        assert store.count_messages() == 50 * turns_each * 2
        for session_id in session_ids:
            assert [m.turn_index for m in store.history(session_id)] == list(range(turns_each * 2))
    finally:
        store.dispose()
