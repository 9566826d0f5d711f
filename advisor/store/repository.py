"""The store: a small, synchronous repository API over SQLAlchemy.

Every public method is one transaction and returns plain records (see records.py). FastAPI calls
these from its threadpool; one `Store` (one engine, one connection pool) is shared per process.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Final, get_args

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, delete, func, select, text, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from advisor.domain.profile import Role
from advisor.store.database import create_engine_from_url, create_session_factory, normalise_url
from advisor.store.errors import InvalidRecord, SessionNotFound, StoreConflict, StoreUnavailable
from advisor.store.records import (
    FeedbackRecord,
    MessageRecord,
    PlanRecord,
    ProfileSnapshotRecord,
    SessionRecord,
)
from advisor.store.tables import (
    COMMENT_MAX_CHARS,
    FeedbackRow,
    MessageRow,
    PlanRow,
    ProfileSnapshotRow,
    SessionRow,
)

MIGRATIONS_DIR: Final = Path(__file__).resolve().parent / "migrations"
ROLES: Final = frozenset(get_args(Role))
RATINGS: Final = frozenset({"up", "down"})
# Alembic's `context` is one module-level proxy, so two threads must never migrate at once.
_MIGRATION_THREAD_LOCK: Final = threading.Lock()
# Arbitrary constant: several workers starting at once take turns to migrate PostgreSQL.
_MIGRATION_LOCK_KEY: Final = 7_305_112_842
# Compared against when the session does not exist, so a miss costs the same as a wrong token.
_DUMMY_TOKEN_HASH: Final = hashlib.sha256(b"no such session").hexdigest()


def utc_now() -> datetime:
    return datetime.now(UTC)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def alembic_config() -> Config:
    """Alembic settings built in code: migrations ship inside the package, no alembic.ini needed."""
    config = Config()
    # ConfigParser treats % as interpolation; a path could contain one.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


class Store:
    """Sessions, messages, profile snapshots, plans and feedback in SQLite or PostgreSQL."""

    def __init__(self, url: str, *, clock: Callable[[], datetime] = utc_now) -> None:
        self.backend: Final = normalise_url(url).get_backend_name()
        self._engine = create_engine_from_url(url)
        self._sessions = create_session_factory(self._engine)
        self._clock = clock

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        """The underlying engine, for tests and tooling only; callers should use the methods."""
        return self._engine

    def migrate(self) -> None:
        """Bring the schema up to the newest migration (alembic upgrade head).

        Safe to call from every worker at start-up: on PostgreSQL an advisory lock makes the
        others wait and then find the schema already current.
        """
        with _MIGRATION_THREAD_LOCK, _translate_errors(), self._engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def schema_revision(self) -> str | None:
        """The migration the database is at, or None before the first migrate()."""
        with _translate_errors(), self._engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def is_migrated(self) -> bool:
        return self.schema_revision() == head_revision()

    def ping(self) -> bool:
        """True when the database answers a trivial query now."""
        try:
            with self._engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except sa_exc.SQLAlchemyError:
            return False
        return True

    def dispose(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.dispose()

    # -- sessions ----------------------------------------------------------------------------

    def create_session(self, role: str = "learner") -> tuple[SessionRecord, str]:
        """A new session and its bearer token. The token is returned once and never stored."""
        if role not in ROLES:
            raise InvalidRecord("role", f"must be one of {sorted(ROLES)}, not {role!r}")
        token = secrets.token_urlsafe(32)
        row = self._new_session_row(self.new_session_id(), role, token, {}, {})
        with self._transaction() as db:
            db.add(row)
        return _session_record(row), token

    @staticmethod
    def new_session_id() -> str:
        """An unguessable session id (the token that opens the session is separate and never stored)."""
        return secrets.token_urlsafe(16)

    def _new_session_row(
        self, session_id: str, role: str, token: str, profile: dict[str, Any], state: dict[str, Any]
    ) -> SessionRow:
        now = self._clock()
        return SessionRow(
            id=session_id,
            token_hash=hash_token(token),
            role=role,
            created_at=now,
            updated_at=now,
            profile_json=profile,
            state_json=state,
        )

    def get_session(self, session_id: str) -> SessionRecord | None:
        if "\x00" in session_id:  # no id we issue has one, and PostgreSQL would refuse the query
            return None
        with self._transaction() as db:
            row = db.get(SessionRow, session_id)
            return None if row is None else _session_record(row)

    def verify_token(self, session_id: str, token: str) -> bool:
        """Whether `token` is the one issued for this session (constant-time comparison)."""
        if "\x00" in session_id:
            return False
        with self._transaction() as db:
            stored = db.scalar(select(SessionRow.token_hash).where(SessionRow.id == session_id))
        expected = _DUMMY_TOKEN_HASH if stored is None else stored
        matches = hmac.compare_digest(hash_token(token), expected)
        return stored is not None and matches

    def delete_session(self, session_id: str) -> bool:
        """Erase a session with its messages, snapshots, plans and feedback; False if there was none."""
        with self._transaction() as db:
            result = db.connection().execute(delete(SessionRow).where(SessionRow.id == session_id))
            return result.rowcount > 0

    def purge_older_than(self, days: float) -> int:
        """Erase sessions not updated for `days` days (the retention setting); returns how many.

        One-off plans that belong to no session are erased on the same schedule.
        """
        if days < 0:
            raise InvalidRecord("days", "must not be negative")
        cutoff = self._clock() - timedelta(days=days)
        with self._transaction() as db:
            connection = db.connection()
            purged = connection.execute(delete(SessionRow).where(SessionRow.updated_at < cutoff))
            connection.execute(
                delete(PlanRow).where(PlanRow.session_id.is_(None), PlanRow.created_at < cutoff)
            )
            return purged.rowcount

    # -- conversation ------------------------------------------------------------------------

    def save_turn(
        self,
        session_id: str,
        user_text: str,
        answer_text: str,
        answer_payload: dict[str, Any],
        profile: dict[str, Any],
        state: dict[str, Any],
    ) -> tuple[int, int]:
        """Store one chat turn atomically; returns (user message id, assistant message id).

        Both messages, a profile snapshot and the session's profile, state and updated_at are
        written in one transaction: either all of it is saved or none of it.
        """
        _check_text("user_text", user_text)
        _check_text("answer_text", answer_text)
        now = self._clock()
        with self._transaction() as db:
            # Updating the session row first takes its lock, so two turns on the same session
            # queue up instead of both claiming the same turn_index.
            touched = db.connection().execute(
                update(SessionRow)
                .where(SessionRow.id == session_id)
                .values(profile_json=profile, state_json=state, updated_at=now)
            )
            if touched.rowcount == 0:
                raise SessionNotFound(session_id)
            last_turn = db.scalar(
                select(func.max(MessageRow.turn_index)).where(MessageRow.session_id == session_id)
            )
            first_index = 0 if last_turn is None else last_turn + 1
            return _add_turn(
                db, session_id, first_index, user_text, answer_text, answer_payload, profile, now
            )

    def save_first_turn(
        self,
        session_id: str,
        role: str,
        user_text: str,
        answer_text: str,
        answer_payload: dict[str, Any],
        profile: dict[str, Any],
        state: dict[str, Any],
    ) -> tuple[str, int, int]:
        """Create a session (id from `new_session_id()`) with its first turn, in one transaction.

        Returns (session token, user message id, assistant message id). A session is never left
        behind without the turn that opened it: if the database fails, neither exists.
        """
        if role not in ROLES:
            raise InvalidRecord("role", f"must be one of {sorted(ROLES)}, not {role!r}")
        _check_text("user_text", user_text)
        _check_text("answer_text", answer_text)
        token = secrets.token_urlsafe(32)
        row = self._new_session_row(session_id, role, token, profile, state)
        with self._transaction() as db:
            db.add(row)
            db.flush()
            user_id, assistant_id = _add_turn(
                db, session_id, 0, user_text, answer_text, answer_payload, profile, row.created_at
            )
        return token, user_id, assistant_id

    def history(self, session_id: str) -> list[MessageRecord]:
        """The session's messages in the order they were said; empty for an unknown session."""
        with self._transaction() as db:
            rows = db.scalars(
                select(MessageRow).where(MessageRow.session_id == session_id).order_by(MessageRow.turn_index)
            )
            return [_message_record(row) for row in rows]

    def snapshots(self, session_id: str) -> list[ProfileSnapshotRecord]:
        with self._transaction() as db:
            rows = db.scalars(
                select(ProfileSnapshotRow)
                .where(ProfileSnapshotRow.session_id == session_id)
                .order_by(ProfileSnapshotRow.turn_index)
            )
            return [
                ProfileSnapshotRecord(
                    row.id, row.session_id, row.turn_index, row.profile_json, row.created_at
                )
                for row in rows
            ]

    def count_messages(self) -> int:
        with self._transaction() as db:
            return db.scalar(select(func.count()).select_from(MessageRow)) or 0

    # -- plans and feedback ------------------------------------------------------------------

    def save_plan(
        self, session_id: str | None, award_id: str, request: dict[str, Any], result: dict[str, Any]
    ) -> int:
        with self._transaction() as db:
            if session_id is not None and db.get(SessionRow, session_id) is None:
                raise SessionNotFound(session_id)
            row = PlanRow(
                session_id=session_id,
                award_id=award_id,
                request_json=request,
                result_json=result,
                created_at=self._clock(),
            )
            db.add(row)
            db.flush()
            return row.id

    def plans(self, session_id: str) -> list[PlanRecord]:
        with self._transaction() as db:
            rows = db.scalars(select(PlanRow).where(PlanRow.session_id == session_id).order_by(PlanRow.id))
            return [
                PlanRecord(
                    row.id, row.session_id, row.award_id, row.request_json, row.result_json, row.created_at
                )
                for row in rows
            ]

    def add_feedback(self, session_id: str, message_id: int | None, rating: str, comment: str | None) -> int:
        """Record a thumbs up/down (and optional comment) on one of this session's replies."""
        if rating not in RATINGS:
            raise InvalidRecord("rating", f"must be 'up' or 'down', not {rating!r}")
        if comment is not None:
            if len(comment) > COMMENT_MAX_CHARS:
                raise InvalidRecord(
                    "comment", f"is {len(comment)} characters long; the limit is {COMMENT_MAX_CHARS}"
                )
            _check_text("comment", comment)
        with self._transaction() as db:
            if db.get(SessionRow, session_id) is None:
                raise SessionNotFound(session_id)
            if message_id is not None:
                message = db.get(MessageRow, message_id)
                # The same answer whether the message is missing or someone else's: no probing.
                if message is None or message.session_id != session_id:
                    raise InvalidRecord("message_id", f"message {message_id} is not part of this session")
                if message.role != "assistant":
                    raise InvalidRecord("message_id", "feedback can only be given on the advisor's replies")
            row = FeedbackRow(
                session_id=session_id,
                message_id=message_id,
                rating=rating,
                comment=comment,
                created_at=self._clock(),
            )
            db.add(row)
            db.flush()
            return row.id

    def feedback(self, session_id: str) -> list[FeedbackRecord]:
        with self._transaction() as db:
            rows = db.scalars(
                select(FeedbackRow).where(FeedbackRow.session_id == session_id).order_by(FeedbackRow.id)
            )
            return [
                FeedbackRecord(
                    row.id,
                    row.session_id,
                    row.message_id,
                    "up" if row.rating == "up" else "down",
                    row.comment,
                    row.created_at,
                )
                for row in rows
            ]

    # -- internals ---------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back entirely on any error."""
        with _translate_errors(), self._sessions.begin() as db:
            yield db


@contextmanager
def _translate_errors() -> Iterator[None]:
    try:
        yield
    except (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError) as error:
        raise StoreUnavailable(f"the database is unavailable ({_driver_error_name(error)})") from error
    except sa_exc.TimeoutError as error:
        raise StoreUnavailable("the database is unavailable (no free connection in the pool)") from error
    except sa_exc.IntegrityError as error:
        raise StoreConflict("the change conflicted with another one; nothing was saved") from error
    except sa_exc.DataError as error:
        # A value the database cannot hold (too long, a NUL character): bad input, not a server fault.
        raise InvalidRecord("input", f"a value could not be stored ({_driver_error_name(error)})") from error
    except sa_exc.DBAPIError as error:
        if error.connection_invalidated:
            raise StoreUnavailable(
                f"the database connection was lost ({_driver_error_name(error)})"
            ) from error
        raise


def _driver_error_name(error: sa_exc.SQLAlchemyError) -> str:
    # Only the class name: driver messages can echo SQL, and SQL can carry what a learner typed.
    original = getattr(error, "orig", None)
    return type(original if original is not None else error).__name__


def _add_turn(
    db: Session,
    session_id: str,
    user_turn: int,
    user_text: str,
    answer_text: str,
    answer_payload: dict[str, Any],
    profile: dict[str, Any],
    now: datetime,
) -> tuple[int, int]:
    """Both messages of one turn and the profile snapshot after it, inside the caller's transaction."""
    user_message = MessageRow(
        session_id=session_id, turn_index=user_turn, role="user", text=user_text, created_at=now
    )
    db.add(user_message)
    db.flush()
    assistant_message = MessageRow(
        session_id=session_id,
        turn_index=user_turn + 1,
        role="assistant",
        text=answer_text,
        payload_json=answer_payload,
        created_at=now,
    )
    db.add(assistant_message)
    db.flush()
    db.add(
        ProfileSnapshotRow(
            session_id=session_id, turn_index=user_turn + 1, profile_json=profile, created_at=now
        )
    )
    db.flush()
    return user_message.id, assistant_message.id


def _check_text(field: str, value: str) -> None:
    # PostgreSQL text cannot hold NUL; refuse it everywhere so both backends behave alike.
    if "\x00" in value:
        raise InvalidRecord(field, "contains a NUL character")


def _session_record(row: SessionRow) -> SessionRecord:
    return SessionRecord(
        id=row.id,
        role=row.role,
        created_at=row.created_at,
        updated_at=row.updated_at,
        profile=row.profile_json,
        state=row.state_json,
    )


def _message_record(row: MessageRow) -> MessageRecord:
    return MessageRecord(
        id=row.id,
        session_id=row.session_id,
        turn_index=row.turn_index,
        role="user" if row.role == "user" else "assistant",
        text=row.text,
        payload=row.payload_json,
        created_at=row.created_at,
    )
