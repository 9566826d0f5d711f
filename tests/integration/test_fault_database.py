"""The database going away: a real PostgreSQL server is stopped under the running service and started again.

Requests that need the database get a 503 with Retry-After and a plain message, never a 500 and never a
reply for a turn that was not saved; readiness says so; and the same service works again, without a
restart, once the database is back. The server is a throwaway cluster of the test's own (see
throwaway_postgres.py), so stopping it cannot disturb other runs on the machine's shared server.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from throwaway_postgres import ThrowawayPostgres, postgres_bin_dir

from advisor.api.app import create_app
from advisor.api.services import Services
from advisor.store import Store

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def database() -> Iterator[ThrowawayPostgres]:
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs the PostgreSQL server binaries (Debian package postgresql) for fault tests")
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    server = ThrowawayPostgres(bin_dir)
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture
def running(database: ThrowawayPostgres) -> Iterator[ThrowawayPostgres]:
    """The server up before the test and, whatever the test did, up again after it."""
    if not database.is_running():
        database.start()
    yield database
    if not database.is_running():
        database.start()


@pytest.fixture(scope="module")
def services(real_services: Services, database: ThrowawayPostgres) -> Iterator[Services]:
    """The real pipeline (model, index, catalogue) over a store on the throwaway server."""
    store = Store(database.url)
    store.migrate()
    settings = real_services.settings.model_copy(
        update={"db_url": database.url, "rate_limit_ip_per_minute": 0, "rate_limit_session_per_minute": 0}
    )
    yield dataclasses.replace(real_services, settings=settings, store=store)
    store.dispose()


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services.settings, services), raise_server_exceptions=False) as test_client:
        yield test_client


def counts(database: ThrowawayPostgres) -> dict[str, int]:
    engine = sa.create_engine(database.url)
    try:
        with engine.connect() as connection:
            return {
                table: connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("sessions", "messages", "profile_snapshots")
            }
    finally:
        engine.dispose()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_unavailable(response: Any) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"].isdigit()
    body = response.json()
    assert "database" in body["detail"] and "try again" in body["detail"].lower()
    assert "reply" not in body and "session_token" not in body


class StopsTheDatabaseAfterAnswering:
    """The conversation, but the database goes down after the reply is composed and before it is saved."""

    def __init__(self, conversation: Any, database: ThrowawayPostgres) -> None:
        self.conversation = conversation
        self.database = database
        self.replies: list[str] = []

    def respond(self, *args: Any, **kwargs: Any) -> Any:
        answer, state = self.conversation.respond(*args, **kwargs)
        self.replies.append(answer.reply)
        self.database.stop()
        return answer, state


def test_stopped_database_gives_503_and_the_service_recovers_by_itself(
    client: TestClient, running: ThrowawayPostgres
) -> None:
    first = client.post("/api/chat", json={"message": "I'm a plumber and want to fit heat pumps"})
    assert first.status_code == 200, first.text
    session, token = first.json()["session_id"], first.json()["session_token"]
    before = counts(running)

    running.stop()
    assert_unavailable(client.post("/api/chat", json={"message": "I want to learn welding"}))
    assert_unavailable(
        client.post(
            "/api/chat", json={"message": "and the cost?", "session_id": session}, headers=bearer(token)
        )
    )
    assert_unavailable(client.get(f"/api/sessions/{session}", headers=bearer(token)))
    not_ready = client.get("/readyz")
    assert not_ready.status_code == 503
    assert not_ready.json()["checks"]["database"] == "unavailable"
    assert client.get("/healthz").status_code == 200  # the process itself is fine: do not restart it
    assert client.get("/api/courses", params={"q": "heat pump"}).status_code == 200  # no database needed

    running.start()
    assert client.get("/readyz").status_code == 200
    again = client.post(
        "/api/chat", json={"message": "how much does it cost?", "session_id": session}, headers=bearer(token)
    )
    assert again.status_code == 200, again.text
    history = client.get(f"/api/sessions/{session}", headers=bearer(token)).json()["messages"]
    assert [m["text"] for m in history if m["role"] == "user"] == [
        "I'm a plumber and want to fit heat pumps",
        "how much does it cost?",
    ]
    # Only the turn made after the outage was added: no trace of the three refused requests.
    assert counts(running) == {
        "sessions": before["sessions"],
        "messages": before["messages"] + 2,
        "profile_snapshots": before["profile_snapshots"] + 1,
    }


@pytest.mark.parametrize("accept", ["application/json", "text/event-stream"])
def test_no_reply_is_returned_for_a_turn_the_database_lost(
    services: Services, running: ThrowawayPostgres, accept: str
) -> None:
    with TestClient(create_app(services.settings, services)) as healthy:
        first = healthy.post("/api/chat", json={"message": "I work in a care home and want to be a manager"})
    session, token = first.json()["session_id"], first.json()["session_token"]
    before = counts(running)

    saboteur = StopsTheDatabaseAfterAnswering(services.conversation, running)
    broken = dataclasses.replace(services, conversation=saboteur)  # type: ignore[arg-type]
    with TestClient(create_app(services.settings, broken), raise_server_exceptions=False) as client:
        follow_up = client.post(
            "/api/chat",
            json={"message": "what funding could I get?", "session_id": session},
            headers={**bearer(token), "Accept": accept},
        )
        assert_unavailable(follow_up)
        running.start()
        new_session = client.post(
            "/api/chat", json={"message": "I'd like to retrain in IT"}, headers={"Accept": accept}
        )
        assert_unavailable(new_session)

    assert len(saboteur.replies) == 2  # both replies were composed, and neither was sent
    assert all(reply not in follow_up.text + new_session.text for reply in saboteur.replies)
    running.start()
    assert counts(running) == before  # no half turn, and no session left without its first turn
