"""Advisor accounts and API keys, next to the conversation store and in the same database.

Only hashes are stored: argon2id for passwords and SHA-256 for API keys (they are long random
strings, so a fast hash is enough). Hashing itself happens in advisor/access; this module only keeps rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from advisor.store.database import create_session_factory
from advisor.store.errors import InvalidRecord, StoreConflict
from advisor.store.records import AdvisorRecord, ApiKeyRecord
from advisor.store.repository import Store, _translate_errors, utc_now
from advisor.store.tables import EMAIL_MAX_CHARS, AdvisorRow, ApiKeyRow


class AccountNotFound(InvalidRecord):
    def __init__(self, email: str) -> None:
        super().__init__("email", f"no advisor account for {email}")


def normalise_email(email: str) -> str:
    return email.strip().lower()


class Accounts:
    """Advisor accounts and their API keys, over a Store's engine (one transaction per method)."""

    def __init__(self, store: Store) -> None:
        self._sessions = create_session_factory(store.engine)

    def add_advisor(
        self, email: str, name: str, password_hash: str, *, is_admin: bool = False
    ) -> AdvisorRecord:
        email = normalise_email(email)
        if "@" not in email or len(email) > EMAIL_MAX_CHARS or any(c.isspace() for c in email):
            raise InvalidRecord("email", "is not an email address")
        if self.find_advisor(email) is not None:
            raise InvalidRecord("email", f"an account for {email} already exists")
        row = AdvisorRow(
            email=email,
            name=name.strip()[:200],
            password_hash=password_hash,
            is_admin=is_admin,
            created_at=utc_now(),
            disabled=False,
        )
        try:
            with self._transaction() as db:
                db.add(row)
                db.flush()
                return _advisor(row)
        except StoreConflict as clash:  # added by someone else in the meantime
            raise InvalidRecord("email", f"an account for {email} already exists") from clash

    def find_advisor(self, email: str) -> AdvisorRecord | None:
        with self._transaction() as db:
            row = db.scalar(select(AdvisorRow).where(AdvisorRow.email == normalise_email(email)))
            return None if row is None else _advisor(row)

    def get_advisor(self, advisor_id: int) -> AdvisorRecord | None:
        with self._transaction() as db:
            row = db.get(AdvisorRow, advisor_id)
            return None if row is None else _advisor(row)

    def password_hash(self, email: str) -> tuple[AdvisorRecord, str] | None:
        """The account and its stored hash, for checking a sign-in; None when there is no such account."""
        with self._transaction() as db:
            row = db.scalar(select(AdvisorRow).where(AdvisorRow.email == normalise_email(email)))
            return None if row is None else (_advisor(row), row.password_hash)

    def set_password_hash(self, advisor_id: int, password_hash: str) -> None:
        """Store a re-hashed password (argon2 parameters were raised since it was set)."""
        with self._transaction() as db:
            db.execute(
                update(AdvisorRow).where(AdvisorRow.id == advisor_id).values(password_hash=password_hash)
            )

    def list_advisors(self) -> list[AdvisorRecord]:
        with self._transaction() as db:
            return [_advisor(row) for row in db.scalars(select(AdvisorRow).order_by(AdvisorRow.email))]

    def set_disabled(self, email: str, disabled: bool = True) -> AdvisorRecord:
        """Disable (or re-enable) an account; a disabled account can neither sign in nor use its keys."""
        with self._transaction() as db:
            row = db.scalar(select(AdvisorRow).where(AdvisorRow.email == normalise_email(email)))
            if row is None:
                raise AccountNotFound(email)
            row.disabled = disabled
            db.flush()
            return _advisor(row)

    def add_api_key(self, advisor_id: int, name: str, key_hash: str) -> ApiKeyRecord:
        with self._transaction() as db:
            if db.get(AdvisorRow, advisor_id) is None:
                raise InvalidRecord("advisor_id", f"no advisor with id {advisor_id}")
            row = ApiKeyRow(
                advisor_id=advisor_id,
                name=name.strip()[:200],
                key_hash=key_hash,
                created_at=utc_now(),
                last_used_at=None,
                revoked=False,
            )
            db.add(row)
            db.flush()
            return _api_key(row)

    def api_keys(self, advisor_id: int) -> list[ApiKeyRecord]:
        with self._transaction() as db:
            rows = db.scalars(
                select(ApiKeyRow).where(ApiKeyRow.advisor_id == advisor_id).order_by(ApiKeyRow.id)
            )
            return [_api_key(row) for row in rows]

    def use_api_key(self, key_hash: str) -> tuple[ApiKeyRecord, AdvisorRecord] | None:
        """The live key with this hash and its account, marking it used; None if unknown or revoked."""
        with self._transaction() as db:
            row = db.scalar(select(ApiKeyRow).where(ApiKeyRow.key_hash == key_hash))
            if row is None or row.revoked:
                return None
            advisor = db.get(AdvisorRow, row.advisor_id)
            if advisor is None:
                return None
            row.last_used_at = utc_now()
            db.flush()
            return _api_key(row), _advisor(advisor)

    def revoke_api_key(self, key_id: int) -> bool:
        with self._transaction() as db:
            result = db.connection().execute(
                update(ApiKeyRow).where(ApiKeyRow.id == key_id).values(revoked=True)
            )
            return bool(result.rowcount)

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with _translate_errors(), self._sessions.begin() as db:
            yield db


def _advisor(row: AdvisorRow) -> AdvisorRecord:
    return AdvisorRecord(row.id, row.email, row.name, row.is_admin, row.created_at, row.disabled)


def _api_key(row: ApiKeyRow) -> ApiKeyRecord:
    return ApiKeyRecord(row.id, row.advisor_id, row.name, row.created_at, row.last_used_at, row.revoked)
