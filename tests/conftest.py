"""Fixtures for every test: the database under test (SQLite file, or PostgreSQL when configured).

See db_targets.py for how the database is chosen (`ADVISOR_TEST_DB_URL`). Every test that uses a
database through these fixtures (or the integration suite's `real_services`) is marked `database`, so
CI can run exactly those again on PostgreSQL: `pytest -m database`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from db_targets import backend_name, fresh_database

DATABASE_FIXTURES = frozenset({"fresh_db_url", "real_settings", "real_services"})


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "database: uses the database chosen by ADVISOR_TEST_DB_URL")


def pytest_report_header() -> str:
    return f"advisor test database: {backend_name()}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.database)


@pytest.fixture
def fresh_db_url(tmp_path: Path) -> Iterator[str]:
    """An empty database of its own for one test, on the configured backend."""
    # A nested folder that does not exist yet: the store must create it for SQLite.
    with fresh_database(tmp_path / "data", "advisor_test") as url:
        yield url
