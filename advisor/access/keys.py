"""API keys for scripts and integrations: `adv_` + 43 random URL-safe characters, shown once."""

from __future__ import annotations

import hashlib
import secrets

API_KEY_PREFIX = "adv_"


def new_api_key() -> str:
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    # A fast hash is right here: the key is 256 random bits, so there is nothing to brute-force.
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def looks_like_api_key(credential: str) -> bool:
    return credential.startswith(API_KEY_PREFIX)
