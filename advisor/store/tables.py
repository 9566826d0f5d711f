"""SQLAlchemy 2 declarative models for everything the advisor persists.

`migrations/versions/*.py` are written by hand to match these models; a unit test compares the
migrated schema with this metadata so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Explicit constraint names keep migrations reproducible across SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SESSION_ID_LENGTH = 64
COMMENT_MAX_CHARS = 2000
EMAIL_MAX_CHARS = 320


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend.

    SQLite has no time zones and hands back naive values; PostgreSQL's timestamptz hands back the
    server's zone. Callers always get aware UTC datetimes either way.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use timezone-aware UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class SessionRow(Base):
    """One chat conversation. Only a hash of its bearer token is kept."""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("role IN ('learner', 'advisor', 'employer')", name="role"),
        Index(None, "updated_at"),
    )

    id: Mapped[str] = mapped_column(String(SESSION_ID_LENGTH), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    profile_json: Mapped[dict[str, Any]]
    state_json: Mapped[dict[str, Any]]


class MessageRow(Base):
    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("session_id", "turn_index"),
        CheckConstraint("role IN ('user', 'assistant')", name="role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(
        String(SESSION_ID_LENGTH), ForeignKey("sessions.id", ondelete="CASCADE")
    )
    turn_index: Mapped[int]
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    payload_json: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime]


class ProfileSnapshotRow(Base):
    """The profile as it stood after a turn, so a conversation's profile history can be replayed."""

    __tablename__ = "profile_snapshots"
    __table_args__ = (Index(None, "session_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(
        String(SESSION_ID_LENGTH), ForeignKey("sessions.id", ondelete="CASCADE")
    )
    turn_index: Mapped[int]
    profile_json: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class PlanRow(Base):
    """A stacking-route request and its result; `session_id` is empty for one-off /api/plan calls."""

    __tablename__ = "plans"
    __table_args__ = (Index(None, "session_id"), Index(None, "created_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str | None] = mapped_column(
        String(SESSION_ID_LENGTH), ForeignKey("sessions.id", ondelete="CASCADE")
    )
    award_id: Mapped[str] = mapped_column(String(200))
    request_json: Mapped[dict[str, Any]]
    result_json: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class FeedbackRow(Base):
    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint("rating IN ('up', 'down')", name="rating"),
        Index(None, "session_id"),
        Index(None, "message_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(
        String(SESSION_ID_LENGTH), ForeignKey("sessions.id", ondelete="CASCADE")
    )
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    rating: Mapped[str] = mapped_column(String(8))
    comment: Mapped[str | None] = mapped_column(String(COMMENT_MAX_CHARS))
    created_at: Mapped[datetime]


class AdvisorRow(Base):
    """College staff who may sign in to the advisor desk; admins may also reload the catalogue."""

    __tablename__ = "advisors"
    __table_args__ = (UniqueConstraint("email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX_CHARS))
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id; never the password
    is_admin: Mapped[bool]
    created_at: Mapped[datetime]
    disabled: Mapped[bool]


class ApiKeyRow(Base):
    """An API key for scripts; only its SHA-256 is kept (the key is shown once, when it is made)."""

    __tablename__ = "api_keys"
    __table_args__ = (UniqueConstraint("key_hash"), Index(None, "advisor_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    advisor_id: Mapped[int] = mapped_column(ForeignKey("advisors.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked: Mapped[bool]
