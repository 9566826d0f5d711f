"""`advisor purge`: erase conversations idle for longer than the retention period (UK GDPR storage limit)."""

from __future__ import annotations

from typing import Annotated

import typer

from advisor.cli.common import fail
from advisor.cli.db_option import DbOption, open_store


def purge(
    days: Annotated[
        float | None,
        typer.Option(
            "--days", min=0, help="erase conversations idle this long (default: $ADVISOR_RETENTION_DAYS, 30)"
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Erase conversations (messages, profiles, plans, feedback) not touched for the retention period."""
    from advisor.config import Settings
    from advisor.store import StoreError

    keep_days = days if days is not None else Settings().retention_days
    with open_store(db) as store:
        try:
            erased = store.purge_older_than(keep_days)
        except StoreError as problem:
            fail(f"database: {problem}")
    typer.echo(
        f"erased {erased} conversation{'' if erased == 1 else 's'} idle for more than {keep_days:g} days"
    )
