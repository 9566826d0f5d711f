"""Errors the store raises; the API maps them to HTTP answers (503, 404, 4xx)."""

from __future__ import annotations


class StoreError(Exception):
    """Base class for everything the store raises on purpose."""


class StoreUnavailable(StoreError):
    """The database cannot be reached or refused the connection: answer 503 and try again later.

    The engine checks connections before use, so the service recovers by itself once the
    database is back; nothing needs restarting.
    """


class SessionNotFound(StoreError, LookupError):
    """No session with that id (never created, erased, or purged by the retention setting)."""

    def __init__(self, session_id: str) -> None:
        super().__init__(f"no session with id {session_id!r}")
        self.session_id = session_id


class InvalidRecord(StoreError, ValueError):
    """The caller asked to store something the rules do not allow; map to a 4xx answer."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class StoreConflict(StoreError):
    """A write clashed with a concurrent one (for example the session was erased meanwhile); map to 409."""
