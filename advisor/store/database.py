"""Engine and session-factory creation from a database URL (SQLite file or PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

# A closed or firewalled PostgreSQL port must turn into a quick 503, not a hung request.
POSTGRES_CONNECT_TIMEOUT_SECONDS = 5
# How long a SQLite writer waits for another writer before giving up ("database is locked").
SQLITE_BUSY_TIMEOUT_SECONDS = 15


def normalise_url(url: str) -> URL:
    """Parse a database URL, sending every PostgreSQL URL to the psycopg 3 driver."""
    parsed = make_url(url)
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def is_sqlite_memory(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def sqlite_file_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for in-memory and `file:` URI databases."""
    if url.get_backend_name() != "sqlite" or is_sqlite_memory(url) or url.query.get("uri"):
        return None
    assert url.database is not None
    return Path(url.database)


def create_engine_from_url(url: str) -> Engine:
    """Create the one engine a process should share; the pool reconnects by itself after outages."""
    parsed = normalise_url(url)
    backend = parsed.get_backend_name()
    # hide_parameters: error messages and logs must never echo what a learner typed.
    kwargs: dict[str, Any] = {"pool_pre_ping": True, "hide_parameters": True}
    connect_args: dict[str, Any] = {}

    if backend == "sqlite":
        # FastAPI runs the repository in a threadpool, so connections move between threads.
        connect_args["check_same_thread"] = False
        connect_args["timeout"] = SQLITE_BUSY_TIMEOUT_SECONDS
        if is_sqlite_memory(parsed):
            # One shared connection, otherwise every thread would see its own empty database.
            kwargs["poolclass"] = StaticPool
        file_path = sqlite_file_path(parsed)
        if file_path is not None:
            file_path.expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
    elif backend == "postgresql" and "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT_SECONDS

    engine = create_engine(parsed, connect_args=connect_args, **kwargs)
    if backend == "sqlite":
        _configure_sqlite_connections(engine, use_wal=sqlite_file_path(parsed) is not None)
    return engine


def _configure_sqlite_connections(engine: Engine, *, use_wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            # Off by default in SQLite; without it ON DELETE CASCADE does nothing.
            cursor.execute("PRAGMA foreign_keys=ON")
            if use_wal:
                # Readers do not block the writer, so concurrent chat sessions keep flowing.
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()


def create_session_factory(engine: Engine) -> sessionmaker[Session]:
    # Records are copied out before commit returns, so expiring attributes would only cost queries.
    return sessionmaker(bind=engine, expire_on_commit=False)
