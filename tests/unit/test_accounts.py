"""Advisor accounts and API keys in the real store (SQLite, or PostgreSQL when configured)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from advisor.access import (
    LoginTokens,
    advisor_for_credential,
    hash_api_key,
    hash_password,
    new_api_key,
    sign_in,
)
from advisor.cli import app
from advisor.store import Accounts, InvalidRecord, Store, head_revision

TOKENS = LoginTokens(b"unit-test-key".ljust(32, b"."), ttl_seconds=600)
PASSWORD = "a long enough password"


@pytest.fixture
def store(fresh_db_url: str) -> Iterator[Store]:
    with Store(fresh_db_url) as migrated:
        migrated.migrate()
        yield migrated


@pytest.fixture
def accounts(store: Store) -> Accounts:
    return Accounts(store)


def test_migration_0002_adds_the_account_tables(store: Store) -> None:
    assert store.schema_revision() == head_revision() == "0002"


def test_an_advisor_signs_in_with_the_right_password_only(accounts: Accounts) -> None:
    accounts.add_advisor("Sam@Example.ac.uk", "Sam", hash_password(PASSWORD))
    signed_in = sign_in(accounts, TOKENS, "sam@example.ac.uk", PASSWORD)
    assert signed_in is not None
    advisor, token = signed_in
    assert advisor.email == "sam@example.ac.uk"
    assert advisor_for_credential(accounts, TOKENS, token) == advisor
    assert sign_in(accounts, TOKENS, "sam@example.ac.uk", PASSWORD + "!") is None
    assert sign_in(accounts, TOKENS, "nobody@example.ac.uk", PASSWORD) is None


def test_emails_are_unique_and_must_look_like_emails(accounts: Accounts) -> None:
    accounts.add_advisor("jo@example.ac.uk", "Jo", hash_password(PASSWORD))
    with pytest.raises(InvalidRecord, match="already exists"):
        accounts.add_advisor("JO@example.ac.uk ", "Jo again", hash_password(PASSWORD))
    with pytest.raises(InvalidRecord, match="not an email"):
        accounts.add_advisor("jo at example", "Jo", hash_password(PASSWORD))


def test_a_disabled_account_cannot_sign_in_and_its_token_and_keys_stop_working(accounts: Accounts) -> None:
    advisor = accounts.add_advisor("ali@example.ac.uk", "Ali", hash_password(PASSWORD))
    key = new_api_key()
    accounts.add_api_key(advisor.id, "script", hash_api_key(key))
    signed_in = sign_in(accounts, TOKENS, advisor.email, PASSWORD)
    assert signed_in is not None
    accounts.set_disabled(advisor.email)
    assert sign_in(accounts, TOKENS, advisor.email, PASSWORD) is None
    assert advisor_for_credential(accounts, TOKENS, signed_in[1]) is None
    assert advisor_for_credential(accounts, TOKENS, key) is None


def test_an_api_key_works_until_revoked_and_records_its_last_use(accounts: Accounts) -> None:
    advisor = accounts.add_advisor("kim@example.ac.uk", "Kim", hash_password(PASSWORD))
    key = new_api_key()
    record = accounts.add_api_key(advisor.id, "reports", hash_api_key(key))
    assert record.last_used_at is None
    assert advisor_for_credential(accounts, TOKENS, key) == advisor
    assert accounts.api_keys(advisor.id)[0].last_used_at is not None
    assert accounts.revoke_api_key(record.id)
    assert advisor_for_credential(accounts, TOKENS, key) is None
    assert advisor_for_credential(accounts, TOKENS, new_api_key()) is None


def test_cli_adds_lists_keys_and_disables_users(
    fresh_db_url: str, monkeypatch: pytest.MonkeyPatch, store: Store
) -> None:
    runner = CliRunner()
    monkeypatch.setenv("ADVISOR_NEW_PASSWORD", PASSWORD)
    added = runner.invoke(
        app, ["users", "add", "lee@example.ac.uk", "--name", "Lee", "--admin", "--db", fresh_db_url]
    )
    assert added.exit_code == 0, added.output
    again = runner.invoke(app, ["users", "add", "lee@example.ac.uk", "--db", fresh_db_url])
    assert again.exit_code == 1 and "already exists" in again.output
    made = runner.invoke(
        app, ["users", "key", "lee@example.ac.uk", "--name", "nightly", "--db", fresh_db_url]
    )
    assert made.exit_code == 0, made.output
    key = made.stdout.strip().splitlines()[-1]
    assert key.startswith("adv_")
    accounts = Accounts(store)
    lee = advisor_for_credential(accounts, TOKENS, key)
    assert lee is not None and lee.is_admin and lee.name == "Lee"
    listed = runner.invoke(app, ["users", "list", "--db", fresh_db_url])
    assert "lee@example.ac.uk" in listed.output and "admin" in listed.output and key not in listed.output
    assert runner.invoke(app, ["users", "disable", "lee@example.ac.uk", "--db", fresh_db_url]).exit_code == 0
    assert advisor_for_credential(accounts, TOKENS, key) is None
    missing = runner.invoke(app, ["users", "disable", "nobody@example.ac.uk", "--db", fresh_db_url])
    assert missing.exit_code == 1 and "no advisor account" in missing.output


def test_cli_refuses_a_short_password(fresh_db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_NEW_PASSWORD", "short")
    result = CliRunner().invoke(app, ["users", "add", "max@example.ac.uk", "--db", fresh_db_url])
    assert result.exit_code == 1
    assert "at least 10 characters" in result.output
