"""Who may do what: advisor accounts (argon2id passwords), API keys, and signed sign-in tokens.

No web framework here; advisor/api/auth.py turns these checks into FastAPI dependencies.
"""

from advisor.access.credentials import advisor_for_credential, sign_in
from advisor.access.keys import API_KEY_PREFIX, hash_api_key, new_api_key
from advisor.access.passwords import hash_password, verify_password
from advisor.access.tokens import LoginTokens, signing_key

__all__ = [
    "API_KEY_PREFIX",
    "LoginTokens",
    "advisor_for_credential",
    "hash_api_key",
    "hash_password",
    "new_api_key",
    "sign_in",
    "signing_key",
    "verify_password",
]
