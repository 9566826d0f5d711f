"""Password hashing with argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_CHARS = 10

_hasher = PasswordHasher()
# Checked against when the email is unknown, so a miss takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("no such account, but spend the same time")


class WeakPassword(ValueError):
    pass


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise WeakPassword(f"the password must be at least {MIN_PASSWORD_CHARS} characters long")
    return _hasher.hash(password)


def rehash_password(password: str) -> str:
    """A fresh hash with current parameters for a password that just verified (no length rule)."""
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches; with no stored hash, does the same work and returns False."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
