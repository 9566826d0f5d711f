"""Which database the tests run on: a SQLite file by default, PostgreSQL when the environment names one.

    ADVISOR_TEST_DB_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test .venv/bin/pytest

`ADVISOR_TEST_PG_URL` (the older name) is read too. Every PostgreSQL user gets a schema of its own that
is dropped afterwards, so repeated or parallel runs on one server never see each other's rows.
(Importable as `db_targets`: pytest puts this folder on sys.path for tests/conftest.py.)
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from advisor.store.database import normalise_url

URL_VARIABLES = ("ADVISOR_TEST_DB_URL", "ADVISOR_TEST_PG_URL")


def configured_url() -> str:
    """The database URL the environment names for the tests ("" or a SQLite URL: fresh SQLite files)."""
    return next((value for name in URL_VARIABLES if (value := os.environ.get(name, "").strip())), "")


def postgres_url() -> str:
    """The configured PostgreSQL server's URL, or "" when the tests run on SQLite."""
    url = configured_url()
    return url if url and normalise_url(url).get_backend_name() == "postgresql" else ""


def backend_name() -> str:
    return "postgresql" if postgres_url() else "sqlite"


@contextmanager
def fresh_postgres_schema(prefix: str, base_url: str | None = None) -> Iterator[str]:
    """A URL whose connections all work in a new, empty schema; the schema is dropped afterwards."""
    base = normalise_url(base_url or postgres_url())
    schema = f"{prefix}_{secrets.token_hex(6)}"
    admin = sa.create_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        url = base.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def fresh_database(folder: Path, prefix: str = "advisor_test") -> Iterator[str]:
    """An empty database on the configured backend: a new SQLite file in `folder`, or a new PG schema."""
    if postgres_url():
        with fresh_postgres_schema(prefix) as url:
            yield url
    else:
        yield f"sqlite:///{folder / 'advisor.db'}"
