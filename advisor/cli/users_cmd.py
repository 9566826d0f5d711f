"""`advisor users ...`: advisor accounts (argon2id passwords) and their API keys."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from advisor.cli.common import fail
from advisor.cli.db_option import DbOption, open_store

NEW_PASSWORD_ENV = "ADVISOR_NEW_PASSWORD"

users_app = typer.Typer(help="Advisor accounts and API keys.", no_args_is_help=True)


@users_app.command("add")
def add(
    email: Annotated[str, typer.Argument(help="the advisor's email address (their sign-in name)")],
    name: Annotated[str, typer.Option("--name", help="name shown on the desk")] = "",
    admin: Annotated[bool, typer.Option("--admin", help="may also reload the catalogue")] = False,
    db: DbOption = None,
) -> None:
    """Add an advisor. The password is asked for twice (or read from $ADVISOR_NEW_PASSWORD in scripts)."""
    from advisor.access import hash_password
    from advisor.access.passwords import WeakPassword
    from advisor.store import Accounts, StoreError

    with open_store(db) as store:
        accounts = Accounts(store)
        if accounts.find_advisor(email) is not None:
            fail(f"an account for {email.strip().lower()} already exists")
        password = os.environ.get(NEW_PASSWORD_ENV) or typer.prompt(
            "Password", hide_input=True, confirmation_prompt=True
        )
        try:
            password_hash = hash_password(password)
            advisor = accounts.add_advisor(email, name or email.split("@")[0], password_hash, is_admin=admin)
        except (WeakPassword, StoreError) as problem:
            fail(str(problem))
    typer.echo(f"added {advisor.email}{' (admin)' if advisor.is_admin else ''}")


@users_app.command("list")
def list_users(db: DbOption = None) -> None:
    """List advisor accounts."""
    from advisor.store import Accounts

    with open_store(db) as store:
        accounts = Accounts(store)
        advisors = accounts.list_advisors()
        if not advisors:
            typer.echo("no advisor accounts yet: add one with `advisor users add EMAIL`")
            return
        for advisor in advisors:
            live_keys = sum(not key.revoked for key in accounts.api_keys(advisor.id))
            flags = [flag for flag, on in (("admin", advisor.is_admin), ("disabled", advisor.disabled)) if on]
            typer.echo(
                f"{advisor.email}\t{advisor.name}\t{','.join(flags) or '-'}\t"
                f"{live_keys} API key{'' if live_keys == 1 else 's'}\tadded {advisor.created_at:%Y-%m-%d}"
            )


@users_app.command("disable")
def disable(email: Annotated[str, typer.Argument()], db: DbOption = None) -> None:
    """Disable an account: it can no longer sign in, and its sign-ins and API keys stop working at once."""
    _set_disabled(email, True, db)


@users_app.command("enable")
def enable(email: Annotated[str, typer.Argument()], db: DbOption = None) -> None:
    """Re-enable a disabled account."""
    _set_disabled(email, False, db)


def _set_disabled(email: str, disabled: bool, db: str | None) -> None:
    from advisor.store import Accounts, StoreError

    with open_store(db) as store:
        try:
            advisor = Accounts(store).set_disabled(email, disabled)
        except StoreError as problem:
            fail(str(problem))
    typer.echo(f"{advisor.email} {'disabled' if disabled else 'enabled'}")


@users_app.command("key")
def key(
    email: Annotated[str, typer.Argument()],
    name: Annotated[str, typer.Option("--name", help="what the key is for")] = "api key",
    db: DbOption = None,
) -> None:
    """Make a new API key for an advisor. It is printed once; only its hash is kept."""
    from advisor.access import hash_api_key, new_api_key
    from advisor.store import Accounts

    with open_store(db) as store:
        accounts = Accounts(store)
        advisor = accounts.find_advisor(email)
        if advisor is None:
            fail(f"no advisor account for {email}")
        if advisor.disabled:
            fail(f"{advisor.email} is disabled; enable it first")
        secret = new_api_key()
        record = accounts.add_api_key(advisor.id, name, hash_api_key(secret))
    typer.echo(
        f"API key {record.id} ({record.name}) for {advisor.email}; copy it now, it is not shown again:",
        err=True,
    )
    typer.echo(secret)


@users_app.command("revoke-key")
def revoke_key(
    email: Annotated[str, typer.Argument()],
    key_id: Annotated[int, typer.Argument(help="the key's number, as printed by `advisor users key`")],
    db: DbOption = None,
) -> None:
    """Revoke one of an advisor's API keys."""
    from advisor.store import Accounts

    with open_store(db) as store:
        accounts = Accounts(store)
        advisor = accounts.find_advisor(email)
        if advisor is None:
            fail(f"no advisor account for {email}")
        if key_id not in {k.id for k in accounts.api_keys(advisor.id)}:
            fail(f"{advisor.email} has no API key {key_id}")
        accounts.revoke_api_key(key_id)
    typer.echo(f"API key {key_id} of {advisor.email} revoked")
