"""The --db option shared by the commands that work on the database directly (users, purge)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from advisor.cli.common import fail

if TYPE_CHECKING:
    from advisor.store import Store

DbOption = Annotated[
    str | None, typer.Option("--db", help="database URL (default: $ADVISOR_DB_URL, else the SQLite file)")
]


def database_url(option: str | None) -> str:
    if option:
        return option
    from advisor.config import Settings

    return os.environ.get("ADVISOR_DB_URL") or Settings().db_url


@contextmanager
def open_store(option: str | None) -> Iterator[Store]:
    """The migrated store for --db, or a one-line failure when the database cannot be reached."""
    from advisor.store import Store, StoreError

    url = database_url(option)
    try:
        store = Store(url)
        store.migrate()
    except StoreError as problem:
        fail(f"database: {problem}")
    except Exception as problem:  # a malformed URL, an unknown driver
        fail(f"database URL {url!r} cannot be used: {type(problem).__name__}")
    try:
        yield store
    finally:
        store.dispose()
