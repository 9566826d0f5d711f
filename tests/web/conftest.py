"""Browser tests: a real uvicorn server on loopback over the real services, driven by Debian's Chromium.

Chromium comes from the distribution (`apt-get install chromium`), never from `playwright install`. When it is
missing the web tests fail in CI (CI=true) with a clear message, and are skipped on a developer's machine.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from web_helpers import PageProblems, new_page

from advisor.api.app import create_app
from advisor.api.services import Services, build_services
from advisor.catalogue import load_catalogue
from advisor.config import BUNDLED_CATALOGUE, Settings
from advisor.retrieval.embedder import SentenceTransformerEmbedder

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

CHROMIUM = Path(os.environ.get("ADVISOR_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "web: drives the pages in a real browser (Debian's Chromium)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/web" in str(item.path):
            item.add_marker(pytest.mark.web)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"web tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_api() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"Chromium is missing at {CHROMIUM}: install it with 'apt-get install -y chromium'")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is missing: pip install playwright==1.65.2")
    with sync_playwright() as api:
        yield api


@pytest.fixture(scope="session")
def browser(playwright_api: Any) -> Iterator[Any]:
    chromium = playwright_api.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def web_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    # The same real components as tests/integration (bundled catalogue, real model, FAISS, SQLite file).
    embedder = SentenceTransformerEmbedder()
    embedder.warm_up()
    db_url = (
        os.environ.get("ADVISOR_TEST_DB_URL") or f"sqlite:///{tmp_path_factory.mktemp('web-db')}/advisor.db"
    )
    settings = Settings(db_url=db_url, index_dir=tmp_path_factory.mktemp("web-index"))
    services = build_services(settings, embedder=embedder, catalogue=load_catalogue(BUNDLED_CATALOGUE))
    yield services
    services.store.dispose()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def base_url(web_services: Services) -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(
        create_app(web_services.settings, web_services), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="web-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test web server did not start", pytrace=False)
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(browser: Any, problems: PageProblems) -> Iterator[Any]:
    page = new_page(browser, problems)
    yield page
    page.context.close()
    assert problems.errors == [], f"JavaScript errors in the page: {problems.errors}"
