"""Signed, expiring sign-in tokens: `adt_<payload>.<signature>`, HMAC-SHA256 over the payload.

The signing key is `ADVISOR_SECRET_KEY`. Without one a random key is made per process, so tokens stop
working on restart and are not accepted by other workers; a warning says so at start-up.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import secrets
import threading
import time
from dataclasses import dataclass

from advisor.config import Settings

TOKEN_PREFIX = "adt_"

log = logging.getLogger("advisor.access")
_generated_key: bytes | None = None
_key_lock = threading.Lock()


def signing_key(settings: Settings) -> bytes:
    """The configured secret key, or one random key for the life of this process (with a warning)."""
    global _generated_key
    if settings.secret_key:
        return settings.secret_key.encode("utf-8")
    with _key_lock:
        if _generated_key is None:
            _generated_key = secrets.token_bytes(32)
            log.warning(
                "ADVISOR_SECRET_KEY is not set: using a random key, so advisor sign-ins end when the "
                "service restarts and are not shared between workers"
            )
        return _generated_key


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class LoginTokens:
    key: bytes
    ttl_seconds: int

    @classmethod
    def from_settings(cls, settings: Settings) -> LoginTokens:
        return cls(signing_key(settings), settings.login_ttl_minutes * 60)

    def issue(self, advisor_id: int, now: float | None = None) -> str:
        issued = int(time.time() if now is None else now)
        payload = _b64(
            json.dumps({"sub": advisor_id, "iat": issued, "exp": issued + self.ttl_seconds}).encode()
        )
        return f"{TOKEN_PREFIX}{payload}.{self._sign(payload)}"

    def advisor_id(self, token: str, now: float | None = None) -> int | None:
        """The advisor a valid, unexpired token was issued to; None for anything else."""
        if not token.startswith(TOKEN_PREFIX) or token.count(".") != 1:
            return None
        payload, signature = token[len(TOKEN_PREFIX) :].split(".")
        if not hmac.compare_digest(signature, self._sign(payload)):
            return None
        try:
            claims = json.loads(_unb64(payload))
            subject, expires = int(claims["sub"]), float(claims["exp"])
        except (ValueError, KeyError, TypeError, binascii.Error):
            return None
        return subject if (time.time() if now is None else now) < expires else None

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self.key, payload.encode("ascii", "replace"), hashlib.sha256).digest())
