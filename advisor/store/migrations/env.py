"""Alembic environment, driven from code by `advisor.store.repository.Store.migrate()`.

There is no alembic.ini: the caller builds the Config, sets `script_location` to this folder and
passes an open connection in `config.attributes["connection"]`, so the same engine settings
(SQLite pragmas, psycopg driver) apply to migrations and to the running service.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from advisor.store.database import create_engine_from_url
from advisor.store.tables import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection or sqlalchemy.url given to the advisor migrations")
    engine = create_engine_from_url(url)
    try:
        with engine.begin() as new_connection:
            _run(new_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
