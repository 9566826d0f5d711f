"""Checking who is asking: a password at sign-in, then a sign-in token or an API key on each request."""

from __future__ import annotations

from advisor.access.keys import hash_api_key, looks_like_api_key
from advisor.access.passwords import needs_rehash, rehash_password, verify_password
from advisor.access.tokens import LoginTokens
from advisor.store import Accounts, AdvisorRecord


def sign_in(
    accounts: Accounts, tokens: LoginTokens, email: str, password: str
) -> tuple[AdvisorRecord, str] | None:
    """The account and a fresh sign-in token, or None: unknown email, wrong password or disabled account
    all look the same to the caller (and take the same time)."""
    found = accounts.password_hash(email)
    advisor, stored = found if found is not None else (None, None)
    if not verify_password(stored, password) or advisor is None or advisor.disabled:
        return None
    if stored is not None and needs_rehash(stored):
        accounts.set_password_hash(advisor.id, rehash_password(password))
    return advisor, tokens.issue(advisor.id)


def advisor_for_credential(
    accounts: Accounts, tokens: LoginTokens, credential: str | None
) -> AdvisorRecord | None:
    """The enabled advisor behind a sign-in token or an API key; None if neither or no longer valid."""
    if not credential:
        return None
    if looks_like_api_key(credential):
        used = accounts.use_api_key(hash_api_key(credential))
        advisor = None if used is None else used[1]
    else:
        advisor_id = tokens.advisor_id(credential)
        advisor = None if advisor_id is None else accounts.get_advisor(advisor_id)
    return None if advisor is None or advisor.disabled else advisor
