"""UK GDPR basics over the real app: the privacy notice, retention purges, logs without personal data, and
pages that make no third-party requests."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

import pytest
from fastapi.testclient import TestClient
from hardening_support import add_advisor, client_with, sign_in
from typer.testing import CliRunner

from advisor.api.services import Services
from advisor.cli import app as cli
from advisor.ops.logs import configure_logging
from advisor.store import Store

PERSONAL = {
    "email": "priya.shah84@example.com",
    "mobile": "07700 900123",
    "landline": "0114 496 0000",
    "ni": "QQ 12 34 56 C",
    "postcode": "S2 4SU",
    "name": "Priya Shah",
}


@pytest.fixture(scope="module")
def client(real_services: Services) -> Iterator[TestClient]:
    with client_with(real_services, retention_days=14) as test_client:
        yield test_client


def test_the_privacy_notice_states_the_retention_period(client: TestClient) -> None:
    notice = client.get("/api/privacy").json()
    assert notice["retention_days"] == 14
    assert "14 days after your last message" in notice["notice"]
    assert "National Insurance" in notice["notice"]
    page = client.get("/privacy")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "14 days after your last message" in page.text
    assert "<h1>Privacy notice" in page.text


def test_logs_written_during_a_chat_contain_no_personal_data(client: TestClient) -> None:
    stream = io.StringIO()
    configure_logging(json_lines=True, level="DEBUG", stream=stream)
    try:
        first = client.post(
            "/api/chat",
            json={
                "message": f"Hi, my name is {PERSONAL['name']}, I'm a chef living at {PERSONAL['postcode']}"
            },
            headers={"X-Request-ID": "privacy-test-0001"},
        ).json()
        client.post(
            "/api/chat",
            json={
                "message": f"email me on {PERSONAL['email']} or ring {PERSONAL['mobile']}"
                f" / {PERSONAL['landline']}, my NI number is {PERSONAL['ni']}",
                "session_id": first["session_id"],
            },
            headers={"Authorization": f"Bearer {first['session_token']}"},
        )
        # A refused body must not be echoed into the logs either.
        client.post("/api/chat", json={"message": PERSONAL["email"], "session_id": "nope", "x": 1})
    finally:
        configure_logging(json_lines=True, level="INFO")
    written = stream.getvalue()
    lines = [json.loads(line) for line in written.splitlines()]
    chat_lines = [line for line in lines if line.get("route") == "/api/chat"]
    assert len(chat_lines) == 3, "each request should leave one access line"
    assert chat_lines[0]["request_id"] == "privacy-test-0001"
    assert {
        "time",
        "level",
        "logger",
        "message",
        "request_id",
        "route",
        "status",
        "duration_ms",
    } <= chat_lines[0].keys()
    for value in PERSONAL.values():
        assert value not in written
    for part in ("priya", "Shah", "900123", "496 0000", "S2 4SU"):
        assert part not in written


def test_pages_and_their_scripts_and_styles_load_nothing_from_other_hosts(
    client: TestClient, real_services: Services
) -> None:
    sign_in(client, add_advisor(real_services))
    pages = ["/", "/employer", "/privacy", "/advisor/login", "/advisor"]
    assets: set[str] = set()
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert external_loads_in_html(response.text) == [], page
        assets.update(same_origin_assets(response.text))
    client.cookies.clear()
    assert assets, "pages should use their own scripts and styles"
    for asset in sorted(assets):
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert external_urls_in_code(response.text) == [], asset


_LOADING_ATTRIBUTES = re.compile(
    r"<(script|img|iframe|link|source|audio|video|embed|object|form)\b[^>]*?\b(src|href|srcset|data|action)"
    r"\s*=\s*[\"']([^\"']+)",
    re.IGNORECASE,
)
OWN_HOST = "testserver"  # the test client's host: the service itself
_URL_LITERAL = re.compile(r"[\"'`(]((?:https?:)?//[^\"'`)\s]+)")
# Strings that look like URLs but are never fetched (XML namespaces).
_NOT_REQUESTS = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xhtml", "http://www.w3.org/1999/xlink")


def external_loads_in_html(html: str) -> list[str]:
    found = []
    for _, _, url in _LOADING_ATTRIBUTES.findall(html):
        if urlparse(url).netloc not in ("", OWN_HOST):
            found.append(url)
    return found


def same_origin_assets(html: str) -> set[str]:
    paths = set()
    for tag, _, url in _LOADING_ATTRIBUTES.findall(html):
        parsed = urlparse(url)
        if (
            tag.lower() in {"script", "link"}
            and parsed.netloc in ("", OWN_HOST)
            and parsed.path.startswith("/")
        ):
            paths.add(parsed.path)
    return paths


def external_urls_in_code(code: str) -> list[str]:
    without_comments = re.sub(r"/\*.*?\*/", "", code, flags=re.DOTALL)
    without_comments = re.sub(r"(?m)^\s*//.*$", "", without_comments)
    return [url for url in _URL_LITERAL.findall(without_comments) if not url.startswith(_NOT_REQUESTS)]


def _store_with_old_and_new_sessions(url: str) -> tuple[list[str], list[str]]:
    now = datetime.now(UTC)
    old_ids, new_ids = [], []
    for age_days, ids in ((45, old_ids), (31, old_ids), (29, new_ids), (0, new_ids)):
        moment = now - timedelta(days=age_days)
        with Store(url, clock=lambda moment=moment: moment) as store:
            store.migrate()
            record, _ = store.create_session("learner")
            ids.append(record.id)
    return old_ids, new_ids


def test_purge_erases_only_conversations_older_than_the_retention(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/purge.db"
    old_ids, new_ids = _store_with_old_and_new_sessions(url)
    result = CliRunner().invoke(cli, ["purge", "--days", "30", "--db", url])
    assert result.exit_code == 0, result.output
    assert "erased 2 conversations" in result.output
    with Store(url) as store:
        assert [store.get_session(i) for i in old_ids] == [None, None]
        assert all(store.get_session(i) is not None for i in new_ids)
    again = CliRunner().invoke(cli, ["purge", "--days", "30", "--db", url])
    assert "erased 0 conversations" in again.output


def test_purge_reads_the_retention_setting_and_reports_a_bad_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path}/purge.db"
    _store_with_old_and_new_sessions(url)
    monkeypatch.setenv("ADVISOR_RETENTION_DAYS", "40")
    result = CliRunner().invoke(cli, ["purge", "--db", url])
    assert "erased 1 conversation " in result.output
    broken = CliRunner().invoke(cli, ["purge", "--db", "postgresql://nobody@127.0.0.1:1/none"])
    assert broken.exit_code == 1 and "database" in broken.output and "Traceback" not in broken.output


def test_the_service_can_purge_at_start_up(tmp_path: Path, real_services: Services) -> None:
    url = f"sqlite:///{tmp_path}/startup.db"
    old_ids, new_ids = _store_with_old_and_new_sessions(url)
    store = Store(url)
    services = dataclasses.replace(real_services, store=store)
    try:
        with client_with(services, purge_on_startup=True, retention_days=30):
            pass
        assert [store.get_session(i) for i in old_ids] == [None, None]
        assert all(store.get_session(i) is not None for i in new_ids)
    finally:
        store.dispose()
