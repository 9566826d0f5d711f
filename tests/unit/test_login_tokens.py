"""Advisor sign-in tokens, passwords and API keys: what is accepted and what is not."""

from __future__ import annotations

import pytest

from advisor.access import LoginTokens, hash_api_key, hash_password, new_api_key, signing_key, verify_password
from advisor.access.passwords import WeakPassword
from advisor.config import Settings

NOW = 1_800_000_000.0


def test_a_token_names_its_advisor_until_it_expires() -> None:
    tokens = LoginTokens(b"k" * 32, ttl_seconds=3600)
    token = tokens.issue(42, now=NOW)
    assert tokens.advisor_id(token, now=NOW + 10) == 42
    assert tokens.advisor_id(token, now=NOW + 3599) == 42
    assert tokens.advisor_id(token, now=NOW + 3600) is None


def test_a_tampered_or_foreign_token_is_refused() -> None:
    tokens = LoginTokens(b"k" * 32, ttl_seconds=3600)
    token = tokens.issue(42, now=NOW)
    payload, signature = token.split(".")
    other = LoginTokens(b"other key".ljust(32, b"!"), ttl_seconds=3600)
    forged_payload = other.issue(1, now=NOW).split(".")[0]
    assert tokens.advisor_id(f"{forged_payload}.{signature}", now=NOW) is None
    assert other.advisor_id(token, now=NOW) is None
    for junk in ("", "adt_", "adt_x.y", token + "x", "adt_a.b.c", "Bearer " + token, payload):
        assert tokens.advisor_id(junk, now=NOW) is None


def test_without_a_configured_secret_one_random_key_is_used_for_the_process() -> None:
    unset = Settings(secret_key="")
    assert signing_key(unset) == signing_key(unset)
    assert len(signing_key(unset)) == 32
    assert signing_key(Settings(secret_key="configured")) == b"configured"


def test_passwords_are_argon2id_and_checked() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "correct horse battery")
    assert not verify_password(stored, "correct horse batterx")
    assert not verify_password(None, "anything at all")
    assert not verify_password("not a hash", "anything at all")
    with pytest.raises(WeakPassword):
        hash_password("short")


def test_api_keys_are_prefixed_random_and_stored_only_as_hashes() -> None:
    first, second = new_api_key(), new_api_key()
    assert first.startswith("adv_") and len(first) > 40 and first != second
    assert hash_api_key(first) == hash_api_key(first) != hash_api_key(second)
    assert first not in hash_api_key(first)
